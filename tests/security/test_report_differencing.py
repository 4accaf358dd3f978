"""Reports cannot be subtracted to single out a case.

Two reports whose day ranges differed by one day showed 300 and 301 cases: the one case of that
day, its department, setting and outcome, stood out, whatever each report suppressed. Periods are
now whole months (a year, a quarter, a month, or a range of whole months), a running period counts
only its months that have ended, and differentially private releases spend a recorded budget per
month.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from sanctuary.model import InputError
from sanctuary.reports import CaseFact, build_report, parse_period, to_json
from sanctuary.services.reporting import BUDGET_ENV, make_report, spent_budget

NOW = dt.datetime(2026, 5, 15, 9, 30, tzinfo=dt.UTC)


def _case(day: dt.date, department: str, outcome: str = "decline") -> CaseFact:
    return CaseFact(
        opened_at=dt.datetime.combine(day, dt.time(12), dt.UTC),
        action="hold",
        department=department,
        setting="jail",
        outcome=outcome,
    )


def _published(report: Any) -> str:
    data = to_json(report)
    data.pop("generated_at", None)
    return json.dumps(data, sort_keys=True, default=str)


def test_ranges_a_day_apart_are_refused():
    parse_period("2025-01-01..2025-03-31", now=NOW)
    for text in ("2025-01-01..2025-03-30", "2025-01-01..2025-04-01", "2025-01-02..2025-03-31"):
        with pytest.raises(InputError, match="does not cover whole months"):
            parse_period(text, now=NOW)


def test_the_one_day_difference_no_longer_shows():
    """The attack of the review: 300 cases, then one more on the next day."""
    cases = [_case(dt.date(2026, 3, 1) + dt.timedelta(days=i % 30), "LAPD") for i in range(300)]
    cases.append(_case(dt.date(2026, 5, 14), "Harbor Department", outcome="comply"))
    # The running quarter, reported on two days of May: the 14 May case is in neither report.
    before = build_report("transparency", parse_period("2026Q2", now=NOW - dt.timedelta(days=1)), cases)
    after = build_report("transparency", parse_period("2026Q2", now=NOW), cases)
    assert _published(before) == _published(after)
    # The year to date, likewise.
    year_before = build_report("transparency", parse_period("2026", now=NOW - dt.timedelta(days=1)), cases)
    year_after = build_report("transparency", parse_period("2026", now=NOW), cases)
    assert _published(year_before) == _published(year_after)
    assert "Harbor Department" not in _published(year_after)


def test_a_month_that_has_not_ended_cannot_be_reported():
    with pytest.raises(InputError, match="no whole month that has ended"):
        parse_period("2026-05", now=NOW)
    assert parse_period("2026-04", now=NOW).complete


@pytest.fixture
def budget(monkeypatch: pytest.MonkeyPatch) -> float:
    pytest.importorskip("opendp")
    monkeypatch.setenv(BUDGET_ENV, "2.0")
    return 2.0


def test_noisy_releases_spend_a_recorded_budget_per_month(store: Any, budget: float):
    make_report(store, "council", "2025Q1", epsilon=1.0, now=NOW)
    make_report(store, "council", "2025-01", epsilon=0.5, now=NOW)
    spent = spent_budget(store.settings.data_dir)
    assert spent == {"2025-01": 1.5, "2025-02": 1.0, "2025-03": 1.0}
    # A third release of January would take it past the budget: refused, and nothing is recorded.
    with pytest.raises(InputError, match="privacy budget of 2025-01"):
        make_report(store, "transparency", "2025", epsilon=1.0, now=NOW)
    assert spent_budget(store.settings.data_dir) == spent
    # Months untouched so far still have their whole budget.
    make_report(store, "council", "2025Q2", epsilon=2.0, now=NOW)
    # Exact, suppressed reports spend nothing and are never refused.
    make_report(store, "council", "2025", now=NOW)
    assert spent_budget(store.settings.data_dir)["2025-04"] == 2.0


def test_a_running_period_spends_only_its_counted_months(store: Any, budget: float):
    make_report(store, "council", "2026", epsilon=1.0, now=NOW)
    assert sorted(spent_budget(store.settings.data_dir)) == ["2026-01", "2026-02", "2026-03", "2026-04"]


def test_a_bad_budget_setting_is_one_message(store: Any, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(BUDGET_ENV, "lots")
    with pytest.raises(InputError, match=BUDGET_ENV):
        make_report(store, "council", "2025", epsilon=1.0, now=NOW)
