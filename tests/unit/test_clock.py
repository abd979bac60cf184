"""Wall-clock times of a zone as instants, including the days clocks change."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest

from tests.unit.builders import BERLIN, SEOUL
from visits.domain import InvalidInterval
from visits.domain.clock import LocalClock, from_us, time_us, to_us

SPRING = date(2027, 3, 28)  # Berlin: 02:00 CET -> 03:00 CEST (01:00 UTC)
AUTUMN = date(2027, 10, 31)  # Berlin: 03:00 CEST -> 02:00 CET (01:00 UTC)


def utc(*fields: int) -> int:
    return to_us(datetime(*fields, tzinfo=UTC))


def test_to_us_and_from_us_round_trip_to_the_microsecond() -> None:
    moment = datetime(2027, 3, 2, 10, 15, 30, 123456, tzinfo=SEOUL)

    assert from_us(to_us(moment), SEOUL) == moment
    assert from_us(to_us(moment), SEOUL).tzinfo is SEOUL


def test_to_us_refuses_naive_datetimes() -> None:
    with pytest.raises(InvalidInterval):
        to_us(datetime(2027, 3, 2, 10))


def test_to_us_is_the_same_for_the_same_instant_in_any_zone() -> None:
    seoul = datetime(2027, 3, 2, 10, tzinfo=SEOUL)

    assert (
        to_us(seoul) == to_us(seoul.astimezone(timezone(timedelta(hours=-5)))) == utc(2027, 3, 2, 1)
    )


def test_local_clock_resolves_an_ordinary_seoul_day_by_arithmetic() -> None:
    clock = LocalClock(SEOUL)

    assert clock.resolve(date(2027, 3, 2), time_us(time(9))) == utc(2027, 3, 2, 0)
    assert clock.day_bounds(date(2027, 3, 2)) == (utc(2027, 3, 1, 15), utc(2027, 3, 2, 15))


def test_local_clock_time_in_the_spring_gap_is_the_moment_clocks_jump() -> None:
    clock = LocalClock(BERLIN)

    assert clock.resolve(SPRING, time_us(time(2, 30))) == utc(2027, 3, 28, 1)
    assert clock.resolve(SPRING, time_us(time(1, 30))) == utc(2027, 3, 28, 0, 30)
    assert clock.resolve(SPRING, time_us(time(3, 30))) == utc(2027, 3, 28, 1, 30)


def test_local_clock_time_in_the_autumn_fold_is_its_first_occurrence() -> None:
    clock = LocalClock(BERLIN)

    assert clock.resolve(AUTUMN, time_us(time(2, 30))) == utc(2027, 10, 31, 0, 30)
    assert clock.resolve(AUTUMN, time_us(time(3, 30))) == utc(2027, 10, 31, 2, 30)


def test_local_clock_days_with_a_change_last_23_or_25_hours() -> None:
    clock = LocalClock(BERLIN)
    hour = 3_600_000_000

    spring_start, spring_end = clock.day_bounds(SPRING)
    autumn_start, autumn_end = clock.day_bounds(AUTUMN)

    assert spring_end - spring_start == 23 * hour
    assert autumn_end - autumn_start == 25 * hour


def test_local_clock_windows_on_drops_a_window_inside_the_gap() -> None:
    clock = LocalClock(BERLIN)
    inside_gap = (time_us(time(2, 10)), time_us(time(2, 50)))

    assert clock.windows_on(SPRING, (inside_gap,)) == []
    assert clock.windows_on(SPRING + timedelta(days=7), (inside_gap,)) != []


def test_local_clock_steady_day_gives_midnight_only_without_a_change() -> None:
    clock = LocalClock(BERLIN)

    start, end, midnight = clock.steady_day(utc(2027, 3, 27, 12))
    *_, changing = clock.steady_day(utc(2027, 3, 28, 12))

    assert midnight == datetime(2027, 3, 27, tzinfo=BERLIN)
    assert (start, end) == clock.day_bounds(date(2027, 3, 27))
    assert changing is None
