"""Links never carry a forged Host header (issue 11, point 6): with PUBLIC_URL unset,
`Host: evil.example` used to end up in share links, feed URLs, the visitor page and the
PDF's QR code. Now any host outside ALLOWED_HOSTS gets 400 `bad_host` before a route runs,
and links come from PUBLIC_URL, else from an allowed host."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.environment import make_settings
from tests.integration.builders import HOST, World, at, running_app
from visits.settings import LOOPBACK_HOSTS, SettingsError, load_settings

EVIL = {"Host": "evil.example"}


async def _booked(world: World) -> tuple[dict[str, Any], dict[str, Any]]:
    cctv = await world.facility()
    host = await world.host([cctv["id"]], HOST[0])
    visit = await world.book(await world.delegation(),
                             {"facility_id": cctv["id"], "start": at("10:00")})
    return visit, host


def _assert_bad_host(response: httpx.Response) -> None:
    assert response.status_code == 400, response.text
    assert "evil.example" not in response.text
    assert response.json()["error"]["code"] == "bad_host"


async def test_forged_host_gets_no_share_link(world: World) -> None:
    visit, _ = await _booked(world)

    response = await world.client.post(f"/api/visits/{visit['id']}/share",
                                       headers={**world.officer, **EVIL})

    _assert_bad_host(response)


async def test_forged_host_gets_no_feed_url(world: World) -> None:
    _, host = await _booked(world)

    response = await world.client.get(f"/api/hosts/{host['id']}/feed",
                                      headers={**world.officer, **EVIL})

    _assert_bad_host(response)


@pytest.mark.parametrize("document", ["", "/itinerary.pdf", "/itinerary.ics"])
async def test_forged_host_gets_no_visitor_page_or_document(world: World, document: str) -> None:
    visit, _ = await _booked(world)
    share = await world.post(f"/api/visits/{visit['id']}/share", {}, status=200)
    path = httpx.URL(share["url"]).path

    response = await world.client.get(path + document, headers=EVIL)

    _assert_bad_host(response)


async def test_forged_host_gets_no_officer_pdf(world: World) -> None:
    visit, _ = await _booked(world)

    response = await world.client.get(f"/api/visits/{visit['id']}/itinerary.pdf",
                                      headers={**world.officer, **EVIL})

    _assert_bad_host(response)


async def test_forged_host_on_a_page_is_a_korean_page(world: World) -> None:
    response = await world.client.get("/login", headers={
        **EVIL, "Accept": "text/html", "Accept-Language": "ko"})

    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/html")
    assert "Host 헤더" in response.text
    assert "evil.example" not in response.text


async def test_health_probe_answers_whatever_the_host(world: World) -> None:
    response = await world.client.get("/healthz", headers=EVIL)

    assert response.status_code == 200


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost", "[::1]:8443", "LOCALHOST"])
async def test_default_hosts_build_links_from_the_request(
    database_url: str, tmp_path: Path, host: str
) -> None:
    settings = make_settings(database_url, tmp_path, ALLOWED_HOSTS="")
    async with running_app(settings, "http://127.0.0.1") as world:
        visit, _ = await _booked(world)

        share = await world.client.post(f"/api/visits/{visit['id']}/share",
                                        headers={**world.officer, "Host": host})
        refused = await world.client.get("/api/visits", headers={**world.officer, **EVIL})

    assert share.status_code == 200, share.text
    assert share.json()["url"].startswith(f"http://{host}/v/")
    _assert_bad_host(refused)


async def test_public_url_wins_over_an_allowed_host(database_url: str, tmp_path: Path) -> None:
    settings = make_settings(database_url, tmp_path, PUBLIC_URL="https://visits.guro.example/",
                             ALLOWED_HOSTS="")
    async with running_app(settings, "http://127.0.0.1") as world:
        visit, host = await _booked(world)

        share = await world.client.post(f"/api/visits/{visit['id']}/share",
                                        headers={**world.officer, "Host": "localhost:8000"})
        feed = await world.client.get(f"/api/hosts/{host['id']}/feed",
                                      headers={**world.officer, "Host": "visits.guro.example"})
        refused = await world.client.get("/api/visits", headers={**world.officer, **EVIL})

    assert share.json()["url"].startswith("https://visits.guro.example/v/")
    assert feed.json()["url"].startswith("https://visits.guro.example/feeds/")
    _assert_bad_host(refused)


def test_allowed_hosts_default_to_loopback_plus_the_public_host() -> None:
    plain = load_settings({"SECRET_KEY": "k"})
    public = load_settings({"SECRET_KEY": "k", "PUBLIC_URL": "https://Visits.Guro.example:8443"})
    listed = load_settings({"SECRET_KEY": "k", "ALLOWED_HOSTS": " a.example , B.example:80 ",
                            "PUBLIC_URL": "https://visits.guro.example"})

    assert plain.allowed_hosts == LOOPBACK_HOSTS
    assert public.allowed_hosts == LOOPBACK_HOSTS | {"visits.guro.example"}
    assert listed.allowed_hosts == {"a.example", "b.example", "visits.guro.example"}


@pytest.mark.parametrize("env", [{"PUBLIC_URL": "visits.guro.example"},
                                 {"PUBLIC_URL": "ftp://visits.guro.example"},
                                 {"ALLOWED_HOSTS": "https://visits.guro.example/"}])
def test_malformed_address_settings_refuse_to_start(env: dict[str, str]) -> None:
    with pytest.raises(SettingsError):
        load_settings({"SECRET_KEY": "k", **env})
