"""The host's answer link (SPEC §7.5): every request mail carries `/answer/TOKEN`, a page
without sign-in to accept, decline or propose another time; a link works only for its
stop as it was mailed, answers once, and a token that is not ours is a plain 404."""

from __future__ import annotations

import logging
import re
from typing import Any

import httpx

from tests.environment import make_settings
from tests.integration.builders import DAY, HOST, World, at, csrf_of, running_app
from visits.app import RedactSecretPaths
from visits.models import OutboxMessage

LINK = re.compile(r"(/answer/[A-Za-z0-9_.\-]+)")


async def _booked(world: World) -> dict[str, Any]:
    cctv = await world.facility()
    host = await world.host([cctv["id"]], HOST[0])
    delegation = await world.delegation()
    visit = await world.book(delegation, {"facility_id": cctv["id"], "start": at("10:00")})
    return {"cctv": cctv, "host": host, "visit": visit, "stop": visit["stops"][0]}


async def latest_link(stop_id: int) -> str:
    """The answer link of the newest mail to the stop's host."""
    mail = await OutboxMessage.filter(stop_id=stop_id).order_by("-id").first()
    assert mail is not None
    found = LINK.search(mail.body)
    assert found, mail.body
    return found.group(1)


async def _stop(world: World, visit_id: int) -> dict[str, Any]:
    response = await world.client.get(f"/api/visits/{visit_id}", headers=world.officer)
    return response.json()["stops"][0]  # type: ignore[no-any-return]


async def _post(client: httpx.AsyncClient, link: str, action: str,
                **data: str) -> httpx.Response:
    page = await client.get(link)
    return await client.post(f"{link}/{action}", data={"csrf_token": csrf_of(page.text), **data})


async def test_request_mail_carries_a_link_that_accepts_in_one_post(world: World) -> None:
    w = await _booked(world)
    link = await latest_link(w["stop"]["id"])
    anonymous = httpx.AsyncClient(transport=world.client._transport, base_url="http://testserver")

    async with anonymous:
        page = await anonymous.get(link)
        answered = await _post(anonymous, link, "accept")
        thanks = await anonymous.get(answered.headers["location"])

    assert page.status_code == 200
    assert "통합관제센터" in page.text and "10:00–11:00" in page.text
    assert f'action="{link}/accept"' in page.text and f'action="{link}/decline"' in page.text
    assert answered.status_code == 303
    assert thanks.status_code == 200 and "수락하셨습니다" in thanks.text
    assert (await _stop(world, w["visit"]["id"]))["status"] == "accepted"
    history = await world.client.get(f"/api/visits/{w['visit']['id']}/history",
                                     headers=world.officer)
    assert [(e["action"], e["actor"]) for e in history.json()][-1] == ("accepted", HOST[0])


async def test_a_used_link_says_already_answered_and_changes_nothing(world: World) -> None:
    w = await _booked(world)
    link = await latest_link(w["stop"]["id"])
    await _post(world.client, link, "accept")
    await world.client.get(link)  # the thank-you page, once

    again = await world.client.get(link)
    declined = await world.client.post(f"{link}/decline", data={
        "csrf_token": csrf_of((await world.client.get("/login")).text), "reason": "바쁨"})

    assert again.status_code == 410 and "이미 답하셨습니다" in again.text
    assert "수락됨" in again.text and "now accepted" in again.text
    assert f'action="{link}/' not in again.text  # no stale action offered
    assert declined.status_code == 410
    assert (await _stop(world, w["visit"]["id"]))["status"] == "accepted"


async def test_a_tampered_or_foreign_token_is_a_plain_404(world: World) -> None:
    w = await _booked(world)
    link = await latest_link(w["stop"]["id"])
    share = await world.post(f"/api/visits/{w['visit']['id']}/share", {}, status=200)
    share_token = share["url"].rsplit("/", 1)[1]

    middle = len(link) - 10  # inside the signature (its last character has spare bits)
    tampered = await world.client.get(
        link[:middle] + ("A" if link[middle] != "A" else "B") + link[middle + 1:])
    foreign = await world.client.get(f"/answer/{share_token}")
    posted = await world.client.post(link[:-2] + "xx/accept", data={})

    assert tampered.status_code == foreign.status_code == posted.status_code == 404
    assert "이 링크는 열 수 없습니다" in tampered.text
    assert (await _stop(world, w["visit"]["id"]))["status"] == "requested"


async def test_a_link_goes_stale_when_its_stop_changes(world: World) -> None:
    w = await _booked(world)
    old = await latest_link(w["stop"]["id"])
    moved = await world.client.patch(
        f"/api/visits/{w['visit']['id']}/stops/{w['stop']['id']}",
        json={"start": at("14:00")}, headers=world.officer)
    assert moved.status_code == 200, moved.text
    new = await latest_link(w["stop"]["id"])

    stale = await world.client.get(old)
    refused = await _post(world.client, new, "accept")  # the page loads from the new link
    stale_post = await world.client.post(f"{old}/decline", data={
        "csrf_token": csrf_of((await world.client.get("/login")).text), "reason": "바쁨"})

    assert new != old
    assert stale.status_code == 410 and "요청이 바뀌었습니다" in stale.text
    assert stale_post.status_code == 410
    assert refused.status_code == 303
    assert (await _stop(world, w["visit"]["id"]))["status"] == "accepted"


async def test_a_change_between_showing_and_posting_is_refused(world: World) -> None:
    """The page was shown for the 10:00 request; the officer moves the stop before the host
    taps Accept: the old link's post accepts nothing."""
    w = await _booked(world)
    link = await latest_link(w["stop"]["id"])
    page = await world.client.get(link)
    await world.client.patch(f"/api/visits/{w['visit']['id']}/stops/{w['stop']['id']}",
                             json={"start": at("14:00")}, headers=world.officer)

    late = await world.client.post(f"{link}/accept", data={"csrf_token": csrf_of(page.text)})

    assert late.status_code == 410 and "요청이 바뀌었습니다" in late.text
    assert (await _stop(world, w["visit"]["id"]))["status"] == "requested"


async def test_a_cancelled_visit_says_so(world: World) -> None:
    w = await _booked(world)
    link = await latest_link(w["stop"]["id"])
    await world.post(f"/api/visits/{w['visit']['id']}/cancel", {}, status=200)

    page = await world.client.get(link)

    assert page.status_code == 410 and "방문이 취소되었습니다" in page.text


async def test_decline_needs_a_reason_and_then_declines(world: World) -> None:
    w = await _booked(world)
    link = await latest_link(w["stop"]["id"])

    blank = await _post(world.client, link, "decline", reason="  ")
    status_after_blank = (await _stop(world, w["visit"]["id"]))["status"]
    declined = await _post(world.client, link, "decline", reason="그날은 정기 점검입니다")

    assert blank.status_code == 422 and 'role="alert"' in blank.text
    assert status_after_blank == "requested"
    assert declined.status_code == 303
    stop = await _stop(world, w["visit"]["id"])
    assert stop["status"] == "declined" and stop["decline_reason"] == "그날은 정기 점검입니다"


async def test_a_post_without_the_forms_token_changes_nothing(world: World) -> None:
    w = await _booked(world)
    link = await latest_link(w["stop"]["id"])

    forged = await world.client.post(f"{link}/accept", data={"csrf_token": "forged"})

    assert forged.status_code == 403
    assert (await _stop(world, w["visit"]["id"]))["status"] == "requested"


async def test_the_page_offers_the_hosts_own_free_times_and_counters(world: World) -> None:
    w = await _booked(world)
    other = await world.delegation(name={"ko": "다른 대표단", "en": "Other"})
    await world.book(other, {"facility_id": w["cctv"]["id"], "start": at("14:00")})
    link = await latest_link(w["stop"]["id"])

    page = await world.client.get(link)
    offered = re.findall(r'name="start" value="([^"]+)"', page.text)
    answered = await _post(world.client, link, "counter", start=at("15:30"),
                           reason="오후가 좋습니다")

    assert at("10:00") not in offered  # the time asked for is not a counter
    assert at("10:30") in offered  # the stop's own time counts as free
    assert at("14:00") not in offered and at("13:30") not in offered  # the host is busy
    assert any(o.startswith(f"{DAY}T") for o in offered)
    assert answered.status_code == 303
    stop = await _stop(world, w["visit"]["id"])
    assert stop["status"] == "countered" and stop["counter_start"] == at("15:30")
    assert stop["counter_reason"] == "오후가 좋습니다"
    visit = await world.client.get(f"/api/visits/{w['visit']['id']}", headers=world.officer)
    assert visit.json()["status"] == "needs_attention"


async def test_a_counter_at_a_busy_time_is_refused_in_words(world: World) -> None:
    w = await _booked(world)
    other = await world.delegation(name={"ko": "다른 대표단", "en": "Other"})
    await world.book(other, {"facility_id": w["cctv"]["id"], "start": at("14:00")})
    link = await latest_link(w["stop"]["id"])

    refused = await _post(world.client, link, "counter", start=at("14:00"))

    assert refused.status_code == 409 and 'role="alert"' in refused.text
    assert (await _stop(world, w["visit"]["id"]))["status"] == "requested"


def test_the_access_log_never_holds_an_answer_token() -> None:
    record = logging.LogRecord("uvicorn.access", logging.INFO, "", 0, '%s - "%s %s HTTP/%s" %d',
                               ("127.0.0.1", "GET", "/answer/SECRET.TOKEN/accept", "1.1", 200),
                               None)

    RedactSecretPaths().filter(record)

    assert "SECRET" not in record.getMessage() and "/answer/[redacted]" in record.getMessage()


async def test_answer_pages_count_against_the_public_views_limit(
        database_url: str, tmp_path: Any) -> None:
    settings = make_settings(database_url, tmp_path, PUBLIC_VIEWS_PER_MINUTE="3")
    async with running_app(settings) as world:
        w = await _booked(world)
        link = await latest_link(w["stop"]["id"])

        answers = [await world.client.get(link) for _ in range(4)]
        wrong = await world.client.get("/answer/not-a-token")

    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert wrong.status_code == 429 and "Retry-After" in wrong.headers
