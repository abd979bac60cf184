"""Busy times out of iCalendar text, and which addresses a calendar URL may reach."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from tests.calendar_servers import weekly_meeting
from visits.calendars.fetching import check_url, normalise_url
from visits.calendars.problems import CalendarProblem, UrlRefused
from visits.calendars.reading import Window, parse_calendar

SEOUL = ZoneInfo("Asia/Seoul")


def window(suffix: str = "@gyeonhak.invalid") -> Window:
    return Window(datetime(2027, 3, 1, tzinfo=UTC), datetime(2027, 4, 1, tzinfo=UTC), SEOUL,
                  suffix, 1000, time.monotonic() + 30)


def ics(*events: str) -> bytes:
    body = "".join(f"BEGIN:VEVENT\r\nDTSTAMP:20270101T000000Z\r\n{e}END:VEVENT\r\n"
                   for e in events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:t\r\n{body}END:VCALENDAR\r\n".encode()


def seoul(text: str) -> str:
    return datetime.fromisoformat(text).astimezone(SEOUL).strftime("%m-%d %H:%M")


def test_the_weekly_meeting_keeps_its_moved_and_drops_its_cancelled_occurrence() -> None:
    found = parse_calendar(weekly_meeting(), window())

    assert [seoul(b.start.isoformat()) for b in found] == [
        "03-03 10:00", "03-10 10:00", "03-17 14:00", "03-31 10:00"]
    assert {b.title for b in found} == {"구의회 상임위원회"}


def test_transparent_cancelled_and_our_own_events_do_not_count() -> None:
    data = ics("UID:a@x\r\nDTSTART:20270310T010000Z\r\nDTEND:20270310T020000Z\r\n"
               "TRANSP:TRANSPARENT\r\n",
               "UID:b@x\r\nDTSTART:20270310T030000Z\r\nDTEND:20270310T040000Z\r\n"
               "STATUS:CANCELLED\r\n",
               "UID:stop-7@gyeonhak.invalid\r\nDTSTART:20270310T050000Z\r\n"
               "DTEND:20270310T060000Z\r\n",
               "UID:c@x\r\nDTSTART:20270310T070000Z\r\nDTEND:20270310T080000Z\r\n")

    assert [b.start.hour for b in parse_calendar(data, window())] == [7]


def test_all_day_and_floating_events_are_local_days_and_times() -> None:
    data = ics("UID:d@x\r\nDTSTART;VALUE=DATE:20270310\r\n",
               "UID:f@x\r\nDTSTART:20270311T100000\r\nDURATION:PT30M\r\n")

    day, floating = parse_calendar(data, window())

    assert (seoul(day.start.isoformat()), seoul(day.end.isoformat())) == (
        "03-10 00:00", "03-11 00:00")
    assert seoul(floating.start.isoformat()) == "03-11 10:00"


def test_freebusy_periods_count_except_free_ones() -> None:
    data = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:t\r\nBEGIN:VFREEBUSY\r\n"
            b"FREEBUSY:20270310T010000Z/PT1H\r\nFREEBUSY;FBTYPE=FREE:20270310T030000Z/PT1H\r\n"
            b"END:VFREEBUSY\r\nEND:VCALENDAR\r\n")

    assert [b.start.hour for b in parse_calendar(data, window())] == [1]


@pytest.mark.parametrize(("data", "code"), [
    (b"not a calendar", "malformed"),
    (weekly_meeting().replace(b"TZID=Asia/Seoul:", b"TZID=Mars/Olympus:"), "unknown_timezone"),
    (ics(*["UID:e@x\r\nDTSTART:20270310T010000Z\r\n"] * 1001), "too_many_events"),
])
def test_a_bad_calendar_is_refused_with_its_reason(data: bytes, code: str) -> None:
    with pytest.raises(CalendarProblem) as refused:
        parse_calendar(data, window())
    assert refused.value.code == code


@pytest.mark.parametrize("url", ["http://127.0.0.1/x", "http://10.0.0.1/", "http://[::1]/",
                                 "http://169.254.169.254/latest/", "http://192.168.0.1/",
                                 "http://100.64.0.1/", "http://0.0.0.0/", "http://[::ffff:127.0.0.1]/",
                                 "http://localhost/"])
def test_non_public_addresses_are_refused(url: str) -> None:
    with pytest.raises(UrlRefused):
        asyncio.run(check_url(url, allowed_hosts=()))


def test_an_allowed_host_is_let_through_and_webcal_reads_as_https() -> None:
    assert asyncio.run(check_url("http://127.0.0.1:8/x.ics", {"127.0.0.1"})) == \
        "http://127.0.0.1:8/x.ics"
    assert normalise_url("webcal://cal.example.org/a.ics") == "https://cal.example.org/a.ics"
    with pytest.raises(UrlRefused):
        normalise_url("file:///etc/passwd")


def test_a_parser_process_that_died_is_replaced_at_the_next_read() -> None:
    """A killed parser process (out of memory, a signal) broke the pool for good: every
    later read of every host's calendar failed with reader_failed until a restart."""
    from visits.services.calendar_reading import ParsePool

    pool = ParsePool()

    async def read_twice_with_a_death_between() -> tuple[int, int]:
        first = await pool.parse([weekly_meeting()], window(), 60)
        for process in list(pool._pool()._processes.values()):  # type: ignore[union-attr]
            process.kill()
            process.join(10)
        await asyncio.sleep(0.5)  # the pool's manager thread notices the death
        second = await pool.parse([weekly_meeting()], window(), 60)
        return len(first), len(second)

    try:
        assert asyncio.run(read_twice_with_a_death_between()) == (4, 4)
    finally:
        pool.close()
