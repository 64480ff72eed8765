"""Transitional: the names the CLI still imports from ``render``, now each in its own module.

The screens live one per module (``listing``, ``show``, ``comparison``, ``costs``, ``result``,
``glossary``, ``quiz``, ``stale``) over ``console``, ``layout`` and ``blocks``. Import from those;
this module goes once the CLI does.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from certadvisor.present.terminal.console import MAX_COLUMNS, MIN_WIDTH, links_on, make_console, screen_width

if TYPE_CHECKING:
    from certadvisor.present.terminal.comparison import print_comparison as print_comparison
    from certadvisor.present.terminal.costs import print_costs as print_costs
    from certadvisor.present.terminal.glossary import print_glossary as print_glossary
    from certadvisor.present.terminal.listing import print_list as print_list
    from certadvisor.present.terminal.quiz import (
        print_intro as print_intro,
    )
    from certadvisor.present.terminal.quiz import (
        print_quiz_result as print_quiz_result,
    )
    from certadvisor.present.terminal.result import print_result as print_result
    from certadvisor.present.terminal.show import print_show as print_show
    from certadvisor.present.terminal.stale import print_stale as print_stale

# The module of each screen, imported when its name is first used: `list` does not pay for the
# result screen and its view model at start-up.
_SCREENS = {
    "print_comparison": "comparison",
    "print_costs": "costs",
    "print_glossary": "glossary",
    "print_intro": "quiz",
    "print_list": "listing",
    "print_quiz_result": "quiz",
    "print_result": "result",
    "print_show": "show",
    "print_stale": "stale",
}

__all__ = ["MAX_COLUMNS", "MIN_WIDTH", "links_on", "make_console", "screen_width", *_SCREENS]


def __getattr__(name: str) -> Any:
    screen = _SCREENS.get(name)
    if screen is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__package__}.{screen}"), name)
