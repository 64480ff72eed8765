"""Transitional: the names the CLI still imports from ``present.markdown``.

The Markdown report is ``present.report.markdown``, the choice of format ``present.report.formats``
and the replay command and saved answers ``present.replay``. Import from those; this module goes
once the CLI does.
"""

from certadvisor.present.replay import reproduce_command, saved_answers_text
from certadvisor.present.report.common import KEY_DIMENSIONS
from certadvisor.present.report.formats import REPORT_FORMATS, check_report_name, report_text
from certadvisor.present.report.markdown import markdown_report

__all__ = [
    "KEY_DIMENSIONS",
    "REPORT_FORMATS",
    "check_report_name",
    "markdown_report",
    "report_text",
    "reproduce_command",
    "saved_answers_text",
]
