"""An independent oracle the tests compare the engine and the grid with: plain loops, no numpy.

The oracle reads the catalog's parsed ``Condition`` trees with its own small evaluator
(``oracle_holds``) and adds up the rules' points itself. It calls neither the compiled form
(``conditions.compile_condition``, ``Condition.holds``) nor the rule set (``core.rules``), so a
mistake shared by the engine and the grid cannot pass unseen. Points a rule takes from the cost
facts (``points_from``) are worked out by the cost model, ``cost.scaled_points``, which is not
what these tests check.

``DataFile`` writes random data files, for comparisons beyond the shipped one.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Callable, Iterator, Mapping

from certadvisor.core.cost import scaled_points
from certadvisor.core.engine import Engine
from certadvisor.model.catalog import Catalog
from certadvisor.model.conditions import Condition
from certadvisor.model.records import Rule
from certadvisor.model.results import Deciding, WhatIf

BASE = 50  # every certification's starting total, as the README says
HELD = -1_000_000  # the total of a credential the person already holds: last, never first


def parts_of(answer: str | None) -> set[str]:
    """The parts of an answer, as docs/data.md spells a set answer: its members joined by "+"
    (a single value is a set of one; an unanswered question has no parts)."""
    return set(answer.split("+")) if answer is not None else set()


def oracle_holds(condition: Condition, answers: Mapping[str, str]) -> bool:
    """A condition over some answers, read straight from its parsed tree (as the README says
    the language means): a test holds when the answer is one of its values (``includes`` and
    ``any_of``: when one of the answer's parts is), ``all`` when every part holds, ``any`` when
    some part does, ``not`` when its part does not; no condition always holds. An unanswered
    question's answer is none of its values."""
    kind = condition.kind
    if kind == "equals" or kind == "one_of":
        return answers.get(condition.question) in condition.values
    if kind == "includes" or kind == "any_of":
        return any(part in condition.values for part in parts_of(answers.get(condition.question)))
    if kind == "all":
        return all(oracle_holds(part, answers) for part in condition.parts)
    if kind == "any":
        return any(oracle_holds(part, answers) for part in condition.parts)
    if kind == "not":
        return not oracle_holds(condition.parts[0], answers)
    assert kind == "always", kind
    return True


class Oracle:
    """One catalog's scoring, worked out profile by profile from its conditions and points."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.advice = catalog.advice
        self.codes = list(catalog.advice.tie_order if catalog.advice else catalog.certs)
        open_to_all = {code: cert for code, cert in catalog.certs.items() if cert.requires is None}
        self.points: dict[str, dict[str, int]] = {}
        for rule in catalog.rules:
            if rule.points_from is None:
                self.points[rule.id] = dict(rule.points)
            else:
                self.points[rule.id] = scaled_points(open_to_all, *rule.points_from)

    def effective(self, given: Mapping[str, str]) -> dict[str, str]:
        """Effective answers as the README describes them: the answer, or neutral when
        unanswered or when the question's ``when`` does not hold for the earlier answers."""
        result: dict[str, str] = {}
        for q in self.catalog.questions:
            result[q.id] = given.get(q.id, q.neutral) if oracle_holds(q.when, result) else q.neutral
        return result

    def held(self, effective: Mapping[str, str]) -> tuple[str, ...]:
        """What the held answer means held: per part, what the data says that one value means
        held, in the parts' order, each once."""
        if self.advice is None or self.advice.held_question is None:
            return ()
        found: list[str] = []
        for part in effective[self.advice.held_question].split("+"):
            found += [code for code in self.advice.held.get(part, ()) if code not in found]
        return tuple(found)

    def fired(self, effective: Mapping[str, str]) -> list[Rule]:
        """The rules whose conditions hold, in file order."""
        return [rule for rule in self.catalog.rules if oracle_holds(rule.when, effective)]

    def totals(self, effective: Mapping[str, str], fired: list[Rule] | None = None) -> dict[str, int]:
        """50 plus the points of every rule that holds (``fired``, when known); a held
        credential at HELD."""
        totals = dict.fromkeys(self.codes, BASE)
        for rule in self.fired(effective) if fired is None else fired:
            for code, amount in self.points[rule.id].items():
                totals[code] += amount
        for code in self.held(effective):
            totals[code] = HELD
        return totals

    def order(self, totals: Mapping[str, int]) -> list[str]:
        """Ranked by uncapped total; an exact tie goes to the earlier code in the tie order."""
        place = {code: i for i, code in enumerate(self.codes)}
        return sorted(self.codes, key=lambda code: (-totals[code], place[code]))

    def offered(self, effective: Mapping[str, str], question: str, value: str) -> bool:
        """True when a what-if (or a deciding question) may suggest answering ``question`` with
        ``value``, as docs/data.md states the ``[[offers]]`` rule: every offer that names the
        question and the value holds for the person's current effective answers (an answer no
        offer names is always offered)."""
        return all(
            oracle_holds(offer.when, effective)
            for offer in self.catalog.offers
            if offer.question == question and value in offer.values
        )

    def what_if_candidates(self, answers: Mapping[str, str], top: str, size: int) -> list[WhatIf]:
        """Every sensible what-if of ``size`` changes (1 or 2), by brute force from the catalog,
        as ``core.policy``'s docstring states the rules.

        A change is to an asked *preference* question, to a value that is neither the current
        one nor neutral, and that the offers allow for the current answers (``offered``). It
        counts when the new leader differs from ``top``, is matched (above 50), a rule that reads
        a changed question and holds afterwards gives it points, and no conflict appears that the
        answers did not already have. Overturning a given answer (not filling in an open one)
        counts only when the new leader shares a setting with ``top``.
        """
        catalog, now = self.catalog, self.effective(answers)
        before = {c.id for c in catalog.conflicts if oracle_holds(c.when, now)}
        options = [
            [(q.id, v) for v in q.values if v not in (now[q.id], q.neutral) and self.offered(now, q.id, v)]
            for q in catalog.questions
            if q.kind == "preference" and oracle_holds(q.when, now)
        ]
        flat = [change for changes in options for change in changes]
        # Pairs in itertools.combinations order of the single changes, as the policy lists them.
        candidates: list[tuple[tuple[str, str], ...]] = (
            [(change,) for change in flat]
            if size == 1
            else [(a, b) for i, a in enumerate(flat) for b in flat[i + 1 :] if a[0] != b[0]]
        )
        found: list[WhatIf] = []
        for changes in candidates:
            after = self.effective({**answers, **dict(changes)})
            totals = self.totals(after)
            ranked = self.order(totals)
            leader = ranked[0]
            if leader == top or totals[leader] <= BASE:
                continue
            if any(c.id not in before for c in catalog.conflicts if oracle_holds(c.when, after)):
                continue
            changed = {q for q, _v in changes}
            shared = set(catalog.certs[leader].settings) & set(catalog.certs[top].settings)
            if changed & set(answers) and not shared:
                continue
            if not any(
                self.points[rule.id].get(leader, 0) > 0
                and set(rule.when.questions()) & changed
                and oracle_holds(rule.when, after)
                for rule in catalog.rules
            ):
                continue
            found.append(WhatIf(changes, leader, totals[leader] - totals[ranked[1]]))
        return found

    def what_ifs(self, answers: Mapping[str, str], top: str) -> tuple[WhatIf, ...]:
        """The what-ifs a result shows, by brute force: single changes, or pairs when no single
        change is sensible; per new leader the candidate that overturns fewest answers, then has
        the widest lead, then comes first; at most three, the leaders ranked closest first."""
        candidates = self.what_if_candidates(answers, top, 1) or self.what_if_candidates(answers, top, 2)
        best: dict[str, tuple[tuple[int, int, int], WhatIf]] = {}
        for position, found in enumerate(candidates):
            key = (sum(q in answers for q, _v in found.changes), -found.margin, position)
            if found.leader not in best or key < best[found.leader][0]:
                best[found.leader] = (key, found)
        place = {code: i for i, code in enumerate(self.order(self.totals(self.effective(answers))))}
        return tuple(best[code][1] for code in sorted(best, key=place.__getitem__)[:3])

    def deciding(self, answers: Mapping[str, str], top: str) -> list[Deciding]:
        """The deciding questions, by brute force: each asked preference question still at
        neutral, answered in turn with every value the offers allow; it counts when the matched
        first places it leads to are several, or are not ``top``. Most first places first, then
        the earlier question; two at most."""
        now = self.effective(answers)
        found: list[tuple[int, int, Deciding]] = []
        preferences = [q for q in self.catalog.questions if q.kind == "preference"]
        for index, q in enumerate(preferences):
            if now[q.id] != q.neutral or not oracle_holds(q.when, now):
                continue
            leaders: list[str] = []
            for value in q.values:
                if not self.offered(now, q.id, value):
                    continue
                totals = self.totals(self.effective({**answers, q.id: value}))
                first = self.order(totals)[0]
                if totals[first] > BASE and first not in leaders:
                    leaders.append(first)
            if len(leaders) > 1 or (leaders and top not in leaders):
                found.append((-len(leaders), index, Deciding(q.id, tuple(leaders))))
        return [entry for _n, _i, entry in sorted(found)[:2]]

    def profiles(self, restrict: Mapping[str, tuple[str, ...]] | None = None) -> Iterator[dict[str, str]]:
        """Every distinct effective profile, depth-first in question order (optionally with some
        questions narrowed to some values, as ``Grid(restrict=...)`` does)."""
        questions = self.catalog.questions
        current: dict[str, str] = {}

        def walk(index: int) -> Iterator[dict[str, str]]:
            if index == len(questions):
                yield dict(current)
                return
            question = questions[index]
            values = question.values
            if restrict and question.id in restrict:
                values = tuple(v for v in values if v in restrict[question.id])
            if not oracle_holds(question.when, current):
                values = (question.neutral,)
            for value in values:
                current[question.id] = value
                yield from walk(index + 1)
            del current[question.id]

        yield from walk(0)

    def counts(
        self,
        restrict: Mapping[str, tuple[str, ...]] | None = None,
        check: Callable[[dict[str, str], list[Rule], dict[str, int]], None] | None = None,
    ) -> dict[str, object]:
        """What the audit counts, profile by profile; ``check``, when given, sees each profile
        with the rules that fire for it and its totals."""
        catalog = self.catalog
        first: Counter[str] = Counter(dict.fromkeys(catalog.certs, 0))
        fires: Counter[str] = Counter(dict.fromkeys((r.id for r in catalog.rules), 0))
        covered: Counter[str] = Counter()
        failed: Counter[str] = Counter()
        in_conflict: Counter[str] = Counter()
        count = 0
        for profile in self.profiles(restrict):
            count += 1
            fired = self.fired(profile)
            totals = self.totals(profile, fired)
            if check is not None:
                check(profile, fired, totals)
            top = self.order(totals)[0]
            first[top] += 1
            fires.update(rule.id for rule in fired)
            for expectation in catalog.expectations:
                if oracle_holds(expectation.when, profile):
                    covered[expectation.id] += 1
                    failed[expectation.id] += not expectation.allows(top)
            in_conflict.update(c.id for c in catalog.conflicts if oracle_holds(c.when, profile))
        return {
            "profiles": count,
            "first": dict(first),
            "fires": dict(fires),
            "covered": {e.id: covered[e.id] for e in catalog.expectations},
            "failed": {e.id: failed[e.id] for e in catalog.expectations if failed[e.id]},
            "conflicts": {c.id: in_conflict[c.id] for c in catalog.conflicts},
        }


def profiles(
    engine: Engine, restrict: Mapping[str, tuple[str, ...]] | None = None
) -> Iterator[dict[str, str]]:
    """Every distinct effective profile of an engine's catalog (``Oracle.profiles``)."""
    return Oracle(engine.catalog).profiles(restrict)


def reference_counts(
    catalog: Catalog, restrict: Mapping[str, tuple[str, ...]] | None = None
) -> dict[str, object]:
    """What the audit counts, profile by profile through the oracle (``Oracle.counts``)."""
    return Oracle(catalog).counts(restrict)


def _value(rng: random.Random, values: list[str]) -> str:
    return json.dumps(rng.choice(values))


class DataFile:
    """A random data file built on the shipped one: its sources, certifications and questions
    (some switched between preference and fact), questions of its own (some shown only after an
    earlier answer), random rules (nested ``not`` and ``any`` included; a set question's members
    tested with ``includes`` and ``any_of``), a shuffled tie order, random margins, random
    conflicts and random offers (what a what-if may suggest, and when)."""

    def __init__(self, rng: random.Random, shipped_text: str, shipped: Catalog) -> None:
        self.rng = rng
        self.values = {q.id: list(q.values) for q in shipped.questions}
        # A set question's single values, which its member tests (includes, any_of) name.
        self.members = {q.id: [v for v in q.values if "+" not in v] for q in shipped.questions if q.multiple}
        self.codes = list(shipped.certs)
        head = shipped_text[: shipped_text.index("[[rules]]")]
        for q in shipped.questions:
            if rng.random() < 0.25:
                other = "fact" if q.kind == "preference" else "preference"
                head = head.replace(f'id = "{q.id}"\nkind = "{q.kind}"', f'id = "{q.id}"\nkind = "{other}"')
        parts = [head, *self._questions(), *self._rules()]
        advice = shipped_text[shipped_text.index("[advice]") : shipped_text.index("[[conflicts]]")]
        order = self.codes[:]
        rng.shuffle(order)
        advice = advice.replace(
            f"tie_order = {json.dumps(list(shipped.advice.tie_order if shipped.advice else ()))}",
            f"tie_order = {json.dumps(order)}",
        )
        near = rng.randint(0, 10)
        advice = advice.replace("near_tie = 3", f"near_tie = {near}")
        advice = advice.replace("clear_margin = 10", f"clear_margin = {rng.randint(near + 1, 30)}")
        parts.append("\n" + advice)
        for index in range(rng.randint(0, 4)):
            parts.append(f'\n[[conflicts]]\nid = "c{index}"\nwhen = {{ {self._condition()} }}\nnote = "C."\n')
        parts += self._offers()
        self.text = "".join(parts)

    def _offers(self) -> list[str]:
        """Random offers: some values of a question (often a preference the rules read, so the
        offer withholds real what-ifs), suggested only when a random condition holds."""
        rng, parts = self.rng, []
        for index in range(rng.randint(0, 4)):
            question = rng.choice(["goal", "setting", "employer", "body_preference", *self.values])
            values = self.values[question]
            some = rng.sample(values, rng.randint(1, max(1, len(values) - 1)))
            parts.append(
                f'\n[[offers]]\nid = "o{index}"\nquestion = "{question}"\nvalues = {json.dumps(some)}\n'
                f'when = {{ {self._condition()} }}\nwhy = "Offer {index}."\n'
            )
        return parts

    def _questions(self) -> list[str]:
        rng, parts = self.rng, []
        for index in range(rng.randint(0, 3)):
            qid = f"x{index}"
            values = [f"{qid}v{j}" for j in range(rng.randint(2, 6))]
            when = ""
            if rng.random() < 0.5:
                gate = rng.choice(list(self.values))
                shown = rng.sample(self.values[gate], rng.randint(1, len(self.values[gate])))
                when = f"when = {{ {gate} = {{ one_of = {json.dumps(shown)} }} }}\n"
            choices = ", ".join(f'{{ value = "{v}", label = "{v}" }}' for v in values)
            kind = rng.choice(["preference", "preference", "fact"])
            parts.append(
                f'\n[[questions]]\nid = "{qid}"\nkind = "{kind}"\nshort = "{qid}"\ntext = "{qid}?"\n'
                f'help = "A test question."\nneutral = "{rng.choice(values)}"\n{when}choices = [{choices}]\n'
            )
            self.values[qid] = values
        return parts

    def _rules(self) -> list[str]:
        rng, parts = self.rng, []
        for index in range(rng.randint(5, 40)):
            codes = rng.sample(self.codes, rng.randint(1, 4))
            points = {code: rng.choice([n for n in range(-40, 41) if n]) for code in codes}
            if rng.random() < 0.4:
                points = {code: abs(n) for code, n in points.items()}
            shown = ", ".join(f'"{code}" = {n}' for code, n in points.items())
            parts.append(
                f'\n[[rules]]\nid = "r{index}"\nwhen = {{ {self._condition()} }}\n'
                f'points = {{ {shown} }}\nreason = "Rule {index}."\n'
            )
        return parts

    def _condition(self, depth: int = 0) -> str:
        rng, items, used = self.rng, [], set()
        for _ in range(rng.choice([1, 1, 2, 3])):
            roll = rng.random()
            if depth < 2 and roll < 0.12 and "not" not in used:
                items.append(f"not = {{ {self._condition(depth + 1)} }}")
                used.add("not")
            elif depth < 2 and roll < 0.24 and "any" not in used:
                items.append(
                    f"any = [{{ {self._condition(depth + 1)} }}, {{ {self._condition(depth + 1)} }}]"
                )
                used.add("any")
            else:
                question = rng.choice(list(self.values))
                if question in used:
                    continue
                used.add(question)
                values = self.values[question]
                singles = self.members.get(question)
                if singles and rng.random() < 0.5:
                    some = rng.sample(singles, rng.randint(1, 3))
                    test = (
                        f"includes = {json.dumps(some[0])}"
                        if len(some) == 1
                        else f"any_of = {json.dumps(some)}"
                    )
                    items.append(f"{question} = {{ {test} }}")
                elif rng.random() < 0.5:
                    items.append(f"{question} = {_value(rng, values)}")
                else:
                    some = rng.sample(values, rng.randint(1, max(1, len(values) - 1)))
                    items.append(f"{question} = {{ one_of = {json.dumps(some)} }}")
        if not items:
            question = rng.choice(list(self.values))
            items.append(f"{question} = {_value(rng, self.values[question])}")
        return ", ".join(items)
