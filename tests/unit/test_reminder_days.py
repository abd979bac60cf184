"""The working day before a stop (SPEC §7.5), against a brute-force reference over random
closed days: weekends and closures are never it, and no working day lies between."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from visits.domain.reminders import (
    DAY_BEFORE_AT,
    day_before_due,
    is_working_day,
    previous_working_day,
)

SEOUL = ZoneInfo("Asia/Seoul")
DAYS = st.dates(min_value=date(2026, 1, 1), max_value=date(2028, 12, 31))


def reference(day: date, closed: set[date]) -> date:
    candidate = day - timedelta(days=1)
    while candidate.weekday() >= 5 or candidate in closed:
        candidate -= timedelta(days=1)
    return candidate


@given(DAYS, st.sets(st.integers(min_value=1, max_value=20), max_size=8))
def test_previous_working_day_matches_the_reference(day: date, back: set[int]) -> None:
    closed = {day - timedelta(days=n) for n in back}

    found = previous_working_day(day, closed)

    assert found == reference(day, closed)
    assert is_working_day(found, closed)


@given(DAYS, st.times())
def test_the_reminder_is_due_at_nine_on_the_eve_in_the_zone(day: date, clock: time) -> None:
    start = datetime.combine(day, clock, SEOUL)

    due = day_before_due(start, SEOUL, frozenset())

    assert due.tzinfo is SEOUL and due.time() == DAY_BEFORE_AT
    assert due.date() == reference(day, set()) and due < start
