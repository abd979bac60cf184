"""A client that gives up on a booking before it is committed (issue 11, point 11): a real
uvicorn, a booking held behind a lock the test owns, the client's connection closed while
it waits. Once the lock is released the booking is rolled back: no visit, no mail."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from tests.e2e.servers import Server
from tests.integration.builders import (
    OutsideWriter,
    at,
    delegation_body,
    facility_body,
    host_body,
    until,
)
from visits.models import OutboxMessage, Visit
from visits.services.accounts import create_user

pytestmark = pytest.mark.slow
ROLLED_BACK = "client closed the connection before commit"


async def _arrange(server: Server) -> tuple[str, dict[str, Any]]:
    await create_user("gone@example.kr", "officer", "gone-password-1")
    async with httpx.AsyncClient(base_url=server.url, timeout=30) as client:
        token = (await client.post("/api/auth/token", json={
            "email": "gone@example.kr", "password": "gone-password-1"})).json()["token"]
        client.headers["Authorization"] = f"Bearer {token}"
        facility = (await client.post("/api/facilities", json=facility_body())).json()
        await client.post("/api/hosts", json=host_body([facility["id"]], email="h@example.kr"))
        delegation = (await client.post("/api/delegations", json=delegation_body())).json()
    body = {"delegation_id": delegation["id"],
            "stops": [{"facility_id": facility["id"], "start": at("10:00")}]}
    return token, body


async def _send_and_wait(server: Server, token: str, body: dict[str, Any]
                         ) -> tuple[asyncio.StreamWriter, asyncio.Task[bytes]]:
    """POST /api/visits over a raw connection; the task ends when the server answers."""
    address = urlsplit(server.url)
    reader, writer = await asyncio.open_connection(address.hostname, address.port)
    payload = json.dumps(body).encode()
    writer.write(
        b"POST /api/visits HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + f"Authorization: Bearer {token}\r\nContent-Length: {len(payload)}\r\n\r\n".encode()
        + payload)
    await writer.drain()
    return writer, asyncio.create_task(reader.read(1))


async def test_booking_whose_client_left_while_it_waited_is_rolled_back(
    orm: None, serve: Callable[[int], Server], database_url: str
) -> None:
    server = serve(1)
    token, body = await _arrange(server)
    outside = OutsideWriter(database_url)
    await outside.begin()
    try:
        await outside.lock_facility(body["stops"][0]["facility_id"])
        connection, answered = await _send_and_wait(server, token, body)
        if outside.postgres:
            await outside.until_someone_waits(answered)
        else:
            await asyncio.sleep(1.5)  # SQLite: the booking waits for the write lock
        assert not answered.done(), "the booking did not wait for the lock"
        connection.close()  # the client gives up
        await asyncio.sleep(0.5)
    finally:
        await outside.commit()
        await outside.close()
    await until(lambda: ROLLED_BACK in server.output() or _booked(), "the booking ends")

    assert await Visit.all().count() == 0, server.output()[-2000:]
    assert await OutboxMessage.all().count() == 0


async def _booked() -> bool:
    return await Visit.exists()
