"""Mail through a long outage of the mail server (issue 11, point 12): never given up,
each mail delivered once, with a Message-ID that stays the same however often it is tried;
several senders never send one row at once; the office sees what has not gone and can send
it again now (API and dashboard)."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from starlette.applications import Starlette

from tests.e2e.servers import Inbox, MailServer
from tests.integration.builders import HOST, OFFICER, World, at, csrf_of, login
from visits.mail import RetryPolicy, deliver_due
from visits.models import OutboxMessage

SENDER = "protocol@guro.example.kr"
NO_PAUSE = RetryPolicy(first=timedelta(0), cap=timedelta(0))
ATTEMPTS_IN_FOUR_HOURS = 12  # what the sender used to give up after


async def _book_mails(world: World, clocks: tuple[str, ...] = ("10:00",)) -> None:
    cctv = await world.facility(buffer_min=0)
    await world.host([cctv["id"]], HOST[0])
    for clock in clocks:
        await world.book(await world.delegation(), {"facility_id": cctv["id"], "start": at(clock)})


def _message_ids(server: MailServer) -> list[str]:
    return [str(m["Message-ID"]) for m in server.inbox.messages]


async def test_mail_outlives_an_outage_longer_than_twelve_attempts_and_arrives_once(
    world: World, mail_server: Callable[..., MailServer]
) -> None:
    server = mail_server()
    await _book_mails(world, ("10:00", "13:00"))
    server.stop()
    for _ in range(ATTEMPTS_IN_FOUR_HOURS + 3):
        assert await deliver_due(server.url(), SENDER, NO_PAUSE) == 0
    tried = await OutboxMessage.all().order_by("id")
    server.start()

    delivered = await deliver_due(server.url(), SENDER, NO_PAUSE)
    later = [await deliver_due(server.url(), SENDER, NO_PAUSE) for _ in range(3)]

    assert [m.attempts for m in tried] == [ATTEMPTS_IN_FOUR_HOURS + 3] * 2
    assert delivered == 2 and later == [0, 0, 0]
    assert sorted(_message_ids(server)) == [
        f"<outbox-{m.id}@guro.example.kr>" for m in tried]


async def test_mail_sent_again_after_its_sent_mark_was_lost_keeps_its_message_id(
    world: World, mail_server: Callable[..., MailServer]
) -> None:
    server = mail_server()
    await _book_mails(world)
    await deliver_due(server.url(), SENDER)
    # The server took it, then the database failed before "sent" was written; the claim
    # of the sender that died has run out.
    await OutboxMessage.all().update(sent_at=None, claimed_until=datetime.now(UTC))

    await deliver_due(server.url(), SENDER)

    first, again = _message_ids(server)
    assert first == again == f"<outbox-{(await OutboxMessage.get()).id}@guro.example.kr>"


def test_pause_between_attempts_doubles_up_to_the_cap_and_never_ends() -> None:
    retry = RetryPolicy(first=timedelta(seconds=15), cap=timedelta(hours=1))

    pauses = [retry.pause_after(n).total_seconds() for n in (1, 2, 3, 8, 9, 12, 10_000_000)]

    assert pauses == [15, 30, 60, 1920, 3600, 3600, 3600]


async def test_failed_attempt_waits_the_pause_set_in_settings(
    world: World, mail_server: Callable[..., MailServer]
) -> None:
    server = mail_server()
    await _book_mails(world)
    server.stop()
    retry = RetryPolicy(first=timedelta(seconds=2), cap=timedelta(seconds=5))

    for _ in range(6):
        await OutboxMessage.all().update(next_attempt_at=None)
        await deliver_due(server.url(), SENDER, retry)
    message = await OutboxMessage.get()

    assert message.attempts == 6 and message.claimed_until is None
    assert message.next_attempt_at is not None
    assert message.next_attempt_at - datetime.now(UTC) <= timedelta(seconds=5)


class SlowInbox(Inbox):
    """Takes a moment over each message, so two senders are surely at work at once."""

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        await asyncio.sleep(0.05)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def slow_server() -> Iterator[MailServer]:
    server = MailServer(SlowInbox())
    server.start()
    yield server
    server.stop()


async def test_two_senders_at_once_send_every_mail_exactly_once(
    world: World, slow_server: MailServer
) -> None:
    await _book_mails(world, ("09:00", "10:00", "11:00", "13:00", "14:00", "15:00"))

    counts = await asyncio.gather(deliver_due(slow_server.url(), SENDER),
                                  deliver_due(slow_server.url(), SENDER))

    ids = _message_ids(slow_server)
    assert sum(counts) == 6 and len(ids) == len(set(ids)) == 6
    assert not await OutboxMessage.filter(sent_at=None).exists()


# --- the office sees undelivered mail and sends it again ------------------------------------


async def _outbox(world: World, **params: str) -> list[dict[str, Any]]:
    response = await world.client.get("/api/outbox", params=params, headers=world.officer)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


async def test_outbox_filters_by_delivery_status(
    world: World, mail_server: Callable[..., MailServer]
) -> None:
    server = mail_server()
    await _book_mails(world, ("09:00", "10:00", "11:00"))
    first, second, third = await OutboxMessage.all().order_by("id")
    await OutboxMessage.filter(id=third.id).update(next_attempt_at=datetime.now(UTC)
                                                   + timedelta(hours=1))
    await OutboxMessage.filter(id=second.id).update(attempts=1, last_error="refused",
                                                    next_attempt_at=datetime.now(UTC)
                                                    + timedelta(hours=1))
    await deliver_due(server.url(), SENDER)  # only the first is due

    statuses = {s: [m["id"] for m in await _outbox(world, status=s)]
                for s in ("sent", "failing", "pending")}
    wrong = await world.client.get("/api/outbox", params={"status": "lost"},
                                   headers=world.officer)

    assert statuses == {"sent": [first.id], "failing": [second.id], "pending": [third.id]}
    assert [m["status"] for m in await _outbox(world)] == ["pending", "failing", "sent"]
    assert wrong.status_code == 422


@pytest.fixture
async def waiting_mail(app: Starlette, world: World, mail_server: Callable[..., MailServer]
                       ) -> tuple[MailServer, OutboxMessage]:
    """One mail to a host in the outbox of an app (started without a sender loop) pointed
    at a running mail server."""
    server = mail_server()
    app.state.settings = dataclasses.replace(app.state.settings, smtp_url=server.url(),
                                             org_email=SENDER)
    await _book_mails(world)
    return server, await OutboxMessage.get()


async def test_retry_sends_a_failing_mail_now(
    world: World, waiting_mail: tuple[MailServer, OutboxMessage]
) -> None:
    server, message = waiting_mail
    await OutboxMessage.all().update(attempts=13, last_error="down",
                                     next_attempt_at=datetime.now(UTC) + timedelta(hours=1))

    retried = await world.client.post(f"/api/outbox/{message.id}/retry", headers=world.officer)
    again = await world.client.post(f"/api/outbox/{message.id}/retry", headers=world.officer)

    assert retried.status_code == 200, retried.text
    assert retried.json()["status"] == "sent" and len(server.inbox.messages) == 1
    assert again.status_code == 409 and again.json()["error"]["code"] == "outbox_sent"


async def test_retry_of_a_mail_a_sender_holds_is_refused(
    world: World, waiting_mail: tuple[MailServer, OutboxMessage]
) -> None:
    server, message = waiting_mail
    await OutboxMessage.all().update(claimed_until=datetime.now(UTC) + timedelta(minutes=5))

    busy = await world.client.post(f"/api/outbox/{message.id}/retry", headers=world.officer)
    missing = await world.client.post("/api/outbox/999999/retry", headers=world.officer)

    assert busy.status_code == 409 and busy.json()["error"]["code"] == "outbox_busy"
    assert server.inbox.messages == []
    assert missing.status_code == 404


async def test_dashboard_lists_undelivered_mail_and_sends_it_again(
    world: World, waiting_mail: tuple[MailServer, OutboxMessage]
) -> None:
    server, message = waiting_mail
    await OutboxMessage.all().update(attempts=3, last_error="Connection refused")
    world.client.cookies.set("lang", "ko")
    await login(world.client, *OFFICER)

    page = await world.client.get("/dashboard")
    sent = await world.client.post(f"/outbox/{message.id}/retry",
                                   data={"csrf_token": csrf_of(page.text)},
                                   follow_redirects=True)

    assert "아직 전달되지 않은 메일 (1)" in page.text
    assert "Connection refused" in page.text and "지금 다시 보내기" in page.text
    assert len(server.inbox.messages) == 1
    assert "메일을 전달했습니다" in sent.text and "아직 전달되지 않은 메일 (0)" in sent.text


async def test_dashboard_retry_without_the_form_token_sends_nothing(
    world: World, waiting_mail: tuple[MailServer, OutboxMessage]
) -> None:
    server, message = waiting_mail
    await login(world.client, *OFFICER)

    refused = await world.client.post(f"/outbox/{message.id}/retry",
                                      data={"csrf_token": "forged"})

    assert refused.status_code == 403 and server.inbox.messages == []
