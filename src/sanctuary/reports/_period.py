"""Report periods: a year (``2025``), a quarter (``2025Q3``), a month (``2025-03``), or a range of
whole months (``2025-01-01..2025-06-30``).

Every period is made of whole published months, because two reports whose periods differ by a day
(or by a few minutes of a running period) differ by the cases of that day: 300 cases and 301 cases
tell the one case apart, its department, setting and outcome, however well each report suppresses
its own small counts. So a range must begin on a month's first day and end on a month's last day,
and a period still running is counted to the end of its last whole month (and says so); a period
none of whose months has ended yet is refused, like a period that has not begun.

Days are calendar days in the city's time zone (``zone``; UTC when none is given), and both ends of
a range are included.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sanctuary.model import InputError, Message

#: The periods a report takes, as the refusal of another lists them.
FORMS = Message(
    "a year (2025), a quarter (2025Q3), a month (2025-03) or a range of whole months "
    "(2025-01-01..2025-06-30, both days included)"
)
_YEAR = re.compile(r"(\d{4})")
_QUARTER = re.compile(r"(\d{4})[Qq]([1-4])")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_RANGE = re.compile(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})")


@dataclass(frozen=True)
class Period:
    """The days a report counts, and the moment its counts stop (the end of its last day, or now)."""

    label: str
    start: dt.date
    end: dt.date
    #: The first moment not counted: midnight after ``end``, or, for a period still running, the
    #: start of the month the report is made in (both in ``zone``, kept as UTC moments).
    cutoff: dt.datetime
    #: The time zone whose calendar days the period is made of.
    zone: dt.tzinfo = dt.UTC

    @property
    def complete(self) -> bool:
        """True when the period ended before the report was made."""
        return self.cutoff == _midnight(self.end + dt.timedelta(days=1), self.zone)

    @property
    def start_moment(self) -> dt.datetime:
        return _midnight(self.start, self.zone)

    def month_of(self, moment: dt.datetime) -> str:
        """The month (YYYY-MM) a moment falls in, on the period's calendar."""
        local = moment.astimezone(self.zone)
        return f"{local.year:04d}-{local.month:02d}"

    @property
    def slug(self) -> str:
        """The label in a form fit for file names."""
        return self.label.replace("..", "_")

    def counted_months(self) -> list[str]:
        """The months whose cases the report counts (all of them, or those before the cutoff)."""
        last = (self.cutoff - dt.timedelta(microseconds=1)).astimezone(self.zone).date()
        return [month for month in self.months() if month <= f"{last.year:04d}-{last.month:02d}"]

    def months(self) -> list[str]:
        """The calendar months (YYYY-MM) the period touches, in order."""
        found: list[str] = []
        year, month = self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            found.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return found


def _midnight(day: dt.date, zone: dt.tzinfo) -> dt.datetime:
    """The day's first moment in ``zone``, as a UTC moment (the form the store keeps)."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=zone).astimezone(dt.UTC)


def _day(text: str, what: Message) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(
            "--period: {what} {text!r} is not a calendar date; write days as YYYY-MM-DD.", what=what, text=text
        ) from None


def parse_period(text: str, *, now: dt.datetime | None = None, zone: dt.tzinfo = dt.UTC) -> Period:
    """The period named by ``text`` on ``zone``'s calendar; InputError for a malformed, empty or future period."""
    moment = (now or dt.datetime.now(dt.UTC)).astimezone(zone)
    where = "UTC" if zone is dt.UTC else str(zone)
    raw = text.strip()
    if match := _YEAR.fullmatch(raw):
        year = int(match.group(1))
        start, end, label = dt.date(year, 1, 1), dt.date(year, 12, 31), raw
    elif match := _QUARTER.fullmatch(raw):
        year, quarter = int(match.group(1)), int(match.group(2))
        start = dt.date(year, 3 * quarter - 2, 1)
        end = (dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)) - dt.timedelta(days=1)
        label = f"{year}Q{quarter}"
    elif match := _MONTH.fullmatch(raw):
        year, month = int(match.group(1)), int(match.group(2))
        if not 1 <= month <= 12:
            raise InputError(
                "--period {raw!r}: {month:02d} is not a month; write months 01 to 12.", raw=raw, month=month
            )
        start, end, label = dt.date(year, month, 1), _month_end(year, month), f"{year:04d}-{month:02d}"
    elif match := _RANGE.fullmatch(raw):
        start, end = _day(match.group(1), Message("the first day")), _day(match.group(2), Message("the last day"))
        label = f"{start.isoformat()}..{end.isoformat()}"
        if end < start:
            raise InputError(
                "--period {raw!r} is empty: its last day {end} comes before its first day {start}; "
                "give the first day first.",
                raw=raw,
                end=end,
                start=start,
            )
        if start.day != 1 or end != _month_end(end.year, end.month):
            whole = f"{start.replace(day=1)}..{_month_end(end.year, end.month)}"
            raise InputError(
                "--period {raw!r} does not cover whole months. Reports count whole months, so that two "
                "reports cannot be subtracted to single out the cases of a few days; use {whole}, or {forms}.",
                raw=raw,
                whole=whole,
                forms=FORMS,
            )
    else:
        raise InputError("--period {text!r} is not a period; write {forms}.", text=text, forms=FORMS)
    if start.year < 1970:
        raise InputError("--period {raw!r} begins before 1970; no records can be that old.", raw=raw)
    if _midnight(start, zone) >= moment:
        raise InputError(
            "--period {label} has not begun (it starts on {start}, and today is {today} {zone}); "
            "a report counts what happened, so choose a period that has started.",
            label=label,
            start=start,
            today=moment.date(),
            zone=where,
        )
    this_month = _midnight(moment.date().replace(day=1), zone)
    cutoff = min(_midnight(end + dt.timedelta(days=1), zone), this_month)
    if cutoff <= _midnight(start, zone):
        next_month = _month_end(moment.year, moment.month) + dt.timedelta(days=1)
        raise InputError(
            "--period {label} has no whole month that has ended (today is {today} {zone}); reports count "
            "whole months, so that reports made a day apart cannot be subtracted. Its first month can be "
            "reported from {first}.",
            label=label,
            today=moment.date(),
            zone=where,
            first=next_month,
        )
    return Period(label, start, end, cutoff, zone)


def _month_end(year: int, month: int) -> dt.date:
    first_of_next = dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
    return first_of_next - dt.timedelta(days=1)
