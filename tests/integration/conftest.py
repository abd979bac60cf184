"""HTTP-level fixtures: an httpx client over the ASGI app, and signed-in users.

Builders and helpers live in tests/integration/builders.py."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.servers import Inbox, MailServer, make_certificate
from tests.integration.builders import OFFICER, World, facility_body, sign_in
from visits.services.accounts import create_user


@pytest.fixture
async def client(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


@pytest.fixture
async def officer(client: httpx.AsyncClient) -> dict[str, str]:
    await create_user(*OFFICER[:1], "officer", OFFICER[1])
    return await sign_in(client, *OFFICER)


@pytest.fixture
async def facility(client: httpx.AsyncClient, officer: dict[str, str]) -> dict[str, Any]:
    response = await client.post("/api/facilities", json=facility_body(), headers=officer)
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture
async def world(client: httpx.AsyncClient, officer: dict[str, str]) -> World:
    return World(client, officer)




@pytest.fixture
def certificate(tmp_path: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1: (certificate, key)."""
    return make_certificate(tmp_path)


@pytest.fixture
def mail_server() -> Iterator[Callable[..., MailServer]]:
    """Starts real SMTP servers on loopback (see MailServer for the options); stops them."""
    started: list[MailServer] = []

    def start(login: tuple[str, str] | None = None, **options: Any) -> MailServer:
        server = MailServer(Inbox(login), **options)
        server.start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()
