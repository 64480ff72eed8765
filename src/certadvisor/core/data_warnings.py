"""``check-data``'s warnings about the figures themselves: worth a look, but not failures.

* A comparison row must compare like with like. Salaries across certifications must come from
  one survey (its text names the survey and whether it gives medians or averages) and one year;
  first-time pass rates must be for one year. A row that mixes them (a 2022 average beside a
  2025 median) reads as a difference between credentials that is really a difference between
  surveys.
* A figure should rest on the page that publishes it. A fact whose source is a third party's
  page while its ``also`` cites an official page is worth a second look: the official page is
  the one to quote, when it gives the same figure.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from certadvisor.model.catalog import Catalog
from certadvisor.model.records import Fact

# The comparison rows whose figures must share a basis, and the fields that make it. A pass
# rate's survey is its population (first-time testers of that exam), which differs by nature.
COMPARED_ROWS: Mapping[str, tuple[str, ...]] = {
    "career.salary": ("survey", "year", "statistic"),
    "hiring.pass_rate": ("year", "statistic"),
}
# Facts whose figure is not known carry no value to compare.
UNSETTLED = ("unknown", "not_applicable")


def data_warnings(catalog: Catalog) -> list[str]:
    """Every warning about mixed comparison rows and figures resting on a third-party page."""
    return [*mixed_rows(catalog), *third_party_figures(catalog)]


def mixed_rows(catalog: Catalog) -> Iterator[str]:
    """A warning per comparison row whose known figures do not share a survey, year or statistic."""
    for key, fields in COMPARED_ROWS.items():
        bases: dict[tuple[object, ...], list[str]] = {}
        for code, cert in catalog.certs.items():
            fact = cert.facts.get(key)
            if fact is not None and fact.status not in UNSETTLED:
                bases.setdefault(_basis(fact, fields), []).append(code)
        if len(bases) < 2:
            continue
        # A field no figure of the row gives (no statistic named anywhere) is left out of the words.
        shown = [at for at in range(len(fields)) if any(basis[at] is not None for basis in bases)]
        groups = "; ".join(
            f"{', '.join(codes)} ({', '.join(_word(basis[at]) for at in shown)})"
            for basis, codes in bases.items()
        )
        yield (
            f"comparison row {key} mixes {_either(f + 's' for f in fields)}: {groups}; compare figures "
            f"that share their {_both(fields)}, or leave the others unknown"
        )


def _basis(fact: Fact, fields: tuple[str, ...]) -> tuple[object, ...]:
    # The fields are named in ``COMPARED_ROWS``; a fact that leaves one out gives None.
    return tuple(getattr(fact, name, None) for name in fields)


def _word(part: object) -> str:
    return "not given" if part is None else str(part)


def _either(words: Iterable[str]) -> str:
    *rest, last = words
    return f"{', '.join(rest)} or {last}" if rest else last


def _both(words: Iterable[str]) -> str:
    *rest, last = words
    return f"{', '.join(rest)} and {last}" if rest else last


def third_party_figures(catalog: Catalog) -> Iterator[str]:
    """A warning per fact that rests on a third-party page while it cites an official one."""
    keyed = [
        (f"certs.{code}.{fact.key}", fact)
        for code, cert in catalog.certs.items()
        for fact in cert.facts.values()
    ]
    # Market facts are keyed "market.<name>" already.
    keyed += [(fact.key, fact) for fact in catalog.market.values()]
    for key, fact in keyed:
        official = [c.source.id for c in fact.also if c.source.official]
        if official and not fact.source.official:
            yield (
                f"{key} rests on a third-party page ({fact.source.id}) although an official page is "
                f"cited ({', '.join(dict.fromkeys(official))}): prefer the official figure"
            )
