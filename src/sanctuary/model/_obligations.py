"""Due dates and status of a decision's duties.

Packs state when a duty is due in words ("at once", "within 2 business days", "before the
interview"). Where the words fix a day, the day is computed from the decision's date so counsel's
queue can sort by deadline; where they depend on an event ("before any transfer"), the date stays
unknown (None) rather than being guessed.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Literal

ObligationStatus = Literal["open", "done", "late"]

_SAME_DAY = ("at once", "immediately", "the same day", "same day", "today", "forthwith")
_WITHIN = re.compile(r"^within\s+(\d{1,3})\s+(business\s+|working\s+|calendar\s+)?(day|week|hour)s?\b")


def due_date(text: str, start: dt.date) -> dt.date | None:
    """The day a duty is due, counting from ``start``; None when the text names no fixed day."""
    words = " ".join(text.lower().split())
    if words.startswith(_SAME_DAY):
        return start
    match = _WITHIN.match(words)
    if match is None:
        return None
    count, qualifier, unit = int(match.group(1)), (match.group(2) or "").strip(), match.group(3)
    if unit == "hour":
        return start + dt.timedelta(days=math.ceil(count / 24))
    if unit == "week":
        return start + dt.timedelta(weeks=count)
    if qualifier in {"business", "working"}:
        return add_business_days(start, count)
    return start + dt.timedelta(days=count)


def add_business_days(start: dt.date, count: int) -> dt.date:
    """``count`` weekdays after ``start`` (public holidays are not known here, so not skipped)."""
    day = start
    while count > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def obligation_status(due_on: dt.date | None, done_at: dt.datetime | None, today: dt.date) -> ObligationStatus:
    """Done once marked done; late when past its due day and still open; otherwise open."""
    if done_at is not None:
        return "done"
    if due_on is not None and today > due_on:
        return "late"
    return "open"
