"""Report periods: the four forms, their bounds, and the periods refused."""

from __future__ import annotations

import datetime as dt

import pytest

from sanctuary.model import InputError
from sanctuary.reports import DutyFact, parse_period

NOW = dt.datetime(2026, 5, 15, 9, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("text", "start", "end", "label"),
    [
        ("2025", dt.date(2025, 1, 1), dt.date(2025, 12, 31), "2025"),
        ("2025Q1", dt.date(2025, 1, 1), dt.date(2025, 3, 31), "2025Q1"),
        ("2024q1", dt.date(2024, 1, 1), dt.date(2024, 3, 31), "2024Q1"),
        ("2025Q3", dt.date(2025, 7, 1), dt.date(2025, 9, 30), "2025Q3"),
        ("2025Q4", dt.date(2025, 10, 1), dt.date(2025, 12, 31), "2025Q4"),
        (" 2025-01-01..2025-06-30 ", dt.date(2025, 1, 1), dt.date(2025, 6, 30), "2025-01-01..2025-06-30"),
        ("2025-02-01..2025-02-28", dt.date(2025, 2, 1), dt.date(2025, 2, 28), "2025-02-01..2025-02-28"),
        ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29), "2024-02"),
        ("2025-12", dt.date(2025, 12, 1), dt.date(2025, 12, 31), "2025-12"),
    ],
)
def test_forms(text: str, start: dt.date, end: dt.date, label: str) -> None:
    period = parse_period(text, now=NOW)
    assert (period.start, period.end, period.label) == (start, end, label)
    assert period.complete
    assert period.cutoff == dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), dt.UTC)


def test_months_and_slug() -> None:
    period = parse_period("2024-11-01..2025-02-28", now=NOW)
    assert period.months() == ["2024-11", "2024-12", "2025-01", "2025-02"]
    assert period.counted_months() == period.months()
    assert period.slug == "2024-11-01_2025-02-28"


def test_a_running_period_counts_its_whole_months_to_date() -> None:
    period = parse_period("2026Q2", now=NOW)
    assert not period.complete
    assert period.cutoff == dt.datetime(2026, 5, 1, tzinfo=dt.UTC)
    assert period.counted_months() == ["2026-04"]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("2025Q0", "a quarter (2025Q3)"),
        ("25", "a year (2025)"),
        ("2025-1-1..2025-2-1", "2025-01-01..2025-06-30"),
        ("2025-06-30..2025-01-01", "is empty"),
        ("2025-13-01..2025-12-31", "not a calendar date"),
        ("2026Q3", "has not begun"),
        ("2026-06-01..2026-06-30", "has not begun"),
        ("2026-05", "no whole month that has ended"),
        ("2026-05-01..2026-05-31", "no whole month that has ended"),
        ("2025-13", "not a month"),
        ("2025-02-28..2025-02-28", "does not cover whole months"),
        ("2025-01-02..2025-06-30", "use 2025-01-01..2025-06-30"),
        ("2025-01-01..2025-06-29", "use 2025-01-01..2025-06-30"),
        ("1969", "before 1970"),
    ],
)
def test_refused(text: str, words: str) -> None:
    with pytest.raises(InputError, match=words.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")):
        parse_period(text, now=NOW)


def test_duty_status_at_the_cutoff() -> None:
    cutoff = dt.datetime(2025, 7, 1, tzinfo=dt.UTC)
    due = dt.date(2025, 6, 10)
    assert DutyFact("x", due, dt.datetime(2025, 6, 10, 23, tzinfo=dt.UTC)).status(cutoff) == "on_time"
    assert DutyFact("x", due, dt.datetime(2025, 6, 11, tzinfo=dt.UTC)).status(cutoff) == "late"
    assert DutyFact("x", due, dt.datetime(2025, 7, 2, tzinfo=dt.UTC)).status(cutoff) == "late"
    assert DutyFact("x", dt.date(2025, 6, 30), None).status(cutoff) == "open"
    assert DutyFact("x", dt.date(2025, 6, 29), None).status(cutoff) == "late"
    assert DutyFact("x", None, None).status(cutoff) == "open"
    assert DutyFact("x", None, dt.datetime(2025, 7, 5, tzinfo=dt.UTC)).status(cutoff) == "open"
