"""Builders of hostile data files (issue #26, round three), as text edits of the shipped file.

Ported from the review's scripts: each function takes the shipped text and returns a hostile
copy, so tests write it where they like. Every edit asserts it changed the text, so no test can
pass on an unchanged file.
"""

from __future__ import annotations

import json
import re


def _once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"expected exactly one {old!r} in the shipped data"
    return text.replace(old, new)


def toml_string(value: str) -> str:
    """A TOML basic string holding ``value`` (JSON's escapes are TOML's)."""
    return json.dumps(value, ensure_ascii=False)


def cert_block(text: str, code: str) -> tuple[int, int]:
    """Where a certification's tables start and end: from [certs.CODE] to the next certification."""
    start = text.index(f"\n[certs.{code}]\n") + 1
    following = re.compile(r"^\[certs\.(?!" + re.escape(code) + r"[.\]])", re.M)
    found = following.search(text, start + 1)
    end = found.start() if found else text.index("\n[[questions]]")
    return start, end


def with_code(text: str, code: str) -> str:
    """A copy of CPMA under the certification code ``code`` (any text), with a rule, a path and a
    place in the tie order (mkcode.py)."""
    start, end = cert_block(text, "CPMA")
    block = text[start:end].replace("[certs.CPMA", f"[certs.{toml_string(code)}")
    block = block.replace("[[certs.CPMA", f"[[certs.{toml_string(code)}")
    text = text[:end] + block + text[end:]
    text = _once(text, 'tie_order = ["CPC",', f'tie_order = [{toml_string(code)}, "CPC",')
    quoted = toml_string(code)
    text += (
        f'\n[[rules]]\nid = "hostile-code"\nwhen = {{ setting = "inpatient" }}\n'
        f'points = {{ {quoted} = 50 }}\nreason = "r"\n'
        f'\n[[paths]]\nid = "hostile-path"\ncert = {quoted}\ntitle = "t"\n'
        'steps = [{ text = "s", condition = "c" }]\n'
    )
    return text


def question(qid: str, values: list[str]) -> str:
    """A preference question with these values (the first is neutral)."""
    choices = ", ".join(f'{{ value = {toml_string(v)}, label = "l" }}' for v in values)
    return (
        f'\n[[questions]]\nid = {toml_string(qid)}\nkind = "preference"\nshort = "s"\ntext = "t"\n'
        f'help = "h"\nneutral = {toml_string(values[0])}\nchoices = [{choices}]\n'
    )


def with_question(text: str, qid: str, values: list[str], rules: int = 1) -> str:
    """An extra question (before the first rule, so question order holds) and ``rules`` rules
    reading it, one value each in turn (mkdos.py's init shape)."""
    at = text.index("[[rules]]")
    text = text[:at] + question(qid, values) + "\n" + text[at:]
    for index in range(rules):
        value = values[1 + index % (len(values) - 1)]
        text += (
            f'\n[[rules]]\nid = "hostile-rule-{index}"\n'
            f"when = {{ {toml_string(qid)} = {toml_string(value)} }}\n"
            'points = { CPMA = 1 }\nreason = "r"\n'
        )
    return text


def many(text: str, kind: str, count: int) -> str:
    """``count`` more [[conflicts]], [[expectations]] or [[paths]] (mkmany.py)."""
    if kind == "conflicts":
        entry = '[[conflicts]]\nid="c{i}"\nwhen={{setting="inpatient"}}\nnote="n"\n'
    elif kind == "expectations":
        entry = '[[expectations]]\nid="e{i}"\nwhen={{setting="inpatient"}}\ntop_in=["CCS","CIC"]\nwhy="w"\n'
    elif kind == "paths":
        entry = (
            '[[paths]]\nid="p{i}"\ncert="CPC"\ntitle="t"\nwhen={{setting="inpatient"}}\n'
            'steps=[{{text="s",condition="c"}}]\n'
        )
    else:
        raise ValueError(kind)
    return text + "\n" + "".join(entry.format(i=i) for i in range(count))


def with_duplicate(text: str, kind: str) -> str:
    """Two entries of one table with the same id."""
    return many(many(text, kind, 1), kind, 1)


def first_money(text: str, cert: str = "CPC") -> tuple[str, str]:
    """A certification's exam_member line and its value."""
    start, end = cert_block(text, cert)
    found = re.search(r"^exam_member = \{ value = (\d+),", text[start:end], re.M)
    assert found is not None
    return found.group(0), found.group(1)


def with_fee(text: str, amount: str, cert: str = "CPC") -> str:
    """The certification's member exam fee set to ``amount`` (digits, as TOML text)."""
    line, value = first_money(text, cert)
    return _once(text, line, line.replace(f"value = {value},", f"value = {amount},"))


def with_fact_value(text: str, cert: str, name: str, amount: str) -> str:
    """A certification's fact ``name`` (exam.minutes, time.study_months, ...) set to ``amount``."""
    start, end = cert_block(text, cert)
    found = re.search(rf"^{re.escape(name)} = \{{ value = ([^,]+),", text[start:end], re.M)
    assert found is not None, name
    line = found.group(0)
    return text[:start] + text[start:end].replace(line, line.replace(found.group(1), amount), 1) + text[end:]


def with_updated(text: str, date: str) -> str:
    """meta.updated set to ``date`` (a TOML date)."""
    found = re.search(r"^updated = (\S+)$", text, re.M)
    assert found is not None
    return _once(text, found.group(0), f"updated = {date}")


def with_website(text: str, website: str, body: str = "https://www.aapc.com") -> str:
    return _once(text, f'website = "{body}"', f"website = {toml_string(website)}")


def first_source_url(text: str) -> str:
    found = re.search(r'^url = "(https://[^"]+)"$', text, re.M)
    assert found is not None
    return found.group(1)


def with_source_url(text: str, url: str) -> str:
    """The first source's url replaced (an address no other source has, so it stays its own)."""
    line = f'url = "{first_source_url(text)}"'
    at = text.index(f"\n{line}\n") + 1
    return text[:at] + f"url = {toml_string(url)}" + text[at + len(line) :]


def with_step_url(text: str, url: str) -> str:
    """CPC's first next step's link replaced."""
    start, end = cert_block(text, "CPC")
    found = re.search(r'^url = "[^"]*"$', text[start:end], re.M)
    assert found is not None
    at = start + found.start()
    return text[:at] + f"url = {toml_string(url)}" + text[start + found.end() :]
