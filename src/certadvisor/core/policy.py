"""The what-if and deciding-question policy, written once.

Both searches call this module: the one-profile search (``whatif``) and the bulk search of the
batch (``fast.whatif_bulk``). They differ only in how a candidate change is scored, one profile
at a time or many as arrays; which changes are tried, in what order, which are kept and which
are shown is decided here.

What-ifs: the smallest changes to *preference* answers that put a different, sensible
credential first.

- Only questions of kind ``preference`` change: a what-if never asks someone to have less
  experience or another education; what time would change belongs in the path.
- A change to a neutral value ("no preference") is not suggested: it is not something to act on.
- *Offered*: a change is tried only when every ``[[offers]]`` entry naming its question and value
  holds for the person's *current* effective answers (``withheld``): "if your goal were auditing"
  is advice only for someone whose answers show they could take that job today. The offers are
  read before any change, so a pair is tried only when both of its changes are offered alone:
  one change never unlocks the other.
- *Sensible*: the new leader is matched, a rule that reads a changed answer speaks for it (so it
  is not reached only by pushing others down through an unrelated answer), and the change brings
  in no conflict the answers did not already have. Overturning an answer the person gave (rather
  than filling in one they left open) is suggested only towards a credential for the same kind
  of work (they share a setting in the data).
- One what-if per new leader, single changes before pairs (pairs are tried only when no single
  change works); per leader, a change that fills in an unanswered question beats one that
  overturns an answer, then the wider lead, then the earlier candidate. At most three, the
  credentials ranked closest to the pick first.

Deciding questions: the asked, unanswered preference questions whose answer would change the
pick, tried with every value the offers allow (the same ``withheld`` as the what-ifs: a deciding
question suggests its answers, and "your goal decides: auditing would give CPMA" is no more
advice to a beginner than the what-if is); those leading to the most different first places come
first.

*Bounded*: a search tries at most ``MAX_SINGLES`` single changes (and deciding values) and
``MAX_PAIRS`` pairs, the first ones in the order above. The shipped data has about twenty single
changes and two hundred pairs, far below either; a data file with thousands of preference values
would otherwise make one ``recommend`` try millions of pairs (a 350 KB file took 42 s and 456 MB).

Both searches take their candidates from ``single_changes`` and ``deciding_candidates``, so the
offers filter the candidates before any scoring, in one place: the bulk search never scores a
withheld change, and its row positions (the tie-break) follow the same filtered list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from itertools import islice
from typing import TYPE_CHECKING, Protocol, Self, TypeVar

from certadvisor.core.rules import BASE_SCORE, RuleSet
from certadvisor.model.catalog import Catalog
from certadvisor.model.records import Question
from certadvisor.model.results import Changes, Deciding, WhatIf

if TYPE_CHECKING:  # the sensible test's types: what it needs of a candidate's facts

    class Truth(Protocol):
        """A truth value, or many at once (an array of booleans): combined with ``&`` and ``|``."""

        def __and__(self, other: Self, /) -> Self: ...

        def __or__(self, other: Self, /) -> Self: ...

    T = TypeVar("T", bound=Truth)
    T_co = TypeVar("T_co", bound=Truth, covariant=True)

    class Facts(Protocol[T_co]):
        """What the sensible test asks of a scored candidate (or, as arrays, of many)."""

        def new_leader(self) -> T_co:
            """Another credential than the pick comes first once the change is made."""
            ...

        def matched(self) -> T_co:
            """The new leader's total is above the starting score: the answers speak for it."""
            ...

        def fills_in(self) -> T_co:
            """Every changed question was unanswered: no answer the person gave is overturned."""
            ...

        def same_kind(self) -> T_co:
            """The new leader and the pick are for the same kind of work (``same_kind_of_work``)."""
            ...

        def speaks(self) -> T_co:
            """A rule that reads a changed answer gives the new leader points, and holds after."""
            ...

        def no_new_conflict(self) -> T_co:
            """Every conflict the changed answers fall into, the answers already fell into."""
            ...


MAX_WHAT_IFS = 3
MAX_DECIDING = 2
# The most candidates one profile's search tries (see *Bounded* above).
MAX_SINGLES = 2_000
MAX_PAIRS = 5_000


# -- which changes are tried, in what order ------------------------------------------------------


def withheld(rules: RuleSet, effective: Mapping[str, str]) -> frozenset[tuple[str, str]]:
    """The (question, value) changes that some offer naming them does not allow for these
    (current, effective) answers: a what-if or a deciding question never suggests them."""
    return frozenset(
        (offer.question, value)
        for offer, holds in rules.offers
        if not holds(effective)
        for value in offer.values
    )


def single_changes(rules: RuleSet, effective: Mapping[str, str]) -> list[Changes]:
    """Every one-answer change to an asked preference question, to a value other than its
    current one and other than neutral, that the offers allow: in question order, then value
    order; the first ``MAX_SINGLES`` of them."""
    barred = withheld(rules, effective)
    changes = (
        ((q.id, v),)
        for q in rules.preferences
        if rules.asked(q.id, effective)
        for v in q.values
        if v != effective[q.id] and v != q.neutral and (q.id, v) not in barred
    )
    return list(islice(changes, MAX_SINGLES))


def pairs(singles: Sequence[Changes]) -> Iterator[Changes]:
    """Two single changes to different questions, in ``itertools.combinations`` order (of
    ``single_changes``, which lists each question's changes together), made one at a time and
    at most ``MAX_PAIRS`` of them."""
    return islice(_pairs(singles), MAX_PAIRS)


def _pairs(singles: Sequence[Changes]) -> Iterator[Changes]:
    # A question's changes come together, so the pairs of a change start after its question's
    # last one: the same-question pairs that ``combinations`` would give are never walked.
    after = next_question([changes[0][0] for changes in singles])
    for first, changes in enumerate(singles):
        for other in singles[after[first] :]:
            yield changes + other


def next_question(questions: Sequence[object]) -> list[int]:
    """Per single change (given by its question, the changes of a question together), the
    position of the first change to a later question."""
    found = [len(questions)] * len(questions)
    for position in range(len(questions) - 2, -1, -1):
        same = questions[position] == questions[position + 1]
        found[position] = found[position + 1] if same else position + 1
    return found


# Which candidates a search round tries: single changes, or pairs of them.
SINGLES, PAIRS = "singles", "pairs"


def in_stages(search: Callable[[str, Sequence[int]], list[Best]], count: int) -> list[Best]:
    """Each of ``count`` profiles' best candidates: single changes for every profile, pairs only
    for the profiles no single change works for. ``search(stage, profiles)`` scores a stage's
    candidates for some profiles (by index) and gives their ``Best``, in the same order."""
    found = search(SINGLES, range(count))
    pending = [i for i, best in enumerate(found) if not best]
    if pending:
        for i, best in zip(pending, search(PAIRS, pending), strict=True):
            found[i] = best
    return found


def deciding_candidates(
    rules: RuleSet, effective: Mapping[str, str]
) -> list[tuple[int, Question, tuple[str, ...]]]:
    """The questions a deciding search tries: the asked preference questions still at neutral,
    with their place among the preferences and the values to try (every value the offers
    allow, in the question's order)."""
    barred = withheld(rules, effective)
    found: list[tuple[int, Question, tuple[str, ...]]] = []
    room = MAX_SINGLES  # values tried in all, as for the single changes
    for index, q in enumerate(rules.preferences):
        if room > 0 and effective[q.id] == q.neutral and rules.asked(q.id, effective):
            values = tuple(islice((v for v in q.values if (q.id, v) not in barred), room))
            found.append((index, q, values))
            room -= len(values)
    return found


# -- which candidates are kept -------------------------------------------------------------------


def leader(codes: Sequence[str], totals: Mapping[str, int]) -> str:
    """The first place: the highest uncapped total, the first of equal totals in tie order (as
    the stable ranking gives; a vectorised search takes the arg-max, the same)."""
    return max(codes, key=totals.__getitem__)


def _new_leader(facts: Facts[T]) -> T:
    return facts.new_leader()


def _matched(facts: Facts[T]) -> T:
    return facts.matched()


def _fills_in_or_same_kind(facts: Facts[T]) -> T:
    # Overturning a stated preference is worth suggesting only between credentials for the same
    # kind of work; "if your goal were billing" is no help to a would-be inpatient coder.
    return facts.fills_in() | facts.same_kind()


def _speaks(facts: Facts[T]) -> T:
    return facts.speaks()


def _no_new_conflict(facts: Facts[T]) -> T:
    return facts.no_new_conflict()


# The sensible test: a candidate is kept when every one of these holds. Cheapest first, so that
# a search can stop at the first that fails (``sensible``) or, over arrays, once no row passes.
SENSIBLE = (_new_leader, _matched, _fills_in_or_same_kind, _speaks, _no_new_conflict)


def sensible(facts: Facts[bool]) -> bool:
    """True when one scored candidate passes every test of ``SENSIBLE``."""
    for test in SENSIBLE:
        if not test(facts):
            return False
    return True


def same_kind_of_work(catalog: Catalog, one: str, other: str) -> bool:
    """True when two credentials share a setting in the data: the same kind of work."""
    return bool(set(catalog.certs[one].settings) & set(catalog.certs[other].settings))


def lead(leader_total: int, runner_up_total: int) -> int:
    """A what-if's lead, measured like a result's margin: on the uncapped totals, so that it
    agrees with the totals the screens show."""
    return leader_total - runner_up_total


Key = tuple[int, int, int]


def key(overturned: int, lead: int, position: int) -> Key:
    """How candidates for the same new leader compare (lower is better): fewer answers
    overturned, then the wider lead, then the earlier candidate."""
    return (overturned, -lead, position)


class Best:
    """One profile's best candidate so far for each new leader."""

    def __init__(self) -> None:
        self.by_leader: dict[str, tuple[Key, Changes, int]] = {}

    def __bool__(self) -> bool:
        return bool(self.by_leader)

    def wants(self, leader: str, key: Key) -> bool:
        """True when a candidate with this key beats the best for this leader so far."""
        found = self.by_leader.get(leader)
        return found is None or key < found[0]

    def keep(self, leader: str, key: Key, changes: Changes, lead: int) -> None:
        """Keep a candidate, if it beats the best for its leader so far."""
        if self.wants(leader, key):
            self.by_leader[leader] = (key, changes, lead)

    def chosen(self, order: Sequence[str]) -> tuple[WhatIf, ...]:
        """At most three what-ifs, the credentials ranked closest to the pick (in ``order``,
        the profile's own ranking) first: the runner-up before the fifth."""
        place = {code: index for index, code in enumerate(order)}
        chosen = sorted(self.by_leader.items(), key=lambda item: (place[item[0]], item[1][0]))
        return tuple(WhatIf(changes, leader, lead) for leader, (_key, changes, lead) in chosen[:MAX_WHAT_IFS])


# -- deciding questions --------------------------------------------------------------------------


def deciding(
    outcomes: Mapping[int, Sequence[tuple[str, int]]], top: str, preferences: Sequence[Question]
) -> tuple[Deciding, ...]:
    """The one or two questions that would most change the pick.

    ``outcomes`` gives, per candidate question (by its place among the preferences), the first
    place and its total for each of its values in turn. A question counts when the matched
    first places it can lead to are several, or are not the pick; the ones leading to the most
    come first, then the earlier question.
    """
    found: list[tuple[int, int, Deciding]] = []
    for index, firsts in outcomes.items():
        leaders = tuple(dict.fromkeys(code for code, total in firsts if total > BASE_SCORE))
        if len(leaders) > 1 or (leaders and top not in leaders):
            found.append((-len(leaders), index, Deciding(preferences[index].id, leaders)))
    found.sort()
    return tuple(entry for _n, _i, entry in found[:MAX_DECIDING])
