"""Table tents and the host's briefing over HTTP: who may fetch them, what they show from
the stored records, caching, and the links in the host's inbox and request mail."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.environment import make_settings
from tests.integration.builders import (
    HOST,
    World,
    at,
    login,
    request_body,
    running_app,
    sign_in,
    working_days,
)
from visits.models import OutboxMessage
from visits.services.accounts import create_user

OTHER_HOST = ("second@example.kr", "second-password-1")
THAI_MEMBERS = [
    {"family_name": "Rakthai", "given_name": "Suda", "native_name": "สุดา รักไทย",
     "title": "ผู้อำนวยการสำนัก", "role": "member", "rank": 2, "diet": "ฮาลาล"},
    {"family_name": "Jaidee", "given_name": "Somchai", "native_name": "สมชาย ใจดี",
     "title": "ผู้ว่าราชการ", "role": "head", "rank": 1},
]


def _pages(pdf: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    return ["".join(page.split()) for page in text.split("\f")[:-1]]


async def _thai_visit(world: World, day: str = "") -> tuple[dict[str, Any], dict[str, Any]]:
    """A Thai delegation at two facilities, each with its own host."""
    day = day or working_days(3)[2]
    cctv = await world.facility(buffer_min=0)
    kiosk = await world.facility(code="kiosk", kind="kiosk", buffer_min=0, name={
        "ko": "무인민원발급기", "en": "Civil-document kiosks"})
    host = await world.host([cctv["id"]], HOST[0])
    await world.host([kiosk["id"]], OTHER_HOST[0], name={"ko": "박준호", "en": "Park Jun-ho"})
    delegation = await world.delegation(
        language="th", country="TH", name={"th": "คณะผู้แทนกรุงเทพมหานคร", "ko": "방콕 대표단"},
        members=THAI_MEMBERS)
    visit = await world.book(delegation, {"facility_id": cctv["id"], "start": at("10:00", day)},
                             {"facility_id": kiosk["id"], "start": at("11:15", day)})
    return visit, host


async def test_name_cards_are_members_in_precedence_then_hosts(
    world: World, tmp_path: Path
) -> None:
    visit, _ = await _thai_visit(world)
    url = f"/api/visits/{visit['id']}/name-cards.pdf"

    response = await world.client.get(url, headers=world.officer)
    again = await world.client.get(url, headers={**world.officer,
                                                 "If-None-Match": response.headers["etag"]})

    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    pages = _pages(response.content, tmp_path)
    assert len(pages) == 4
    assert "สมชายใจดี" in pages[0] and "SomchaiJaidee" in pages[0] and "단장" in pages[0]
    assert "สุดารักไทย" in pages[1]
    assert "김민수" in pages[2] and "통합관제센터" in pages[2]
    assert "박준호" in pages[3] and "무인민원발급기" in pages[3]
    assert again.status_code == 304


async def test_name_cards_are_for_officers(world: World, client: httpx.AsyncClient) -> None:
    visit, _ = await _thai_visit(world)
    await create_user(HOST[0], "host", HOST[1])
    host = await sign_in(client, *HOST)

    refused = await client.get(f"/api/visits/{visit['id']}/name-cards.pdf", headers=host)
    missing = await client.get("/api/visits/999999/name-cards.pdf", headers=world.officer)

    assert refused.status_code == 403
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


async def test_briefing_shows_the_stop_and_earlier_visits_of_the_same_country(
    world: World, client: httpx.AsyncClient, tmp_path: Path
) -> None:
    visit, _ = await _thai_visit(world)
    first_day = working_days(1)[0]
    cctv_id = visit["stops"][0]["facility_id"]
    earlier_thai = await world.delegation(language="th", country="TH",
                                          name={"th": "คณะเชียงใหม่", "ko": "치앙마이 대표단"})
    earlier_other = await world.delegation(language="ja", country="JP",
                                           name={"ja": "静岡市", "ko": "시즈오카시 대표단"})
    await world.book(earlier_thai, {"facility_id": cctv_id, "start": at("14:00", first_day)})
    await world.book(earlier_other, {"facility_id": cctv_id, "start": at("16:00", first_day)})
    await create_user(HOST[0], "host", HOST[1])
    host = await sign_in(client, *HOST)

    response = await client.get(f"/api/stops/{visit['stops'][0]['id']}/briefing.pdf",
                                headers=host)

    assert response.status_code == 200, response.text
    [page] = _pages(response.content, tmp_path)
    assert "10:00" in page and "11:00" in page and "통합관제센터" in page
    assert "태국어" in page and "태국" in page
    assert page.index("SomchaiJaidee") < page.index("SudaRakthai")
    assert "ฮาลาล" in page  # a diet need
    assert "치앙마이대표단" in page
    assert "시즈오카시대표단" not in page


async def test_briefing_of_another_hosts_stop_is_403(
    world: World, client: httpx.AsyncClient
) -> None:
    visit, _ = await _thai_visit(world)
    await create_user(OTHER_HOST[0], "host", OTHER_HOST[1])
    other = await sign_in(client, *OTHER_HOST)
    url = f"/api/stops/{visit['stops'][0]['id']}/briefing.pdf"

    refused = await client.get(url, headers=other)
    officer = await client.get(url, headers=world.officer)

    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
    assert officer.status_code == 200


async def test_briefing_tells_the_requests_interests_and_interpreter(
    world: World, client: httpx.AsyncClient, tmp_path: Path
) -> None:
    cctv = await world.facility(buffer_min=0)
    await world.host([cctv["id"]], HOST[0])
    created = (await client.post("/api/requests", json=request_body(
        interests=["kiosk", "cctv"]))).json()
    delegation = await world.post(f"/api/requests/{created['id']}/delegation", {})
    visit = await world.book(delegation, {"facility_id": cctv["id"],
                                          "start": at("10:00", working_days(2)[1])})

    response = await world.client.get(f"/api/stops/{visit['stops'][0]['id']}/briefing.pdf",
                                      headers=world.officer)

    [page] = _pages(response.content, tmp_path)
    assert "무인민원발급기,통합관제센터" in page  # a kind, then a facility named by code
    assert "통역필요" in page and "일본어" in page
    assert page.index("田中一郎") < page.index("佐藤花子")  # rank 1 before rank 2
    assert "식이:nopork" in page and "접근성:wheelchair" in page


async def test_briefing_names_the_interpreter_going_with_the_visit(
    world: World, client: httpx.AsyncClient, tmp_path: Path
) -> None:
    visit, _ = await _thai_visit(world)
    stop = visit["stops"][0]
    sujin = await world.post("/api/companions", {
        "name": {"ko": "이수진"}, "kind": "interpreter", "phone": "010-1234-5678",
        "languages": ["ko", "th"],
        "weekly": [{"weekday": d, "start": "08:00", "end": "20:00"} for d in range(5)]})
    assigned = await world.client.put(f"/api/visits/{visit['id']}/companions", json=[
        {"companion_id": sujin["id"], "start": stop["start"], "end": stop["end"]}],
        headers=world.officer)
    assert assigned.status_code == 200, assigned.text

    response = await world.client.get(f"/api/stops/{stop['id']}/briefing.pdf",
                                      headers=world.officer)

    [page, *_] = _pages(response.content, tmp_path)
    assert "통역이수진(010-1234-5678)" in page


async def test_inbox_and_request_mail_link_the_briefing_page(
    world: World, client: httpx.AsyncClient
) -> None:
    visit, _ = await _thai_visit(world)
    stop_id = visit["stops"][0]["id"]
    await create_user(HOST[0], "host", HOST[1])
    await login(client, *HOST)

    inbox = await client.get("/inbox")
    document = await client.get(f"/stops/{stop_id}/briefing.pdf")
    other = await client.get(f"/stops/{visit['stops'][1]['id']}/briefing.pdf")
    mail = await OutboxMessage.get(stop_id=stop_id)

    assert f'href="/stops/{stop_id}/briefing.pdf"' in inbox.text
    assert document.status_code == 200
    assert document.headers["content-type"] == "application/pdf"
    assert other.status_code == 403
    assert f"/stops/{stop_id}/briefing.pdf" in mail.body


async def test_briefing_page_asks_to_sign_in(client: httpx.AsyncClient, world: World) -> None:
    visit, _ = await _thai_visit(world)

    response = await client.get(f"/stops/{visit['stops'][0]['id']}/briefing.pdf")

    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=")


@pytest.mark.parametrize("document", ["name-cards", "briefing"])
async def test_protocol_document_past_the_render_time_limit_is_503(
    database_url: str, tmp_path: Path, document: str
) -> None:
    settings = make_settings(database_url, tmp_path, RENDER_TIMEOUT_SECONDS="0.001")
    async with running_app(settings) as world:
        visit, _ = await _thai_visit(world)
        url = (f"/api/visits/{visit['id']}/name-cards.pdf" if document == "name-cards"
               else f"/api/stops/{visit['stops'][0]['id']}/briefing.pdf")

        refused = await world.client.get(url, headers=world.officer)

    assert refused.status_code == 503
    assert refused.json()["error"]["code"] == "render_timeout"
    assert int(refused.headers["retry-after"]) > 0
