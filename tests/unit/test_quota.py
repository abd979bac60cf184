"""Weekly quotas (SPEC §7.5) against a brute-force reading: for each start, count by hand
the other visits with a stop at the facility in the same local Monday-to-Sunday week."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.unit.builders import BERLIN, SEOUL, make_booking, make_host, make_policy
from visits.domain import (
    Booking,
    Facility,
    QuotaExceeded,
    WeeklyWindow,
    check_stop,
    free_slots,
    pick_host,
)

ALL_WEEK = tuple(WeeklyWindow(day, time(0), time(23, 59)) for day in range(7))
FIRST_DAY = date(2027, 3, 18)  # a Thursday; Berlin changes its clocks on Sunday the 28th
DAYS = 21
HOUR = timedelta(hours=1)


def facility(quota: int | None, tz_hours: tuple[WeeklyWindow, ...] = ALL_WEEK) -> Facility:
    return Facility(1, capacity=100, buffer=timedelta(0), open_hours=tz_hours,
                    max_visits_per_week=quota)


def reference_allows(start: datetime, bookings: list[Booking], quota: int | None,
                     tz: ZoneInfo, visit_id: int | None, ignored: frozenset[int]) -> bool:
    if quota is None:
        return True
    def week(moment: datetime) -> date:
        local = moment.astimezone(tz).date()
        return local - timedelta(days=local.weekday())
    others = {b.visit_id for b in bookings
              if b.facility_id == 1 and b.stop_id not in ignored and b.visit_id != visit_id
              and week(b.start) == week(start)}
    return len(others) < quota


@st.composite
def worlds(draw: st.DrawFn) -> tuple[int | None, ZoneInfo, list[Booking], int | None,
                                     frozenset[int]]:
    tz = draw(st.sampled_from([SEOUL, BERLIN]))
    quota = draw(st.one_of(st.none(), st.integers(1, 3)))
    bookings = []
    for stop_id in range(draw(st.integers(0, 10))):
        day = FIRST_DAY + timedelta(days=draw(st.integers(0, DAYS - 1)))
        start = datetime.combine(day, time(draw(st.integers(0, 22))), tz)
        bookings.append(make_booking(start, start + HOUR, host_id=draw(st.integers(7, 8)),
                                     facility_id=draw(st.sampled_from([1, 1, 2])),
                                     stop_id=stop_id, visit_id=draw(st.integers(10, 14))))
    visit_id = draw(st.one_of(st.none(), st.integers(10, 14)))
    ignored = frozenset(draw(st.sets(st.integers(0, 9), max_size=3)))
    return quota, tz, bookings, visit_id, ignored


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(worlds())
def test_a_stop_is_refused_exactly_in_the_weeks_the_reference_finds_full(world) -> None:  # type: ignore[no-untyped-def]
    quota, tz, bookings, visit_id, ignored = world
    place = facility(quota)
    host = make_host(id=9, weekly=ALL_WEEK)  # free: only the quota can refuse
    policy = make_policy(tz=tz)
    for offset in range(0, DAYS * 24, 5):
        start = datetime.combine(FIRST_DAY, time(), tz).astimezone(UTC) + offset * HOUR
        if start.astimezone(tz).time() >= time(23):
            continue
        expected = reference_allows(start, bookings, quota, tz, visit_id, ignored)
        try:
            check_stop(place, host, bookings, policy, start, start + HOUR, 1,
                       ignore_stop_ids=ignored, visit_id=visit_id)
            allowed = True
        except QuotaExceeded as refusal:
            allowed = False
            assert refusal.quota == quota and refusal.booked >= (quota or 0)
            assert refusal.week_start.weekday() == 0
        assert allowed == expected, start.astimezone(tz)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(worlds())
def test_slots_leave_exactly_the_full_weeks_empty(world) -> None:  # type: ignore[no-untyped-def]
    quota, tz, bookings, _, _ = world
    host = make_host(id=9, weekly=ALL_WEEK)
    policy = make_policy(tz=tz)
    last = FIRST_DAY + timedelta(days=DAYS - 1)
    capped = free_slots(facility(quota), [host], bookings, policy, FIRST_DAY, last, HOUR, 1,
                        step=timedelta(hours=2))
    uncapped = free_slots(facility(None), [host], bookings, policy, FIRST_DAY, last, HOUR, 1,
                          step=timedelta(hours=2))

    expected = [s for s in uncapped
                if reference_allows(s.start, bookings, quota, tz, None, frozenset())]
    assert [s.start for s in capped] == [s.start for s in expected]


def test_a_full_week_names_its_monday_and_how_many_visits_it_holds() -> None:
    tuesday = datetime(2027, 3, 9, 10, tzinfo=SEOUL)
    bookings = [make_booking(tuesday + i * timedelta(days=1), tuesday + i * timedelta(days=1)
                             + HOUR, stop_id=i, visit_id=10 + i) for i in range(2)]

    with pytest.raises(QuotaExceeded) as refused:
        pick_host(facility(2), [make_host(weekly=ALL_WEEK)], bookings, make_policy(),
                  datetime(2027, 3, 14, 10, tzinfo=SEOUL), datetime(2027, 3, 14, 11,
                                                                     tzinfo=SEOUL), 1)

    assert (refused.value.week_start, refused.value.quota, refused.value.booked) == (
        date(2027, 3, 8), 2, 2)


def test_the_next_monday_starts_a_new_week() -> None:
    sunday = datetime(2027, 3, 14, 10, tzinfo=SEOUL)
    bookings = [make_booking(sunday, sunday + HOUR, stop_id=1, visit_id=10)]
    monday = sunday + timedelta(days=1)

    check_stop(facility(1), make_host(weekly=ALL_WEEK), bookings, make_policy(), monday,
               monday + HOUR, 1)


def test_a_second_stop_of_a_visit_already_there_takes_no_more_of_the_quota() -> None:
    tuesday = datetime(2027, 3, 9, 10, tzinfo=SEOUL)
    bookings = [make_booking(tuesday, tuesday + HOUR, stop_id=1, visit_id=10)]
    later = tuesday + 3 * HOUR

    check_stop(facility(1), make_host(weekly=ALL_WEEK), bookings, make_policy(), later,
               later + HOUR, 1, visit_id=10)
    with pytest.raises(QuotaExceeded):
        check_stop(facility(1), make_host(weekly=ALL_WEEK), bookings, make_policy(), later,
                   later + HOUR, 1, visit_id=11)
