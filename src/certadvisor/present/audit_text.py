"""``check-data``'s plain-text summary: the file's counts, the audit's figures, warnings and
problems, as lines (the command prints them; ``present.json.documents.audit_document`` is the
JSON form of the same findings)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from certadvisor.core.glossary import missing_terms
from certadvisor.model.catalog import Catalog
from certadvisor.text import plural


class _Named(Protocol):
    @property
    def id(self) -> str: ...


class _Counted(Protocol):
    @property
    def count(self) -> int: ...


class _Held(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def neutral(self) -> str: ...
    @property
    def read_by(self) -> Sequence[str]: ...


class AuditFigures(Protocol):
    """What the summary reads of ``fast.audit.Audit`` (the presenter does not import the fast
    path)."""

    @property
    def profiles(self) -> int: ...
    @property
    def sampled(self) -> bool: ...
    @property
    def first_counts(self) -> Mapping[str, int]: ...
    @property
    def rule_fires(self) -> Mapping[str, int]: ...
    @property
    def expectations(self) -> Mapping[str, int]: ...
    @property
    def broken(self) -> Sequence[_Named]: ...
    @property
    def conflicts(self) -> Mapping[str, int]: ...
    @property
    def unmet_requirements(self) -> int: ...
    @property
    def requirement_checks(self) -> int: ...
    @property
    def overconfident(self) -> _Counted | None: ...
    @property
    def held(self) -> Sequence[_Held]: ...


def glossary_warnings(catalog: Catalog) -> list[str]:
    """A warning for each watched jargon term the text uses without a glossary entry."""
    warnings = []
    for term, where in missing_terms(catalog):
        more = f" and {len(where) - 3} more" if len(where) > 3 else ""
        warnings.append(
            f"glossary term {term!r} (in [glossary_watch]) is used without a [glossary] entry: "
            f"{', '.join(where[:3])}{more}"
        )
    return warnings


def file_line(catalog: Catalog) -> str:
    """What the data file holds, once it has been found valid."""
    # Every fact the file states: each certification's, and the job-market facts they share.
    facts = sum(len(c.facts) for c in catalog.certs.values()) + len(catalog.market)
    return (
        f"{catalog.path}: valid: {len(catalog.certs)} certifications, {facts} facts, "
        f"{len(catalog.sources)} sources, {len(catalog.questions)} questions, "
        f"{len(catalog.rules)} rules, {len(catalog.expectations)} expectations, "
        f"{len(catalog.conflicts)} conflicts"
    )


def audit_lines(report: AuditFigures, seconds: float) -> list[str]:
    """The audit's figures: how many profiles, who comes first, the quietest rules, the
    expectations, the conflicts and eligibility honesty."""
    if report.sampled:
        lines = [
            f"Audit: a random SAMPLE of {report.profiles:,} profiles scored in {seconds:.2f} s "
            "(not exhaustive: only failing expectations are reported as problems)."
        ]
    else:
        lines = [f"Audit: every one of {report.profiles:,} profiles scored in {seconds:.2f} s."]
    lines += [held_line(q) for q in report.held]
    lines.append("Ranked first:")
    for code, count in sorted(report.first_counts.items(), key=lambda item: -item[1]):
        share = 100 * count / report.profiles if report.profiles else 0
        lines.append(f"  {code:<6} {count:>8,} profiles ({share:.1f}%)")
    quiet = sorted(report.rule_fires.items(), key=lambda item: item[1])[:3]
    lines.append("Least-used rules: " + ", ".join(f"{rule} ({n:,})" for rule, n in quiet))
    if report.expectations:
        held = len(report.expectations) - len(report.broken)
        lines.append(f"Expectations: {held} of {len(report.expectations)} hold on every profile they cover")
        for name, covered in report.expectations.items():
            mark = "FAILS" if any(b.id == name for b in report.broken) else "holds"
            lines.append(f"  {mark:<5} {name} ({covered:,} profiles)")
    if report.conflicts:
        lines.append("Conflicts (profiles covered):")
        lines += [f"  {name} ({covered:,})" for name, covered in report.conflicts.items()]
    if report.unmet_requirements:
        lines.append(eligibility_line(report))
    return lines


def held_line(question: _Held) -> str:
    """Why a question is not enumerated: what it is held at, and what reads it instead."""
    why = (
        f"no scoring condition reads it, only {', '.join(question.read_by)}"
        if question.read_by
        else "no condition reads it"
    )
    return f"  {question.id} is not enumerated (held at {question.neutral}): {why}"


def eligibility_line(report: AuditFigures) -> str:
    """Eligibility honesty: picks whose requirement the answers do not show, and whether any of
    them is advised with high confidence."""
    high = report.overconfident.count if report.overconfident else 0
    verdict = f"FAILS: {high:,} advised with high confidence" if high else "none advised with high confidence"
    return (
        f"Eligibility: {plural(report.unmet_requirements, 'profile')} advised a credential whose "
        f"requirement the answers do not show ({report.requirement_checks:,} with a lead that would "
        f"otherwise be confident); {verdict}"
    )


def freshness_line(due: int, total: int) -> str:
    """How many facts are due for a re-read of their sources (undated evidence, evidence past its
    window, or a fee only third parties give)."""
    hint = " (list them: certadvisor check-data --stale)" if due else ""
    return f"Freshness: {due} of {total} facts due for a re-read of their sources{hint}"


def warning_lines(warnings: Sequence[str]) -> list[str]:
    """Warnings, one line each (for stderr)."""
    return [f"warning: {warning}" for warning in warnings]


def problem_lines(problems: Sequence[str]) -> list[str]:
    """The problems that make the check fail, under a count (for stderr)."""
    if not problems:
        return []
    return [f"{plural(len(problems), 'problem')}:", *(f"  - {problem}" for problem in problems)]
