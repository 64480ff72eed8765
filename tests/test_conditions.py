"""The condition language: every operator parses, evaluates and explains itself; every mistake
is rejected with the path inside the condition and a message that says what was expected."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from certadvisor.fast.arrays import np
from certadvisor.fast.masks import array_predicate
from certadvisor.model.conditions import (
    ALWAYS,
    Compiled,
    Condition,
    ConditionError,
    Kind,
    Leaf,
    Predicate,
    compile_condition,
    parse_condition,
    predicate,
)

# A small, fixed vocabulary so the tests do not depend on the shipped data.
CHOICES: dict[str, tuple[str, ...]] = {
    "setting": ("inpatient", "outpatient", "no_preference"),
    "goal": ("outpatient_coder", "inpatient_coder", "undecided"),
    "budget": ("tight", "moderate"),
}

# Every full answer set over CHOICES: conditions are checked against all of them.
ALL_ANSWERS = [dict(zip(CHOICES, values, strict=True)) for values in itertools.product(*CHOICES.values())]


def parse(raw: Any, path: str = "when") -> Condition:
    return parse_condition(raw, CHOICES, path)


def matching(condition: Condition) -> list[dict[str, str]]:
    return [answers for answers in ALL_ANSWERS if condition.holds(answers)]


# Every full answer set over CHOICES as columns of value indexes, one row each, for the array
# evaluator.
COLUMNS = {
    q: np.array([values.index(a[q]) for a in ALL_ANSWERS], dtype=np.intp) for q, values in CHOICES.items()
}


def evaluations(condition: Condition) -> tuple[list[bool], list[bool]]:
    """The condition on every answer set by both evaluators of its compiled form: the one for
    a profile and the array one."""
    compiled = compile_condition(condition)
    one: Predicate = predicate(compiled)
    many = np.broadcast_to(array_predicate(compiled, CHOICES)(COLUMNS), (len(ALL_ANSWERS),))
    return [one(a) for a in ALL_ANSWERS], [bool(v) for v in many]


def check_normal_form(compiled: Compiled) -> None:
    """Negation only on tests, one connective per node, no node with a single member."""
    assert all(isinstance(test, Leaf) for test in compiled.leaves)
    for part in compiled.parts:
        assert part.every is not compiled.every, "a part never has its parent's connective"
        assert len(part.leaves) + len(part.parts) > 1
        check_normal_form(part)


# ---------------------------------------------------------------------------------------------
# Each operator: the parsed shape, where it holds, how it reads, which questions it reads
# ---------------------------------------------------------------------------------------------

OPERATORS = [
    pytest.param(
        {"setting": "inpatient"},
        lambda a: a["setting"] == "inpatient",
        "setting is inpatient",
        {"setting"},
        id="bare-value-equals",
    ),
    pytest.param(
        {"setting": {"equals": "outpatient"}},
        lambda a: a["setting"] == "outpatient",
        "setting is outpatient",
        {"setting"},
        id="equals-table",
    ),
    pytest.param(
        {"setting": {"one_of": ["inpatient", "no_preference"]}},
        lambda a: a["setting"] in ("inpatient", "no_preference"),
        "setting is one of inpatient, no_preference",
        {"setting"},
        id="one_of",
    ),
    pytest.param(
        {"setting": "outpatient", "budget": "tight"},
        lambda a: a["setting"] == "outpatient" and a["budget"] == "tight",
        "setting is outpatient and budget is tight",
        {"setting", "budget"},
        id="several-keys-all-hold",
    ),
    pytest.param(
        {"all": [{"setting": "inpatient"}, {"goal": "inpatient_coder"}]},
        lambda a: a["setting"] == "inpatient" and a["goal"] == "inpatient_coder",
        "setting is inpatient and goal is inpatient_coder",
        {"setting", "goal"},
        id="all",
    ),
    pytest.param(
        {"any": [{"setting": "inpatient"}, {"goal": "inpatient_coder"}]},
        lambda a: a["setting"] == "inpatient" or a["goal"] == "inpatient_coder",
        "setting is inpatient or goal is inpatient_coder",
        {"setting", "goal"},
        id="any",
    ),
    pytest.param(
        {"not": {"setting": "inpatient"}},
        lambda a: a["setting"] != "inpatient",
        "not (setting is inpatient)",
        {"setting"},
        id="not",
    ),
    pytest.param(
        {"any": [{"all": [{"setting": "outpatient"}, {"budget": "tight"}]}, {"goal": "undecided"}]},
        lambda a: (a["setting"] == "outpatient" and a["budget"] == "tight") or a["goal"] == "undecided",
        "(setting is outpatient and budget is tight) or goal is undecided",
        {"setting", "budget", "goal"},
        id="nested-all-in-any-is-parenthesised",
    ),
    pytest.param(
        {"not": {"any": [{"setting": "inpatient"}, {"budget": "moderate"}]}},
        lambda a: not (a["setting"] == "inpatient" or a["budget"] == "moderate"),
        "not (setting is inpatient or budget is moderate)",
        {"setting", "budget"},
        id="not-of-any",
    ),
    pytest.param(
        {"all": [{"setting": "inpatient"}, {"setting": "outpatient"}]},
        lambda a: False,
        "setting is inpatient and setting is outpatient",
        {"setting"},
        id="contradiction-never-holds",
    ),
]


@pytest.mark.parametrize(("raw", "expected", "text", "questions"), OPERATORS)
def test_operator_holds_exactly_where_expected(
    raw: Any, expected: Callable[[dict[str, str]], bool], text: str, questions: set[str]
) -> None:
    condition = parse(raw)
    assert matching(condition) == [a for a in ALL_ANSWERS if expected(a)]


@pytest.mark.parametrize(("raw", "expected", "text", "questions"), OPERATORS)
def test_operator_describes_itself(
    raw: Any, expected: Callable[[dict[str, str]], bool], text: str, questions: set[str]
) -> None:
    assert parse(raw).describe() == text


@pytest.mark.parametrize(("raw", "expected", "text", "questions"), OPERATORS)
def test_operator_lists_the_questions_it_reads(
    raw: Any, expected: Callable[[dict[str, str]], bool], text: str, questions: set[str]
) -> None:
    assert parse(raw).questions() == questions


@pytest.mark.parametrize(("raw", "expected", "text", "questions"), OPERATORS)
def test_both_evaluators_of_the_compiled_form_mean_what_the_operator_says(
    raw: Any, expected: Callable[[dict[str, str]], bool], text: str, questions: set[str]
) -> None:
    # The engine scores one profile, and the grid many, from the same compiled form: each
    # evaluator must give the operator's documented meaning on every combination of answers.
    one, many = evaluations(parse(raw))
    assert one == many == [expected(a) for a in ALL_ANSWERS]
    check_normal_form(compile_condition(parse(raw)))


def test_the_compiled_form_pushes_not_down_to_the_tests() -> None:
    compiled = compile_condition(parse({"not": {"any": [{"setting": "inpatient"}, {"budget": "moderate"}]}}))
    assert compiled == Compiled(
        True,
        (Leaf("setting", frozenset({"inpatient"}), False), Leaf("budget", frozenset({"moderate"}), False)),
    )
    twice = compile_condition(
        parse({"not": {"not": {"goal": {"one_of": ["undecided", "outpatient_coder"]}}}})
    )
    assert twice == Compiled(True, (Leaf("goal", frozenset({"undecided", "outpatient_coder"})),))
    # Nested parts of the same connective are one node; a part of the other stays a part.
    nested = compile_condition(
        parse(
            {
                "all": [
                    {"setting": "inpatient"},
                    {"all": [{"budget": "tight"}, {"any": [{"goal": "undecided"}]}]},
                ]
            }
        )
    )
    assert nested == Compiled(
        True,
        (
            Leaf("setting", frozenset({"inpatient"})),
            Leaf("budget", frozenset({"tight"})),
            Leaf("goal", frozenset({"undecided"})),
        ),
    )
    assert compile_condition(ALWAYS) == Compiled(True)
    assert compile_condition(Condition(Kind.NOT, parts=(ALWAYS,))) == Compiled(False)


def test_parsed_shapes() -> None:
    assert parse({"setting": "inpatient"}) == Condition(Kind.EQUALS, "setting", ("inpatient",))
    assert parse({"setting": {"equals": "inpatient"}}) == Condition(Kind.EQUALS, "setting", ("inpatient",))
    assert parse({"goal": {"one_of": ["undecided", "inpatient_coder"]}}) == Condition(
        Kind.ONE_OF, "goal", ("undecided", "inpatient_coder")
    )
    several = parse({"setting": "inpatient", "budget": "tight"})
    assert several.kind == "all"
    assert [part.question for part in several.parts] == ["setting", "budget"]
    negated = parse({"not": {"budget": "tight"}})
    assert negated.kind == "not" and negated.parts == (Condition(Kind.EQUALS, "budget", ("tight",)),)


def test_a_missing_answer_never_satisfies_a_test() -> None:
    assert not parse({"setting": "inpatient"}).holds({})
    assert not parse({"setting": {"one_of": ["inpatient", "outpatient"]}}).holds({"goal": "x"})
    # ...so its negation holds.
    assert parse({"not": {"setting": "inpatient"}}).holds({})


def test_always() -> None:
    assert ALWAYS.holds({}) and all(ALWAYS.holds(a) for a in ALL_ANSWERS)
    assert ALWAYS.describe() == "always"
    assert ALWAYS.questions() == set()
    assert predicate(compile_condition(ALWAYS))({})
    assert evaluations(ALWAYS) == ([True] * len(ALL_ANSWERS), [True] * len(ALL_ANSWERS))
    never = Condition(Kind.NOT, parts=(ALWAYS,))
    assert evaluations(never) == ([False] * len(ALL_ANSWERS), [False] * len(ALL_ANSWERS))
    assert not never.holds({})


# ---------------------------------------------------------------------------------------------
# Mistakes: the path names where, the message names what was expected (and suggests a fix)
# ---------------------------------------------------------------------------------------------

ERRORS = [
    pytest.param(
        "inpatient",
        "when",
        ['expected a table of conditions, got "inpatient"'],
        id="not-a-table-string",
    ),
    pytest.param(
        ["setting"],
        "when",
        ["expected a table of conditions, got ['setting']"],
        id="not-a-table-list",
    ),
    pytest.param({}, "when", ["expected at least one condition, got an empty table"], id="empty-table"),
    pytest.param(
        {"settting": "inpatient"},
        "when.settting",
        [
            "unknown question or operator 'settting' (did you mean setting?)",
            "questions are setting, goal or budget",
            "operators are all, any or not",
        ],
        id="unknown-question-with-suggestion",
    ),
    pytest.param(
        {"colour": "red"},
        "when.colour",
        ["unknown question or operator 'colour';"],
        id="unknown-question-without-suggestion",
    ),
    pytest.param(
        {"and": [{"setting": "inpatient"}]},
        "when.and",
        ["unknown question or operator 'and' (did you mean any?)"],
        id="unknown-operator",
    ),
    pytest.param(
        {"setting": "inpatent"},
        "when.setting",
        [
            "'inpatent' is not a value of question 'setting' (did you mean inpatient?)",
            "allowed: inpatient, outpatient or no_preference",
        ],
        id="unknown-value",
    ),
    pytest.param(
        {"setting": {"equals": "nowhere"}},
        "when.setting",
        ["'nowhere' is not a value of question 'setting'", "allowed: inpatient, outpatient"],
        id="unknown-value-in-equals",
    ),
    pytest.param(
        {"setting": {"one_of": ["inpatient", "outpatiant"]}},
        "when.setting",
        ["'outpatiant' is not a value of question 'setting' (did you mean outpatient?)"],
        id="unknown-value-in-one_of",
    ),
    pytest.param(
        {"setting": {"equal": "inpatient"}},
        "when.setting",
        ["unknown test 'equal' (did you mean equals?)", "tests are equals, one_of, includes or any_of"],
        id="unknown-test",
    ),
    pytest.param(
        {"setting": {"equals": "inpatient", "one_of": ["outpatient"]}},
        "when.setting",
        ["expected exactly one test (equals, one_of, includes or any_of), got ['equals', 'one_of']"],
        id="two-tests",
    ),
    pytest.param(
        {"setting": {}},
        "when.setting",
        ["expected exactly one test (equals, one_of, includes or any_of), got []"],
        id="no-test",
    ),
    pytest.param(
        {"setting": 3},
        "when.setting",
        ["expected a value or a table with equals, one_of, includes or any_of, got 3"],
        id="number-value",
    ),
    pytest.param(
        {"setting": True},
        "when.setting",
        ["expected a value or a table with equals, one_of, includes or any_of, got true"],
        id="boolean-value",
    ),
    pytest.param(
        {"setting": ["inpatient", "outpatient"]},
        "when.setting",
        [
            "expected a value or a table with equals, one_of, includes or any_of, "
            "got ['inpatient', 'outpatient']"
        ],
        id="bare-list-value",
    ),
    pytest.param(
        {"setting": {"equals": 3}},
        "when.setting.equals",
        ["expected a value, got 3"],
        id="equals-number",
    ),
    pytest.param(
        {"setting": {"equals": ["inpatient"]}},
        "when.setting.equals",
        ["expected a value, got ['inpatient']"],
        id="equals-list",
    ),
    pytest.param(
        {"setting": {"one_of": "inpatient"}},
        "when.setting.one_of",
        ['expected a non-empty list of values, got "inpatient"'],
        id="one_of-string",
    ),
    pytest.param(
        {"setting": {"one_of": []}},
        "when.setting.one_of",
        ["expected a non-empty list of values, got []"],
        id="one_of-empty",
    ),
    pytest.param(
        {"setting": {"one_of": ["inpatient", 3]}},
        "when.setting.one_of",
        ["expected a non-empty list of values, got ['inpatient', 3]"],
        id="one_of-non-string-item",
    ),
    pytest.param(
        {"all": []},
        "when.all",
        ["expected a non-empty list of conditions, got []"],
        id="all-empty",
    ),
    pytest.param(
        {"any": {"setting": "inpatient"}},
        "when.any",
        ["expected a non-empty list of conditions, got a table"],
        id="any-table",
    ),
    pytest.param(
        {"any": [{"setting": "inpatient"}, "goal"]},
        "when.any[1]",
        ['expected a table of conditions, got "goal"'],
        id="any-item-not-a-table",
    ),
    pytest.param(
        {"all": [{"setting": "inpatient"}, {}]},
        "when.all[1]",
        ["expected at least one condition, got an empty table"],
        id="all-item-empty",
    ),
    pytest.param({"not": []}, "when.not", ["expected a table of conditions, got []"], id="not-list"),
    pytest.param(
        {"not": {}},
        "when.not",
        ["expected at least one condition, got an empty table"],
        id="not-empty",
    ),
    pytest.param(
        {"any": [{"goal": "undecided"}, {"all": [{"budget": "tight"}, {"goal": "manager"}]}]},
        "when.any[1].all[1].goal",
        ["'manager' is not a value of question 'goal'"],
        id="deeply-nested-path",
    ),
    pytest.param(
        {"not": {"budget": {"one_of": ["cheap"]}}},
        "when.not.budget",
        ["'cheap' is not a value of question 'budget'", "allowed: tight or moderate"],
        id="inside-not",
    ),
]


@pytest.mark.parametrize(("raw", "path", "fragments"), ERRORS)
def test_malformed_condition_is_rejected_with_path_and_message(
    raw: Any, path: str, fragments: list[str]
) -> None:
    with pytest.raises(ConditionError) as caught:
        parse(raw)
    error = caught.value
    assert error.path == path
    for fragment in fragments:
        assert fragment in error.message
    assert str(error) == error.message
    assert isinstance(error, ValueError)


def test_error_path_starts_from_the_given_prefix() -> None:
    with pytest.raises(ConditionError) as caught:
        parse({"all": [{"goal": "nope"}]}, path="rules.goal-x.when")
    assert caught.value.path == "rules.goal-x.when.all[0].goal"


def test_questions_outside_the_choices_are_unknown_even_if_real_elsewhere() -> None:
    # A question's `when` may only read earlier questions: the loader passes just those.
    with pytest.raises(ConditionError) as caught:
        parse_condition({"budget": "tight"}, {"setting": CHOICES["setting"]})
    assert caught.value.path == "when.budget"
    assert "unknown question or operator 'budget'" in caught.value.message


# ---------------------------------------------------------------------------------------------
# Property: any well-formed condition tree evaluates the same through holds and the compiled form
# ---------------------------------------------------------------------------------------------

_leaf = st.sampled_from(list(CHOICES)).flatmap(
    lambda q: st.one_of(
        st.sampled_from(CHOICES[q]).map(lambda v: {q: v}),
        st.sampled_from(CHOICES[q]).map(lambda v: {q: {"equals": v}}),
        st.lists(st.sampled_from(CHOICES[q]), min_size=1, max_size=3).map(lambda vs: {q: {"one_of": vs}}),
    )
)
raw_conditions = st.recursive(
    _leaf,
    lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=3).map(lambda parts: {"all": parts}),
        st.lists(inner, min_size=1, max_size=3).map(lambda parts: {"any": parts}),
        inner.map(lambda part: {"not": part}),
    ),
    max_leaves=8,
)


def _reference(raw: dict[str, Any], answers: dict[str, str]) -> bool:
    """An independent evaluator of the raw TOML form."""
    results = []
    for key, value in raw.items():
        if key == "all":
            results.append(all(_reference(part, answers) for part in value))
        elif key == "any":
            results.append(any(_reference(part, answers) for part in value))
        elif key == "not":
            results.append(not _reference(value, answers))
        elif isinstance(value, str):
            results.append(answers[key] == value)
        elif "equals" in value:
            results.append(answers[key] == value["equals"])
        else:
            results.append(answers[key] in value["one_of"])
    return all(results)


@settings(max_examples=150, deadline=None)
@given(raw_conditions)
def test_any_well_formed_condition_evaluates_like_its_toml(raw: dict[str, Any]) -> None:
    condition = parse(raw)
    expected = [_reference(raw, answers) for answers in ALL_ANSWERS]
    assert [condition.holds(answers) for answers in ALL_ANSWERS] == expected
    assert evaluations(condition) == (expected, expected)
    check_normal_form(compile_condition(condition))
    assert condition.questions() <= set(CHOICES)
    assert condition.describe()
