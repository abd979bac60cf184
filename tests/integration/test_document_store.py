"""Documents ready before they are asked (issue 16, point 3): after a change, the app
renders the visit's itinerary in the background into the store every app process shares,
and a second app on the same database serves it without rendering; a change is never
answered with the document from before it; the store keeps to its bound; a render that
failed or a claim left behind does not stop the download.

The second app is a second `create_app` on the same database (a fresh render pool and
memory cache, as a second process has): renders are counted by its RenderPool."""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from tests.environment import make_settings
from tests.integration.builders import OFFICER, World, at, running_app, sign_in, until
from tests.integration.test_itinerary_pages import _text_of, _visit_with_two_stops
from tests.integration.test_render_workers import render_workers
from visits.app import create_app
from visits.audit import change_count
from visits.models import DocumentRender, StoredDocument, Visit
from visits.services.document_store import DocumentStore
from visits.services.itineraries import build_itinerary
from visits.services.rendering import document_key
from visits.settings import Settings

PREFETCHING = {"PRERENDER": "1", "PRERENDER_POLL_SECONDS": "0.1",
               "PUBLIC_URL": "http://testserver"}


def _settings(database_url: str, tmp_path: Path, **env: str) -> Settings:
    return make_settings(database_url, tmp_path, **{**PREFETCHING, **env})


def _app_of(world: World) -> Any:
    return world.client._transport.app  # type: ignore[attr-defined]


async def _caught_up(world: World) -> None:
    """Wait until the app's background renders have handled every change so far."""
    prerenderer = _app_of(world).state.prerenderer
    count = await change_count()
    await until(lambda: prerenderer.caught_up(count), "background renders done")


@asynccontextmanager
async def second_app(settings: Settings) -> AsyncIterator[tuple[World, Any]]:
    """Another app on the same database, nothing emptied: its officer signs in again."""
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            yield World(c, await sign_in(c, *OFFICER)), app.state.renderer


async def test_after_a_change_a_second_app_serves_the_stored_pdfs_without_rendering(
    database_url: str, tmp_path: Path
) -> None:
    settings = _settings(database_url, tmp_path)
    async with running_app(settings) as world:
        visit = await _visit_with_two_stops(world)  # a Japanese delegation
        share = await world.post(f"/api/visits/{visit['id']}/share", {}, status=200)
        await _caught_up(world)
        rendered_first = _app_of(world).state.renderer.renders

    async with second_app(settings) as (other, renderer):
        pdf = f"/api/visits/{visit['id']}/itinerary.pdf"
        japanese = await other.client.get(pdf, headers=other.officer)
        english = await other.client.get(pdf, params={"lang": "en"}, headers=other.officer)
        shared_path = httpx.URL(share["url"]).path + "/itinerary.pdf"
        visitors = await other.client.get(shared_path)
        visitors_en = await other.client.get(shared_path, params={"lang": "en"})
        stored = await StoredDocument.get(key=japanese.headers["etag"].strip('"'))

    for response in (japanese, english, visitors, visitors_en):
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "application/pdf"
    assert renderer.renders == 0
    assert rendered_first >= 4  # live and visitors' editions, in Japanese and English
    assert bytes(stored.data) == japanese.content
    assert "無人証明書発行機" in _text_of(japanese.content, tmp_path)
    assert "Civil-document kiosks" in _text_of(english.content, tmp_path)


async def test_a_change_is_never_answered_with_the_document_from_before(
    database_url: str, tmp_path: Path
) -> None:
    settings = _settings(database_url, tmp_path)
    async with running_app(settings) as world:
        visit = await _visit_with_two_stops(world)
        url = f"/api/visits/{visit['id']}/itinerary.pdf"
        await _caught_up(world)
        before = await world.client.get(url, headers=world.officer)
        stop = visit["stops"][1]
        moved = await world.client.patch(f"/api/visits/{visit['id']}/stops/{stop['id']}",
                                         json={"start": at("15:40")}, headers=world.officer)
        assert moved.status_code == 200, moved.text
        at_once = await world.client.get(url, headers=world.officer)  # before or during
        await _caught_up(world)

    async with second_app(settings) as (other, renderer):
        later = await other.client.get(url, headers=other.officer)

    assert before.status_code == at_once.status_code == later.status_code == 200
    assert "15:40" not in _text_of(before.content, tmp_path)
    assert "15:40" in _text_of(at_once.content, tmp_path)
    assert at_once.headers["etag"] != before.headers["etag"]
    assert later.headers["etag"] == at_once.headers["etag"]
    assert renderer.renders == 0


async def test_the_store_keeps_under_its_bound_dropping_the_least_recently_used(
    app: Any,
) -> None:
    store = DocumentStore(max_bytes=1000)
    for key in ("a", "b", "c"):
        await store.put(key, key.encode() * 300, "application/pdf")
    long_ago = datetime.now(UTC) - timedelta(hours=1)
    await StoredDocument.filter(key="a").update(last_used=long_ago)
    await StoredDocument.filter(key="b").update(last_used=long_ago - timedelta(hours=1))
    assert await store.get("a") == b"a" * 300  # read: now the most recently used

    await store.put("d", b"d" * 300, "application/pdf")
    await store.put("huge", b"h" * 2000, "application/pdf")  # larger than the whole store

    kept = set(await StoredDocument.all().values_list("key", flat=True))
    assert kept == {"a", "c", "d"}
    assert await store.size() <= 1000


async def test_a_failed_background_render_leaves_the_download_working(
    database_url: str, tmp_path: Path
) -> None:
    settings = _settings(database_url, tmp_path)
    async with running_app(settings) as world:
        visit = await _visit_with_two_stops(world)
        renderer = _app_of(world).state.renderer
        await until(lambda: renderer.renders > 0, "a background render started")
        for pid in render_workers():  # the render process dies mid-render
            os.kill(pid, signal.SIGKILL)
        await _caught_up(world)
        url = f"/api/visits/{visit['id']}/itinerary.pdf"
        japanese = await world.client.get(url, headers=world.officer)
        english = await world.client.get(url, params={"lang": "en"}, headers=world.officer)

    assert japanese.status_code == english.status_code == 200
    assert "無人証明書発行機" in _text_of(japanese.content, tmp_path)


async def test_a_claim_left_by_a_vanished_process_delays_the_download_only_until_it_lapses(
    database_url: str, tmp_path: Path
) -> None:
    settings = make_settings(database_url, tmp_path)  # no background renders
    async with running_app(settings) as world:
        visit = await _visit_with_two_stops(world)
        itinerary = await build_itinerary(settings, await Visit.get(id=visit["id"]))
        key = document_key("pdf", itinerary, "ja")
        await DocumentRender.create(key=key,
                                    claimed_until=datetime.now(UTC) + timedelta(seconds=1))
        response = await asyncio.wait_for(world.client.get(
            f"/api/visits/{visit['id']}/itinerary.pdf", headers=world.officer), 30)
        stored = await StoredDocument.exists(key=key)
        claimed = await DocumentRender.exists(key=key)

    assert response.status_code == 200, response.text
    assert response.headers["etag"].strip('"') == key
    assert stored and not claimed


async def test_a_document_another_process_is_rendering_is_awaited_not_rendered_again(
    database_url: str, tmp_path: Path
) -> None:
    settings = make_settings(database_url, tmp_path)
    async with running_app(settings) as world:
        visit = await _visit_with_two_stops(world)
        itinerary = await build_itinerary(settings, await Visit.get(id=visit["id"]))
        key = document_key("pdf", itinerary, "ja")
        await DocumentRender.create(key=key,  # the other process's claim
                                    claimed_until=datetime.now(UTC) + timedelta(seconds=60))
        download = asyncio.create_task(world.client.get(
            f"/api/visits/{visit['id']}/itinerary.pdf", headers=world.officer))
        await asyncio.sleep(0.5)
        made_elsewhere = b"%PDF-1.7 rendered by the other process"
        await StoredDocument.create(key=key, media_type="application/pdf",
                                    data=made_elsewhere, size=len(made_elsewhere),
                                    last_used=datetime.now(UTC))
        response = await asyncio.wait_for(download, 30)
        renders = _app_of(world).state.renderer.renders

    assert response.status_code == 200, response.text
    assert response.content == made_elsewhere
    assert renders == 0


async def test_a_change_to_the_delegation_prerenders_its_visits(
    database_url: str, tmp_path: Path
) -> None:
    settings = _settings(database_url, tmp_path)
    async with running_app(settings) as world:
        visit = await _visit_with_two_stops(world)
        await _caught_up(world)
        renamed = await world.client.patch(
            f"/api/delegations/{visit['delegation_id']}",
            json={"name": {"ko": "하마마쓰시 대표단", "en": "Hamamatsu City delegation",
                           "ja": "浜松市代表団"}},
            headers=world.officer)
        assert renamed.status_code == 200, renamed.text
        await _caught_up(world)

    async with second_app(settings) as (other, renderer):
        response = await other.client.get(f"/api/visits/{visit['id']}/itinerary.pdf",
                                          headers=other.officer)

    assert response.status_code == 200
    assert "浜松市代表団" in _text_of(response.content, tmp_path)
    assert renderer.renders == 0
