"""When reminders about hosts' answers fall due (SPEC §7.5), as plain arithmetic on aware
datetimes in the organisation's zone. Closed days (Korean public holidays, the
organisation's closures) and weekends are not working days."""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import UTC, date, datetime, time, timedelta, tzinfo

# The reminder of the working day before a stop goes from this local time on.
DAY_BEFORE_AT = time(9, 0)
# Never look further back than this for a working day (a long holiday is about a week).
LONGEST_CLOSURE = 31

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """The clock the app runs on; tests hand the worker one they move themselves."""
    return datetime.now(UTC)


def is_working_day(day: date, closed: Collection[date]) -> bool:
    return day.weekday() < 5 and day not in closed


def previous_working_day(day: date, closed: Collection[date]) -> date:
    """The last working day before `day` (Friday for a Monday; before a holiday's eve)."""
    for back in range(1, LONGEST_CLOSURE + 1):
        candidate = day - timedelta(days=back)
        if is_working_day(candidate, closed):
            return candidate
    return day - timedelta(days=1)


def day_before_due(start: datetime, tz: tzinfo, closed: Collection[date]) -> datetime:
    """When the host of a stop starting at `start` is reminded: 09:00 of the working day
    before the stop's day, in the organisation's zone."""
    eve = previous_working_day(start.astimezone(tz).date(), closed)
    return datetime.combine(eve, DAY_BEFORE_AT, tz)


def unanswered_due(asked_at: datetime, after: timedelta, now: datetime) -> bool:
    """A request asked at `asked_at` has waited `after` (a reminder, an escalation)."""
    return asked_at + after <= now
