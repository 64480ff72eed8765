"""Issue #26 item 1: a hostile data file cannot inject Markdown or HTML into the .md report.

Every text of the shipped data gets a payload (a blank line, a heading, a quote, lists, a
link, an image, an autolink, a reference definition, a ``<form>``, a ``<script>``, an
``<img onerror>``, backticks, entities, emphasis, a table row), every URL gets parentheses, quotes
and ``&amp;``; the report is rendered with markdown-it-py (CommonMark with raw HTML on, plus GFM
tables and strikethrough) and the HTML it makes must hold no tag, heading or link the data
brought (ported from the review's mkhostile.py).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from certadvisor.cli.app import app
from certadvisor.core.engine import Engine
from certadvisor.load.datafile import load_catalog
from certadvisor.model.catalog import Catalog
from certadvisor.present.form import form_markdown
from certadvisor.present.markdown_text import (
    markdown_code,
    markdown_code_block,
    markdown_escape,
    markdown_link,
)
from certadvisor.present.report.markdown import markdown_report

TODAY = dt.date(2026, 12, 7)
# Injected after every piece of text: each line tries a different block or inline construct.
PAYLOAD = (
    "\n\n# Injected heading\n\n> quoted\n- listed\n1. numbered\n---\n===\n~~~\n"
    "[link](https://evil.example/link) ![image](https://evil.example/i.png) "
    "<https://evil.example/autolink> [ref]\n\n[ref]: https://evil.example/ref\n"
    '<form action="https://evil.example/f"><input name=x></form>'
    "<img src=x onerror=alert(1)><script>alert(2)</script> ``code`` `tick` "
    "&lt;script&gt; &#60;b&#62; *em* _em_ **strong** ~~struck~~ | cell | \\"
)
# The <img onerror> of the review, in a certification's name.
NAME_PAYLOAD = '<img src=x onerror="document.title=1"> `name`'
# Tags markdown-it makes from the report's own Markdown; anything else came from the data.
OWN_TAGS = {
    "h1", "h2", "h3", "p", "ul", "ol", "li", "strong", "em", "code", "pre", "a", "br",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
TEXT_KEYS = "title|name|summary|text|reason|help|publisher|note|why|tie_principle|evidence|label|condition"
ANSWER_SETS = [
    {},
    {"goal": "billing_specialist", "setting": "outpatient", "priority": "low_cost"},
    {"goal": "outpatient_coder", "held": "CPC-A", "employer": "physician_practice", "experience": "none"},
    {"goal": "coding_auditor", "held": "CPC", "setting": "outpatient", "priority": "growth"},
    {"goal": "inpatient_coder", "setting": "inpatient", "employer": "hospital", "pcs_comfort": "keen"},
    {"goal": "cdi_specialist", "setting": "inpatient", "background": "clinical", "priority": "growth"},
    {"goal": "outpatient_coder", "setting": "inpatient", "employer": "hospital"},
]


def _toml_body(value: str) -> str:
    return json.dumps(value)[1:-1]


def hostile_text(text: str) -> str:
    """Every text field (a line of its own or inline) ends in PAYLOAD, every certification's name
    is NAME_PAYLOAD, and every URL gains a path with parentheses, quotes and ``&amp;``."""
    body = r'"((?:[^"\\]|\\.)*)"'
    text = re.sub(r'(?m)^name = "[^"]*"$', lambda m: f'name = "{_toml_body(NAME_PAYLOAD)}"', text)
    out = re.sub(
        rf"(?m)^({TEXT_KEYS}) = {body}$",
        lambda m: f'{m.group(1)} = "{m.group(2)}{_toml_body(PAYLOAD)}"',
        text,
    )
    out = re.sub(
        rf"\b(label|note|text|condition|why|evidence) = {body}(?=\s*[,}}])",
        lambda m: f'{m.group(1)} = "{m.group(2)}{_toml_body(PAYLOAD)}"',
        out,
    )
    out = re.sub(
        r'(?m)^(reasons\.[A-Za-z"\-]+) = "((?:[^"\\]|\\.)*)"$',
        lambda m: f'{m.group(1)} = "{m.group(2)}{_toml_body(PAYLOAD)}"',
        out,
    )
    out = re.sub(r'\burl = "(https://[^"]*?)/?"', lambda m: f'url = "{m.group(1)}/a_(b)c\'d&amp;e"', out)
    assert out.count("Injected heading") > 100 and out.count("&amp;e") > 10
    return out


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory, shipped_text: str) -> Catalog:
    path = tmp_path_factory.mktemp("hostile-md") / "certs.toml"
    path.write_text(hostile_text(shipped_text), encoding="utf-8")
    return load_catalog(path)


class _Page(HTMLParser):
    """The tags, headings and link targets of rendered HTML."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.headings = 0
        self.hrefs: list[str] = []
        self.images = 0
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.headings += tag in {"h1", "h2", "h3", "h4", "h5", "h6"}
        self.hrefs += [value or "" for name, value in attrs if name == "href"]


def render(markdown: str) -> _Page:
    renderer = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    return _Page(renderer.render(markdown))


def data_urls(catalog: Catalog) -> set[str]:
    urls = {source.url for source in catalog.sources.values()}
    return {unquote(url) for url in urls}


@pytest.mark.parametrize("answers", ANSWER_SETS, ids=lambda a: "-".join(a.values()) or "none")
def test_the_markdown_report_renders_no_markup_from_the_data(
    hostile: Catalog, catalog: Catalog, answers: dict[str, str]
) -> None:
    markdown = markdown_report(hostile, Engine(hostile).recommend(answers), TODAY, "certadvisor recommend")
    page = render(markdown)
    assert page.tags <= OWN_TAGS, page.tags - OWN_TAGS
    # The same report on the shipped data has as many headings: the data added none.
    clean = render(
        markdown_report(catalog, Engine(catalog).recommend(answers), TODAY, "certadvisor recommend")
    )
    assert page.headings == clean.headings
    # Every link goes to an address the data gave, whole (the parentheses did not end it early).
    assert page.hrefs
    step_urls = {unquote(s.url) for c in hostile.certs.values() for s in c.next_steps if s.url}
    assert {unquote(href) for href in page.hrefs} <= data_urls(hostile) | step_urls
    assert all(href.endswith("/a_%28b%29c'd&amp;e") for href in page.hrefs)
    # The payload is still there, as text.
    assert "&lt;img src=x onerror=" in MarkdownIt("commonmark", {"html": True}).render(markdown)


def test_the_name_with_an_img_onerror_is_text(hostile: Catalog) -> None:
    markdown = markdown_report(hostile, Engine(hostile).recommend({}), TODAY, "certadvisor recommend")
    html = MarkdownIt("commonmark", {"html": True}).render(markdown)
    assert "&lt;img src=x onerror=&quot;document.title=1&quot;&gt; `name`" in html
    assert "<img" not in html and "<form" not in html and "<script" not in html


def test_the_form_renders_no_markup_from_the_data(hostile: Catalog) -> None:
    page = render(form_markdown(hostile.questions))
    assert page.tags <= OWN_TAGS and not page.hrefs
    assert page.headings == 1 + len(hostile.questions)


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/'><img src=x onerror=alert(1)>",
        "https://evil.example/> [x](javascript:alert(1)) <",
        "https://evil.example/ space\ttab)(",
        'https://evil.example/"quoted"&lt;b&gt;\\',
    ],
)
def test_a_url_that_would_break_out_stays_one_link(url: str) -> None:
    page = render(f"Source: {markdown_link(url)}; after.")
    assert page.tags <= {"p", "a"} and len(page.hrefs) == 1
    assert unquote(page.hrefs[0]) == url


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,<b>x</b>"])
def test_a_url_that_is_not_http_is_plain_text(url: str) -> None:
    page = render(markdown_link(url))
    assert page.tags == {"p"} and not page.hrefs


def test_ordinary_prose_keeps_its_look() -> None:
    prose = "AAPC's CPC-A (apprentice), 2-3 years; see apprentice_status.aspx - fees $399. R&D"
    assert markdown_escape(prose) == prose
    assert markdown_escape("# not a heading") == "\\# not a heading"
    assert markdown_escape("2024. A year") == "2024\\. A year"
    assert markdown_escape("- x\n\n+ y") == "\\- x + y"
    assert markdown_escape("_em_ and snake_case") == "\\_em\\_ and snake_case"


def test_code_cannot_be_closed_from_inside() -> None:
    assert markdown_code("a`b") == "``a`b``"
    assert markdown_code("`x`") == "`` `x` ``"
    assert markdown_code_block("x\n```\ny") == ["````", "x", "```", "y", "````"]
    page = render("\n".join(markdown_code_block("echo\n```\n<script>alert(1)</script>")))
    assert page.tags == {"pre", "code"}


def test_the_report_file_from_the_cli_is_escaped(tmp_path: Path, shipped_text: str) -> None:
    """The whole command: the report written by ``recommend --report`` renders no data markup."""
    data = tmp_path / "certs.toml"
    data.write_text(hostile_text(shipped_text), encoding="utf-8")
    report = tmp_path / "report.md"
    result = CliRunner().invoke(
        app, ["--data", str(data), "recommend", "--set", "goal=billing_specialist", "--report", str(report)]
    )
    assert result.exit_code == 0, result.output
    page = render(report.read_text(encoding="utf-8"))
    assert page.tags <= OWN_TAGS
