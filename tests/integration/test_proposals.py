"""Proposal and confirmation (SPEC §7.2): the officer proposes a visit made from a request,
the contact sees the published version on the tracking page (the visitor page's
renderer) and confirms, asks for changes or withdraws; a stale or repeated answer changes
nothing, and a wrong token is a 404 that tells nothing."""

from __future__ import annotations

import html
import re
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from tests.integration.builders import HOST, OFFICER, World, at, csrf_of, login, request_body
from visits.models import AuditEvent, OutboxMessage, RequestNote, VisitRequest

CONTACT = "sato@city.example.jp"


@pytest.fixture
async def contact(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    """The delegation's contact: a browser of their own (their own anonymous session)."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


async def requested_visit(world: World, **overrides: Any) -> dict[str, Any]:
    """A request, its delegation made, and a visit of two stops booked for it:
    {request, visit, url (the tracking link), token}."""
    cctv = await world.facility(buffer_min=0)
    kiosk = await world.facility(code="kiosk", kind="kiosk", buffer_min=0,
                                 name={"ko": "무인민원발급기", "en": "Civil-document kiosks"})
    await world.host([cctv["id"], kiosk["id"]], HOST[0])
    created = await world.post("/api/requests", request_body(**overrides))
    delegation = await world.post(f"/api/requests/{created['id']}/delegation", {})
    visit = await world.book(delegation, {"facility_id": cctv["id"], "start": at("10:00")},
                             {"facility_id": kiosk["id"], "start": at("11:15")})
    token = created["url"].rsplit("/track/", 1)[1]
    return {"request": created, "visit": visit, "url": created["url"], "token": token}


async def propose(world: World, visit: dict[str, Any], status: int = 200,
                  lang: str = "en") -> dict[str, Any]:
    response = await world.client.post(f"/api/visits/{visit['id']}/propose",
                                       headers={**world.officer, "Accept-Language": lang})
    assert response.status_code == status, response.text
    return response.json()  # type: ignore[no-any-return]


async def page(contact: httpx.AsyncClient, token: str, status: int = 200) -> str:
    response = await contact.get(f"/track/{token}")
    assert response.status_code == status, response.text
    return response.text


def version_in(text: str) -> str:
    found = re.search(r'name="version" value="(\d*)"', text)
    assert found is not None
    return found.group(1)


async def answer(contact: httpx.AsyncClient, token: str, action: str, *,
                 version: str | None = None, message: str | None = None) -> httpx.Response:
    shown = await page(contact, token)
    data = {"csrf_token": csrf_of(shown), "version": version or version_in(shown)}
    if message is not None:
        data["message"] = message
    return await contact.post(f"/track/{token}/{action}", data=data)


async def status_of(request_id: int) -> str:
    return (await VisitRequest.get(id=request_id)).status


# -- the officer proposes -------------------------------------------------------------------

async def test_proposing_publishes_the_visit_and_mails_the_contact_the_tracking_link(
    world: World, contact: httpx.AsyncClient
) -> None:
    made = await requested_visit(world)

    proposed = await propose(world, made["visit"])

    assert (proposed["status"], proposed["visit_id"], proposed["version"]) == (
        "proposed", made["visit"]["id"], 1)
    mail = await OutboxMessage.filter(to_email=CONTACT).order_by("-id").first()
    assert mail is not None and made["url"] in mail.body
    assert "日程をご提案します（第 1 版）" in mail.body
    assert "일정을 제안드립니다(버전 1)" in mail.body
    assert await AuditEvent.filter(entity="request", entity_id=made["request"]["id"],
                                   action="propose").count() == 1
    again = await propose(world, made["visit"])
    assert again["version"] == 1


async def test_a_visit_of_a_typed_in_delegation_cannot_be_proposed(world: World) -> None:
    facility = await world.facility()
    await world.host([facility["id"]], HOST[0])
    visit = await world.book(await world.delegation(),
                             {"facility_id": facility["id"], "start": at("10:00")})

    refused = await propose(world, visit, 409, lang="ko")

    assert refused["error"]["code"] == "no_request"
    assert "견학 요청으로 만든 것이 아니어서" in refused["error"]["message"]


async def test_a_declined_request_or_a_cancelled_visit_cannot_be_proposed(
    world: World
) -> None:
    made = await requested_visit(world)
    await world.post(f"/api/visits/{made['visit']['id']}/cancel", {}, status=200)
    cancelled = await propose(world, made["visit"], 409)
    await world.post(f"/api/requests/{made['request']['id']}/decline", {"reason": "없음"},
                     status=200)
    second = await world.book({"id": made["visit"]["delegation_id"]},
                              {"facility_id": made["visit"]["stops"][0]["facility_id"],
                               "start": at("14:00")})

    closed = await propose(world, second, 409)

    assert cancelled["error"]["code"] == "visit_cancelled"
    assert closed["error"]["code"] == "request_closed"
    assert await status_of(made["request"]["id"]) == "declined"


# -- the contact's page ---------------------------------------------------------------------

async def test_the_tracking_page_speaks_japanese_beside_korean_before_any_proposal(
    world: World, contact: httpx.AsyncClient
) -> None:
    made = await requested_visit(world)

    shown = await page(contact, made["token"])

    assert '<html lang="ja" dir="ltr">' in shown
    assert "検討中" in shown and "Being reviewed" not in shown
    assert 'name="message"' not in shown and "/withdraw" in shown


async def test_the_tracking_page_is_right_to_left_in_arabic(
    world: World, contact: httpx.AsyncClient
) -> None:
    made = await requested_visit(world, language="ar")
    await propose(world, made["visit"])

    shown = await contact.get(f"/track/{made['token']}?lang=ar")

    assert '<html lang="ar" dir="rtl">' in shown.text
    assert 'class="doc-title-part" lang="ar"' in shown.text


async def test_the_whole_round_changes_moved_stop_and_confirmation(
    world: World, contact: httpx.AsyncClient
) -> None:
    made = await requested_visit(world)
    request_id, visit = made["request"]["id"], made["visit"]
    await propose(world, visit)
    first = await page(contact, made["token"])
    assert "この提案" in first or "第 1 版" in first or "(version 1)" in first
    assert 'class="doc-title-part"' in first  # the visitor page's partial
    assert f'/track/{made["token"]}/itinerary.pdf?lang=ja' in first

    asked = await answer(contact, made["token"], "changes",
                         message="Could the kiosks come <first>?")

    assert asked.status_code == 303
    assert await status_of(request_id) == "changes_requested"
    note = await RequestNote.get(request_id=request_id)
    assert (note.author, note.text) == ("contact", "Could the kiosks come <first>?")
    office = await OutboxMessage.filter(subject__contains="변경을 요청했습니다").first()
    assert office is not None and "Could the kiosks come <first>?" in office.body
    after = await contact.get(asked.headers["location"])
    assert "&lt;first&gt;" in after.text and "<first>" not in after.text
    assert "変更のご依頼" in after.text or "変更を依頼済み" in after.text

    stop = visit["stops"][1]
    moved = await world.client.patch(f"/api/visits/{visit['id']}/stops/{stop['id']}",
                                     json={"start": at("13:00")}, headers=world.officer)
    assert moved.status_code == 200, moved.text
    assert (await propose(world, visit))["version"] == 2
    second = await page(contact, made["token"])
    assert 'class="change-box"' in second and version_in(second) == "2"

    confirmed = await answer(contact, made["token"], "confirm")

    assert confirmed.status_code == 303
    assert await status_of(request_id) == "confirmed"
    twice = await contact.post(f"/track/{made['token']}/confirm",
                               data={"csrf_token": csrf_of(second), "version": "2"})
    assert twice.status_code == 409
    assert await status_of(request_id) == "confirmed"
    thanks = await OutboxMessage.filter(to_email=CONTACT, body__contains="ご確定いただき")
    assert len(thanks) == 1


async def test_an_answer_on_a_stale_version_changes_nothing_and_says_why(
    world: World, contact: httpx.AsyncClient
) -> None:
    made = await requested_visit(world)
    visit = made["visit"]
    await propose(world, visit)
    shown = await page(contact, made["token"])
    stop = visit["stops"][0]
    await world.client.patch(f"/api/visits/{visit['id']}/stops/{stop['id']}",
                             json={"start": at("09:00")}, headers=world.officer)
    await propose(world, visit)
    mails = await OutboxMessage.all().count()

    stale = await contact.post(f"/track/{made['token']}/confirm",
                               data={"csrf_token": csrf_of(shown), "version": "1"})

    assert stale.status_code == 409
    assert "新しい版" in html.unescape(stale.text) or "newer version" in stale.text
    assert version_in(stale.text) == "2"
    assert await status_of(made["request"]["id"]) == "proposed"
    assert await OutboxMessage.all().count() == mails


async def test_asking_for_changes_needs_a_message_of_at_most_2000_characters(
    world: World, contact: httpx.AsyncClient
) -> None:
    made = await requested_visit(world)
    await propose(world, made["visit"])

    empty = await answer(contact, made["token"], "changes", message="  ")
    long = await answer(contact, made["token"], "changes", message="あ" * 2001)

    assert (empty.status_code, long.status_code) == (422, 422)
    assert "あ" * 2001 in long.text
    assert await status_of(made["request"]["id"]) == "proposed"
    assert not await RequestNote.filter(request_id=made["request"]["id"]).exists()


async def test_a_post_without_the_form_token_changes_nothing(
    world: World, contact: httpx.AsyncClient
) -> None:
    made = await requested_visit(world)
    await propose(world, made["visit"])
    await page(contact, made["token"])

    forged = await contact.post(f"/track/{made['token']}/confirm", data={"version": "1"})

    assert forged.status_code == 403
    assert await status_of(made["request"]["id"]) == "proposed"


async def test_withdrawing_closes_the_request_and_tells_the_office(
    world: World, contact: httpx.AsyncClient
) -> None:
    made = await requested_visit(world)

    withdrawn = await answer(contact, made["token"], "withdraw")

    assert withdrawn.status_code == 303
    assert await status_of(made["request"]["id"]) == "withdrawn"
    assert await OutboxMessage.filter(subject__contains="철회했습니다").exists()
    again = await propose(world, made["visit"], 409)
    assert again["error"]["code"] == "request_closed"
    shown = await page(contact, made["token"])
    assert "取り下げ" in shown and "/withdraw" not in shown


@pytest.mark.parametrize("suffix", ["", "/itinerary.ics"])
async def test_a_tampered_or_revoked_token_is_a_404_that_tells_nothing(
    world: World, contact: httpx.AsyncClient, suffix: str
) -> None:
    made = await requested_visit(world)
    await propose(world, made["visit"])
    good = await page(contact, made["token"])
    tampered = made["token"][:-2] + ("AA" if not made["token"].endswith("AA") else "BB")

    wrong = await contact.get(f"/track/{tampered}{suffix}")
    wrong_post = await contact.post(f"/track/{tampered}/confirm",
                                    data={"csrf_token": csrf_of(good), "version": "1"})
    await world.client.delete(f"/api/requests/{made['request']['id']}/link",
                              headers=world.officer)
    revoked = await contact.get(f"/track/{made['token']}{suffix}")
    revoked_post = await contact.post(f"/track/{made['token']}/confirm",
                                      data={"csrf_token": csrf_of(good), "version": "1"})

    assert [r.status_code for r in (wrong, wrong_post, revoked, revoked_post)] == [404] * 4
    assert wrong.text == revoked.text
    assert await status_of(made["request"]["id"]) == "proposed"


async def test_the_calendar_of_the_proposal_is_the_published_version(
    world: World, contact: httpx.AsyncClient
) -> None:
    made = await requested_visit(world)
    await propose(world, made["visit"])

    calendar = await contact.get(f"/track/{made['token']}/itinerary.ics")

    assert calendar.status_code == 200
    assert calendar.text.count("BEGIN:VEVENT") == 2
    assert made["token"] not in calendar.text


# -- the officer's pages --------------------------------------------------------------------

async def test_the_officer_proposes_from_the_visit_page_and_sees_the_answer_on_the_dashboard(
    world: World, contact: httpx.AsyncClient
) -> None:
    made = await requested_visit(world)
    visit_id, request_id = made["visit"]["id"], made["request"]["id"]
    await login(world.client, *OFFICER)
    shown = await world.client.get(f"/visits/{visit_id}")
    assert "대표단의 견학 요청" in shown.text and "검토 중" in shown.text
    assert f'action="/visits/{visit_id}/propose"' in shown.text and "제안 보내기" in shown.text

    sent = await world.client.post(f"/visits/{visit_id}/propose",
                                   data={"csrf_token": csrf_of(shown.text)},
                                   follow_redirects=True)

    assert "제안을 보냈습니다(버전 1)" in sent.text
    assert await status_of(request_id) == "proposed"
    await answer(contact, made["token"], "changes", message="見学を午後にしてください")
    board = await world.client.get("/dashboard")
    assert "대표단의 답변" in board.text and "변경 요청됨" in board.text
    assert "見学を午後にしてください" in board.text
    assert f'href="/visits/{visit_id}"' in board.text
    visit_page = await world.client.get(f"/visits/{visit_id}")
    assert "見学を午後にしてください" in visit_page.text and "변경 요청됨" in visit_page.text
    request_page = await world.client.get(f"/requests/{request_id}")
    assert f'href="/visits/{visit_id}"' in request_page.text
    world.client.cookies.set("lang", "en")
    english = await world.client.get("/dashboard")
    assert "Answers from delegations" in english.text and "Changes requested" in english.text
