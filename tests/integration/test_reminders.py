"""Reminders and escalation of hosts' answers (SPEC §7.5), driven by a clock the test
moves: one reminder after ANSWER_REMIND_HOURS, one mail to the office and the dashboard's
overdue list after ANSWER_ESCALATE_HOURS, one reminder the working day before an accepted
stop (Korean public holidays are not working days), all in the organisation's zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from tests.integration.builders import HOST, OFFICER, World, at, csrf_of, login
from tests.integration.test_answer_links import LINK
from visits.domain.reminders import day_before_due, previous_working_day
from visits.models import OutboxMessage, Stop
from visits.services.reminders import run_round
from visits.settings import Settings

SEOUL = ZoneInfo("Asia/Seoul")


class Clock:
    """A clock the test sets and moves; the worker asks it for `now`."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def at(self, moment: datetime) -> Clock:
        self.now = moment
        return self


async def _booked(world: World, day: str = "2027-03-09") -> dict[str, Any]:
    cctv = await world.facility()
    host = await world.host([cctv["id"]], HOST[0])
    delegation = await world.delegation()
    visit = await world.book(delegation, {"facility_id": cctv["id"], "start": at("10:00", day)})
    return {"cctv": cctv, "host": host, "visit": visit, "stop": visit["stops"][0]}


async def _mails(kind_subject: str) -> list[OutboxMessage]:
    return await OutboxMessage.filter(subject__contains=kind_subject).order_by("id")


async def test_one_reminder_after_the_remind_hours(world: World, settings: Settings) -> None:
    w = await _booked(world)
    asked = datetime.now(UTC)
    clock = Clock(asked + timedelta(hours=23))

    early = await run_round(settings, clock)
    due = await run_round(settings, clock.at(asked + timedelta(hours=25)))
    again = await run_round(settings, clock.at(asked + timedelta(hours=30)))

    assert early == [] and again == []
    assert due == [("remind", w["stop"]["id"])]
    [reminder] = await _mails("답변 요청")
    assert reminder.to_email == HOST[0] and "통합관제센터" in reminder.subject
    link = LINK.search(reminder.body)
    assert link is not None
    page = await world.client.get(link.group(1))
    assert page.status_code == 200 and "/accept" in page.text


async def test_escalation_mails_the_office_once_and_lists_the_stop_as_overdue(
        world: World, settings: Settings, client: httpx.AsyncClient) -> None:
    w = await _booked(world)
    asked = datetime.now(UTC)
    clock = Clock(asked + timedelta(hours=47))

    before = await run_round(settings, clock)
    after = await run_round(settings, clock.at(asked + timedelta(hours=49)))
    again = await run_round(settings, clock.at(asked + timedelta(hours=72)))

    assert before == [("remind", w["stop"]["id"])]
    assert after == [("escalate", w["stop"]["id"])] and again == []
    [office] = await _mails("답변 지연")
    assert office.to_email == settings.org_email
    assert "김민수" in office.body and f"/visits/{w['visit']['id']}" in office.body
    # The dashboard reads the real clock: the stop is made to have been asked 49 hours ago.
    await Stop.filter(id=w["stop"]["id"]).update(requested_at=asked - timedelta(hours=49))
    await login(client, *OFFICER)
    dashboard = await client.get("/dashboard")
    section = dashboard.text.split('id="overdue"')[1].split("</section>")[0]
    assert "통합관제센터" in section and "김민수" in section


async def test_answered_and_cancelled_stops_are_not_reminded(
        world: World, settings: Settings) -> None:
    answered = await _booked(world)
    other = await world.delegation(name={"ko": "다른 대표단", "en": "Other"})
    cancelled = await world.book(other, {"facility_id": answered["cctv"]["id"],
                                         "start": at("14:00")})
    await world.post(f"/api/stops/{answered['stop']['id']}/accept", {}, status=200)
    await world.post(f"/api/visits/{cancelled['id']}/cancel", {}, status=200)

    queued = await run_round(settings, Clock(datetime.now(UTC) + timedelta(hours=50)))

    assert queued == []


async def test_a_reschedule_asks_again_and_may_remind_again(
        world: World, settings: Settings) -> None:
    w = await _booked(world)
    first = await run_round(settings, Clock(datetime.now(UTC) + timedelta(hours=25)))
    moved = await world.client.patch(
        f"/api/visits/{w['visit']['id']}/stops/{w['stop']['id']}",
        json={"start": at("14:00")}, headers=world.officer)
    assert moved.status_code == 200
    asked_again = datetime.now(UTC)

    soon = await run_round(settings, Clock(asked_again + timedelta(hours=1)))
    later = await run_round(settings, Clock(asked_again + timedelta(hours=25)))

    assert first == [("remind", w["stop"]["id"])] and soon == []
    assert later == [("remind", w["stop"]["id"])]


async def test_the_host_is_reminded_the_working_day_before_an_accepted_stop(
        world: World, settings: Settings) -> None:
    w = await _booked(world)  # Tuesday 9 March 2027
    await world.post(f"/api/stops/{w['stop']['id']}/accept", {}, status=200)
    monday = datetime(2027, 3, 8, 9, 0, tzinfo=SEOUL)
    clock = Clock(monday - timedelta(minutes=1))

    early = await run_round(settings, clock)
    due = await run_round(settings, clock.at(monday))
    again = await run_round(settings, clock.at(monday + timedelta(hours=5)))

    assert early == [] and again == []
    assert due == [("day_before", w["stop"]["id"])]
    [reminder] = await _mails("견학 안내")
    assert reminder.to_email == HOST[0] and "2027-03-09 10:00" in reminder.body


async def test_a_public_holiday_is_no_working_day_before(
        world: World, settings: Settings) -> None:
    """Tuesday 2 March 2027 follows Independence Movement Day (Monday 1 March): the host
    hears on Friday 26 February."""
    w = await _booked(world, "2027-03-02")
    await world.post(f"/api/stops/{w['stop']['id']}/accept", {}, status=200)
    friday = datetime(2027, 2, 26, 9, 0, tzinfo=SEOUL)

    thursday_evening = await run_round(settings, Clock(friday - timedelta(hours=14)))
    on_friday = await run_round(settings, Clock(friday))

    assert thursday_evening == []
    assert on_friday == [("day_before", w["stop"]["id"])]


def test_previous_working_day_skips_weekends_and_closed_days() -> None:
    holidays = {datetime(2027, 3, 1).date()}

    assert previous_working_day(datetime(2027, 3, 2).date(), holidays).isoformat() == \
        "2027-02-26"
    assert previous_working_day(datetime(2027, 3, 9).date(), holidays).isoformat() == \
        "2027-03-08"
    start = datetime(2027, 3, 8, 10, 0, tzinfo=SEOUL)  # a Monday
    assert day_before_due(start, SEOUL, holidays) == datetime(2027, 3, 5, 9, 0, tzinfo=SEOUL)


async def test_the_answer_link_in_a_reminder_still_answers(
        world: World, settings: Settings, client: httpx.AsyncClient) -> None:
    w = await _booked(world)
    await run_round(settings, Clock(datetime.now(UTC) + timedelta(hours=25)))
    [reminder] = await _mails("답변 요청")
    link = LINK.search(reminder.body)
    assert link is not None

    page = await client.get(link.group(1))
    answered = await client.post(f"{link.group(1)}/accept",
                                 data={"csrf_token": csrf_of(page.text)})

    assert answered.status_code == 303
    stop = await Stop.get(id=w["stop"]["id"])
    assert stop.status == "accepted"
