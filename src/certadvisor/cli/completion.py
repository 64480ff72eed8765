"""Shell completion of what the data holds: certification codes, glossary terms, and ``--set``'s
questions and values.

typer completes commands and options itself; these callbacks (typer's ``autocompletion=``) add
the words only the data knows. Each reads the data file the command would use (``--data``
before or after the command name, then ``$CERTADVISOR_DATA``, then the shipped file) through the
catalog cache, so a completion costs about what starting a command does. A data file that
cannot be read or is broken gives no completions rather than an error in the middle of the
user's command line.

bash splits a word at "=" (it is in ``COMP_WORDBREAKS``), so ``--set goal=inp`` reaches the
program as ``--set``, ``goal``, ``=``, ``inp``; ``BashComplete`` joins such words back before
completing and hands bash only the part after the "=", which is all bash replaces.
"""

import re
from pathlib import Path

import typer
from typer._click.shell_completion import CompletionItem, add_completion_class

# typer's own bash support (private, so typer is pinned below 0.29 in pyproject.toml).
from typer._completion_classes import BashComplete as TyperBashComplete

from certadvisor.env import Environment
from certadvisor.model.catalog import Catalog

# The separators of a set question's answer (--set held=CPC,CRC or CPC+CRC).
_MEMBER_SEPARATORS = ",+"


def _catalog(ctx: typer.Context) -> Catalog | None:
    """The catalog the command being completed would read, or None when it cannot be read."""
    # Imported here: completion is rare, and these cost start-up time.
    from certadvisor.load.cache import cache_dir, load_cached
    from certadvisor.load.datafile import resolve_data_path

    # While completing, click parses without converting: --data's value may still be a str.
    given = ctx.params.get("data") or ctx.find_root().params.get("data")
    variables = Environment.from_process().variables
    try:
        path = resolve_data_path(Path(given) if isinstance(given, str | Path) else None, variables)
        return load_cached(path, cache_dir(variables))
    except Exception:  # a broken or unreadable file: no completions, never a traceback
        return None


def _matching(value: str, incomplete: str) -> str | None:
    """``value`` as offered for ``incomplete``: as written when it starts so, in lower case when
    the user types in lower case (codes and terms are looked up in any case); else None."""
    if value.startswith(incomplete):
        return value
    if value.lower().startswith(incomplete):
        return value.lower()
    return None


def cert_codes(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Certification codes, each with its name; for a list of codes, not those given already."""
    catalog = _catalog(ctx)
    if catalog is None:
        return []
    given = ctx.params.get("codes") or ()
    taken = {str(code).upper() for code in given} if isinstance(given, list | tuple) else set()
    found = []
    for code, cert in catalog.certs.items():
        offered = _matching(code, incomplete)
        if offered is not None and code.upper() not in taken:
            found.append((offered, cert.name))
    return found


def glossary_terms(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Glossary terms and their other names, A to Z, each with the term it stands for."""
    catalog = _catalog(ctx)
    if catalog is None:
        return []
    found = []
    for entry in catalog.glossary.values():
        for name in (entry.term, *entry.aliases):
            offered = _matching(name, incomplete)
            if offered is not None:
                found.append((offered, entry.term if name != entry.term else "term"))
    return sorted(found, key=lambda item: item[0].casefold())


def set_answers(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """``--set``'s QUESTION= (with what it asks), then after the "=" that question's values
    (with their meaning); after a "," or "+" in a set question, the next member."""
    catalog = _catalog(ctx)
    if catalog is None:
        return []
    question_id, sep, value = incomplete.partition("=")
    if not sep:
        return [(f"{q.id}=", q.short) for q in catalog.questions if q.id.startswith(question_id)]
    question = next((q for q in catalog.questions if q.id == question_id), None)
    if question is None:
        return []
    cut = max(value.rfind(mark) for mark in _MEMBER_SEPARATORS) + 1 if question.multiple else 0
    done, partial = value[:cut], value[cut:]
    # A member already given is not offered again, nor the neutral value (none) beside others.
    skip = {*re.split(f"[{re.escape(_MEMBER_SEPARATORS)}]", done), question.neutral} if done else set()
    head = f"{question_id}={done}"
    return [
        (head + c.value, c.label)
        for c in question.choices
        if c.value.startswith(partial) and c.value not in skip
    ]


class BashComplete(TyperBashComplete):
    """typer's bash completion, with the words bash split at "=" joined back."""

    def get_completion_args(self) -> tuple[list[str], str]:
        args, incomplete = super().get_completion_args()
        words: list[str] = []
        for word in [*args, incomplete]:
            if words and (word == "=" or (words[-1].endswith("=") and words[-1] != "=")):
                words[-1] += word
            else:
                words.append(word)
        # What bash replaces is only the text after the last "=" of the word being completed.
        self.replaced_from = len(words[-1]) - len(incomplete)
        return words[:-1], words[-1]

    def format_completion(self, item: CompletionItem) -> str:
        return str(item.value)[getattr(self, "replaced_from", 0) :]


def use_bash_completion() -> None:
    """Complete bash command lines with ``BashComplete`` (typer registers its own on each run:
    call this after it has)."""
    add_completion_class(BashComplete, "bash")
