"""Report periods: a year (``2025``), a quarter (``2025Q3``) or a day range (``2025-01-01..2025-06-30``).

Days are UTC calendar days and both ends of a range are included. A period that has not begun is
refused (there is nothing to count yet); a period still running is reported "to date", cut off at
the moment the report is made, and says so.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sanctuary.model import InputError

FORMS = "a year (2025), a quarter (2025Q3) or a range of days (2025-01-01..2025-06-30, both days included)"
_YEAR = re.compile(r"(\d{4})")
_QUARTER = re.compile(r"(\d{4})[Qq]([1-4])")
_RANGE = re.compile(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})")


@dataclass(frozen=True)
class Period:
    """The days a report counts, and the moment its counts stop (the end of its last day, or now)."""

    label: str
    start: dt.date
    end: dt.date
    #: The first moment not counted: midnight UTC after ``end``, or the report's "now" if earlier.
    cutoff: dt.datetime

    @property
    def complete(self) -> bool:
        """True when the period ended before the report was made."""
        return self.cutoff == _midnight(self.end + dt.timedelta(days=1))

    @property
    def start_moment(self) -> dt.datetime:
        return _midnight(self.start)

    @property
    def slug(self) -> str:
        """The label in a form fit for file names."""
        return self.label.replace("..", "_")

    def months(self) -> list[str]:
        """The calendar months (YYYY-MM) the period touches, in order."""
        found: list[str] = []
        year, month = self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            found.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return found


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def _day(text: str, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(f"--period: {what} {text!r} is not a calendar date; write days as YYYY-MM-DD.") from None


def parse_period(text: str, *, now: dt.datetime | None = None) -> Period:
    """The period named by ``text``; InputError for a malformed, empty or future period."""
    moment = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    raw = text.strip()
    if match := _YEAR.fullmatch(raw):
        year = int(match.group(1))
        start, end, label = dt.date(year, 1, 1), dt.date(year, 12, 31), raw
    elif match := _QUARTER.fullmatch(raw):
        year, quarter = int(match.group(1)), int(match.group(2))
        start = dt.date(year, 3 * quarter - 2, 1)
        end = (dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)) - dt.timedelta(days=1)
        label = f"{year}Q{quarter}"
    elif match := _RANGE.fullmatch(raw):
        start, end = _day(match.group(1), "the first day"), _day(match.group(2), "the last day")
        label = f"{start.isoformat()}..{end.isoformat()}"
        if end < start:
            raise InputError(
                f"--period {raw!r} is empty: its last day {end} comes before its first day {start}; "
                "give the first day first."
            )
    else:
        raise InputError(f"--period {text!r} is not a period; write {FORMS}.")
    if start.year < 1970:
        raise InputError(f"--period {raw!r} begins before 1970; no records can be that old.")
    if _midnight(start) >= moment:
        raise InputError(
            f"--period {label} has not begun (it starts on {start}, and today is {moment.date()} UTC); "
            "a report counts what happened, so choose a period that has started."
        )
    cutoff = min(_midnight(end + dt.timedelta(days=1)), moment)
    return Period(label, start, end, cutoff)
