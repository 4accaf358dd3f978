"""Small-cell suppression that subtraction cannot undo, checked by exact linear algebra.

Every published number is a variable; every table adds equations (a row of cells sums to its row
total, a column to its column total, a margin to the grand total), and tables that share a margin
share its variables. Counts from 1 to 10 are hidden (primary suppression). Then, until no hidden
value is determined by the published ones, more values are hidden (complementary suppression): a
hidden value is determined exactly when its unit vector lies in the row space of the equations
restricted to the hidden values, which reduced row echelon form over the rationals decides. Counts
are never negative, so the parts of a published zero total are known zeros and join the equations.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction

#: The smallest count shown as it is; 1 to THRESHOLD - 1 are shown as "<THRESHOLD".
THRESHOLD = 11

Equation = dict[int, int]


def is_small(value: int) -> bool:
    """A count that must not be shown: from 1 to THRESHOLD - 1 (zero is shown)."""
    return 0 < value < THRESHOLD


def determined(equations: Sequence[Equation], hidden: Iterable[int]) -> set[int]:
    """The hidden variables whose value follows from the published ones through ``equations``."""
    unknown = set(hidden)
    pivots: dict[int, dict[int, Fraction]] = {}
    for equation in equations:
        row = {var: Fraction(coef) for var, coef in equation.items() if var in unknown and coef}
        for col in [c for c in row if c in pivots]:
            factor = row.get(col)
            if factor:
                for pcol, pval in pivots[col].items():
                    updated = row.get(pcol, Fraction(0)) - factor * pval
                    if updated:
                        row[pcol] = updated
                    else:
                        row.pop(pcol, None)
        if not row:
            continue
        pivot = min(row)
        scale = row[pivot]
        row = {c: v / scale for c, v in row.items()}
        for other in pivots.values():
            factor = other.get(pivot)
            if factor:
                for col, val in row.items():
                    updated = other.get(col, Fraction(0)) - factor * val
                    if updated:
                        other[col] = updated
                    else:
                        other.pop(col, None)
        pivots[pivot] = row
    return {var for var, row in pivots.items() if len(row) == 1}


def suppress(
    values: Sequence[int], equations: Sequence[Equation], *, margins: frozenset[int] = frozenset()
) -> tuple[set[int], set[int]]:
    """(primary, complementary): the variables to hide so that no hidden one can be recovered.

    Complements are chosen next to a recoverable value, preferring inner cells to ``margins``,
    non-zero counts to zeros, and small counts to large ones (the least information lost).
    """
    primary = {i for i, value in enumerate(values) if is_small(value)}
    hidden = set(primary)
    by_var: dict[int, list[int]] = {}
    for number, equation in enumerate(equations):
        for var in equation:
            by_var.setdefault(var, []).append(number)

    def rank(var: int) -> tuple[bool, bool, int, int]:
        return (values[var] == 0, var in margins, values[var], var)

    while exposed := determined([*equations, *zero_parts(equations, values, hidden)], hidden):
        added: set[int] = set()
        for var in sorted(exposed):
            near = {v for number in by_var.get(var, ()) for v in equations[number] if v not in hidden}
            if not near:
                near = _reachable(var, equations, by_var, hidden)
            if not near:  # pragma: no cover - a value with no equation cannot be determined
                raise RuntimeError(f"suppression found no value to hide beside variable {var}")
            added.add(min(near, key=rank))
        hidden |= added
    return primary, hidden - primary


def zero_parts(equations: Sequence[Equation], values: Sequence[int], hidden: set[int]) -> list[Equation]:
    """Counts are never negative: every part of a published total of zero is zero, and is known."""
    known_zero: list[Equation] = []
    for equation in equations:
        totals = [var for var, coef in equation.items() if coef < 0]
        if len(totals) == 1 and totals[0] not in hidden and values[totals[0]] == 0:
            known_zero.extend({var: 1} for var, coef in equation.items() if coef > 0)
    return known_zero


def _reachable(start: int, equations: Sequence[Equation], by_var: dict[int, list[int]], hidden: set[int]) -> set[int]:
    """Published variables linked to ``start`` through equations whose variables are all hidden."""
    seen, todo, found = {start}, [start], set()
    while todo:
        var = todo.pop()
        for number in by_var.get(var, ()):
            for other in equations[number]:
                if other in seen:
                    continue
                seen.add(other)
                if other in hidden:
                    todo.append(other)
                else:
                    found.add(other)
    return found
