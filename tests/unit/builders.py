"""Small builders for hand-written domain examples: Seoul time, office hours, no surprises."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from visits.domain import Booking, Facility, Host, Interval, Policy, WeeklyWindow

SEOUL = ZoneInfo("Asia/Seoul")
BERLIN = ZoneInfo("Europe/Berlin")
WEEKDAYS_9_TO_6 = tuple(WeeklyWindow(day, time(9), time(18)) for day in range(5))


def at(day: date, clock: str, tz: ZoneInfo = SEOUL) -> datetime:
    """`at(TUESDAY, "10:30")`: an aware datetime on a day at a wall-clock time."""
    hours, minutes = map(int, clock.split(":"))
    return datetime.combine(day, time(hours, minutes), tz)


def minutes(count: int) -> timedelta:
    return timedelta(minutes=count)


def make_facility(
    id: int = 1,
    capacity: int = 30,
    buffer_min: int = 0,
    open_hours: tuple[WeeklyWindow, ...] = WEEKDAYS_9_TO_6,
    closures: Iterable[Interval] = (),
    lat: float | None = None,
    lon: float | None = None,
) -> Facility:
    return Facility(id, capacity, minutes(buffer_min), open_hours, tuple(closures), lat, lon)


def make_host(
    id: int = 7,
    facility_ids: Iterable[int] = (1,),
    weekly: tuple[WeeklyWindow, ...] = WEEKDAYS_9_TO_6,
    time_off: Iterable[Interval] = (),
    languages: tuple[str, ...] = ("ko",),
) -> Host:
    return Host(id, frozenset(facility_ids), weekly, tuple(time_off), languages)


def make_booking(
    start: datetime,
    end: datetime,
    host_id: int = 7,
    facility_id: int = 1,
    party_size: int = 1,
    buffer_min: int = 0,
    stop_id: int = 100,
    visit_id: int = 10,
) -> Booking:
    return Booking(
        stop_id, visit_id, facility_id, host_id, start, end, party_size, minutes(buffer_min)
    )


def make_policy(
    now: datetime | None = None,
    min_notice: timedelta = timedelta(0),
    closed: dict[date, str] | None = None,
    tz: ZoneInfo = SEOUL,
) -> Policy:
    closed = closed or {}
    return Policy(
        tz=tz,
        closed_dates=frozenset(closed),
        min_notice=min_notice,
        now=now or datetime(2020, 1, 1, tzinfo=tz),
        closed_reasons=closed,
    )
