"""Busy times out of an iCalendar document: opaque events, recurrences with their
exceptions, all-day and floating events, and VFREEBUSY periods.

Pure and synchronous: the service runs it in a child process with a time limit, so a
hostile calendar (an endless RRULE, a hundred thousand events) costs that process only.
"""

from __future__ import annotations

import time as clock
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

import icalendar
import recurring_ical_events
import x_wr_timezone

from visits.calendars.problems import CalendarProblem

MAX_TITLE = 200
IGNORED_FREEBUSY = {"FREE"}


@dataclass(frozen=True)
class BusyTime:
    """[start, end) in UTC, and the event's title (shown only if the host shares titles)."""

    start: datetime
    end: datetime
    title: str = ""


@dataclass(frozen=True)
class Window:
    """What to read: [lo, hi), the zone of floating times, our own UIDs' ending, limits."""

    lo: datetime
    hi: datetime
    zone: tzinfo
    own_uid_suffix: str
    max_events: int
    deadline: float  # time.monotonic() past which reading stops


def parse_calendar(data: bytes, window: Window) -> list[BusyTime]:
    """Every busy time meeting the window, merged per title-less overlap left to the engine."""
    if data.count(b"BEGIN:VEVENT") > window.max_events:
        raise CalendarProblem("too_many_events")
    try:
        calendar = x_wr_timezone.to_standard(icalendar.Calendar.from_ical(data))
    except Exception as exc:  # noqa: BLE001 - any parser failure is a malformed calendar
        raise CalendarProblem("malformed") from exc
    if calendar.name != "VCALENDAR":
        raise CalendarProblem("malformed")
    _check_zones(calendar)
    found = list(_events(calendar, window)) + list(_freebusy(calendar, window))
    return sorted(found, key=lambda b: (b.start, b.end))


def parse_calendars(documents: list[bytes], window: Window) -> list[BusyTime]:
    """A CalDAV collection's objects, each an iCalendar document of its own."""
    found: list[BusyTime] = []
    for data in documents:
        found.extend(parse_calendar(data, window))
        if len(found) > window.max_events:
            raise CalendarProblem("too_many_events")
    return sorted(found, key=lambda b: (b.start, b.end))


def _check_zones(calendar: icalendar.Calendar) -> None:
    """A time zone neither defined in the file nor known by name: refused, not guessed
    (an hour off would hide or invent busy times)."""
    for event in calendar.walk("VEVENT"):
        for name in ("DTSTART", "DTEND", "RECURRENCE-ID"):
            if name not in event:
                continue
            try:
                value = event.decoded(name)
            except Exception as exc:  # noqa: BLE001 - an unreadable date
                raise CalendarProblem("malformed") from exc
            zone = event[name].params.get("TZID")
            if zone and isinstance(value, datetime) and value.tzinfo is None:
                raise CalendarProblem("unknown_timezone", str(zone)[:60])


def _events(calendar: icalendar.Calendar, window: Window) -> Iterator[BusyTime]:
    query = recurring_ical_events.of(calendar, components=["VEVENT"])
    count = 0
    try:
        for event in query.after(_naive_or_aware_lo(window)):
            if clock.monotonic() > window.deadline:
                raise CalendarProblem("too_slow")
            busy = _busy_of(event, window)
            if busy is False:
                break
            if busy is None:
                continue
            count += 1
            if count > window.max_events:
                raise CalendarProblem("too_many_events")
            yield busy
    except CalendarProblem:
        raise
    except Exception as exc:  # noqa: BLE001 - a bad RRULE, date or zone in the file
        raise CalendarProblem("malformed") from exc


def _naive_or_aware_lo(window: Window) -> datetime:
    return window.lo - timedelta(days=1)  # all-day and floating events near the edge


def _busy_of(event: Any, window: Window) -> BusyTime | None | bool:
    """The event's busy time; None when it does not count; False once past the window."""
    start = _moment(event, "DTSTART", window)
    if start >= window.hi:
        return False
    if str(event.get("TRANSP", "OPAQUE")).upper() == "TRANSPARENT":
        return None
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        return None
    if str(event.get("UID", "")).endswith(window.own_uid_suffix):
        return None
    end = _moment(event, "DTEND", window) if "DTEND" in event else None
    if end is None:
        end = start + _length(event)
    if end <= start or end <= window.lo:
        return None
    return BusyTime(start, end, str(event.get("SUMMARY", ""))[:MAX_TITLE])


def _length(event: Any) -> timedelta:
    if "DURATION" in event:
        duration = event.decoded("DURATION")
        if isinstance(duration, timedelta):
            return duration
    raw = event.decoded("DTSTART")
    return timedelta(days=1) if not isinstance(raw, datetime) else timedelta(0)


def _moment(component: Any, name: str, window: Window) -> datetime:
    """An aware UTC instant: dates start at local midnight, floating times are local."""
    value = component.decoded(name)
    if not isinstance(value, datetime):
        if not isinstance(value, date):
            raise CalendarProblem("malformed")
        value = datetime(value.year, value.month, value.day)
    if value.tzinfo is None:
        if "TZID" in component[name].params:
            raise CalendarProblem("unknown_timezone", str(component[name].params["TZID"])[:60])
        value = value.replace(tzinfo=window.zone)
    return value.astimezone(UTC)


def _freebusy(calendar: icalendar.Calendar, window: Window) -> Iterator[BusyTime]:
    for component in calendar.walk("VFREEBUSY"):
        lines = component.get("FREEBUSY", [])
        for line in lines if isinstance(lines, list) else [lines]:
            if str(line.params.get("FBTYPE", "BUSY")).upper() in IGNORED_FREEBUSY:
                continue
            for period in line.dt if isinstance(line.dt, list) else [line.dt]:
                busy = _period(period, window)
                if busy is not None:
                    yield busy


def _period(period: Any, window: Window) -> BusyTime | None:
    try:
        start, other = period
    except (TypeError, ValueError):
        raise CalendarProblem("malformed") from None
    end = start + other if isinstance(other, timedelta) else other
    if start.tzinfo is None:
        start, end = start.replace(tzinfo=window.zone), end.replace(tzinfo=window.zone)
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    if end <= window.lo or start >= window.hi or end <= start:
        return None
    return BusyTime(start, end)
