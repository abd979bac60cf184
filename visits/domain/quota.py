"""Weekly quotas (SPEC §7.5): a facility receives at most so many visits a week.

A week runs Monday to Sunday on the organisation's wall clock, and a stop belongs to the
week of its local start. Visits are counted, not stops: a second stop of a visit already
there that week takes nothing more.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from visits.domain.calendar import Booking
from visits.domain.clock import LocalClock
from visits.domain.intervals import Span


@dataclass(frozen=True)
class FullWeek:
    """A week with no room left: its instants, its Monday and the visits already in it."""

    span: Span
    monday: date
    booked: int


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def visits_by_week(bookings: Iterable[Booking], clock: LocalClock,
                   visit_id: int | None = None) -> dict[date, set[int]]:
    """The visits (other than `visit_id`) with a stop in each week, by the week's Monday."""
    weeks: dict[date, set[int]] = {}
    for booking in bookings:
        if visit_id is not None and booking.visit_id == visit_id:
            continue
        monday = monday_of(clock.date_of(booking.span_us[0]))
        weeks.setdefault(monday, set()).add(booking.visit_id)
    return weeks


def full_weeks(quota: int | None, bookings: Iterable[Booking], clock: LocalClock,
               visit_id: int | None = None) -> list[FullWeek]:
    """The weeks in which one more visit would exceed `quota`, in time order."""
    if quota is None:
        return []
    weeks = visits_by_week(bookings, clock, visit_id)
    return [
        FullWeek((clock.day_bounds(monday)[0], clock.day_bounds(monday + timedelta(days=7))[0]),
                 monday, len(visits))
        for monday, visits in sorted(weeks.items())
        if len(visits) >= quota
    ]
