"""The "Getting hired" section of both reports, from the words ``hiring_text`` gives: each
group's facts with their notes, and the page each rests on named beside it (the report's
numbered sources belong to its comparison table, so these cite their pages in place)."""

from __future__ import annotations

from certadvisor.model.records import Source
from certadvisor.present.hiring_text import HEADING, HiringLine, HiringView
from certadvisor.present.markdown_text import markdown_escape, markdown_link
from certadvisor.present.report.html_markup import esc, html_list, link


def hiring_md(view: HiringView | None) -> list[str]:
    """The section in Markdown (nothing when it has no facts)."""
    if view is None or not view.parts:
        return []
    lines = [f"## {HEADING}", ""]
    for part in view.parts:
        lines += [f"### {markdown_escape(part.title)}", ""]
        for line in part.lines:
            lines += _line_md(line, _label(line, part.title))
        lines.append("")
    return lines


def _line_md(line: HiringLine, label: str | None) -> list[str]:
    """One fact as a list item: its value (a list one item a line), then its note and source
    on lines of their own (a Markdown line break is two spaces at the end of a line)."""
    said = [
        *([f"*{markdown_escape(line.note)}*"] if line.note else []),
        f"Source: {_page_md(line.fact.source)}; {markdown_escape(line.evidence)}.",
    ]
    after = [*(f"  {text}  " for text in said[:-1]), f"  {said[-1]}"]
    lead = f"**{markdown_escape(label)}:** " if label else ""
    items = [markdown_escape(item) for item in line.items]
    if not items:
        return [f"- {lead}{markdown_escape(line.text)}  ", *after]
    if not label:  # the group's own list: its items are the points, then what they rest on
        return [*(f"- {item}" for item in items), "", *(text.lstrip() for text in after)]
    return [f"- {lead.rstrip()}", *(f"  - {item}" for item in items), "", *after]


def _label(line: HiringLine, title: str) -> str | None:
    """A fact's label, or None when its group is named the same ("First jobs")."""
    return None if line.label == title else line.label


def _page_md(source: Source) -> str:
    kind = "official" if source.official else "third party"
    return (
        f"{markdown_escape(source.title)}, {markdown_escape(source.publisher)} ({kind}) "
        f"{markdown_link(source.url)}"
    )


def hiring_html(view: HiringView | None) -> list[str]:
    """The section as HTML, every piece of text from the data escaped (nothing when it has no
    facts)."""
    if view is None or not view.parts:
        return []
    parts = ['<section id="getting-hired">', f"<h2>{esc(HEADING)}</h2>"]
    for part in view.parts:
        parts.append(f"<h3>{esc(part.title)}</h3>")
        parts += html_list(
            "ul", (_line_html(line, _label(line, part.title)) for line in part.lines), css="hiring"
        )
    parts.append("</section>")
    return parts


def _line_html(line: HiringLine, label: str | None) -> str:
    text = f"<strong>{esc(label)}:</strong> " if label else ""
    if line.items:
        text += "".join(html_list("ul", (esc(item) for item in line.items)))
    else:
        text += esc(line.text)
    # A list ends its own line: a line break after it would leave an empty line.
    lines = [text] if line.items else [text, "<br>"]
    if line.note:
        lines += [f'<em class="muted">{esc(line.note)}</em>', "<br>"]
    source = line.fact.source
    kind = "official" if source.official else "third party"
    return "".join(lines) + (
        f'<span class="muted">Source: {esc(source.title)}, {esc(source.publisher)} '
        f"({kind}) {link(source.url)}; {esc(line.evidence)}.</span>"
    )
