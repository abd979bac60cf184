"""Mail to hosts against a real SMTP server on loopback (aiosmtpd): plain, STARTTLS or TLS
from the start, with a login; a dead server; and the app's own sender loop."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.header import decode_header, make_header
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.servers import MailServer, free_port
from tests.environment import make_settings
from tests.integration.builders import HOST, World, at, running_app, until
from visits.mail import deliver_due
from visits.models import OutboxMessage

SENDER = "protocol@guro.example.kr"
LOGIN = ("mailer@guro.example.kr", "s3cret: pass/word")


async def _book(world: World) -> dict[str, Any]:
    cctv = await world.facility()
    await world.host([cctv["id"]], HOST[0])
    return await world.book(await world.delegation(),
                            {"facility_id": cctv["id"], "start": at("10:00")})


async def test_mail_reaches_host_with_invite_attached(
    world: World, mail_server: Callable[..., MailServer]
) -> None:
    server = mail_server()
    await _book(world)

    sent = await deliver_due(server.url(), SENDER)

    assert sent == 1
    [message] = server.inbox.messages
    assert message["To"] == HOST[0]
    parts = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    assert parts[0].get_param("method") == "REQUEST"
    assert b"METHOD:REQUEST" in parts[0].get_payload(decode=True)
    assert (await OutboxMessage.first()).sent_at is not None  # type: ignore[union-attr]


async def test_dead_mail_server_keeps_booking_and_retries(
    world: World, mail_server: Callable[..., MailServer]
) -> None:
    server = mail_server()
    visit = await _book(world)
    dead = f"smtp://127.0.0.1:{free_port()}"

    failed = await deliver_due(dead, SENDER)
    message = await OutboxMessage.get()
    booked = await world.client.get(f"/api/visits/{visit['id']}", headers=world.officer)
    await OutboxMessage.all().update(next_attempt_at=datetime.now(UTC) - timedelta(seconds=1))
    retried = await deliver_due(server.url(), SENDER)

    assert failed == 0 and message.attempts == 1 and message.last_error
    assert booked.json()["status"] == "requested"
    assert retried == 1 and len(server.inbox.messages) == 1


async def test_message_not_due_yet_is_not_sent(
    world: World, mail_server: Callable[..., MailServer]
) -> None:
    server = mail_server()
    await _book(world)
    await OutboxMessage.all().update(next_attempt_at=datetime.now(UTC) + timedelta(minutes=5))

    assert await deliver_due(server.url(), SENDER) == 0
    assert server.inbox.messages == []


# --- TLS and login ---------------------------------------------------------------------------


@pytest.fixture
def trusted(certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """The test certificate trusted as a private CA is, through OpenSSL's SSL_CERT_FILE."""
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))


@pytest.mark.parametrize(("tls", "mechanism"), [
    ("starttls", "PLAIN"),
    ("starttls", "LOGIN"),
    # aiosmtpd warns of AUTH without STARTTLS; over smtps the connection is TLS throughout.
    pytest.param("smtps", "PLAIN", marks=pytest.mark.filterwarnings(
        "ignore:Requiring AUTH while not requiring TLS:UserWarning")),
])
async def test_mail_over_tls_logs_in_and_arrives(
    world: World, mail_server: Callable[..., MailServer], certificate: tuple[Path, Path],
    trusted: None, tls: str, mechanism: str,
) -> None:
    server = mail_server(LOGIN, tls=tls, cert=certificate, mechanisms=(mechanism,))
    await _book(world)

    sent = await deliver_due(server.url(*LOGIN), SENDER)

    assert sent == 1, (await OutboxMessage.get()).last_error
    assert server.inbox.logins == [(mechanism, LOGIN[0], True)]
    assert server.inbox.encrypted == [True]
    assert server.inbox.messages[0]["To"] == HOST[0]
    assert (await OutboxMessage.get()).sent_at is not None


async def test_wrong_smtp_password_keeps_mail_and_never_logs_the_password(
    world: World, mail_server: Callable[..., MailServer], certificate: tuple[Path, Path],
    trusted: None, caplog: pytest.LogCaptureFixture,
) -> None:
    server = mail_server(LOGIN, tls="starttls", cert=certificate)
    await _book(world)
    wrong = "not-the-password-9"
    caplog.set_level(logging.DEBUG)

    sent = await deliver_due(server.url(LOGIN[0], wrong), SENDER)
    outbox = await world.client.get("/api/outbox", headers=world.officer)

    message = await OutboxMessage.get()
    assert sent == 0 and server.inbox.messages == []
    assert server.inbox.logins  # one try per mechanism offered, each refused
    assert all(user == LOGIN[0] and not ok for _, user, ok in server.inbox.logins)
    assert (message.sent_at, message.attempts) == (None, 1)
    assert message.last_error and message.next_attempt_at is not None
    ours = [r for r in caplog.records if r.name.startswith(("visits", "aiosmtplib"))]
    assert any(r.levelno == logging.WARNING and r.name == "visits.mail" for r in ours)
    for secret in (wrong, LOGIN[1]):
        assert secret not in "\n".join(r.getMessage() for r in ours)
        assert secret not in message.last_error and secret not in outbox.text


async def test_mail_server_with_an_untrusted_certificate_is_never_sent_the_login(
    world: World, mail_server: Callable[..., MailServer], certificate: tuple[Path, Path],
) -> None:
    server = mail_server(LOGIN, tls="starttls", cert=certificate)
    await _book(world)

    sent = await deliver_due(server.url(*LOGIN), SENDER)

    message = await OutboxMessage.get()
    assert sent == 0 and server.inbox.logins == [] and server.inbox.messages == []
    assert message.attempts == 1 and "certificate" in message.last_error.lower()


# --- the app's own sender ------------------------------------------------------------------


async def _book_at(world: World, facility: dict[str, Any], clock: str) -> None:
    await world.book(await world.delegation(), {"facility_id": facility["id"], "start": at(clock)})


def _mails_about(server: MailServer, clock: str) -> int:
    """Messages received for the stop starting at `clock` on DAY (their subject says when)."""
    subjects = [str(make_header(decode_header(m["Subject"]))) for m in server.inbox.messages]
    return sum(f" {clock}–" in subject for subject in subjects)


@pytest.mark.slow  # waits for the sender's rounds and its first retry pause, about 25 s
async def test_app_sender_delivers_on_its_own_and_retries_once_the_server_is_back(
    database_url: str, tmp_path: Path, mail_server: Callable[..., MailServer]
) -> None:
    server = mail_server()
    settings = make_settings(database_url, tmp_path, SMTP_URL=server.url())
    async with running_app(settings) as world:
        cctv = await world.facility(buffer_min=0)
        await world.host([cctv["id"]], HOST[0])

        await _book_at(world, cctv, "10:00")
        await until(lambda: _mails_about(server, "10:00") == 1, "the first mail arrives")

        server.stop()
        await _book_at(world, cctv, "13:00")
        await until(_tried_and_failed, "the sender tries the mail while the server is down")
        server.start()
        await until(_all_sent, "the sender retries once the server is back")
        await _book_at(world, cctv, "15:00")  # later rounds of the sender run past this one
        await until(lambda: _mails_about(server, "15:00") == 1, "a later mail arrives")
        retried = await OutboxMessage.get(subject__contains=" 13:00–")

    assert [_mails_about(server, clock) for clock in ("10:00", "13:00", "15:00")] == [1, 1, 1]
    assert len(server.inbox.messages) == 3
    assert retried.attempts == 1 and retried.sent_at is not None


async def _tried_and_failed() -> bool:
    return await OutboxMessage.filter(sent_at=None, attempts__gte=1).exists()


async def _all_sent() -> bool:
    return not await OutboxMessage.filter(sent_at=None).exists()
