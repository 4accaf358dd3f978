"""An attacker's view of a published report: rebuild every equation, solve for hidden counts.

Written apart from the report code on purpose: it reads only what a report publishes (its JSON),
derives which numbers must be equal or sum to others from the tables' structure, and uses its own
exact rational elimination.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from fractions import Fraction
from typing import Any

Key = Hashable


def rank_and_rows(rows: Sequence[Mapping[Key, Fraction]], columns: Sequence[Key]) -> list[dict[Key, Fraction]]:
    """Reduced row echelon form (dense over ``columns``), as dicts of non-zero entries."""
    matrix = [[Fraction(row.get(col, 0)) for col in columns] for row in rows]
    pivot_row = 0
    pivots: list[int] = []
    for col in range(len(columns)):
        found = next((r for r in range(pivot_row, len(matrix)) if matrix[r][col] != 0), None)
        if found is None:
            continue
        matrix[pivot_row], matrix[found] = matrix[found], matrix[pivot_row]
        lead = matrix[pivot_row][col]
        matrix[pivot_row] = [v / lead for v in matrix[pivot_row]]
        for r in range(len(matrix)):
            if r != pivot_row and matrix[r][col] != 0:
                factor = matrix[r][col]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[pivot_row], strict=True)]
        pivots.append(col)
        pivot_row += 1
        if pivot_row == len(matrix):
            break
    return [{columns[c]: v for c, v in enumerate(matrix[r]) if v != 0} for r in range(pivot_row)]


def recoverable(equations: Sequence[Mapping[Key, int]], known: Mapping[Key, int]) -> set[Key]:
    """The unknown variables whose value the equations and the known values fix."""
    unknown = sorted({k for eq in equations for k in eq if k not in known}, key=repr)
    rows = []
    for eq in equations:
        row = {k: Fraction(v) for k, v in eq.items() if k not in known and v}
        if row:
            rows.append(row)
    reduced = rank_and_rows(rows, unknown)
    return {next(iter(row)) for row in reduced if len(row) == 1}


def published_system(report: Mapping[str, Any]) -> tuple[list[dict[Key, int]], dict[Key, int], set[Key]]:
    """(equations, known values, hidden variables) of a report's JSON, margins shared by variable."""
    equations: list[dict[Key, int]] = []
    known: dict[Key, int] = {}
    hidden: set[Key] = set()
    margins: dict[tuple[str, str], list[Key]] = {}

    def note(key: Key, cell: Mapping[str, Any]) -> None:
        if cell["value"] is None:
            hidden.add(key)
        else:
            known[key] = int(cell["value"])

    for table in report["tables"]:
        pop = table["population"]
        total: Key = ("total", pop)
        note(total, table["total"])
        row_var = table["rows"]["variable"]
        row_keys = [("margin", pop, row_var, c["key"]) for c in table["rows"]["categories"]]
        for key, cell in zip(row_keys, table["row_totals"], strict=True):
            note(key, cell)
        margins[(pop, row_var)] = row_keys
        if table["columns"] is None:
            continue
        col_var = table["columns"]["variable"]
        col_keys = [("margin", pop, col_var, c["key"]) for c in table["columns"]["categories"]]
        for key, cell in zip(col_keys, table["column_totals"], strict=True):
            note(key, cell)
        margins[(pop, col_var)] = col_keys
        grid = [[("cell", table["id"], pop, r, c) for c in range(len(col_keys))] for r in range(len(row_keys))]
        for r, row in enumerate(table["cells"]):
            for c, cell in enumerate(row):
                note(grid[r][c], cell)
        for r, row_key in enumerate(row_keys):
            equations.append({**dict.fromkeys(grid[r], 1), row_key: -1})
        for c, col_key in enumerate(col_keys):
            equations.append({**{row[c]: 1 for row in grid}, col_key: -1})
    for (pop, _var), keys in margins.items():
        equations.append({**dict.fromkeys(keys, 1), ("total", pop): -1})
    # Counts are never negative: the parts of a published total of zero are zeros.
    for equation in list(equations):
        (total,) = [k for k, v in equation.items() if v < 0]
        if known.get(total) == 0:
            equations.extend({part: 1} for part, v in equation.items() if v > 0)
    # A value shown in one place and hidden in another would be a leak of its own.
    assert not hidden & set(known), "a count is hidden in one table and shown in another"
    return equations, known, hidden
