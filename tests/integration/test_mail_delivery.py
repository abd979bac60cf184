"""Mail to hosts against a real SMTP server on loopback (aiosmtpd), and a dead one."""

from __future__ import annotations

import email
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from tests.e2e.servers import free_port
from tests.integration.builders import HOST, World, at
from visits.mail import deliver_due
from visits.models import OutboxMessage


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[str, Inbox]]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield f"smtp://127.0.0.1:{controller.port}", inbox
    finally:
        controller.stop()


async def _book(world: World) -> dict[str, Any]:
    cctv = await world.facility()
    await world.host([cctv["id"]], HOST[0])
    return await world.book(await world.delegation(),
                            {"facility_id": cctv["id"], "start": at("10:00")})


async def test_mail_reaches_host_with_invite_attached(
    world: World, smtp: tuple[str, Inbox]
) -> None:
    url, inbox = smtp
    await _book(world)

    sent = await deliver_due(url, "protocol@guro.example.kr")

    assert sent == 1
    [message] = inbox.messages
    assert message["To"] == HOST[0]
    parts = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    assert parts[0].get_param("method") == "REQUEST"
    assert b"METHOD:REQUEST" in parts[0].get_payload(decode=True)
    assert (await OutboxMessage.first()).sent_at is not None  # type: ignore[union-attr]


async def test_dead_mail_server_keeps_booking_and_retries(
    world: World, smtp: tuple[str, Inbox]
) -> None:
    url, inbox = smtp
    visit = await _book(world)
    dead = f"smtp://127.0.0.1:{free_port()}"

    failed = await deliver_due(dead, "protocol@guro.example.kr")
    message = await OutboxMessage.get()
    booked = await world.client.get(f"/api/visits/{visit['id']}", headers=world.officer)
    await OutboxMessage.all().update(next_attempt_at=datetime.now(UTC) - timedelta(seconds=1))
    retried = await deliver_due(url, "protocol@guro.example.kr")

    assert failed == 0 and message.attempts == 1 and message.last_error
    assert booked.json()["status"] == "requested"
    assert retried == 1 and len(inbox.messages) == 1


async def test_message_not_due_yet_is_not_sent(world: World, smtp: tuple[str, Inbox]) -> None:
    url, inbox = smtp
    await _book(world)
    await OutboxMessage.all().update(next_attempt_at=datetime.now(UTC) + timedelta(minutes=5))

    assert await deliver_due(url, "protocol@guro.example.kr") == 0
    assert inbox.messages == []
