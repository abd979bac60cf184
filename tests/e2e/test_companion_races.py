"""Fifty officers assign one interpreter to fifty overlapping visits at once, through three
app processes on one database: exactly one wins (SPEC §7.4, the hosts' guarantee), and the
interpreter gets exactly one invite, whichever process sends it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from email.message import Message

import httpx
import pytest

from tests.e2e.servers import MailServer, Server, SlowInbox, gather_limited
from tests.integration.builders import at, delegation_body, facility_body, host_body, until
from visits.models import CompanionAssignment, OutboxMessage
from visits.services.accounts import create_user

pytestmark = pytest.mark.slow
VISITS = 50
INTERPRETER = "sujin@interp.example.kr"


@pytest.fixture
def sink(monkeypatch: pytest.MonkeyPatch) -> Iterator[MailServer]:
    server = MailServer(SlowInbox())
    server.start()
    monkeypatch.setenv("SMTP_URL", server.url())
    monkeypatch.setenv("ORG_EMAIL", "protocol@guro.example.kr")
    yield server
    server.stop()


async def _client(server: Server) -> httpx.AsyncClient:
    client = httpx.AsyncClient(base_url=server.url, timeout=120,
                               limits=httpx.Limits(max_connections=100))
    token = (await client.post("/api/auth/token", json={
        "email": "race@example.kr", "password": "race-password-1"})).json()["token"]
    client.headers["Authorization"] = f"Bearer {token}"
    return client


async def _arrange(client: httpx.AsyncClient) -> tuple[int, list[int]]:
    """Fifty visits of a Thai delegation, each at its own 10:00 slot, and one interpreter."""
    facility = (await client.post("/api/facilities", json=facility_body(
        capacity=500, buffer_min=0))).json()
    for i in range(VISITS):
        await client.post("/api/hosts", json=host_body([facility["id"]], email=f"h{i}@e.kr"))
    delegation = (await client.post("/api/delegations", json=delegation_body(
        language="th", size=5))).json()
    visits = []
    for _ in range(VISITS):
        booked = await client.post("/api/visits", json={
            "delegation_id": delegation["id"],
            "stops": [{"facility_id": facility["id"], "start": at("10:00")}]})
        assert booked.status_code == 201, booked.text
        visits.append(booked.json()["id"])
    sujin = (await client.post("/api/companions", json={
        "name": {"ko": "이수진", "en": "Lee Su-jin"}, "kind": "interpreter",
        "email": INTERPRETER, "languages": ["ko", "th"],
        "weekly": [{"weekday": d, "start": "08:00", "end": "20:00"} for d in range(5)]}))
    assert sujin.status_code == 201, sujin.text
    return sujin.json()["id"], visits


def _invites(messages: list[Message]) -> list[Message]:
    return [m for m in messages if m["To"] == INTERPRETER]


async def test_fifty_racing_assignments_of_one_interpreter_one_wins(
    orm: None, sink: MailServer, serve: Callable[[int], Server]
) -> None:
    await create_user("race@example.kr", "officer", "race-password-1")
    servers = [serve(2), serve(1)]
    clients = [await _client(server) for server in servers]
    try:
        companion_id, visits = await _arrange(clients[0])
        calls = [
            lambda i=i, v=v: clients[i % 2].put(f"/api/visits/{v}/companions", json=[{
                "companion_id": companion_id, "start": at("09:00"),
                "end": at(f"{12 + i % 5}:00")}])
            for i, v in enumerate(visits)
        ]
        responses = await gather_limited(calls)
    finally:
        for client in clients:
            await client.aclose()

    statuses = Counter(r.status_code for r in responses)
    log = servers[0].output()[-3000:]
    assert statuses == {200: 1, 409: VISITS - 1}, (statuses, log)
    refusals = [r.json()["error"] for r in responses if r.status_code == 409]
    assert {e["code"] for e in refusals} == {"companion_busy"}
    assert all("이수진" in e["message"] or "Lee Su-jin" in e["message"] for e in refusals)
    assert await CompanionAssignment.filter(live=True).count() == 1

    async def invited() -> bool:
        return not await OutboxMessage.filter(to_email=INTERPRETER, sent_at=None).exists()

    await until(invited, "the interpreter's invite has been sent")
    assert len(_invites(sink.inbox.messages)) == 1
