"""The itinerary PDF over HTTP and the visitor page behind a share link."""

from __future__ import annotations

import asyncio
import subprocess
from pathlib import Path
from typing import Any

import httpx

from tests.environment import make_settings
from tests.integration.builders import HOST, OFFICER, World, at, login, running_app


async def _visit_with_two_stops(world: World, language: str = "ja") -> dict[str, Any]:
    cctv = await world.facility(buffer_min=0)
    kiosk = await world.facility(code="kiosk", kind="kiosk", buffer_min=0, name={
        "ko": "무인민원발급기", "en": "Civil-document kiosks", "ja": "無人証明書発行機"})
    await world.host([cctv["id"], kiosk["id"]], HOST[0])
    delegation = await world.delegation(language=language)
    return await world.book(delegation, {"facility_id": cctv["id"], "start": at("10:00")},
                            {"facility_id": kiosk["id"], "start": at("11:15")})


def _text_of(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "itinerary.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def _qr_codes(pdf: bytes, tmp_path: Path) -> list[str]:
    """What a phone camera would read off the first page."""
    (tmp_path / "shared.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1",
                    str(tmp_path / "shared.pdf"), str(tmp_path / "page")], check=True)
    [png] = tmp_path.glob("page*.png")
    out = subprocess.run(["zbarimg", "--quiet", "--raw", str(png)], capture_output=True,
                         text=True, check=True).stdout
    return out.split()


async def test_itinerary_pdf_is_bilingual_and_cached(world: World, tmp_path: Path) -> None:
    visit = await _visit_with_two_stops(world)
    url = f"/api/visits/{visit['id']}/itinerary.pdf"

    first = await world.client.get(url, headers=world.officer)
    again = await world.client.get(url, headers={**world.officer,
                                                 "If-None-Match": first.headers["etag"]})
    english = await world.client.get(url, params={"lang": "en"}, headers=world.officer)

    assert first.status_code == 200
    assert first.headers["content-type"] == "application/pdf"
    text = _text_of(first.content, tmp_path)
    assert "통합관제센터" in text and "統合管制センター" in text and "無人証明書発行機" in text
    assert again.status_code == 304
    assert english.headers["etag"] != first.headers["etag"]
    assert "Integrated Control Center" in _text_of(english.content, tmp_path)


async def test_itinerary_pdf_bad_language_is_422(world: World) -> None:
    visit = await _visit_with_two_stops(world)

    response = await world.client.get(f"/api/visits/{visit['id']}/itinerary.pdf",
                                      params={"lang": "<script>"}, headers=world.officer)

    assert response.status_code == 422
    assert response.json()["error"]["field"] == "lang"


async def test_visitor_page_shows_both_languages_and_downloads(
    world: World, client: httpx.AsyncClient, tmp_path: Path
) -> None:
    visit = await _visit_with_two_stops(world)
    share = await world.post(f"/api/visits/{visit['id']}/share", {}, status=200)
    path = httpx.URL(share["url"]).path

    page = await client.get(path)
    pdf = await client.get(path + "/itinerary.pdf")

    assert page.status_code == 200
    assert "統合管制センター" in page.text and "통합관제센터" in page.text
    assert f'href="{share["url"]}/itinerary.pdf?lang=ja"' in page.text
    assert "calendar.google.com" in page.text
    assert pdf.status_code == 200
    assert _qr_codes(pdf.content, tmp_path) == [share["url"]]


async def test_visitor_page_escapes_hostile_names(
    world: World, client: httpx.AsyncClient
) -> None:
    cctv = await world.facility(name={"ko": "<script>alert(1)</script>", "en": "<b>x</b>"})
    await world.host([cctv["id"]], HOST[0])
    delegation = await world.delegation(
        name={"ja": '"><img src=x onerror=alert(1)>', "ko": "대표단"})
    visit = await world.book(delegation, {"facility_id": cctv["id"], "start": at("10:00")})
    share = await world.post(f"/api/visits/{visit['id']}/share", {}, status=200)

    page = await client.get(httpx.URL(share["url"]).path)

    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "<img src=x" not in page.text


async def test_visitor_page_with_forged_token_is_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/v/WzEsImFiYyJd.forged")

    assert response.status_code == 404


async def test_itinerary_pdf_changes_with_the_visit(world: World) -> None:
    visit = await _visit_with_two_stops(world)
    url = f"/api/visits/{visit['id']}/itinerary.pdf"
    first = await world.client.get(url, headers=world.officer)

    await world.client.patch(f"/api/visits/{visit['id']}/stops/{visit['stops'][1]['id']}",
                             json={"start": at("15:00")}, headers=world.officer)
    after = await world.client.get(url, headers={**world.officer,
                                                 "If-None-Match": first.headers["etag"]})

    assert after.status_code == 200
    assert after.headers["etag"] != first.headers["etag"]


async def test_itinerary_pdf_past_the_render_time_limit_is_503_then_served(
    database_url: str, tmp_path: Path
) -> None:
    # Every real render takes longer than no time at all: the first answer cannot wait.
    settings = make_settings(database_url, tmp_path, RENDER_TIMEOUT_SECONDS="0.001")
    async with running_app(settings) as world:
        visit = await _visit_with_two_stops(world)
        url = f"/api/visits/{visit['id']}/itinerary.pdf"

        refused = await world.client.get(url, headers=world.officer)
        served = refused
        for _ in range(300):  # the render goes on after the 503: retry until it is served
            if served.status_code != 503:
                break
            await asyncio.sleep(0.2)
            served = await world.client.get(url, headers=world.officer)

    assert refused.status_code == 503
    assert list(refused.json()) == ["error"]
    assert refused.json()["error"]["code"] == "render_timeout"
    assert refused.json()["error"]["message"]
    assert int(refused.headers["retry-after"]) > 0
    assert served.status_code == 200, served.text
    assert "統合管制センター" in _text_of(served.content, tmp_path)


async def test_itinerary_pdf_page_past_the_render_time_limit_is_503_with_retry_after(
    database_url: str, tmp_path: Path
) -> None:
    settings = make_settings(database_url, tmp_path, RENDER_TIMEOUT_SECONDS="0.001")
    async with running_app(settings) as world:
        visit = await _visit_with_two_stops(world)
        await login(world.client, *OFFICER)

        refused = await world.client.get(f"/visits/{visit['id']}/itinerary.pdf")

    assert refused.status_code == 503
    assert refused.headers["content-type"].startswith("text/html")
    assert int(refused.headers["retry-after"]) > 0
