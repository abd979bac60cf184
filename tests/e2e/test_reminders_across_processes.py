"""Three app processes, each with its reminder worker and mail sender, over one database
and one real SMTP server (aiosmtpd): every reminder, escalation and day-before mail
arrives exactly once, whichever process claims it (SPEC §7.5). Run it on PostgreSQL with
TEST_DATABASE_URL (make test-pg); on SQLite it holds the same."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from email.header import decode_header, make_header
from typing import Any
from zoneinfo import ZoneInfo

import holidays as holiday_tables
import httpx
import pytest

from tests.e2e.servers import MailServer, Server, SlowInbox
from tests.integration.builders import at, delegation_body, facility_body, host_body, until
from visits.domain.reminders import day_before_due
from visits.models import AnswerReminder, OutboxMessage, Stop
from visits.services.accounts import create_user

pytestmark = pytest.mark.slow
SEOUL = ZoneInfo("Asia/Seoul")
UNANSWERED = 5  # stops asked 50 hours ago: a reminder and an escalation each
ACCEPTED = 2  # stops accepted for a day whose working day before has come


@pytest.fixture
def sink(monkeypatch: pytest.MonkeyPatch) -> Iterator[MailServer]:
    server = MailServer(SlowInbox())
    server.start()
    monkeypatch.setenv("SMTP_URL", server.url())
    monkeypatch.setenv("ORG_EMAIL", "protocol@guro.example.kr")
    monkeypatch.setenv("REMINDER_EVERY_SECONDS", "0.3")
    yield server
    server.stop()


def _day_reminded_now(now: datetime) -> date:
    """A working day, still ahead at 15:00, whose day-before reminder is already due."""
    closed = set(holiday_tables.KR(years=range(now.year, now.year + 2)))
    for ahead in range(0, 15):
        day = now.astimezone(SEOUL).date() + timedelta(days=ahead)
        start = datetime.combine(day, time(15, 0), SEOUL)
        if day.weekday() < 5 and day not in closed and start > now + timedelta(hours=1) \
                and day_before_due(start, SEOUL, closed) <= now:
            return day
    raise AssertionError("no day to book")


async def _arrange(server: Server) -> tuple[list[int], list[int]]:
    await create_user("reminders@example.kr", "officer", "reminders-password-1")
    async with httpx.AsyncClient(base_url=server.url, timeout=60) as client:
        token = (await client.post("/api/auth/token", json={
            "email": "reminders@example.kr", "password": "reminders-password-1"})).json()["token"]
        client.headers["Authorization"] = f"Bearer {token}"
        facility = (await client.post("/api/facilities", json=facility_body(
            buffer_min=0, capacity=500))).json()
        delegation = (await client.post("/api/delegations", json=delegation_body())).json()
        soon = _day_reminded_now(datetime.now(UTC)).isoformat()
        starts = [at("10:00")] * UNANSWERED + [at("15:00", soon)] * ACCEPTED
        stop_ids = []
        for i, start in enumerate(starts):
            host = (await client.post("/api/hosts", json=host_body(
                [facility["id"]], email=f"h{i}@example.kr"))).json()
            booked = await client.post("/api/visits", json={
                "delegation_id": delegation["id"],
                "stops": [{"facility_id": facility["id"], "start": start,
                           "host_id": host["id"]}]})
            assert booked.status_code == 201, booked.text
            stop_ids.append(booked.json()["stops"][0]["id"])
        for stop_id in stop_ids[UNANSWERED:]:
            accepted = await client.post(f"/api/stops/{stop_id}/accept")
            assert accepted.status_code == 200, accepted.text
    asked = datetime.now(UTC) - timedelta(hours=50)
    await Stop.filter(id__in=stop_ids[:UNANSWERED]).update(requested_at=asked)
    return stop_ids[:UNANSWERED], stop_ids[UNANSWERED:]


async def _all_claimed_and_sent() -> bool:
    claimed = await AnswerReminder.all().count()
    return claimed == 2 * UNANSWERED + ACCEPTED and \
        not await OutboxMessage.filter(sent_at=None).exists()


def subject_of(message: Any) -> str:
    return str(make_header(decode_header(str(message["Subject"]))))


def _kinds(messages: list[Any]) -> Counter[str]:
    found: Counter[str] = Counter()
    for message in messages:
        subject = subject_of(message)
        for mark, kind in (("답변 요청", "remind"), ("답변 지연", "escalate"),
                           ("견학 안내", "day_before")):
            if mark in subject:
                found[kind] += 1
    return found


async def test_three_processes_send_each_reminder_exactly_once(
    orm: None, sink: MailServer, serve: Callable[[int], Server]
) -> None:
    servers = [serve(1), serve(1), serve(1)]
    unanswered, accepted = await _arrange(servers[0])

    await until(_all_claimed_and_sent, "the workers have reminded every host once", 180)
    await asyncio.sleep(2)  # several more rounds of every process: nothing more goes out

    ids = [str(m["Message-ID"]) for m in sink.inbox.messages]
    assert len(ids) == len(set(ids)), servers[1].output()[-2000:]
    assert _kinds(sink.inbox.messages) == {"remind": UNANSWERED, "escalate": UNANSWERED,
                                           "day_before": ACCEPTED}
    reminded = Counter(str(m["To"]) for m in sink.inbox.messages
                       if "답변 요청" in subject_of(m) or "견학 안내" in subject_of(m))
    assert set(reminded.values()) == {1} and len(reminded) == UNANSWERED + ACCEPTED
    office = [m for m in sink.inbox.messages if "답변 지연" in subject_of(m)]
    assert {str(m["To"]) for m in office} == {"protocol@guro.example.kr"}
    rows = await AnswerReminder.all().values_list("stop_id", "kind")
    assert sorted(rows) == sorted([(s, k) for s in unanswered for k in ("remind", "escalate")]
                                  + [(s, "day_before") for s in accepted])
