"""E-mail to hosts: an outbox written in the booking's own transaction, and a sender.

A stop requested, rescheduled or cancelled queues a message with the invite attached
(`text/calendar; method=` equal to the file's METHOD). Queuing inside the transaction means
a failing mail server never loses a booking, and a rolled-back booking sends nothing.
The sender retries with growing pauses, capped, for as long as it takes; without SMTP_URL
messages stay in the outbox, which officers can read (GET /api/outbox, the dashboard) and
send again at once.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

import aiosmtplib
from tortoise.expressions import Q

from itineraries import ics
from itineraries.companion_ics import KIND_WORDS, companion_invite
from itineraries.model import CompanionInfo, Itinerary, StopInfo, pick_text
from visits.models import OutboxMessage

log = logging.getLogger("visits.mail")
# Longer than any one attempt (the SMTP timeout is 20 s): a sender that died mid-send lets
# the row go after this, and another sends it again under the same Message-ID.
CLAIM_FOR = timedelta(minutes=5)
SUBJECTS = {
    "request": ("견학 요청", "Visit request"),
    "reschedule": ("견학 일정 변경", "Visit rescheduled"),
    "cancel": ("견학 취소", "Visit cancelled"),
    "counter_taken": ("제안하신 시간으로 확정", "Your proposed time is booked"),
    "delay": ("견학 일정 지연", "Running late"),
}


def _when(stop: StopInfo, itinerary: Itinerary) -> str:
    start, end = stop.start.astimezone(itinerary.timezone), stop.end.astimezone(itinerary.timezone)
    return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M} ({itinerary.timezone.key})"


def _briefing_lines(stop_id: int, kind: str, base_url: str) -> list[str]:
    """The briefing's page address: it opens after signing in (no secret in the mail)."""
    if kind == "cancel":
        return []
    return ["", "방문단 사전 안내 Briefing on the delegation (PDF, 로그인 후 열림 / after "
            f"signing in): {base_url}/stops/{stop_id}/briefing.pdf"]


def _answer_lines(answer_link: str) -> list[str]:
    """The host's personal link: accept, decline or propose another time, no sign-in."""
    if not answer_link:
        return []
    return ["", "바로 답하기 (로그인 없이) / Answer now, no sign-in needed:", answer_link,
            "수락, 거절 또는 다른 시간 제안 / Accept, decline or propose another time. "
            "이 링크는 본인 전용입니다 / This link is yours alone."]


async def queue_stop_mail(itinerary: Itinerary, stop_id: int, kind: str,
                          base_url: str = "", answer_link: str = "") -> None:
    """`base_url`: where the app answers (PUBLIC_URL), for the briefing link;
    `answer_link`: the host's personal answer link (a request or a reschedule)."""
    stop = next(s for s in itinerary.stops if s.stop_id == stop_id)
    data, method = ics.stop_invite(itinerary, stop_id)
    ko, en = SUBJECTS[kind]
    delegation = pick_text(itinerary.delegation.name, "ko")
    place = pick_text(stop.place.name, "ko")
    subject = f"[{ko} / {en}] {place} · {delegation} · {_when(stop, itinerary)}"
    body = "\n".join([
        f"{ko} / {en}",
        "",
        f"대표단 Delegation: {delegation} ({itinerary.delegation.country}, "
        f"{stop.party_size}명 people)",
        f"장소 Place: {place} / {pick_text(stop.place.name, 'en')}",
        f"일시 When: {_when(stop, itinerary)}",
        *_briefing_lines(stop_id, kind, base_url),
        *_answer_lines(answer_link),
        "",
        "첨부된 초대를 캘린더에서 수락 또는 거절해 주세요.",
        "Please accept or decline in Gyeonhak; the attached invite updates your calendar.",
    ])
    await OutboxMessage.create(
        to_email=stop.host.email, subject=subject[:500], body=body,
        ics=data.decode(), ics_method=method, stop_id=stop_id, visit_id=itinerary.visit_id,
    )


async def queue_companion_mail(itinerary: Itinerary, companion: CompanionInfo) -> None:
    """The companion's own invite (or its cancellation), queued in the caller's transaction
    like a host's: written once with the change, sent once by whichever process claims it."""
    if not companion.email:
        return
    data, method = companion_invite(itinerary, companion)
    ko, en = ("동행 요청", "Companion request") if method == "REQUEST" else (
        "동행 취소", "Companion cancelled")
    delegation = pick_text(itinerary.delegation.name, "ko")
    start, end = (companion.start.astimezone(itinerary.timezone),
                  companion.end.astimezone(itinerary.timezone))
    when = f"{start:%Y-%m-%d %H:%M}–{end:%H:%M} ({itinerary.timezone.key})"
    body = "\n".join([
        f"{ko} / {en}",
        "",
        f"{pick_text(companion.name, 'ko')} 님께,",
        f"역할 Role: {KIND_WORDS.get(companion.kind, companion.kind)}",
        f"대표단 Delegation: {delegation} ({itinerary.delegation.country}, "
        f"{itinerary.delegation.size}명 people)",
        f"일시 When: {when}",
        "",
        "첨부된 일정이 캘린더에 반영됩니다." if method == "REQUEST" else
        "이 동행 일정은 취소되었습니다. 첨부 파일이 캘린더에서 일정을 지웁니다.",
    ])
    subject = f"[{ko} / {en}] {delegation} · {when}"
    await OutboxMessage.create(
        to_email=companion.email, subject=subject[:500], body=body, ics=data.decode(),
        ics_method=method, visit_id=itinerary.visit_id,
    )


def build_email(message: OutboxMessage, sender: str) -> EmailMessage:
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.to_email
    email["Subject"] = message.subject
    email["Message-ID"] = message_id(message.id, sender)
    email.set_content(message.body)
    if message.ics:
        email.add_attachment(
            message.ics.encode(), maintype="text", subtype="calendar",
            filename="invite.ics", params={"method": message.ics_method, "charset": "utf-8"},
        )
    return email


def smtp_options(smtp_url: str) -> dict[str, object]:
    """smtp://user:pass@host:port (STARTTLS when offered), smtps://… (TLS from the start)."""
    url = urlsplit(smtp_url)
    options: dict[str, object] = {
        "hostname": url.hostname or "127.0.0.1",
        "port": url.port or (465 if url.scheme == "smtps" else 25),
        "use_tls": url.scheme == "smtps",
        "start_tls": None if url.scheme == "smtp" else False,
        "timeout": 20,
    }
    if url.username:
        options["username"] = unquote(url.username)
        options["password"] = unquote(url.password or "")
    return options


@dataclass(frozen=True)
class RetryPolicy:
    """Pauses between attempts: doubling from `first`, never longer than `cap`. There is
    no last attempt: a mail waits for the server however long it is down."""

    first: timedelta = timedelta(seconds=15)
    cap: timedelta = timedelta(hours=1)

    def pause_after(self, attempts: int) -> timedelta:
        doublings = min(max(0, attempts - 1), 32)  # 2**32 × any first pause is past any cap
        return min(self.cap, self.first * 2 ** doublings)


def message_id(outbox_id: int, sender: str) -> str:
    """The same for every attempt at one outbox row, so a mail sent twice (the server took
    it, then marking it sent failed) is recognisable as one."""
    domain = sender.rpartition("@")[2].strip("<> ") or "localhost"
    return f"<outbox-{outbox_id}@{domain}>"


def _due(now: datetime) -> Q:
    return (Q(sent_at=None) & (Q(next_attempt_at=None) | Q(next_attempt_at__lte=now))
            & _unclaimed(now))


def _unclaimed(now: datetime) -> Q:
    return Q(claimed_until=None) | Q(claimed_until__lte=now)


async def claim(outbox_id: int) -> bool:
    """Take one unsent row for this sender: a conditional update, which of several
    processes racing for the row exactly one wins."""
    now = datetime.now(UTC)
    return bool(await OutboxMessage.filter(
        Q(id=outbox_id, sent_at=None) & _unclaimed(now)
    ).update(claimed_until=now + CLAIM_FOR))


async def send_claimed(message: OutboxMessage, smtp_url: str, sender: str,
                       retry: RetryPolicy) -> bool:
    """Send a row this sender holds; record the outcome and let the row go."""
    try:
        await aiosmtplib.send(build_email(message, sender), **smtp_options(smtp_url))
    except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
        attempts = message.attempts + 1
        await OutboxMessage.filter(id=message.id).update(
            attempts=attempts, last_error=str(exc)[:1000], claimed_until=None,
            next_attempt_at=datetime.now(UTC) + retry.pause_after(attempts),
        )
        log.warning("mail %s to host not sent (attempt %s): %s", message.id, attempts,
                    type(exc).__name__)
        return False
    _accepted_unmarked.add(message.id)
    await _mark_accepted()
    return True


# Mails the server took whose "sent" mark could not be written (the database failed just
# then): marked first thing in this process's next rounds, never sent again by it.
_accepted_unmarked: set[int] = set()


async def _mark_accepted() -> None:
    for outbox_id in sorted(_accepted_unmarked):
        await OutboxMessage.filter(id=outbox_id).update(sent_at=datetime.now(UTC),
                                                        claimed_until=None)
        _accepted_unmarked.discard(outbox_id)


async def deliver_due(smtp_url: str, sender: str, retry: RetryPolicy = RetryPolicy()) -> int:
    """Send what is due once; returns how many went. Safe with several processes: each
    row is claimed before it is sent."""
    await _mark_accepted()
    sent = 0
    for message in await OutboxMessage.filter(_due(datetime.now(UTC))).order_by("id"):
        if await claim(message.id):
            sent += await send_claimed(message, smtp_url, sender, retry)
    return sent


async def run_sender(smtp_url: str, sender: str, retry: RetryPolicy = RetryPolicy(),
                     every: float = 5.0) -> None:
    """The background loop of the app's lifespan."""
    while True:
        try:
            await deliver_due(smtp_url, sender, retry)
        except Exception:  # noqa: BLE001 - the loop must outlive any one bad round
            log.exception("mail round failed")
        await asyncio.sleep(every)
