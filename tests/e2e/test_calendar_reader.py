"""The background calendar reader across several app processes on one database: each
calendar is read once per turn, whichever process gets to it (issue 17 point 4)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from tests.calendar_servers import ics_server, weekly_meeting
from tests.e2e.servers import Server, start_server, stop_server
from tests.integration.builders import OFFICER
from visits.models import Facility, Host, HostCalendar
from visits.services.accounts import create_user
from visits.settings import Settings

READER_ENV = {"CALENDAR_ALLOWED_HOSTS": "127.0.0.1", "CALENDAR_POLL_SECONDS": "0.2",
              "CALENDAR_REFRESH_MIN": "60", "CALENDAR_HORIZON_DAYS": "400",
              "CALENDAR_READER": "1"}


async def test_three_processes_read_a_calendar_once(orm: None, settings: Settings,
                                                    tmp_path: Path) -> None:
    hours = [{"weekday": d, "start": "09:00", "end": "18:00"} for d in range(5)]
    facility = await Facility.create(
        code="cctv", kind="control_center", name={"ko": "통합관제센터", "en": "CCTV"},
        address={"ko": "구로구"}, capacity=20, duration_min=60, open_hours=hours)
    host = await Host.create(name={"ko": "김민수", "en": "Kim Minsu"}, email="h@example.kr",
                             languages=["ko"], weekly=hours)
    await host.facilities.add(facility)
    await create_user(OFFICER[0], "officer", OFFICER[1])
    servers: list[Server] = []
    with ics_server() as calendar:
        calendar.body = weekly_meeting()
        await HostCalendar.create(host=host, kind="ics", url=calendar.url + "/c.ics")
        try:
            for n in range(3):
                servers.append(start_server(settings, tmp_path / f"app-{n}.log",
                                            extra_env=READER_ENV))
            await _until(lambda: bool(calendar.requests), "a process read the calendar")
            await asyncio.sleep(2)  # every process has polled several times since
        finally:
            for server in servers:
                stop_server(server)

    assert len(calendar.requests) == 1, calendar.requests
    [row] = await HostCalendar.all()
    assert row.status == "ok" and row.claimed_until is None


async def _until(condition: Callable[[], bool], what: str, limit: float = 60) -> None:
    loop = asyncio.get_running_loop()
    give_up = loop.time() + limit
    while not condition():
        assert loop.time() < give_up, f"never happened: {what}"
        await asyncio.sleep(0.1)
