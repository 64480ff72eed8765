"""Safe markup for the HTML report: every piece of text from the data file or the answers is
escaped, and only ``http``/``https`` addresses become links."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from urllib.parse import urlsplit


def esc(text: str) -> str:
    """Text from the data or the answers, safe in element content and quoted attributes."""
    return escape(text, quote=True)


def link(url: str) -> str:
    """A link to an http(s) address, shown in full; anything else stays plain text."""
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        scheme = ""
    if scheme not in ("http", "https"):
        return f'<span class="url">{esc(url)}</span>'
    return f'<a href="{esc(url.strip())}" rel="noreferrer">{esc(url)}</a>'


def html_list(tag: str, items: Iterable[str], css: str | None = None) -> list[str]:
    """An HTML list of items that are already markup (escaped by the caller)."""
    opening = f'<{tag} class="{css}">' if css else f"<{tag}>"
    return [opening, *(f"<li>{item}</li>" for item in items), f"</{tag}>"]
