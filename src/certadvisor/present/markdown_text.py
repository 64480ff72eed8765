"""Text from a data file, made safe to write into Markdown (the report and ``certadvisor form``).

A data file is not trusted: a reason with a blank line, a ``#``, a ``[link](…)`` or a ``<form>``
must read as those characters, not become a heading, a link or HTML when a renderer with raw HTML
on (CommonMark allows it) shows the report. Each piece of text is folded to one line (a newline
would end the paragraph or the list item it stands in) and every character Markdown acts on in
its place is escaped with a backslash; ordinary prose keeps its look (a ``.`` or a ``-`` mid-line,
or an ``_`` inside a word, is left alone)."""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

# Significant wherever they stand: escapes, code spans, emphasis, strikethrough (GFM), links,
# raw HTML and autolinks, table cells (GFM).
_ANYWHERE = re.compile(r"[\\`*\[\]<>|~]")
# An ``_`` between two letters or digits opens and closes nothing (CommonMark's flanking rules);
# anywhere else it may start or end emphasis.
_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
# ``&name;``, ``&#123;``, ``&#x7B;`` are character references; a lone ``&`` is only text.
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# What opens a block at the start of a line: a heading, a quote, a list item, a thematic break or
# a setext underline. Only the first character needs its backslash.
_BLOCK_START = re.compile(r"^([#>+\-=])")
_ORDERED_START = re.compile(r"^(\d{1,9})([.)])")
# A link's destination keeps RFC 3986's characters except the parentheses, which could end it
# early; everything else (spaces, quotes, angle brackets, backslashes, non-ASCII) is
# percent-encoded, so a destination never breaks out of its ``(…)``.
_URL_SAFE = "-._~:/?#[]@!$&'*+,;=%"
_LINKED_SCHEMES = ("http", "https")


def fold(text: str) -> str:
    """Every run of whitespace, newlines included, as one space; none at either end."""
    return " ".join(text.split())


def markdown_escape(text: str) -> str:
    """Text from the data, safe inline in Markdown: on one line, and every character that would
    act there escaped (at its start, also what would open a block)."""
    text = _ANYWHERE.sub(lambda m: "\\" + m.group(), fold(text))
    text = _UNDERSCORE.sub(r"\\_", text)
    text = _ENTITY.sub(r"\\&", text)
    text = _BLOCK_START.sub(r"\\\1", text)
    return _ORDERED_START.sub(r"\1\\\2", text)


def markdown_code(text: str) -> str:
    """Text as an inline code span, fenced with more backticks than it holds in a row (so a
    backtick inside cannot close it) and on one line."""
    text = fold(text)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def markdown_code_block(text: str) -> list[str]:
    """Text as a fenced code block whose fence is longer than any run of backticks inside, so
    no line of the text can close it."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence, *text.splitlines(), fence]


def markdown_link(url: str, text: str | None = None) -> str:
    """A link to ``url`` shown as ``text`` (the URL itself by default), both escaped; a URL that
    is not http(s) is written as plain text, never made clickable."""
    shown = markdown_escape(url if text is None else text)
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        scheme = ""
    if scheme not in _LINKED_SCHEMES:
        return shown if text is None else f"{shown} ({markdown_escape(url)})"
    # ``&`` stays (a URL's query needs it) but as ``\&``: a link's destination reads character
    # references, so ``&amp;`` would otherwise change the address.
    destination = quote(url.strip(), safe=_URL_SAFE).replace("&", "\\&")
    return f"[{shown}]({destination})"
