"""Builders of hostile data files (issue #26): the worst shapes for the engine and the audit.

Each builder takes the shipped data file's text and returns a valid data file's text. They are
ported from the round-three research scripts and shared by the tests (small sizes) and by
``bench/hostile.py`` (sizes up to the 8 MiB cap on a data file):

- ``pairs``: many preference questions with many values, read by no rule: a profile no single
  change helps tries pairs of changes, (questions × values)² / 2 of them.
- ``one_question``: one question with many values, and many rules that each read it alone.
- ``many``: many ``[[conflicts]]``, ``[[expectations]]`` or ``[[paths]]`` entries.
- ``certs``: many certifications (the audit's totals and rankings grow with them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MAX_DATA_BYTES = 8 * 1024 * 1024  # the loader's cap on a data file
# Answers for which no single change of the shipped data's preferences gives a sensible
# what-if, so the search goes on to pairs (found on the shipped data; the tests check it).
NO_SINGLE_WHAT_IF = {
    "goal": "coding_manager",
    "held": "RHIA",
    "employer": "not_sure",
    "experience": "none",
    "background": "clinical",
    "body_preference": "aapc",
    "him_status": "final_term",
}


def _question(qid: str, values: int) -> str:
    choices = ", ".join(f'{{ value = "v{i}", label = "l" }}' for i in range(values))
    return (
        f'\n[[questions]]\nid = "{qid}"\nkind = "preference"\nshort = "s"\ntext = "t"\nhelp = "h"\n'
        f'neutral = "n"\nchoices = [{{ value = "n", label = "n" }}, {choices}]\n'
    )


def _with_questions(base: str, questions: Iterable[str], tail: str = "") -> str:
    # Questions go before the first rule (a question's place is its order in the quiz).
    at = base.index("[[rules]]")
    return base[:at] + "".join(questions) + "\n" + base[at:] + "\n" + tail


def pairs(base: str, questions: int, values: int) -> str:
    """``questions`` extra preference questions of ``values`` values each, read by no rule."""
    return _with_questions(base, (_question(f"x{k}", values) for k in range(questions)))


def one_question(base: str, values: int, rules: int) -> str:
    """One extra question of ``values`` values and ``rules`` rules, each reading it alone."""
    tail = "".join(
        f'[[rules]]\nid = "xr{r}"\nwhen = {{ x0 = "v{r % values}" }}\npoints = {{ CPMA = 1 }}\nreason = "r"\n'
        for r in range(rules)
    )
    return _with_questions(base, [_question("x0", values)], tail)


_TOP = '["CCS","CIC","CPC","COC","CRC","CCA","CCS-P","RHIT","CPB","CPMA","RHIA","CDIP","CCDS"]'


def many(base: str, table: str, count: int) -> str:
    """``count`` extra entries of ``[[conflicts]]``, ``[[expectations]]`` or ``[[paths]]``."""
    entry = {
        "conflicts": 'id="c{i}"\nwhen={{setting="inpatient"}}\nnote="n"\n',
        "expectations": 'id="e{i}"\nwhen={{setting="inpatient"}}\ntop_in=' + _TOP + '\nwhy="w"\n',
        "paths": 'id="p{i}"\ncert="CPC"\ntitle="t"\nwhen={{setting="inpatient"}}\n'
        'steps=[{{text="s",condition="c"}}]\n',
    }[table]
    return base + "\n" + "".join(f"[[{table}]]\n" + entry.format(i=i) for i in range(count))


def _cert_block(base: str, code: str) -> str:
    """A copy of the shipped CPB (no prerequisite, no next steps, its long texts cut short),
    named ``code``: small, so that the most certifications fit under the cap."""
    block = base[base.index("[certs.CPB]") : base.index("[[certs.CPB.next_steps]]")]
    # Every string in turn (so that one never starts at another's closing quote); long ones go.
    block = re.sub(r'"(?:[^"\\\n]|\\.)*"', lambda m: m[0] if len(m[0]) < 26 else '"t"', block)
    return block.replace("[certs.CPB", f"[certs.{code}")


def certs(base: str, count: int) -> str:
    """``count`` extra certifications, each with a path, ranked first in the tie order."""
    codes = [f"Z{i}" for i in range(count)]
    block = _cert_block(base, "{code}")
    at = base.index("[glossary.")
    text = base[:at] + "".join(block.replace("{code}", code) for code in codes) + "\n" + base[at:]
    text = text.replace(
        'tie_order = ["CPC",', "tie_order = [" + "".join(f'"{c}", ' for c in codes) + '"CPC",'
    )
    return (
        text
        + "\n"
        + "".join(
            f'[[paths]]\nid = "zp{c}"\ncert = "{c}"\ntitle = "t"\n'
            'steps = [{ text = "s", condition = "c" }]\n'
            for c in codes
        )
    )


def size(text: str) -> int:
    """The file's size in bytes, as the loader's cap counts it."""
    return len(text.encode("utf-8"))
