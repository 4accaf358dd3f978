"""Suppression: no hidden count can be recovered from what a report publishes.

The attack rebuilds the linear system of every published value (cells, row, column and grand
totals, margins shared across tables) and asks, with exact rational elimination, whether each
hidden count is determined. Hypothesis draws random populations and table layouts; a second attack
works on the underlying joint table of all variables, so it does not rely on the report's own idea
of which equations exist.
"""

from __future__ import annotations

import datetime as dt
import itertools
import sys
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reports_attack import published_system, rank_and_rows, recoverable

from sanctuary.model import InputError
from sanctuary.reports import THRESHOLD, CaseFact, DutyFact, build_report, determined, parse_period, suppress, to_json
from sanctuary.reports._tables import Count, Population, apply_suppression, dimension

NOW = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)


def test_determined_finds_a_lone_hidden_cell() -> None:
    # a + b = t with b and t published: a follows.
    assert determined([{0: 1, 1: 1, 2: -1}], [0]) == {0}
    assert determined([{0: 1, 1: 1, 2: -1}], [0, 1]) == set()


def test_a_single_small_cell_in_a_row_gets_a_complement() -> None:
    values = [5, 40, 45]
    primary, extra = suppress(values, [{0: 1, 1: 1, 2: -1}])
    assert primary == {0}
    assert extra
    assert 0 not in extra


def test_zero_is_shown_and_threshold_is_hidden_below_11() -> None:
    counts = [Count(0), Count(10), Count(11)]
    pop = Population("p", "p", "cases", [{"v": "a"}] * 10 + [{"v": "b"}] * 11, {})
    pop.margins["v"] = counts
    pop.total = Count(21)
    apply_suppression([pop])
    assert counts[0].status == "shown"
    assert counts[0].display == "0"
    assert counts[1].display == f"<{THRESHOLD}"
    assert counts[2].status != "shown" or counts[2].display == "11"


def _attack_report_json(report: dict) -> None:
    equations, known, hidden = published_system(report)
    leaked = recoverable(equations, known) & hidden
    assert not leaked, f"hidden counts recoverable by subtraction: {sorted(map(repr, leaked))[:5]}"
    for table in report["tables"]:
        cells = [c for row in table["cells"] or () for c in row] + table["row_totals"] + [table["total"]]
        for cell in cells:
            if cell["status"] == "small":
                assert cell["display"] == f"<{THRESHOLD}"
                assert cell["value"] is None
            if cell["status"] == "shown":
                assert cell["value"] is not None
                assert not 0 < cell["value"] < THRESHOLD


KINDS = ("council", "doj-transfers", "task-force", "truth-forum", "school-board", "transparency")
ACTIONS = ("hold", "transfer_custody", "interview", "share_data", "notify_release", "enter_facility", "arrest")
OUTCOMES = ("comply", "decline", "refer", "partial", None)


@st.composite
def facts(draw: st.DrawFn) -> list[CaseFact]:
    n = draw(st.integers(min_value=0, max_value=160))
    found = []
    for _ in range(n):
        found.append(
            CaseFact(
                opened_at=dt.datetime(2025, draw(st.integers(1, 12)), draw(st.integers(1, 28)), tzinfo=dt.UTC),
                action=draw(st.sampled_from(ACTIONS)),
                department=draw(st.sampled_from(("LAPD", "Library", "Airport", None))),
                setting=draw(st.sampled_from(("police", "jail", "school", None))),
                requester=draw(st.sampled_from(("federal_immigration", "federal_other", None))),
                purpose=draw(st.sampled_from(("civil_immigration", "task_force", "criminal_other", None))),
                instrument=draw(st.sampled_from(("detainer", "judicial_warrant", None))),
                data=("release_date",),
                history=draw(
                    st.sampled_from((None, (), ("violent_felony",), ("serious_felony", "state_prison_felony")))
                ),
                outcome=draw(st.sampled_from(OUTCOMES)),
                counsel_outcome=draw(st.sampled_from((None, None, "decline", "comply"))),
                duties=tuple(
                    DutyFact(ob, dt.date(2025, 6, 1), None)
                    for ob in draw(st.lists(st.sampled_from(("notify_subject", "public_record")), unique=True))
                ),
            )
        )
    return found


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(facts(), st.sampled_from(KINDS))
def test_no_report_leaks_a_hidden_count(cases: list[CaseFact], kind: str) -> None:
    report = build_report(kind, parse_period("2025", now=NOW), cases, generated_at=NOW)
    _attack_report_json(to_json(report))


# --- the attack on the joint table ---------------------------------------------------------------


def _atom_attack(
    records: list[dict[str, str]], cats: dict[str, list[str]], layout: list[tuple[str, str | None]]
) -> None:
    """Every published count as a sum over the joint table's atoms; a hidden count must stay free."""
    variables = sorted(cats)
    dims = {v: dimension(v, v, cats[v], str) for v in variables}
    pop = Population("p", "p", "cases", records, dims)
    for i, (rows, cols) in enumerate(layout):
        pop.table(f"t{i}", "t", rows, cols)
    apply_suppression([pop])
    atoms = list(itertools.product(*(cats[v] for v in variables)))

    def vector(fixed: dict[str, str]) -> dict[int, Fraction]:
        return {
            i: Fraction(1)
            for i, atom in enumerate(atoms)
            if all(atom[variables.index(v)] == k for v, k in fixed.items())
        }

    published: list[dict[int, Fraction]] = []
    hidden: list[dict[int, Fraction]] = []

    def put(count: Count, fixed: dict[str, str]) -> None:
        (published if count.published is not None else hidden).append(vector(fixed))

    put(pop.total, {})
    for v, margin in pop.margins.items():
        for key, count in zip(cats[v], margin, strict=True):
            put(count, {v: key})
    for table in pop.tables:
        if table.cells is None or table.columns is None:
            continue
        for r, rk in enumerate(table.rows.keys):
            for c, ck in enumerate(table.columns.keys):
                put(table.cells[r][c], {table.rows.variable: rk, table.columns.variable: ck})
    columns = list(range(len(atoms)))
    base = len(rank_and_rows(published, columns))
    for target in hidden:
        assert len(rank_and_rows([*published, target], columns)) > base, "a hidden count is a sum of published ones"


@st.composite
def joint(draw: st.DrawFn) -> tuple[list[dict[str, str]], dict[str, list[str]]]:
    cats = {v: [f"{v}{i}" for i in range(draw(st.integers(2, 3)))] for v in ("a", "b", "c")}
    weights = st.integers(0, 14)
    records: list[dict[str, str]] = []
    for atom in itertools.product(cats["a"], cats["b"], cats["c"]):
        records.extend({"a": atom[0], "b": atom[1], "c": atom[2]} for _ in range(draw(weights)))
    return records, cats


@settings(max_examples=60, deadline=None)
@given(joint(), st.sampled_from(["star", "cycle", "chain"]))
def test_joint_table_attack_recovers_nothing(
    data: tuple[list[dict[str, str]], dict[str, list[str]]], shape: str
) -> None:
    records, cats = data
    layout: list[tuple[str, str | None]] = {
        "star": [("a", "c"), ("b", "c"), ("a", None)],
        "cycle": [("a", "b"), ("b", "c"), ("a", "c")],
        "chain": [("a", "b"), ("b", "c")],
    }[shape]
    _atom_attack(records, cats, layout)


def test_the_attack_catches_primary_suppression_alone() -> None:
    """Without complements the attack must find the hidden count: proof that it can fail."""
    opened = dt.datetime(2025, 3, 1, tzinfo=dt.UTC)
    cases = [
        CaseFact(opened_at=opened, action="hold", department="LAPD" if i < 45 else "Library", outcome="decline")
        for i in range(50)
    ]
    report = build_report("transparency", parse_period("2025", now=NOW), cases, generated_at=NOW)
    _attack_report_json(to_json(report))
    for population in report.populations:
        counts = [population.total, *(c for m in population.margins.values() for c in m)]
        counts += [c for t in population.tables for row in t.cells or () for c in row]
        for count in counts:
            count.status = "shown"
    apply_suppression(report.populations, complementary=False)
    equations, known, hidden = published_system(to_json(report))
    assert hidden
    assert recoverable(equations, known) & hidden


def test_epsilon_without_opendp_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "opendp", None)
    monkeypatch.setitem(sys.modules, "opendp.prelude", None)
    with pytest.raises(InputError, match=r"--epsilon needs OpenDP, which is not installed"):
        build_report("council", parse_period("2025", now=NOW), [], epsilon=1.0, generated_at=NOW)


def test_a_published_zero_total_makes_its_parts_known() -> None:
    """A complement inside a row whose total is a published 0 protects nothing: it is never chosen."""
    opened = dt.datetime(2025, 3, 1, tzinfo=dt.UTC)
    cases = [CaseFact(opened_at=opened, action="hold", outcome="decline") for _ in range(3)]
    cases += [CaseFact(opened_at=opened, action="hold", outcome="comply") for _ in range(40)]
    report = build_report("transparency", parse_period("2025", now=NOW), cases, generated_at=NOW)
    data = to_json(report)
    _attack_report_json(data)
    for table in data["tables"]:
        for r, total in enumerate(table["row_totals"]):
            if total["value"] == 0 and table["cells"] is not None:
                assert all(cell["value"] == 0 for cell in table["cells"][r]), table["id"]
