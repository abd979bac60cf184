"""Documents ready before they are asked, across real app processes (issue 16, point 3).

Two uvicorn servers on one database: after a booking on the first, the first renders the
itinerary in the background into the shared store, and the second serves the download
without ever starting a render process (its render processes start with its first render:
RENDER_PREWARM=0). A server stopped (SIGTERM) in the middle of a background render exits
at once and leaves no render process behind."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

import httpx
import pytest

from tests.e2e.servers import Server, start_server
from tests.integration.builders import (
    OFFICER,
    at,
    delegation_body,
    facility_body,
    host_body,
    sign_in,
    until,
)
from tests.processes import alive, command_line, descendants, in_group, wait_until
from visits.models import StoredDocument
from visits.services.accounts import create_user
from visits.settings import Settings

pytestmark = pytest.mark.slow

PRERENDERING = {"PRERENDER": "1", "PRERENDER_POLL_SECONDS": "0.1"}


async def _both_languages_stored() -> bool:
    """The Japanese delegation's PDF and the English one (nothing else changed)."""
    return await StoredDocument.all().count() >= 2


def _render_processes(server: Server) -> list[int]:
    return [pid for pid in descendants(server.process.pid)
            if "spawn_main" in command_line(pid)]


async def _book(server: Server) -> tuple[httpx.AsyncClient, dict[str, str], int]:
    client = httpx.AsyncClient(base_url=server.url, timeout=60)
    officer = await sign_in(client, *OFFICER)

    async def post(path: str, body: dict[str, object]) -> dict[str, object]:
        response = await client.post(path, json=body, headers=officer)
        assert response.status_code == 201, response.text
        return response.json()  # type: ignore[no-any-return]

    facility = await post("/api/facilities", facility_body())
    await post("/api/hosts", host_body([facility["id"]], email="host@example.kr"))
    delegation = await post("/api/delegations", delegation_body(language="ja"))
    visit = await post("/api/visits", {"delegation_id": delegation["id"], "stops": [
        {"facility_id": facility["id"], "start": at("10:00")}]})
    return client, officer, int(visit["id"])  # type: ignore[call-overload]


async def test_a_second_process_serves_the_prerendered_pdf_without_rendering(
    orm: None, settings: Settings, tmp_path: Path
) -> None:
    await create_user(OFFICER[0], "officer", OFFICER[1])
    first = start_server(settings, tmp_path / "first.log", extra_env=PRERENDERING)
    second = start_server(settings, tmp_path / "second.log")  # no background renders
    servers = (first, second)
    try:
        client, _, visit_id = await _book(first)
        await client.aclose()
        await until(_both_languages_stored, "the first process stored the PDFs", 60)
        async with httpx.AsyncClient(base_url=second.url, timeout=60) as other:
            officer = await sign_in(other, *OFFICER)
            url = f"/api/visits/{visit_id}/itinerary.pdf"
            japanese = await other.get(url, headers=officer)
            english = await other.get(url, params={"lang": "en"}, headers=officer)
        rendering_on_second = _render_processes(second)
    finally:
        for server in servers:
            if server.process.poll() is None:
                server.process.send_signal(signal.SIGTERM)
        for server in servers:
            await asyncio.to_thread(wait_until, lambda s=server: s.process.poll() is not None,
                                    15)

    assert japanese.status_code == english.status_code == 200
    assert japanese.content.startswith(b"%PDF-") and english.content.startswith(b"%PDF-")
    assert japanese.headers["etag"] != english.headers["etag"]
    assert rendering_on_second == [], "the second process rendered"


async def test_sigterm_during_a_background_render_ends_the_server_leaving_no_process(
    orm: None, settings: Settings, tmp_path: Path
) -> None:
    await create_user(OFFICER[0], "officer", OFFICER[1])
    server = start_server(settings, tmp_path / "server.log", extra_env=PRERENDERING)
    client, _, _ = await _book(server)
    await client.aclose()
    started = await asyncio.to_thread(wait_until, lambda: bool(_render_processes(server)), 30)
    children = descendants(server.process.pid)
    server.process.send_signal(signal.SIGTERM)
    exited = await asyncio.to_thread(wait_until, lambda: server.process.poll() is not None, 15)
    gone = await asyncio.to_thread(
        wait_until, lambda: not in_group(server.process.pid)
        and not any(alive(pid) for pid in children), 5)

    assert started, "no background render started"
    assert exited, f"the server did not exit after SIGTERM:\n{server.output()[-3000:]}"
    assert gone, "render processes outlived the server"
