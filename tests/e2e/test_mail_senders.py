"""Two app processes, each with its own mail sender, over one database and one SMTP server
(issue 11, point 12): every mail arrives exactly once, whichever process sends it."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest

from tests.e2e.servers import MailServer, Server, SlowInbox
from tests.integration.builders import at, delegation_body, facility_body, host_body, until
from visits.models import OutboxMessage
from visits.services.accounts import create_user

pytestmark = pytest.mark.slow
MAILS = 12


@pytest.fixture
def sink(monkeypatch: pytest.MonkeyPatch) -> Iterator[MailServer]:
    server = MailServer(SlowInbox())
    server.start()
    monkeypatch.setenv("SMTP_URL", server.url())
    monkeypatch.setenv("ORG_EMAIL", "protocol@guro.example.kr")
    yield server
    server.stop()


async def _book_many(server: Server) -> None:
    await create_user("senders@example.kr", "officer", "senders-password-1")
    async with httpx.AsyncClient(base_url=server.url, timeout=60) as client:
        token = (await client.post("/api/auth/token", json={
            "email": "senders@example.kr", "password": "senders-password-1"})).json()["token"]
        client.headers["Authorization"] = f"Bearer {token}"
        facility = (await client.post("/api/facilities", json=facility_body(
            buffer_min=0, capacity=500))).json()
        for i in range(MAILS):
            await client.post("/api/hosts", json=host_body([facility["id"]],
                                                           email=f"h{i}@example.kr"))
        delegation = (await client.post("/api/delegations", json=delegation_body())).json()
        for _ in range(MAILS):
            booked = await client.post("/api/visits", json={
                "delegation_id": delegation["id"],
                "stops": [{"facility_id": facility["id"], "start": at("10:00")}]})
            assert booked.status_code == 201, booked.text


async def _all_sent() -> bool:
    return not await OutboxMessage.filter(sent_at=None).exists()


async def test_two_processes_sending_deliver_every_mail_once(
    orm: None, sink: MailServer, serve: Callable[[int], Server]
) -> None:
    first, second = serve(1), serve(1)
    await _book_many(first)

    await until(_all_sent, "the senders have sent every mail")

    ids = [str(m["Message-ID"]) for m in sink.inbox.messages]
    assert len(ids) == len(set(ids)) == MAILS, second.output()[-2000:]
    assert await OutboxMessage.filter(attempts__gt=0).count() == 0
