"""Counts and tables: one-way and two-way tables over a population, sharing their margins.

A population (the cases a report is about, or their duties) has one count per category of each
variable it is tabulated by, and one grand total. Every table over the population points at those
same margin counts, so a margin hidden in one table is hidden in all, and suppression sees the
whole report as one system of equations.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ._suppress import THRESHOLD, Equation, is_small, suppress

SHOWN = "shown"
SMALL = "small"
COMPLEMENTARY = "complementary"
#: What a hidden count shows: small counts say so; complements only say they are withheld.
SMALL_MARK = f"<{THRESHOLD}"
WITHHELD_MARK = "\u2014"


@dataclass(eq=False)
class Count:
    """One published number: its true value (never published when hidden) and what is shown."""

    value: int
    status: str = SHOWN
    #: The value after differentially private noise, when the report adds noise.
    noisy: int | None = None

    @property
    def published(self) -> int | None:
        """The number a reader gets, or None when it is hidden."""
        if self.status != SHOWN:
            return None
        return self.value if self.noisy is None else self.noisy

    @property
    def display(self) -> str:
        if self.status == SMALL:
            return SMALL_MARK
        if self.status == COMPLEMENTARY:
            return WITHHELD_MARK
        return f"{self.published:,}"


@dataclass(frozen=True)
class Dimension:
    """A variable a population is counted by, with its categories in the order they are shown."""

    variable: str
    title: str
    categories: tuple[tuple[str, str], ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(key for key, _ in self.categories)


@dataclass
class Table:
    """A one-way table (``columns`` None: the margin of ``rows``) or a two-way table with margins."""

    id: str
    title: str
    population: str
    rows: Dimension
    columns: Dimension | None
    row_totals: list[Count]
    column_totals: list[Count] | None
    cells: list[list[Count]] | None
    total: Count
    description: str = ""


@dataclass
class Population:
    """The records of one kind a report counts, with their margins and grand total."""

    id: str
    title: str
    unit: str
    records: Sequence[Mapping[str, str]]
    dimensions: Mapping[str, Dimension]
    #: At most how many records one case contributes (the sensitivity of a count to one case).
    records_per_case: int = 1
    margins: dict[str, list[Count]] = field(default_factory=dict)
    tables: list[Table] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.total = Count(len(self.records))

    def margin(self, variable: str) -> list[Count]:
        if variable not in self.margins:
            dimension = self.dimensions[variable]
            tally = Counter(record[variable] for record in self.records)
            unknown = set(tally) - set(dimension.keys)
            if unknown:
                raise ValueError(f"{variable}: categories {sorted(unknown)} are not in the table's dimension")
            self.margins[variable] = [Count(tally.get(key, 0)) for key in dimension.keys]
        return self.margins[variable]

    def table(self, table_id: str, title: str, rows: str, columns: str | None = None, description: str = "") -> Table:
        """A table over this population; its margins are the population's shared counts."""
        row_dim = self.dimensions[rows]
        row_totals = self.margin(rows)
        if columns is None:
            made = Table(table_id, title, self.id, row_dim, None, row_totals, None, None, self.total, description)
        else:
            col_dim = self.dimensions[columns]
            tally = Counter((record[rows], record[columns]) for record in self.records)
            cells = [[Count(tally.get((r, c), 0)) for c in col_dim.keys] for r in row_dim.keys]
            made = Table(
                table_id,
                title,
                self.id,
                row_dim,
                col_dim,
                row_totals,
                self.margin(columns),
                cells,
                self.total,
                description,
            )
        self.tables.append(made)
        return made


def dimension(variable: str, title: str, keys: Iterable[str], label: Callable[[str], str]) -> Dimension:
    return Dimension(variable, title, tuple((key, label(key)) for key in keys))


def equations_of(populations: Sequence[Population]) -> tuple[list[Count], list[Equation], frozenset[int]]:
    """Every count of the report, the equations between them, and which counts are margins."""
    counts: list[Count] = []
    index: dict[int, int] = {}

    def var(count: Count) -> int:
        key = id(count)
        if key not in index:
            index[key] = len(counts)
            counts.append(count)
        return index[key]

    equations: list[Equation] = []
    margin_vars: set[int] = set()
    for population in populations:
        total = var(population.total)
        margin_vars.add(total)
        for margin in population.margins.values():
            members = [var(c) for c in margin]
            margin_vars.update(members)
            equations.append(_sum_equals(members, total))
        for table in population.tables:
            if table.cells is None or table.column_totals is None:
                continue
            grid = [[var(c) for c in row] for row in table.cells]
            for r, row in enumerate(grid):
                equations.append(_sum_equals(row, var(table.row_totals[r])))
            for c, col_total in enumerate(table.column_totals):
                equations.append(_sum_equals([row[c] for row in grid], var(col_total)))
    return counts, equations, frozenset(margin_vars)


def _sum_equals(members: Sequence[int], total: int) -> Equation:
    equation: Equation = {}
    for member in members:
        equation[member] = equation.get(member, 0) + 1
    equation[total] = equation.get(total, 0) - 1
    return equation


def apply_suppression(populations: Sequence[Population], *, complementary: bool = True) -> tuple[int, int]:
    """Mark the hidden counts of a whole report; returns (small, complementary) hidden."""
    counts, equations, margins = equations_of(populations)
    values = [c.value if c.noisy is None else c.noisy for c in counts]
    if complementary:
        primary, extra = suppress(values, equations, margins=margins)
    else:
        primary, extra = {i for i, v in enumerate(values) if is_small(v)}, set()
    for i in primary:
        counts[i].status = SMALL
    for i in extra:
        counts[i].status = COMPLEMENTARY
    return len(primary), len(extra)
