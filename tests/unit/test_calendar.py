"""The domain's input records check themselves when built."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from tests.unit.builders import SEOUL, at, make_booking, make_facility, make_host
from visits.domain import (
    DEFAULT_OPEN_HOURS,
    Booking,
    Facility,
    Interval,
    InvalidInterval,
    WeeklyWindow,
)

DAY = date(2027, 3, 2)


@pytest.mark.parametrize(
    ("weekday", "start", "end"),
    [
        (1, time(12), time(12)),
        (1, time(13), time(12)),
        (7, time(9), time(18)),
        (-1, time(9), time(18)),
        (1, time(9, tzinfo=SEOUL), time(18, tzinfo=SEOUL)),
    ],
)
def test_weekly_window_refuses_nonsense(weekday: int, start: time, end: time) -> None:
    with pytest.raises(InvalidInterval):
        WeeklyWindow(weekday, start, end)


def test_default_open_hours_are_weekdays_nine_to_six() -> None:
    assert DEFAULT_OPEN_HOURS == tuple(WeeklyWindow(d, time(9), time(18)) for d in range(5))
    assert Facility(1, 30, timedelta(0)).open_hours == DEFAULT_OPEN_HOURS


def test_weekly_windows_merge_per_weekday() -> None:
    hours = (
        WeeklyWindow(0, time(13), time(18)),
        WeeklyWindow(0, time(9), time(12)),
        WeeklyWindow(0, time(12), time(13)),
        WeeklyWindow(2, time(9), time(10)),
    )
    hour = 3_600_000_000

    facility = make_facility(open_hours=hours)

    assert facility.weekly_us[0] == ((9 * hour, 18 * hour),)
    assert facility.weekly_us[2] == ((9 * hour, 10 * hour),)
    assert facility.weekly_us[1] == ()


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (at(DAY, "10:00"), at(DAY, "10:00")),
        (at(DAY, "11:00"), at(DAY, "10:00")),
        (datetime(2027, 3, 2, 10), at(DAY, "11:00")),
    ],
)
def test_interval_and_booking_refuse_empty_or_naive_times(start: datetime, end: datetime) -> None:
    with pytest.raises(InvalidInterval):
        Interval(start, end)
    with pytest.raises(InvalidInterval):
        make_booking(start, end)


def test_booking_occupies_its_host_until_the_end_of_its_buffer() -> None:
    booking = make_booking(at(DAY, "10:00"), at(DAY, "11:00"), buffer_min=15)

    assert booking.occupied_us[1] - booking.span_us[1] == 15 * 60_000_000
    assert isinstance(booking, Booking)


def test_facility_refuses_negative_capacity_or_buffer() -> None:
    with pytest.raises(ValueError, match="cannot be negative"):
        Facility(1, -1, timedelta(0))
    with pytest.raises(ValueError, match="cannot be negative"):
        Facility(1, 10, timedelta(minutes=-5))


@pytest.mark.parametrize(
    ("languages", "asked", "speaks"),
    [
        (("ja",), "ja-JP", True),
        (("zh-Hant",), "zh-Hans", True),
        (("EN",), "en", True),
        (("ko",), "ja", False),
        ((), "ko", False),
    ],
)
def test_host_speaks_by_primary_language(
    languages: tuple[str, ...], asked: str, speaks: bool
) -> None:
    assert make_host(languages=languages).speaks(asked) is speaks
