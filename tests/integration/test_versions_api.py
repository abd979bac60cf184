"""Publishing a visit and its versions over HTTP (SPEC §7.3): what each version lists as
changed, the refusal when nothing changed, the mail to the delegation's contact, and two
publishes racing."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from tests.integration.builders import HOST, OFFICER, World, at, sign_in
from visits.auth import principal_of
from visits.models import OutboxMessage, ShareLink, User, VisitVersion
from visits.services import versions
from visits.services.accounts import create_user
from visits.services.retention import purge_personal_data
from visits.settings import Settings

CCTV = {"ko": "통합관제센터", "en": "Integrated Control Center", "ja": "統合管制センター"}
KIOSK = {"ko": "무인민원발급기", "en": "Civil-document kiosks", "ja": "無人証明書発行機"}


async def _visit(world: World, language: str = "ja") -> dict[str, Any]:
    """Two stops: the control center at 10:00 and the kiosks at 11:15, one host for both."""
    cctv = await world.facility(buffer_min=0)
    kiosk = await world.facility(code="kiosk", kind="kiosk", buffer_min=0, name=KIOSK)
    await world.host([cctv["id"], kiosk["id"]], HOST[0])
    delegation = await world.delegation(language=language)
    return await world.book(delegation, {"facility_id": cctv["id"], "start": at("10:00")},
                            {"facility_id": kiosk["id"], "start": at("11:15")})


async def _publish(world: World, visit: dict[str, Any], status: int = 201,
                   **headers: str) -> dict[str, Any]:
    response = await world.client.post(f"/api/visits/{visit['id']}/publish",
                                       headers={**world.officer, **headers})
    assert response.status_code == status, response.text
    return response.json()  # type: ignore[no-any-return]


async def _move(world: World, visit: dict[str, Any], index: int, clock: str,
                **extra: Any) -> None:
    response = await world.client.patch(
        f"/api/visits/{visit['id']}/stops/{visit['stops'][index]['id']}",
        json={"start": at(clock), **extra}, headers=world.officer)
    assert response.status_code == 200, response.text


async def test_version_1_lists_every_stop_as_added(world: World) -> None:
    visit = await _visit(world)

    published = await _publish(world, visit)

    assert published["version"] == 1
    assert [c["kind"] for c in published["changes"]] == ["added", "added"]
    first = published["changes"][0]
    assert first["item"] == {"stop_id": visit["stops"][0]["id"],
                             "facility_id": visit["stops"][0]["facility_id"],
                             "facility_name": CCTV}
    assert first["before"] is None
    assert first["after"]["start"] == "2027-03-09T10:00:00+09:00"
    assert first["after"]["host_name"] == {"ko": "김민수", "en": "Kim Minsu"}
    assert published["published_by"] == OFFICER[0]


async def test_moving_a_stop_then_publishing_lists_it_moved(world: World) -> None:
    visit = await _visit(world)
    await _publish(world, visit)

    await _move(world, visit, 1, "14:00")
    published = await _publish(world, visit)

    assert published["version"] == 2
    [moved] = published["changes"]
    assert moved["kind"] == "moved"
    assert moved["item"]["stop_id"] == visit["stops"][1]["id"]
    assert moved["item"]["facility_name"] == KIOSK
    assert (moved["before"]["start"], moved["after"]["start"]) == (
        "2027-03-09T11:15:00+09:00", "2027-03-09T14:00:00+09:00")


async def test_a_new_host_is_listed_as_host_changed_with_both_names(world: World) -> None:
    visit = await _visit(world)
    other = await world.host([visit["stops"][0]["facility_id"]], "lee@example.kr",
                             name={"ko": "이서연", "en": "Lee Seoyeon"})
    await _publish(world, visit)

    await world.client.patch(f"/api/visits/{visit['id']}/stops/{visit['stops'][0]['id']}",
                             json={"host_id": other["id"]}, headers=world.officer)
    published = await _publish(world, visit)

    [changed] = published["changes"]
    assert changed["kind"] == "host_changed"
    assert changed["before"]["host_name"]["ko"] == "김민수"
    assert changed["after"]["host_name"]["ko"] == "이서연"
    assert changed["before"]["start"] == changed["after"]["start"]


async def test_a_cancelled_visit_publishes_every_stop_cancelled(world: World) -> None:
    visit = await _visit(world)
    await _publish(world, visit)

    await world.post(f"/api/visits/{visit['id']}/cancel", {}, status=200)
    published = await _publish(world, visit)

    assert [c["kind"] for c in published["changes"]] == ["cancelled", "cancelled"]
    assert {c["after"]["status"] for c in published["changes"]} == {"cancelled"}


async def test_a_declined_stop_is_removed_for_visitors(world: World) -> None:
    visit = await _visit(world)
    await _publish(world, visit)

    await world.client.post(f"/api/stops/{visit['stops'][0]['id']}/decline",
                            json={"reason": "공사 중"}, headers=world.officer)
    published = await _publish(world, visit)

    assert [(c["kind"], c["item"]["stop_id"]) for c in published["changes"]] == [
        ("removed", visit["stops"][0]["id"])]


@pytest.mark.parametrize(("language", "expected"), [
    ("ko", "버전 1 이후 바뀐 내용이 없어 게시할 것이 없습니다."),
    ("en", "Nothing has changed since version 1: there is nothing to publish."),
])
async def test_publishing_nothing_new_is_409_naming_the_version(
    world: World, language: str, expected: str
) -> None:
    visit = await _visit(world)
    await _publish(world, visit)

    refused = await _publish(world, visit, status=409, **{"Accept-Language": language})

    assert refused == {"error": {"code": "nothing_to_publish", "message": expected}}
    assert await VisitVersion.filter(visit_id=visit["id"]).count() == 1


async def test_an_accepted_stop_is_worth_publishing_though_no_change_is_listed(
    world: World
) -> None:
    """Visitors see "to be confirmed" go: the version is new, nothing moved."""
    visit = await _visit(world)
    await _publish(world, visit)

    await world.client.post(f"/api/stops/{visit['stops'][0]['id']}/accept",
                            headers=world.officer)
    published = await _publish(world, visit)

    assert (published["version"], published["changes"]) == (2, [])


async def test_versions_lists_every_version_with_its_changes(world: World) -> None:
    visit = await _visit(world)
    await _publish(world, visit)
    await _move(world, visit, 0, "09:00")
    await _publish(world, visit)

    response = await world.client.get(f"/api/visits/{visit['id']}/versions",
                                      headers=world.officer)

    assert response.status_code == 200
    versions = response.json()
    assert [v["version"] for v in versions] == [1, 2]
    assert [[c["kind"] for c in v["changes"]] for v in versions] == [["added", "added"],
                                                                     ["moved"]]
    assert all(v["published_by"] == OFFICER[0] for v in versions)
    assert versions[0]["published_at"] <= versions[1]["published_at"]


async def test_versions_name_the_publisher(world: World) -> None:
    visit = await _visit(world)
    await User.filter(email=OFFICER[0]).update(name="박지현")
    await _publish(world, visit)

    versions = (await world.client.get(f"/api/visits/{visit['id']}/versions",
                                       headers=world.officer)).json()

    assert versions[0]["published_by"] == "박지현"


async def test_publish_is_for_officers_and_real_visits(
    world: World, client: httpx.AsyncClient
) -> None:
    visit = await _visit(world)
    await create_user(HOST[0], "host", HOST[1])
    host = await sign_in(client, *HOST)

    as_host = await client.post(f"/api/visits/{visit['id']}/publish", headers=host)
    unknown = await client.post("/api/visits/999999/publish", headers=world.officer)
    listing = await client.get("/api/visits/999999/versions", headers=world.officer)

    assert as_host.status_code == 403
    assert unknown.status_code == 404
    assert listing.status_code == 404
    assert await VisitVersion.all().count() == 0


async def test_publishing_is_in_the_change_history(world: World) -> None:
    visit = await _visit(world)
    await _publish(world, visit)

    history = (await world.client.get(f"/api/visits/{visit['id']}/history",
                                      headers=world.officer)).json()

    assert history[-1]["action"] == "publish"
    assert history[-1]["after"]["version"] == 1
    assert history[-1]["actor"] == OFFICER[0]


# ---------------------------------------------------------------- the contact's mail

async def _contact_mail(visit: dict[str, Any]) -> list[OutboxMessage]:
    return await OutboxMessage.filter(visit_id=visit["id"], stop_id=None).order_by("id")


async def test_publishing_mails_the_contact_once_in_their_language_with_the_link(
    world: World
) -> None:
    visit = await _visit(world)
    share = await world.post(f"/api/visits/{visit['id']}/share", {}, status=200)
    await _move(world, visit, 1, "14:00")

    await _publish(world, visit)

    first, second = await _contact_mail(visit)
    assert second.to_email == "sato@city.example.jp"
    assert second.subject.startswith("방문 일정표 (버전 2) / 視察日程表（バージョン2）")
    assert share["url"] in second.body
    assert "시간 변경: 무인민원발급기 11:15 → 14:00" in second.body
    assert "時間変更：無人証明書発行機 11:15 → 14:00" in second.body
    assert "버전 1 이후 변경 사항" in second.body
    assert "방문 일정표가 준비되었습니다." in first.body and share["url"] in first.body
    assert "統合管制センター" in first.body


async def test_publishing_without_a_live_link_makes_one_for_the_mail(world: World) -> None:
    visit = await _visit(world)

    await _publish(world, visit)

    [link] = await ShareLink.filter(visit_id=visit["id"])
    [mail] = await _contact_mail(visit)
    assert "/v/" in mail.body
    [url] = re.findall(r"http://testserver(/v/\S+)", mail.body)[:1]
    page = await world.client.get(url)
    assert page.status_code == 200
    assert link.revoked_at is None


async def test_a_refused_publish_mails_nobody(world: World) -> None:
    visit = await _visit(world)
    await _publish(world, visit)

    await _publish(world, visit, status=409)

    assert len(await _contact_mail(visit)) == 1


async def test_two_publishes_at_once_make_one_version_and_one_mail(world: World) -> None:
    visit = await _visit(world)
    await _publish(world, visit)
    await _move(world, visit, 1, "14:00")

    answers = await asyncio.gather(*[
        world.client.post(f"/api/visits/{visit['id']}/publish", headers=world.officer)
        for _ in range(4)])

    assert sorted(a.status_code for a in answers) == [201, 409, 409, 409]
    assert {a.json()["error"]["code"] for a in answers if a.status_code == 409} == {
        "nothing_to_publish"}
    assert await VisitVersion.filter(visit_id=visit["id"]).count() == 2
    assert len(await _contact_mail(visit)) == 2


async def test_a_repeated_publish_with_its_idempotency_key_gets_the_same_answer(
    world: World
) -> None:
    visit = await _visit(world)
    key = {"Idempotency-Key": "publish-1"}

    first = await world.client.post(f"/api/visits/{visit['id']}/publish",
                                    headers={**world.officer, **key})
    again = await world.client.post(f"/api/visits/{visit['id']}/publish",
                                    headers={**world.officer, **key})

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert len(await _contact_mail(visit)) == 1


# ---------------------------------------------------------------- the service for callers

async def test_a_caller_may_publish_without_the_mail_or_accept_no_change(
    world: World, settings: Settings
) -> None:
    visit = await _visit(world)
    officer = principal_of(await User.get(email=OFFICER[0]))

    first = await versions.publish_visit(officer, settings, visit["id"],
                                         base_url="https://visits.example", mail_contact=False)
    same = await versions.publish_visit(officer, settings, visit["id"],
                                        base_url="https://visits.example", unchanged_ok=True)
    latest = await versions.latest_published(settings, visit["id"], share_url=None)

    assert (first.number, same.number) == (1, 1)
    assert await _contact_mail(visit) == []
    assert latest is not None and latest.version == 1
    assert [s.place.name for s in latest.stops] == [CCTV, KIOSK]


async def test_erasing_a_delegations_personal_data_erases_its_published_copies(
    world: World, settings: Settings
) -> None:
    visit = await _visit(world)  # 9 March 2027
    await _publish(world, visit)

    await purge_personal_data(settings, now=datetime(2029, 3, 1, tzinfo=UTC))

    [version] = await VisitVersion.filter(visit_id=visit["id"])
    shown = version.snapshot["delegation"]
    assert [(m["name"], m["title"]) for m in shown["members"]] == [
        ("Member 1", "市長"), ("Member 2", "情報政策課長")]
    assert (shown["contact_name"], shown["contact_email"]) == ("", "")
    assert "佐藤" not in str(version.snapshot) and "田中" not in str(version.snapshot)
    assert shown["name"]["ja"] == "静岡市代表団"  # the statistics keep the delegation
