"""The report's format, chosen by its file name: Markdown (``.md``) or HTML (``.html``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from certadvisor.errors import OutputError
from certadvisor.model.catalog import Catalog
from certadvisor.model.results import Result
from certadvisor.present.report.html import html_report
from certadvisor.present.report.markdown import markdown_report

REPORT_FORMATS = {".md": "Markdown", ".markdown": "Markdown", ".html": "HTML", ".htm": "HTML"}


def check_report_name(path: Path) -> None:
    """The report's format comes from its extension; anything else is a usage error."""
    if path.suffix.lower() not in REPORT_FORMATS:
        raise OutputError(
            f"--report {path}: unknown report format {path.suffix or '(no extension)'!r}; "
            "the file name must end in .md (Markdown) or .html (a page anyone can open)"
        )


def report_text(catalog: Catalog, result: Result, today: dt.date, command: str, path: Path) -> str:
    """The report in the format its file name asks for."""
    check_report_name(path)
    if REPORT_FORMATS[path.suffix.lower()] == "HTML":
        return html_report(catalog, result, today, command)
    return markdown_report(catalog, result, today, command)
