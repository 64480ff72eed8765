"""A certification's cost lines, from its facts: the first year, the programme, the extra
attempts, the upkeep and the months, each marked when the person has it already.

``core.cost`` puts them together into a sheet and its totals; a line with ``counted`` False is
shown and left out of every total.
"""

from __future__ import annotations

from certadvisor.core.cost_items import (
    APPRENTICE,
    BOOKS,
    CEU_COST,
    DUES,
    EDUCATION,
    EXAM_MEMBER,
    EXAM_NON_MEMBER,
    MEMBERSHIP_REQUIRED,
    RECERT_MEMBER,
    RECERT_NON_MEMBER,
    RETAKE,
    STUDY,
    TRAINING,
    TWO_ATTEMPTS_MEMBER,
    Estimate,
    Item,
    Programme,
    Standing,
    estimate,
    total,
)
from certadvisor.model.records import Cert, Fact

PASSED_ALREADY = " (exam passed already)"


def fact_of(cert: Cert, key: str) -> Fact | None:
    """The certification's fact for ``key``, if the data records one."""
    return cert.facts.get(key)


def membership_required(cert: Cert) -> bool:
    """True when the body requires membership to sit the exam and keep the credential."""
    fact = fact_of(cert, MEMBERSHIP_REQUIRED)
    return bool(fact is not None and fact.value is True)


def programme_of(cert: Cert, done: bool) -> Programme:
    """Whether the way in goes through a programme, and whether the person has done it."""
    education = fact_of(cert, EDUCATION)
    if education is None or education.status == "not_applicable":
        return Programme.NONE
    if done:
        return Programme.DONE
    return Programme.UNSETTLED if education.status == "unknown" else Programme.REQUIRED


def _had(item: Item, standing: Standing, aside: str) -> Item:
    """A line the person has already: shown, labelled so, and counted in no total."""
    return item._replace(label=item.label + aside, counted=False, standing=standing)


def dues_item(cert: Cert, role: str, label: str, *, paid: bool) -> Item:
    """Membership dues, per year; shown as paid already (and counted nowhere) when they are."""
    dues = fact_of(cert, DUES)
    value = estimate(dues, f"{cert.body.code} membership dues", needed=True)
    item = Item(role, label, value, dues, "per year")
    return _had(item, Standing.PAID, " (you pay them already)") if paid else item


def first_year(
    cert: Cert, member: bool, *, required: bool, paid: bool = False, passed: bool = False
) -> tuple[list[Item], Estimate]:
    """The exam, the dues a member pays and the exam year's code books, with their known sum."""
    exam = fact_of(cert, EXAM_MEMBER if member else EXAM_NON_MEMBER)
    who = "member" if member else "non-member"
    label = f"{cert.code} exam fee ({who})"
    items = [Item("exam", f"Exam, one attempt ({who})", estimate(exam, label, needed=True), exam, "once")]
    if member:
        label = f"{cert.body.code} membership dues" + ("" if required or paid else " (optional)")
        items.append(dues_item(cert, "dues", label, paid=paid))
    books = fact_of(cert, BOOKS)
    value = estimate(books, "code books", needed=True)
    items.append(Item("books", "Code books for the exam year", value, books, "once"))
    if passed:
        # An apprentice has sat the exam: its fee and its year's books are behind them.
        items = [_had(i, Standing.PASSED, PASSED_ALREADY) if i.role != "dues" else i for i in items]
    known = total(i.estimate for i in items if i.estimate is not None and i.counted)
    return items, known


def programme_item(cert: Cert, programme: Programme, *, passed: bool = False) -> Item:
    """The programme that is the way in, or else the usual training (a course)."""
    fact = fact_of(cert, TRAINING)
    # Named as the totals will name it when unpriced: "plus a CPC course (not known)".
    what = (
        f"{cert.code} training"
        if programme is not Programme.NONE
        else f"{article(cert.code)} {cert.code} course"
    )
    value = estimate(fact, what, needed=True)
    if programme is Programme.DONE:
        item = Item("training", "Required programme", value, fact, "once")
        return _had(item, Standing.DONE, " (done, or in its final term)")
    label = {
        Programme.REQUIRED: "Required programme",
        Programme.UNSETTLED: "Required programme (whether one is needed is not known)",
    }.get(programme, "Training (usual route)")
    item = Item("training", label, value, fact, "once")
    if passed and programme is Programme.NONE:
        return _had(item, Standing.PASSED, PASSED_ALREADY)  # the preparation is behind them
    return item


def article(code: str) -> str:
    """'a' or 'an' before a credential's code, read letter by letter ("an RHIT", "a CPC")."""
    return "an" if code[:1].upper() in "AEFHILMNORSX" else "a"


def extra_attempts(cert: Cert) -> list[Item]:
    """The two-attempt package and a retake: shown for planning, never in the totals."""
    items = []
    two = fact_of(cert, TWO_ATTEMPTS_MEMBER)
    if two is not None:
        label = "Exam, two-attempt package instead"
        items.append(Item("two_attempts", label, estimate(two, "two-attempt package"), two, "once", False))
    retake = fact_of(cert, RETAKE)
    items.append(Item("retake", "Retake, if needed", estimate(retake, "retake"), retake, "once", False))
    return items


def upkeep_items(cert: Cert, member: bool, *, paid: bool) -> list[Item]:
    """The recertification fee, the CEUs and (for a member) the dues over a renewal cycle."""
    fee = fact_of(cert, RECERT_MEMBER if member else RECERT_NON_MEMBER)
    who = "member" if member else "non-member"
    value = estimate(fee, "recertification fee", needed=True)
    items = [Item("recert", f"Recertification fee ({who})", value, fee, "per cycle")]
    ceus = fact_of(cert, CEU_COST)
    value = estimate(ceus, "CEU courses", needed=True)
    items.append(Item("ceus", "Earning the CEUs", value, ceus, "per cycle"))
    if member:
        items.append(dues_item(cert, "cycle_dues", "Membership dues over the cycle", paid=paid))
    return items


def months(
    cert: Cert, programme: Programme, *, passed: bool = False
) -> tuple[Estimate, Estimate, list[Item]]:
    """The months to the first credential and to the full one, and their lines; a programme
    done or an exam passed is shown but not counted, so the months start from where the person is."""
    items = []
    parts = []
    for role, key, label in (
        ("education", EDUCATION, "Required education"),
        ("study", STUDY, "Study before the exam"),
    ):
        fact = fact_of(cert, key)
        value = estimate(fact, label.lower(), needed=True)
        item = Item(role, label, value, fact, "months")
        if role == "education" and programme is Programme.DONE:
            item = _had(item, Standing.DONE, " (done, or in its final term)")
        elif passed:
            item = _had(item, Standing.PASSED, PASSED_ALREADY)
        items.append(item)
        if value is not None and item.counted:
            parts.append(value)
    first = total(parts)
    apprentice_fact = fact_of(cert, APPRENTICE)
    apprentice = estimate(apprentice_fact, "removing the apprentice status", needed=True)
    items.append(Item("apprentice", "Removing the apprentice status", apprentice, apprentice_fact, "months"))
    full = first.plus(apprentice) if apprentice is not None else first
    return first, full, items
