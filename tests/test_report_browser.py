"""The HTML report in a real browser (issue #25): screenshots at desktop and phone width and a
printed PDF, made with a headless Chromium's command line when one is installed.

What a newcomer meets is checked from what the browser made: the PDF's own outline (Chromium
builds it from the headings, in print order, with the page each heading lands on) says the plan
comes before the details and the sources; the page measured in the browser at 390 pixels has
nothing wider than the screen except inside a table's own scrolling box; and the largest text
on the page is the pick. The measuring script is added to a copy of the report in the test's
own directory, shown in a frame of the width measured: the report itself has no script.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import struct
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from certadvisor.core.engine import Engine
from certadvisor.model.catalog import Catalog
from certadvisor.present.report.html import html_report

pytestmark = pytest.mark.slow

TODAY = dt.date(2026, 11, 29)
ANSWERS = {"goal": "outpatient_coder", "experience": "none"}
COMMAND = "certadvisor recommend --set goal=outpatient_coder --set experience=none --report r.html"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "chromium-headless-shell")
# The machine's network may be closed: nothing in the background, no first-run work.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
)
PHONE = 390
DESKTOP = 1280
# Run in the copy at the end of <body>: what the page looks like to someone measuring it.
PROBE = """<script>
(() => {
  const width = innerWidth;
  const wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('.table-wrap') || el.closest('svg') && el.tagName !== 'svg') continue;
    const box = el.getBoundingClientRect();
    if (box.width && box.right > width + 0.5) wide.push(el.tagName + '.' + el.className + ' ' + box.right);
  }
  let largest = null, size = 0;
  for (const el of document.body.querySelectorAll('*')) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    const px = parseFloat(getComputedStyle(el).fontSize);
    if (own && px > size) { size = px; largest = el; }
  }
  parent.postMessage(JSON.stringify({
    width, scroll: document.documentElement.scrollWidth, wide,
    largest: largest.textContent.trim(), largestPx: size,
    h2px: parseFloat(getComputedStyle(document.querySelector('h2')).fontSize),
    confidencePx: parseFloat(getComputedStyle(document.querySelector('.pick-confidence')).fontSize),
    sections: [...document.querySelectorAll('main > section, main > header')].map(e => e.id || e.tagName),
  }), '*');
})();
</script>"""
# The page that holds the copy in a frame exactly as wide as the screen measured (a headless
# window is never narrower than 500 pixels) and writes what the copy reports into its own DOM.
FRAME = """<!DOCTYPE html><html><body style="margin:0">
<script>addEventListener('message', e => {
  const out = document.createElement('pre'); out.id = 'probe'; out.textContent = e.data;
  document.body.append(out);
});</script>
<iframe src="probed.html" style="width:WIDTHpx;height:2000px;border:0"></iframe>
</body></html>"""


@dataclass(frozen=True)
class Rendered:
    report: Path
    desktop: Path
    phone: Path
    pdf: Path
    measured: dict[int, dict[str, object]]  # width → what the probe saw


def find_browser() -> str | None:
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


@pytest.fixture(scope="module")
def rendered(catalog: Catalog, tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    browser = find_browser()
    if browser is None:
        pytest.skip("no Chromium installed (chromium, chromium-browser or google-chrome)")
    where = tmp_path_factory.mktemp("browser")
    html = html_report(catalog, Engine(catalog).recommend(ANSWERS), TODAY, COMMAND)
    report = where / "report.html"
    report.write_text(html, encoding="utf-8")
    probed = where / "probed.html"
    probed.write_text(html.replace("</body>", PROBE + "</body>"), encoding="utf-8")

    def run(*args: str) -> str:
        done = subprocess.run(
            [browser, *FLAGS, f"--user-data-dir={where / 'profile'}", *args],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        return done.stdout

    shots = {}
    for width in (DESKTOP, PHONE):
        shots[width] = where / f"report-{width}.png"
        run(f"--screenshot={shots[width]}", f"--window-size={width},2000", report.as_uri())
    pdf = where / "report.pdf"
    run(f"--print-to-pdf={pdf}", "--no-pdf-header-footer", "--generate-pdf-document-outline", report.as_uri())
    measured = {}
    for width in (DESKTOP, PHONE):
        frame = where / f"frame-{width}.html"
        frame.write_text(FRAME.replace("WIDTH", str(width)), encoding="utf-8")
        dom = run("--window-size=1400,2200", "--virtual-time-budget=10000", "--dump-dom", frame.as_uri())
        found = re.search(r'<pre id="probe">(.*?)</pre>', dom, re.S)
        assert found, dom[-500:]
        measured[width] = json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    return Rendered(report, shots[DESKTOP], shots[PHONE], pdf, measured)


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", path
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_screenshots_are_pngs_at_both_widths(rendered: Rendered) -> None:
    assert png_size(rendered.desktop) == (DESKTOP, 2000)
    assert png_size(rendered.phone) == (PHONE, 2000)


def number(seen: dict[str, object], key: str) -> float:
    value = seen[key]
    assert isinstance(value, float | int), (key, value)
    return float(value)


def test_the_largest_text_is_the_pick(rendered: Rendered) -> None:
    for width, seen in rendered.measured.items():
        assert seen["largest"] == "CPC", (width, seen["largest"])
        heading = number(seen, "h2px")
        assert number(seen, "largestPx") >= 1.8 * heading, width
        assert number(seen, "confidencePx") > heading, width  # the confidence outranks every heading


def test_the_chart_comes_right_after_the_summary(rendered: Rendered) -> None:
    sections = rendered.measured[DESKTOP]["sections"]
    assert isinstance(sections, list)
    assert sections[:5] == ["HEADER", "in-short", "scores", "path", "next-steps"]
    assert sections.index("next-steps") < sections.index("ranking") < sections.index("comparison")


def test_nothing_is_wider_than_a_phone(rendered: Rendered) -> None:
    seen = rendered.measured[PHONE]
    assert seen["width"] == PHONE
    assert seen["scroll"] == PHONE, seen  # no sideways scrolling for the page itself
    assert seen["wide"] == [], seen["wide"]  # tables may scroll, inside their own box only


# -- the printed PDF ------------------------------------------------------------------------------


def pdf_objects(data: bytes) -> dict[int, bytes]:
    """Each object's dictionary by number, from the cross-reference table (Chromium writes a
    classic one); a stream object is cut before its data."""
    start = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    table = data[start:].split(b"trailer", 1)[0]
    first = re.match(rb"xref\s+(\d+)\s+\d+\s+", table)
    assert first, "no cross-reference table"
    entries = re.findall(rb"(\d{10}) \d{5} ([nf])", table)
    objects = {}
    for number, (offset, kind) in enumerate(entries, start=int(first.group(1))):
        if kind == b"n":
            text = data[int(offset) :]
            end = min(i for i in (text.find(b"endobj"), text.find(b"stream"), len(text)) if i >= 0)
            objects[number] = text[:end]
    trailer = data[start:]
    root = re.search(rb"/Root (\d+) 0 R", trailer)
    assert root
    objects[0] = objects[int(root.group(1))]  # 0 is never an object: the catalog, by its place
    return objects


def ref(obj: bytes, key: str) -> int | None:
    found = re.search(rb"/" + key.encode() + rb"\s+(\d+) 0 R", obj)
    return int(found.group(1)) if found else None


def pdf_string(raw: bytes) -> str:
    if raw.startswith(b"<"):
        return bytes.fromhex(raw[1:-1].decode()).decode("utf-16-be").lstrip("\ufeff")
    inner = raw[1:-1]
    return re.sub(rb"\\(.)", rb"\1", inner).decode("latin-1")


def page_order(objects: dict[int, bytes], number: int) -> list[int]:
    node = objects[number]
    kids = re.search(rb"/Kids\s*\[([^\]]*)\]", node)
    if kids is None:
        return [number]
    kids_in_order = [int(kid) for kid in re.findall(rb"(\d+) 0 R", kids.group(1))]
    return [page for kid in kids_in_order for page in page_order(objects, kid)]


def outline(objects: dict[int, bytes]) -> list[tuple[str, int]]:
    """The headings in print order, each with the page (from 1) it lands on."""
    pages = ref(objects[0], "Pages")
    root = ref(objects[0], "Outlines")
    assert pages and root, "no outline: was --generate-pdf-document-outline given?"
    page_numbers = {page: n for n, page in enumerate(page_order(objects, pages), start=1)}
    found: list[tuple[str, int]] = []

    def walk(number: int | None) -> None:
        while number is not None:
            item = objects[number]
            title = re.search(rb"/Title\s*(\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f]*>)", item)
            dest = re.search(rb"/Dest\s*\[\s*(\d+) 0 R", item)
            if title and dest:
                found.append((pdf_string(title.group(1)), page_numbers[int(dest.group(1))]))
            walk(ref(item, "First"))
            number = ref(item, "Next")

    walk(ref(objects[root], "First"))
    return found


def test_the_pdf_puts_the_plan_before_the_details_and_sources(rendered: Rendered) -> None:
    data = rendered.pdf.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    headings = outline(pdf_objects(data))
    titles = [title for title, _ in headings]
    page = dict(headings)
    order = ["In short", "How the credentials scored", "Next steps for CPC", "Getting hired"]
    order += ["Ranking and reasons", "Answers", "Sources", "Reproduce this result"]
    positions = [titles.index(title) for title in order]
    assert positions == sorted(positions), titles
    assert titles[0].replace(" ", "") == "Yourpick:CPC"
    # The summary and the chart open the first page; the plan is not pushed behind the details.
    assert page["In short"] == page["How the credentials scored"] == 1
    assert page["Next steps for CPC"] <= 2
    assert page["Sources"] >= page["Answers"] >= page["Next steps for CPC"]
