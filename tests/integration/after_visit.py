"""Builders for the after-the-visit tests: a visit booked through the API, then moved into
the past (booking refuses past times; closing, gifts and surveys need a day gone by)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tests.integration.builders import HOST, World, at
from visits.models import Stop

SEOUL = ZoneInfo("Asia/Seoul")


async def move_visit(visit_id: int, to_day: datetime) -> None:
    """Shift every stop of the visit so that its first starts at `to_day` (aware)."""
    stops = await Stop.filter(visit_id=visit_id).order_by("start")
    shift = to_day - stops[0].start
    for stop in stops:
        await Stop.filter(id=stop.id).update(start=stop.start + shift, end=stop.end + shift,
                                             occupied_until=stop.occupied_until + shift)


def days_ago(days: int, clock: str = "10:00") -> datetime:
    """`clock` in Seoul, `days` days before today (negative: after)."""
    hour, minute = (int(p) for p in clock.split(":"))
    day = (datetime.now(SEOUL) - timedelta(days=days)).date()
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=SEOUL)


async def past_visit(world: World, days: int = 2, **delegation: Any) -> dict[str, Any]:
    """A delegation's two-stop visit that took place `days` ago; returns the visit."""
    cctv = await world.facility(buffer_min=0, capacity=100)
    kiosk = await world.facility(code="kiosk", kind="kiosk", buffer_min=0, capacity=100, name={
        "ko": "무인민원발급기", "en": "Civil-document kiosks"})
    await world.host([cctv["id"], kiosk["id"]], HOST[0])
    team = await world.delegation(size=8, **delegation)
    visit = await world.book(team, {"facility_id": cctv["id"], "start": at("10:00")},
                             {"facility_id": kiosk["id"], "start": at("11:15")})
    await move_visit(visit["id"], days_ago(days))
    return visit
