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


def array_predicate(compiled: Compiled, values: Mapping[str, Sequence[str]]) -> Evaluator:
    """The evaluator for many profiles: a function of the columns that walks the compiled form.

    ``values`` gives each question's values in order, which the columns index.
    """
    tables = tuple((leaf.question, _table(leaf, values[leaf.question])) for leaf in compiled.leaves)
    parts = tuple(array_predicate(part, values) for part in compiled.parts)
    combine = np.logical_and if compiled.every else np.logical_or
    empty = np.bool_(compiled.every)  # all of nothing holds; some of nothing does not

    def evaluate(columns: Columns) -> Truth:
        found: Truth | None = None
        for question, table in tables:
            holds: Truth = table[columns[question]]
            found = holds if found is None else combine(found, holds)
        for part in parts:
            holds = part(columns)
            found = holds if found is None else combine(found, holds)
        return empty if found is None else found

    return evaluate


def _table(leaf: Leaf, values: Sequence[str]) -> Mask:
    """Per value index of the leaf's question: does an answer of that value pass its test."""
    return np.array([leaf.passes(value) for value in values], dtype=bool)
