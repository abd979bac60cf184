"""Reminders and escalation of hosts' answers (SPEC §7.5), run by the app's background
worker (`run_reminders`), each round at the clock's `now`:

- a request unanswered `ANSWER_REMIND_HOURS` after it was asked: one reminder to the host,
  with a fresh answer link;
- unanswered `ANSWER_ESCALATE_HOURS`: overdue (the dashboard lists it) and one mail to the
  office (ORG_EMAIL);
- an accepted stop: one reminder to its host from 09:00 of the working day before it
  (weekends, Korean public holidays and the organisation's closures are not working days).

Each mail is claimed by inserting an `answer_reminder` row whose unique key (stop, kind,
basis) several app processes cannot both insert; the outbox row is written in the same
transaction, and the outbox sender sends it once. The basis is when the host was asked
(a reschedule asks again, and may remind again) or the stop's start (a moved stop is
reminded of its new day).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q

from itineraries.model import pick_text
from visits import store
from visits.answer_links import answer_token, answer_url
from visits.domain.reminders import Clock, day_before_due, system_clock
from visits.models import AnswerReminder, OutboxMessage, Stop
from visits.settings import Settings

log = logging.getLogger("visits.reminders")
REMIND, ESCALATE, DAY_BEFORE = "remind", "escalate", "day_before"
# Accepted stops looked at for the day-before reminder: past any run of closed days.
DAY_BEFORE_HORIZON = timedelta(days=32)


def asked_at(stop: Stop) -> datetime:
    """When the host was last asked (rows of before migration 0012: their last change)."""
    return stop.requested_at or stop.updated_at


def _asked_before(moment: datetime) -> Q:
    return Q(requested_at__lte=moment) | Q(requested_at=None, updated_at__lte=moment)


async def unanswered_since(moment: datetime, now: datetime) -> list[Stop]:
    """Requested stops still ahead whose host was asked at or before `moment`."""
    return await Stop.filter(
        _asked_before(moment), status="requested", start__gt=now, visit__cancelled=False,
    ).order_by("start").select_related("facility", "host", "visit__delegation")


async def overdue_stops(settings: Settings, now: datetime | None = None) -> list[Stop]:
    """What the dashboard lists as overdue: unanswered past ANSWER_ESCALATE_HOURS."""
    now = now or system_clock()
    return await unanswered_since(now - settings.answer_escalate_after, now)


async def _day_before_due(settings: Settings, now: datetime) -> list[Stop]:
    stops = await Stop.filter(
        status="accepted", start__gt=now, start__lte=now + DAY_BEFORE_HORIZON,
        visit__cancelled=False,
    ).order_by("start").select_related("facility", "host", "visit__delegation")
    if not stops:
        return []
    tz = settings.timezone
    policy = await store.load_policy(settings, now.astimezone(tz).date() - timedelta(days=1),
                                     stops[-1].start.astimezone(tz).date())
    return [s for s in stops if day_before_due(s.start, tz, policy.closed_dates) <= now]


async def run_round(settings: Settings, clock: Clock = system_clock) -> list[tuple[str, int]]:
    """One round: every reminder due at the clock's time and not yet sent by any process.
    Returns the (kind, stop id) of the mails this process queued."""
    now = clock()
    queued: list[tuple[str, int]] = []
    for stop in await unanswered_since(now - settings.answer_remind_after, now):
        if await _once(stop, REMIND, asked_at(stop), lambda s=stop: _remind(settings, s)):
            queued.append((REMIND, stop.id))
    for stop in await overdue_stops(settings, now):
        if await _once(stop, ESCALATE, asked_at(stop), lambda s=stop: _escalate(settings, s)):
            queued.append((ESCALATE, stop.id))
    for stop in await _day_before_due(settings, now):
        if await _once(stop, DAY_BEFORE, stop.start, lambda s=stop: _day_before(settings, s)):
            queued.append((DAY_BEFORE, stop.id))
    return queued


async def _once(stop: Stop, kind: str, basis: datetime,
                write: Callable[[], Awaitable[None]]) -> bool:
    """Claim the reminder and queue its mail in one transaction: whichever process inserts
    the row first sends it; the others meet the unique key and send nothing."""
    if await AnswerReminder.exists(stop_id=stop.id, kind=kind, basis=basis):
        return False
    try:
        async with store.transaction():
            await AnswerReminder.create(stop_id=stop.id, kind=kind, basis=basis)
            await write()
    except IntegrityError:
        return False
    return True


async def run_reminders(settings: Settings, clock: Clock = system_clock) -> None:
    """The background loop of the app's lifespan: a round every REMINDER_EVERY_SECONDS,
    the first after one interval (an app starting is not the moment to write)."""
    while True:
        await asyncio.sleep(settings.reminder_every)
        try:
            await run_round(settings, clock)
        except Exception:  # noqa: BLE001 - the loop must outlive any one bad round
            log.exception("reminder round failed")


# ---------------------------------------------------------------- the mails

def _facts(settings: Settings, stop: Stop) -> tuple[str, list[str]]:
    """The stop in one line (for a subject) and in lines (for a body), Korean and English."""
    tz = settings.timezone
    start, end = stop.start.astimezone(tz), stop.end.astimezone(tz)
    when = f"{start:%Y-%m-%d %H:%M}–{end:%H:%M} ({tz.key})"
    place = pick_text(stop.facility.name, "ko")
    delegation = pick_text(stop.visit.delegation.name, "ko")
    lines = [f"장소 Place: {place} / {pick_text(stop.facility.name, 'en')}",
             f"일시 When: {when}",
             f"대표단 Delegation: {delegation} ({stop.visit.delegation.country}, "
             f"{stop.party_size}명 people)"]
    return f"{place} · {delegation} · {when}", lines


def _briefing(settings: Settings, stop: Stop) -> list[str]:
    return ["", "방문단 사전 안내 Briefing on the delegation (PDF, 로그인 후 열림 / after "
            f"signing in): {settings.public_url}/stops/{stop.id}/briefing.pdf"]


async def _remind(settings: Settings, stop: Stop) -> None:
    line, facts = _facts(settings, stop)
    link = answer_url(settings.public_url, answer_token(
        settings.secret_key, stop.id, stop.sequence, stop.host_id))  # type: ignore[attr-defined]
    body = ["아직 답을 받지 못한 견학 요청입니다 / This visit request still awaits your answer.",
            "", *facts, "", "바로 답하기 (로그인 없이) / Answer now, no sign-in needed:", link,
            "수락, 거절 또는 다른 시간 제안 / Accept, decline or propose another time.",
            *_briefing(settings, stop)]
    await OutboxMessage.create(
        to_email=stop.host.email, subject=f"[답변 요청 / Answer needed] {line}"[:500],
        body="\n".join(body), stop_id=stop.id, visit_id=stop.visit_id)  # type: ignore[attr-defined]


async def _escalate(settings: Settings, stop: Stop) -> None:
    line, facts = _facts(settings, stop)
    tz = settings.timezone
    host = pick_text(stop.host.name, "ko")
    hours = int(settings.answer_escalate_after.total_seconds() // 3600)
    body = [f"{host} 담당자가 {hours}시간 넘게 견학 요청에 답하지 않았습니다.", "",
            *facts, f"담당자: {host} <{stop.host.email}> {stop.host.phone}".rstrip(),
            f"요청한 때: {asked_at(stop).astimezone(tz):%Y-%m-%d %H:%M}", "",
            f"방문 화면: {settings.public_url}/visits/{stop.visit_id}"]  # type: ignore[attr-defined]
    await OutboxMessage.create(
        to_email=settings.org_email, subject=f"[답변 지연] {host} · {line}"[:500],
        body="\n".join(body), stop_id=stop.id, visit_id=stop.visit_id)  # type: ignore[attr-defined]


async def _day_before(settings: Settings, stop: Stop) -> None:
    line, facts = _facts(settings, stop)
    body = ["수락하신 견학이 다가왔습니다 / A visit you accepted is coming up.", "", *facts,
            *_briefing(settings, stop),
            "", "일정을 지킬 수 없게 되면 의전 담당에게 바로 알려 주세요 / If you can no "
            f"longer receive them, tell the protocol office now: {settings.org_phone}, "
            f"{settings.org_email}"]
    await OutboxMessage.create(
        to_email=stop.host.email, subject=f"[견학 안내 / Coming visit] {line}"[:500],
        body="\n".join(body), stop_id=stop.id, visit_id=stop.visit_id)  # type: ignore[attr-defined]
