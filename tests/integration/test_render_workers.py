"""Render processes that die or are stopped (issue 11, point 7): the request waiting on
them gets a 503 with Retry-After, never a 500 or a hang, and rendering comes back."""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path

from tests.environment import make_settings
from tests.integration.builders import running_app
from tests.integration.test_itinerary_pages import _visit_with_two_stops
from tests.processes import children, command_line, wait_until


def render_workers() -> list[int]:
    return [pid for pid in children(os.getpid()) if "spawn_main" in command_line(pid)]


async def test_pdf_whose_render_worker_is_killed_is_503_then_served(
    database_url: str, tmp_path: Path
) -> None:
    async with running_app(make_settings(database_url, tmp_path)) as world:
        visit = await _visit_with_two_stops(world)
        url = f"/api/visits/{visit['id']}/itinerary.pdf"

        waiting = asyncio.create_task(world.client.get(url, headers=world.officer))
        assert await asyncio.to_thread(wait_until, lambda: bool(render_workers()), 10)
        await asyncio.sleep(0.3)  # booting or rendering: either way mid-job
        for pid in render_workers():
            os.kill(pid, signal.SIGKILL)
        refused = await asyncio.wait_for(waiting, 10)
        served = await world.client.get(url, headers=world.officer)

    assert refused.status_code == 503, refused.text
    assert refused.json()["error"]["code"] == "render_unavailable"
    assert int(refused.headers["retry-after"]) > 0
    assert served.status_code == 200, served.text
    assert served.headers["content-type"] == "application/pdf"


async def test_pdf_awaited_when_the_app_stops_is_503_and_no_render_worker_is_left(
    database_url: str, tmp_path: Path
) -> None:
    async with running_app(make_settings(database_url, tmp_path)) as world:
        visit = await _visit_with_two_stops(world)
        url = f"/api/visits/{visit['id']}/itinerary.pdf"

        waiting = asyncio.create_task(world.client.get(url, headers=world.officer))
        assert await asyncio.to_thread(wait_until, lambda: bool(render_workers()), 10)
        await asyncio.sleep(0.3)
        world.client._transport.app.state.renderer.close()  # type: ignore[attr-defined]
        refused = await asyncio.wait_for(waiting, 10)
        gone = await asyncio.to_thread(wait_until, lambda: not render_workers(), 1.0)

    assert refused.status_code == 503, refused.text
    assert refused.json()["error"]["code"] == "render_unavailable"
    assert gone, f"render workers left: {render_workers()}"
