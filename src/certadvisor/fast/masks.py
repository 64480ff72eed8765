"""The array evaluator: a compiled condition over many profiles at once.

Profiles are columns of value indexes, one per question (``Column``). A condition is evaluated
from the same compiled form as for one profile (``conditions.compile_condition``, which says
what each operator means; ``conditions.predicate`` walks it for one profile): a leaf becomes a
look-up in a table of the question's values, a node the ``and`` or ``or`` of its leaves and parts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from certadvisor.fast.arrays import NDArray, np
from certadvisor.model.conditions import Compiled, Leaf

Values = NDArray[np.intp]  # one question's answers, as indexes into its values, one per row
Column = Values | int  # an int when every row holds the same value (a question fixed in a slice)
Columns = Mapping[str, Column]
Mask = NDArray[np.bool_]  # one truth value per row
Truth = Mask | np.bool_  # a mask, or one truth value for every row
Evaluator = Callable[[Columns], Truth]


# A question with more values than this is tested against a leaf's few values (``np.isin``)
# rather than through a table with an entry per value: a data file with 50,000 values on one
# question and 50,000 rules reading it would otherwise hold 2.5 GB of tables.
MAX_TABLE_VALUES = 4096


def array_predicate(compiled: Compiled, values: Mapping[str, Sequence[str]]) -> Evaluator:
    """The evaluator for many profiles: a function of the columns that walks the compiled form.

    ``values`` gives each question's values in order, which the columns index.
    """
    tests = tuple((leaf.question, _test(leaf, values[leaf.question])) for leaf in compiled.leaves)
    parts = tuple(array_predicate(part, values) for part in compiled.parts)
    combine = np.logical_and if compiled.every else np.logical_or
    empty = np.bool_(compiled.every)  # all of nothing holds; some of nothing does not

    def evaluate(columns: Columns) -> Truth:
        found: Truth | None = None
        for question, test in tests:
            holds: Truth = test(columns[question])
            found = holds if found is None else combine(found, holds)
        for part in parts:
            holds = part(columns)
            found = holds if found is None else combine(found, holds)
        return empty if found is None else found

    return evaluate


def _test(leaf: Leaf, values: Sequence[str]) -> Callable[[Column], Truth]:
    """The leaf's test on a column of value indexes of its question: a look-up in a table per
    value, or for a question with very many values a search among the few that pass."""
    if leaf.member:  # a set question's member test: its values are few, tested one by one
        table = np.array([leaf.passes(value) for value in values], dtype=bool)
        return table.__getitem__
    position = _positions(values)
    named = np.array(sorted(position[v] for v in leaf.values if v in position), dtype=np.intp)
    if len(values) > MAX_TABLE_VALUES:
        inside = leaf.inside

        def search(column: Column) -> Truth:
            found: Truth = np.isin(column, named)
            return found if inside else ~found

        return search
    table = np.zeros(len(values), dtype=bool)  # what a look-up per value would say, at C speed
    table[named] = True
    return (table if leaf.inside else ~table).__getitem__


_seen: dict[int, tuple[Sequence[str], dict[str, int]]] = {}


def _positions(values: Sequence[str]) -> Mapping[str, int]:
    """Each value's index, worked out once per question's values (not once per condition)."""
    found = _seen.get(id(values))
    if found is None or found[0] is not values:
        found = _seen[id(values)] = (values, {value: i for i, value in enumerate(values)})
        if len(_seen) > 256:  # a few data files' questions at most; never grows without bound
            _seen.clear()
            _seen[id(values)] = found
    return found[1]
