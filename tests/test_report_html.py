"""The self-contained HTML report (issue #15), read back with the standard library's HTML parser."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from certadvisor.core.engine import Engine
from certadvisor.load.datafile import load_catalog
from certadvisor.model.catalog import Catalog
from certadvisor.model.results import Result
from certadvisor.present.report.common import drawn
from certadvisor.present.report.html import html_report
from certadvisor.present.report.markdown import markdown_report
from certadvisor.present.view import build, why_not_needed

TODAY = dt.date(2026, 11, 29)
COMMAND = "certadvisor recommend --set goal=inpatient_coder"
HOSTILE = "<script>alert(1)</script><img src=http://evil.example/x.png> & \"quoted\" 'single'"

# Elements that cannot have an end tag, so that the nesting check below stays simple.
VOID = {"meta", "br", "img", "link", "input", "hr", "source", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]
    parents: tuple[str, ...]
    text: list[str] = field(default_factory=list)

    def text_content(self) -> str:
        return "".join(self.text)


class Page(HTMLParser):
    """Every element with its attributes, its ancestors and the text inside it; nesting checked."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.doctype: str | None = None
        self.elements: list[Element] = []
        self.stack: list[Element] = []
        self.styles: list[str] = []
        self.feed(html)
        self.close()
        assert not self.stack, f"unclosed elements: {[e.tag for e in self.stack]}"

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs), tuple(e.tag for e in self.stack))
        self.elements.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, dict(attrs), tuple(e.tag for e in self.stack)))

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1].tag == tag, (
            f"</{tag}> closes {self.stack[-1].tag if self.stack else None}"
        )
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        for element in self.stack:
            element.text.append(data)
        if self.stack and self.stack[-1].tag == "style":
            self.styles.append(data)

    def all(self, tag: str) -> list[Element]:
        return [e for e in self.elements if e.tag == tag]

    def one(self, tag: str) -> Element:
        found = self.all(tag)
        assert len(found) == 1, (tag, len(found))
        return found[0]

    def headings(self, tag: str) -> list[str]:
        return [e.text_content() for e in self.all(tag)]


def recommend(catalog: Catalog, answers: dict[str, str]) -> Result:
    return Engine(catalog).recommend(answers)


PROFILES = [
    {},
    {"goal": "inpatient_coder", "pcs_comfort": "keen", "held": "CPC"},
    {"goal": "outpatient_coder", "experience": "none", "priority": "low_cost"},
    {"goal": "him_manager", "background": "none"},
    {"pcs_comfort": "keen"},
]


@pytest.mark.parametrize("answers", PROFILES)
def test_structure(catalog: Catalog, answers: dict[str, str]) -> None:
    result = recommend(catalog, answers)
    page = Page(html_report(catalog, result, TODAY, COMMAND))
    assert page.doctype is not None and page.doctype.lower() == "doctype html"
    assert page.one("html").attrs.get("lang") == "en"
    metas = page.all("meta")
    assert any((m.attrs.get("charset") or "").lower() == "utf-8" for m in metas)
    assert any(
        m.attrs.get("name") == "viewport" and "width=device-width" in (m.attrs.get("content") or "")
        for m in metas
    )
    top = catalog.certs[result.recommendation]
    head_title = [e for e in page.all("title") if e.parents == ("html", "head")]
    assert [e.text_content() for e in head_title] == [
        f"Your pick: {top.code} ({top.name}) · certadvisor report"
    ]
    assert page.headings("h1") == [f"Your pick: {top.code}"]
    h2 = page.headings("h2")
    for heading in ("In short", "How the credentials scored", "Answers", "Ranking and reasons"):
        assert heading in h2
    assert h2[-1] == "Reproduce this result"
    assert f"Next steps for {result.recommendation}" in h2
    pair = " and ".join(r.code for r in result.ranking[:2])
    assert f"{pair} side by side" in h2
    assert "Sources" in page.headings("h3")
    # The answers table has a row per question; the reproduce command is there verbatim.
    answers_section = next(e for e in page.all("section") if e.attrs.get("id") == "answers")
    row_heads = [
        e.text_content() for e in page.all("th") if e.attrs.get("scope") == "row" and "section" in e.parents
    ]
    questions = [q.text for q in catalog.questions]
    assert all(q in answers_section.text_content() for q in questions)
    start = row_heads.index(questions[0])
    assert row_heads[start : start + len(questions)] == questions
    assert page.all("pre")[-1].text_content() == COMMAND


def test_same_sections_as_the_markdown(catalog: Catalog) -> None:
    for answers in PROFILES:
        result = recommend(catalog, answers)
        markdown = markdown_report(catalog, result, TODAY, COMMAND)
        page = Page(html_report(catalog, result, TODAY, COMMAND))
        md_h2 = [line[3:] for line in markdown.splitlines() if line.startswith("## ")]
        md_h3 = [line[4:] for line in markdown.splitlines() if line.startswith("### ")]
        # The page says the recommendation in its heading (h1); the Markdown under its first h2.
        assert ["Recommendation", *page.headings("h2")] == md_h2, answers
        assert page.headings("h3") == md_h3, answers


def test_the_content_of_the_markdown_is_there(catalog: Catalog) -> None:
    """Every sentence the view model gives is in the page text, after the HTML is decoded."""
    for answers in PROFILES:
        result = recommend(catalog, answers)
        view = build(catalog, result)
        text = Page(html_report(catalog, result, TODAY, COMMAND)).one("body").text_content()
        top = catalog.certs[result.recommendation]
        expected = [top.code, top.name, view.summary, view.score_meaning, *view.confidence_lines]
        expected += [n for n in (view.cannot_advise, view.requirement, view.held, view.tie) if n]
        expected += [*view.conflicts, *view.what_ifs]
        if why_not_needed(view, (ranked.code for ranked in view.matched)):
            expected += [line.text for line in view.why_not]
        expected += [r.text for ranked in view.matched for r in ranked.reasons]
        expected += [step.text for step in result.next_steps]
        expected += [step.url for step in result.next_steps if step.url]
        for one in view.what_it_takes:
            expected += [one.first_year, one.upkeep, one.time]
        if result.path is not None:
            expected += [result.path.title, *(s.text for s in result.path.steps)]
        expected += [text for label, text in view.in_short if label not in ("Pick", "Confidence")]
        for sentence in expected:
            assert sentence in text, (answers, sentence)


def test_no_external_references(catalog: Catalog) -> None:
    for answers in PROFILES:
        result = recommend(catalog, answers)
        page = Page(html_report(catalog, result, TODAY, COMMAND))
        assert not page.all("script")
        assert not page.all("link")
        assert not page.all("img")
        assert not page.all("iframe") and not page.all("object") and not page.all("embed")
        for element in page.elements:
            for name, value in element.attrs.items():
                value = (value or "").strip().lower()
                if name == "href":
                    assert element.tag == "a", element
                    assert value.startswith(("https://", "http://", "#")), value
                else:
                    assert "http:" not in value and "https:" not in value, (element.tag, name, value)
                    assert not name.startswith("on"), (element.tag, name)
                assert name not in ("src", "srcset", "xlink:href", "action", "formaction"), element.tag
        css = "".join(page.styles)
        assert "url(" not in css and "@import" not in css and "@font-face" not in css
        # In-page links point at ids that exist.
        ids = {e.attrs["id"] for e in page.elements if e.attrs.get("id")}
        for anchor in page.all("a"):
            href = anchor.attrs["href"] or ""
            if href.startswith("#"):
                assert href[1:] in ids, href


def test_source_links_are_numbered_and_cited(catalog: Catalog) -> None:
    result = recommend(catalog, {"goal": "inpatient_coder"})
    page = Page(html_report(catalog, result, TODAY, COMMAND))
    sources = [e for e in page.all("li") if (e.attrs.get("id") or "").startswith("source-")]
    assert [e.attrs["id"] for e in sources] == [f"source-{n}" for n in range(1, len(sources) + 1)]
    cited = {a.attrs["href"] for a in page.all("a") if (a.attrs.get("href") or "").startswith("#source-")}
    assert cited and cited <= {f"#source-{n}" for n in range(1, len(sources) + 1)}
    external = [a for a in page.all("a") if (a.attrs.get("href") or "").startswith("http")]
    assert external and all(a.text_content() == a.attrs["href"] for a in external)


def chart_bars(page: Page) -> list[Element]:
    svg = page.one("svg")
    assert "figure" in svg.parents
    return [g for g in page.all("g") if "svg" in g.parents and "bar" in (g.attrs.get("class") or "").split()]


@pytest.mark.parametrize("answers", PROFILES)
def test_chart_bars_in_ranked_order(catalog: Catalog, answers: dict[str, str]) -> None:
    result = recommend(catalog, answers)
    page = Page(html_report(catalog, result, TODAY, COMMAND))
    svg = page.one("svg")
    assert svg.attrs.get("role") == "img"
    assert any("svg" == e.parents[-1] for e in page.all("title"))  # the chart's own title
    bars = chart_bars(page)
    shown = drawn(result)
    assert shown[0].code == result.recommendation
    assert all(r.matched and not r.held for r in shown[1:])
    assert [g.attrs["data-code"] for g in bars] == [r.code for r in shown]
    assert [int(g.attrs["data-score"] or "") for g in bars] == [r.score for r in shown]
    rects = [e for e in page.all("rect") if e.attrs.get("class") == "value"]
    assert [r.attrs["width"] for r in rects] == [f"{r.score}%" for r in shown]
    ys = [float(r.attrs["y"] or "") for r in rects]
    assert ys == sorted(ys)  # drawn top to bottom in ranked order
    # Each bar is labelled with its code and score, visibly and in its <title>.
    titles = [e for e in page.all("title") if e.parents[-1] == "g"]
    texts = [e for e in page.all("text") if e.parents[-1] == "g"]
    assert len(titles) == len(texts) == len(shown)
    for ranked, title, text in zip(shown, titles, texts, strict=True):
        assert title.text_content().startswith(f"{ranked.code}: {ranked.score}/100")
        assert text.text_content().startswith(f"{ranked.code} {ranked.score}")
    assert "pick" in (bars[0].attrs.get("class") or "")


def test_held_credentials_are_named_under_the_chart(catalog: Catalog) -> None:
    result = recommend(catalog, {"goal": "inpatient_coder", "held": "CPC"})
    page = Page(html_report(catalog, result, TODAY, COMMAND))
    assert "CPC" not in [g.attrs["data-code"] for g in chart_bars(page)]
    lines = [p.text_content() for p in page.all("p") if p.attrs.get("class") == "grouped"]
    assert "Already held, so never suggested again: CPC." in lines


def test_print_and_phone_stylesheets(catalog: Catalog) -> None:
    page = Page(html_report(catalog, recommend(catalog, {}), TODAY, COMMAND))
    css = "".join(page.styles)
    assert "@media print" in css
    assert "max-width" in css
    assert "overflow-x: auto" in css  # wide tables scroll instead of widening the page
    wraps = [e for e in page.all("div") if e.attrs.get("class") == "table-wrap"]
    assert len(wraps) == len(page.all("table"))
    assert all(e.parents[-1] == "div" for e in page.all("table"))


def test_command_and_answers_are_escaped(catalog: Catalog) -> None:
    result = recommend(catalog, {})
    html = html_report(catalog, result, TODAY, f"certadvisor recommend --set goal={HOSTILE}")
    page = Page(html)
    assert not page.all("script") and not page.all("img")
    assert any(HOSTILE in e.text_content() for e in page.all("code"))


def test_hostile_data_cannot_inject_markup(make_data: Callable[..., Path]) -> None:
    path = make_data(
        ('title = "How to achieve the CCS certification"', f"title = {_toml(HOSTILE)}"),
        (
            '{ value = "inpatient_coder", label = "Hospital inpatient coder" }',
            f'{{ value = "inpatient_coder", label = {_toml(HOSTILE)} }}',
        ),
        (
            "text = \"Check that you meet AHIMA's recommended background: coding coursework plus a year "
            'of coding, or two years of coding, or CCA plus a year."\n'
            'url = "https://ahima.org/certification-careers/certifications-overview/ccs"',
            # The loader refuses a javascript: link and markup in a link (tests/test_hostile_input.py);
            # the quote and ampersand RFC 3986 allows must still be escaped in the attribute.
            f"text = {_toml(HOSTILE)}\nurl = \"https://example.org/?q='x'&y=1\"",
        ),
    )
    catalog = load_catalog(path)
    result = recommend(catalog, {"goal": "inpatient_coder"})
    assert result.recommendation == "CCS"
    html = html_report(catalog, result, TODAY, COMMAND)
    page = Page(html)
    assert not page.all("script") and not page.all("img")
    assert "<script>" not in html and "<img" not in html
    body = page.one("body").text_content()
    assert body.count(HOSTILE) >= 3  # the answer, the source title and the next step, as text
    assert all(not (a.attrs.get("href") or "").lower().startswith("javascript:") for a in page.all("a"))
    assert "q='x'&y" not in html  # the link's quote and ampersand are escaped
    assert 'href="https://example.org/?q=&#x27;x&#x27;&amp;y=1"' in html


def test_getting_hired_is_in_the_page_with_its_pages_linked(catalog: Catalog) -> None:
    answers = {"goal": "outpatient_coder", "experience": "none", "work_arrangement": "remote_only"}
    result = recommend(catalog, answers)
    view = build(catalog, result)
    hired = view.getting_hired
    assert hired is not None and hired.remote and hired.parts
    page = Page(html_report(catalog, result, TODAY, COMMAND))
    section = next(e for e in page.all("section") if e.attrs.get("id") == "getting-hired")
    text = section.text_content()
    for line in hired.lines:
        assert line.evidence in text and line.fact.source.title in text, line.key
    hrefs = {a.attrs.get("href") for a in page.all("a") if "section" in a.parents}
    assert {line.fact.source.url for line in hired.lines} <= hrefs
    assert "Getting hired" in page.headings("h2")
    markdown = markdown_report(catalog, result, TODAY, COMMAND)
    assert markdown.index("## Getting hired") > markdown.index("## Your path")
    # Each page is a link whose text is its address (escaped) and whose target is the address.
    assert all(f"]({line.fact.source.url})" in markdown for line in hired.lines)


def test_hostile_market_data_stays_text(make_data: Callable[..., Path]) -> None:
    old = 'postings_check = { value = "Read ten local coding job postings.'
    path = make_data(
        (old, f"postings_check = {{ value = {_toml(HOSTILE)[:-1]} Read ten local coding job postings.")
    )
    catalog = load_catalog(path)
    html = html_report(catalog, recommend(catalog, {"goal": "outpatient_coder"}), TODAY, COMMAND)
    page = Page(html)
    assert not page.all("script") and not page.all("img")
    assert HOSTILE in page.one("body").text_content()


def _toml(text: str) -> str:
    import json

    return json.dumps(text)


# -- the page opens on the answer (issue #25) ----------------------------------------------------


def section_ids(page: Page) -> list[str]:
    return [e.attrs["id"] or "" for e in page.all("section") if e.attrs.get("id")]


def css_rules(page: Page) -> dict[str, str]:
    """Each selector's declarations, outside and inside the print block (``print:`` prefixed)."""
    css = "".join(page.styles)
    screen, _, printed = css.partition("@media print")
    rules: dict[str, str] = {}
    for prefix, text in (("", screen), ("print:", printed)):
        for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", text):
            for one in selector.split(","):
                rules[prefix + " ".join(one.split())] = rules.get(prefix + " ".join(one.split()), "") + body
    return rules


def font_size_rem(declarations: str) -> float:
    found = re.search(r"font-size:\s*([\d.]+)rem", declarations)
    return float(found.group(1)) if found else 0.0


@pytest.mark.parametrize("answers", PROFILES)
def test_the_title_and_the_largest_text_name_the_pick(catalog: Catalog, answers: dict[str, str]) -> None:
    result = recommend(catalog, answers)
    page = Page(html_report(catalog, result, TODAY, COMMAND))
    code = result.recommendation
    title = [e for e in page.all("title") if e.parents == ("html", "head")][0].text_content()
    assert title.startswith(f"Your pick: {code} (")
    assert "certadvisor report" != title
    h1 = page.one("h1")
    assert h1.text_content() == f"Your pick: {code}"
    assert "header" in h1.parents
    spans = {e.attrs.get("class"): e.text_content() for e in page.all("span") if "h1" in e.parents}
    assert spans["pick-code"] == code
    confidence = next(e for e in page.all("p") if "pick-confidence" in (e.attrs.get("class") or ""))
    assert f"Confidence: {result.confidence.level}" in confidence.text_content()
    # The pick's code is set larger than anything else, its confidence larger than the headings.
    rules = css_rules(page)
    sizes = {
        selector: font_size_rem(body) for selector, body in rules.items() if not selector.startswith("print:")
    }
    assert max(sizes, key=lambda s: sizes[s]) == ".pick-code"
    assert sizes[".pick-confidence"] > sizes["h2"]


def test_the_disclaimer_is_present_but_quiet(catalog: Catalog) -> None:
    page = Page(html_report(catalog, recommend(catalog, {"goal": "outpatient_coder"}), TODAY, COMMAND))
    disclaimer = next(e for e in page.all("p") if e.attrs.get("class") == "disclaimer")
    assert "not an eligibility decision" in disclaimer.text_content()
    assert "copies of web pages" in disclaimer.text_content()
    rules = css_rules(page)
    quiet = rules[".disclaimer"]
    assert font_size_rem(quiet) < 1 and "background" not in quiet and "border" not in quiet


@pytest.mark.parametrize("answers", PROFILES)
def test_the_chart_follows_the_summary_and_print_keeps_the_plan_first(
    catalog: Catalog, answers: dict[str, str]
) -> None:
    result = recommend(catalog, answers)
    page = Page(html_report(catalog, result, TODAY, COMMAND))
    ids = section_ids(page)
    assert ids[:2] == ["in-short", "scores"]
    order = [i for i in ("in-short", "scores", "path", "next-steps", "getting-hired") if i in ids]
    assert ids[: len(order)] == order  # summary, chart, plan, next steps, then the details
    assert ids.index("next-steps") < ids.index("ranking") < ids.index("comparison")
    assert ids.index("answers") > ids.index("next-steps")
    assert ids[-2:] == ["comparison", "reproduce"]  # the sources close the page
    sources = page.all("h3")[-1]
    assert sources.text_content() == "Sources"
    # The Markdown report reads in the same order.
    markdown = markdown_report(catalog, result, TODAY, COMMAND)
    marks = ["## Recommendation", "## In short", "## How the credentials scored", "## Next steps for"]
    marks += ["## Ranking and reasons", "## Answers", "### Sources", "## Reproduce this result"]
    positions = [markdown.index(mark) for mark in marks]
    assert positions == sorted(positions)
    if result.path is not None:
        assert markdown.index("## How the credentials scored") < markdown.index("## Your path:")
        assert markdown.index("## Your path:") < markdown.index("## Next steps for")


def test_the_chart_and_its_heading_stay_together_in_print(catalog: Catalog) -> None:
    page = Page(html_report(catalog, recommend(catalog, {"goal": "outpatient_coder"}), TODAY, COMMAND))
    figure = page.one("figure")
    assert "chart-figure" in (figure.attrs.get("class") or "")
    heading = page.all("h2")[1]
    assert heading.text_content() == "How the credentials scored" and heading.parents[-1] == "figure"
    assert page.one("svg").parents[-1] == "figure"
    printed = css_rules(page)["print:figure.chart-figure"]
    assert "break-inside: avoid" in printed


def test_the_credentials_not_suggested_share_one_line(catalog: Catalog) -> None:
    answers = {"goal": "outpatient_coder", "experience": "none"}
    result = recommend(catalog, answers)
    view = build(catalog, result)
    assert len(view.unmatched) >= 5  # most credentials sit at or below the start
    page = Page(html_report(catalog, result, TODAY, COMMAND))
    bars = [g.attrs["data-code"] for g in chart_bars(page)]
    lines = [p.text_content() for p in page.all("p") if p.attrs.get("class") == "grouped"]
    not_suggested = [line for line in lines if line.startswith("Not suggested for these answers: ")]
    assert len(not_suggested) == 1
    for ranked in view.unmatched:
        assert ranked.code not in bars
        assert re.search(rf"\b{re.escape(ranked.code)}\b", not_suggested[0]), ranked.code
    # Equal scores are said once: the starting score is not repeated for each credential.
    at_start = [r.code for r in view.unmatched if r.score == 50]
    assert len(at_start) > 1 and not_suggested[0].count("(50") == 1
    assert f"{at_start[-1]} (50 each, the starting score)" in not_suggested[0]
    markdown = markdown_report(catalog, result, TODAY, COMMAND)
    assert not_suggested[0] in markdown


@pytest.mark.parametrize("answers", PROFILES)
def test_why_not_the_runner_up_only_when_its_reasons_are_not_listed(
    catalog: Catalog, answers: dict[str, str]
) -> None:
    result = recommend(catalog, answers)
    view = build(catalog, result)
    listed = {ranked.code for ranked in view.matched}
    heading = f"Why not {view.runner_up}?"
    page = Page(html_report(catalog, result, TODAY, COMMAND))
    markdown = markdown_report(catalog, result, TODAY, COMMAND)
    if view.runner_up in listed:  # its reasons are under the ranking: not said a second time
        assert heading not in page.headings("h2") and f"## {heading}" not in markdown
        assert f"{view.runner_up}: " in " ".join(page.headings("h3"))
    elif view.runner_up is not None:
        assert heading in page.headings("h2") and f"## {heading}" in markdown
