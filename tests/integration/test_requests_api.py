"""Visit requests from the delegation's side (SPEC §7.2): a stranger's request, the officer's
list (new first, with the room of each wished facility on each wished date), the
delegation made from it, a decline, and the contact's tracking link."""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.integration.builders import (
    DAY,
    HOST,
    World,
    at,
    request_body,
    sign_in,
    working_days,
)
from visits.app import RedactSecretPaths
from visits.errors import NotFound
from visits.models import AuditEvent, OutboxMessage, TrackingLink, VisitRequest
from visits.services.accounts import create_user
from visits.settings import Settings
from visits.sharing import FEED_SALT, SHARE_SALT, sign_link
from visits.tracking import TRACKING_SALT, extend_tracking_links, request_for_tracking_token

SECOND_DAY = working_days(2)[1]
# One hour a day: a single booking of most of its seats leaves no room for a party of 12.
ONE_HOUR = [{"weekday": d, "start": "10:00", "end": "11:00"} for d in range(5)]


async def submit(client: httpx.AsyncClient, status: int = 201, **overrides: Any
                 ) -> dict[str, Any]:
    response = await client.post("/api/requests", json=request_body(**overrides))
    assert response.status_code == status, response.text
    return response.json()  # type: ignore[no-any-return]


async def officer_get(world: World, path: str, **params: Any) -> dict[str, Any]:
    response = await world.client.get(path, params=params, headers=world.officer)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def token_of(url: str) -> str:
    return url.rsplit("/track/", 1)[1]


# -- the whole round ------------------------------------------------------------------------

async def test_a_request_is_listed_with_the_room_of_each_wished_date_and_made_a_delegation(
    world: World
) -> None:
    facility = await world.facility(open_hours=ONE_HOUR)
    host = await world.host([facility["id"]], HOST[0])
    party = await world.delegation(size=10)
    await world.book(party, {"facility_id": facility["id"], "start": at("10:00", SECOND_DAY),
                             "host_id": host["id"]})

    created = await submit(world.client, dates=[DAY, SECOND_DAY],
                           interests=["control_center", "cctv"])

    assert created["status"] == "new" and created["url"].startswith("http://testserver/track/")
    shown = await officer_get(world, f"/api/requests/{created['id']}")
    assert [(d["date"], d["all_room"], [f["room"] for f in d["facilities"]])
            for d in shown["availability"]] == [(DAY, True, [True]), (SECOND_DAY, False, [False])]
    assert shown["availability"][0]["facilities"][0] | {"room": None} == {
        "facility_id": facility["id"], "code": "cctv", "name": facility["name"], "room": None}
    assert [m["name"] for m in shown["members"]] == ["Ichiro Tanaka", "Hanako Sato", "Ken Suzuki"]

    made = await world.client.post(f"/api/requests/{created['id']}/delegation",
                                   headers=world.officer)

    assert made.status_code == 201, made.text
    delegation = made.json()
    assert delegation["name"] == {"ja": "静岡市役所", "en": "Shizuoka City Hall"}
    assert (delegation["country"], delegation["language"], delegation["size"]) == ("JP", "ja", 12)
    assert delegation["contact"] == {"name": "佐藤花子", "email": "sato@city.example.jp"}
    assert [(m["native_name"], m["role"], m["rank"], m["head"]) for m in delegation["members"]] \
        == [("田中一郎", "head", 1, True), ("佐藤花子", "member", 2, False),
            ("", "interpreter", None, False)]
    assert delegation["members"][0]["diet"] == "no pork"
    after = await officer_get(world, f"/api/requests/{created['id']}")
    assert (after["status"], after["delegation_id"]) == ("in_review", delegation["id"])
    assert delegation == await officer_get(world, f"/api/delegations/{delegation['id']}")


async def test_the_room_shown_follows_a_booking_made_since_the_last_look(world: World) -> None:
    """The list keeps what it searched under the change counter: a booking moves the
    counter, so the next look searches again and shows the day full."""
    facility = await world.facility(open_hours=ONE_HOUR)
    host = await world.host([facility["id"]], HOST[0])
    created = await submit(world.client, dates=[SECOND_DAY], interests=["cctv"])

    def rooms(page: dict[str, Any]) -> list[bool]:
        found = next(r for r in page["items"] if r["id"] == created["id"])
        return [f["room"] for d in found["availability"] for f in d["facilities"]]

    before = [rooms(await officer_get(world, "/api/requests")) for _ in range(2)]
    await world.book(await world.delegation(size=10), {
        "facility_id": facility["id"], "start": at("10:00", SECOND_DAY), "host_id": host["id"]})
    after = rooms(await officer_get(world, "/api/requests"))
    alone = await officer_get(world, f"/api/requests/{created['id']}")

    assert before == [[True], [True]]
    assert after == [False]
    assert [f["room"] for d in alone["availability"] for f in d["facilities"]] == [False]


async def test_the_delegation_is_made_once_and_the_second_time_is_named(world: World) -> None:
    created = await submit(world.client)
    path = f"/api/requests/{created['id']}/delegation"
    first = await world.client.post(path, headers=world.officer)

    again = await world.client.post(path, headers={**world.officer, "Accept-Language": "ko"})

    assert again.status_code == 409
    error = again.json()["error"]
    assert error["code"] == "already_made"
    assert "Shizuoka City Hall" in error["message"]
    assert "이미 대표단을 만들었습니다" in error["message"]
    listed = (await officer_get(world, "/api/delegations"))["items"]
    assert [d["id"] for d in listed] == [first.json()["id"]]


async def test_a_declined_request_mails_the_reason_beside_korean_and_stays_declined(
    world: World
) -> None:
    created = await submit(world.client)

    declined = await world.client.post(f"/api/requests/{created['id']}/decline",
                                       json={"reason": "그 주에는 외부 방문을 받지 않습니다."},
                                       headers=world.officer)

    assert declined.status_code == 200, declined.text
    assert (declined.json()["status"], declined.json()["decline_reason"]) == (
        "declined", "그 주에는 외부 방문을 받지 않습니다.")
    mail = await OutboxMessage.filter(to_email="sato@city.example.jp").order_by("-id").first()
    assert mail is not None
    assert "죄송합니다" in mail.body and "誠に申し訳ございません" in mail.body
    assert "그 주에는 외부 방문을 받지 않습니다." in mail.body
    again = await world.client.post(f"/api/requests/{created['id']}/decline",
                                    json={"reason": "x"}, headers=world.officer)
    made = await world.client.post(f"/api/requests/{created['id']}/delegation",
                                   headers=world.officer)
    assert [again.status_code, made.status_code] == [409, 409]
    assert again.json()["error"]["code"] == made.json()["error"]["code"] == "request_closed"
    assert (await AuditEvent.filter(entity="request", entity_id=created["id"])
            .values_list("action", flat=True)) == ["create", "decline"]


async def test_the_receipt_mail_is_in_the_form_language_and_echoes_no_free_text(
    world: World
) -> None:
    created = await submit(world.client, language="ar", country="AE",
                           notes="http://spam.example BUY NOW",
                           organisation="BUY NOW http://spam.example")

    [mail] = await OutboxMessage.all()
    assert mail.to_email == "sato@city.example.jp"
    assert "접수했습니다" in mail.body and "تلقينا طلب الزيارة" in mail.body
    assert created["url"] in mail.body
    assert "spam.example" not in mail.body + mail.subject
    assert "佐藤花子" not in mail.body  # nor the contact's own name


async def test_a_request_is_audited_without_personal_data(world: World) -> None:
    created = await submit(world.client)

    [event] = await AuditEvent.filter(entity="request", entity_id=created["id"])
    assert event.actor_id is None and event.action == "create"  # type: ignore[attr-defined]
    assert event.after["members"] == 3 and event.after["country"] == "JP"
    assert "佐藤" not in str(event.after) and "sato@" not in str(event.after)


# -- what a stranger may not send -------------------------------------------------------------

YESTERDAY = (datetime.now(UTC) - timedelta(days=1)).date().isoformat()
TODAY_IN_SEOUL = (datetime.now(UTC) + timedelta(hours=9)).date().isoformat()
BAD_REQUESTS = [
    ({"dates": []}, "dates", "invalid_field"),
    ({"dates": working_days(4)}, "dates", "invalid_field"),
    ({"dates": [DAY, DAY]}, "dates", "invalid_field"),
    ({"dates": [DAY, YESTERDAY]}, "dates[1]", "date_not_future"),
    ({"dates": [TODAY_IN_SEOUL]}, "dates[0]", "date_not_future"),
    ({"dates": ["2101-01-04"]}, "dates[0]", "invalid_field"),
    ({"dates": ["9 March"]}, "dates[0]", "invalid_field"),
    ({"interests": ["control_center", "no-such-place"]}, "interests[1]", "unknown_interest"),
    ({"interests": []}, "interests", "invalid_field"),
    ({"members": [{"title": "市長"}]}, "members[0]", "invalid_field"),
    ({"members": [{"family_name": "Tanaka", "role": "member", "head": True}]}, "members[0]",
     "invalid_field"),
    ({"members": [{"family_name": "Tanaka", "role": "mayor"}]}, "members[0].role",
     "invalid_field"),
    ({"members": [{"family_name": "Tanaka", "rank": 0}]}, "members[0].rank", "invalid_field"),
    ({"members": [{"family_name": "A", "role": "head"}, {"family_name": "B", "role": "head"}]},
     "members", "invalid_field"),
    ({"size": 2}, "members", "invalid_field"),
    ({"members": [{"family_name": "Tana\x00ka"}]}, "members[0].family_name",
     "control_character"),
    ({"members": [{"family_name": "Tanaka", "diet": "x\u202ey"}]}, "members[0].diet",
     "invalid_field"),
    ({"members": [{"family_name": "T" * 101}]}, "members[0].family_name", "invalid_field"),
    ({"organisation": {"ja": "静岡\x07"}}, "organisation.ja", "control_character"),
    ({"notes": "NUL \x00 here"}, "notes", "control_character"),
    ({"contact": {"name": "佐藤", "email": "not-an-email"}}, "contact.email", "invalid_field"),
    ({"interpreter_needed": "yes"}, "interpreter_needed", "invalid_field"),
    ({"website": "http://spam.example"}, "website", "spam_suspected"),
]


@pytest.mark.parametrize(("overrides", "field", "code"), BAD_REQUESTS)
async def test_a_bad_request_is_refused_naming_its_field_and_records_nothing(
    world: World, overrides: dict[str, Any], field: str, code: str
) -> None:
    await world.facility()

    refused = await world.client.post("/api/requests", json=request_body(**overrides),
                                      headers={"Accept-Language": "ko"})

    assert refused.status_code == (400 if code == "spam_suspected" else 422), refused.text
    assert (refused.json()["error"]["field"], refused.json()["error"]["code"]) == (field, code)
    assert await VisitRequest.all().count() == 0
    assert await OutboxMessage.all().count() == 0
    assert await TrackingLink.all().count() == 0


async def test_refusals_follow_accept_language(world: World) -> None:
    body = request_body(interests=["no-such-place"])

    korean = await world.client.post("/api/requests", json=body,
                                     headers={"Accept-Language": "ko"})
    english = await world.client.post("/api/requests", json=body)

    assert korean.json()["error"]["message"] == (
        "“no-such-place”라는 시설 종류나 시설 코드가 없습니다.")
    assert english.json()["error"]["message"] == (
        "There is no kind of facility or facility code “no-such-place”.")


async def test_a_facility_code_and_a_bare_member_are_accepted(world: World) -> None:
    await world.facility()
    created = await submit(world.client, interests=["cctv", "kiosk"],
                           members=[{"name": "Tanaka Ichiro", "title": "Mayor", "head": True}],
                           organisation="Shizuoka")

    shown = await officer_get(world, f"/api/requests/{created['id']}")

    assert shown["organisation"] == "Shizuoka" and shown["interests"] == ["cctv", "kiosk"]
    assert shown["members"][0] | {"languages": None} == {
        "family_name": "", "given_name": "", "native_name": "", "name": "Tanaka Ichiro",
        "title": "Mayor", "role": "head", "head": True, "rank": None, "languages": None,
        "diet": "", "access": ""}


# -- who may see requests ---------------------------------------------------------------------

async def test_hosts_get_403_and_strangers_401_on_every_officer_operation(
    world: World, settings: Settings
) -> None:
    facility = await world.facility()
    await world.host([facility["id"]], HOST[0])
    await create_user(HOST[0], "host", HOST[1])
    host = await sign_in(world.client, *HOST)
    created = await submit(world.client)
    one = f"/api/requests/{created['id']}"
    calls = [("GET", "/api/requests", None), ("GET", one, None),
             ("POST", one + "/decline", {"reason": "no"}), ("POST", one + "/delegation", None),
             ("POST", one + "/link", None), ("DELETE", one + "/link", None)]

    for method, path, body in calls:
        as_host = await world.client.request(method, path, json=body, headers=host)
        anonymous = await world.client.request(method, path, json=body)
        assert (as_host.status_code, anonymous.status_code) == (403, 401), path

    assert (await officer_get(world, one))["status"] == "new"


async def test_unknown_requests_are_404(world: World) -> None:
    for path in ("/api/requests/999", "/api/requests/99999999999"):
        response = await world.client.get(path, headers=world.officer)
        assert response.status_code == 404
    missing = await world.client.post("/api/requests/999/delegation", headers=world.officer)
    assert missing.json()["error"]["code"] == "not_found"


# -- the contact's tracking link --------------------------------------------------------------

async def test_the_tracking_token_finds_its_request_and_nothing_else(
    world: World, settings: Settings
) -> None:
    created = await submit(world.client)
    token = token_of(created["url"])

    found = await request_for_tracking_token(settings.secret_key, token)

    assert found.id == created["id"]
    tampered = [token[:-2] + ("AA" if not token.endswith("AA") else "BB"), token + "x",
                "x" + token, "", "not-a-token", token.replace(".", "")]
    for bad in tampered:
        with pytest.raises(NotFound):
            await request_for_tracking_token(settings.secret_key, bad)
    with pytest.raises(NotFound):
        await request_for_tracking_token("another-secret", token)


@pytest.mark.parametrize(("salt", "path"), [
    (TRACKING_SALT, "/track/{}"), (SHARE_SALT, "/v/{}"), (FEED_SALT, "/feeds/{}/calendar.ics")])
async def test_a_signed_token_naming_an_id_past_the_integer_range_is_404(
    world: World, settings: Settings, salt: str, path: str
) -> None:
    """Signed with the real key, so only the id check stands between it and the query
    (on PostgreSQL an id past int4 would fail the statement, not find nothing)."""
    token = sign_link(settings.secret_key, salt, 2**40, "nonce")

    response = await world.client.get(path.format(token))

    assert response.status_code == 404


async def test_revoked_tracking_links_are_404_and_a_new_one_works(
    world: World, settings: Settings
) -> None:
    created = await submit(world.client)
    one = f"/api/requests/{created['id']}/link"

    revoked = await world.client.delete(one, headers=world.officer)
    fresh = await world.client.post(one, headers=world.officer)

    assert revoked.json() == {"revoked": 1}
    with pytest.raises(NotFound):
        await request_for_tracking_token(settings.secret_key, token_of(created["url"]))
    assert fresh.status_code == 200 and fresh.json()["url"] != created["url"]
    found = await request_for_tracking_token(settings.secret_key, token_of(fresh.json()["url"]))
    assert found.id == created["id"]


async def test_a_tracking_link_expires_a_week_after_the_last_wished_date(
    world: World, settings: Settings
) -> None:
    created = await submit(world.client, dates=[SECOND_DAY, DAY])
    link = await TrackingLink.get(request_id=created["id"])
    last_day = datetime.fromisoformat(SECOND_DAY).replace(tzinfo=UTC)

    assert link.expires_at == last_day + timedelta(days=8)
    await TrackingLink.filter(id=link.id).update(expires_at=datetime.now(UTC) - timedelta(1))
    with pytest.raises(NotFound):
        await request_for_tracking_token(settings.secret_key, token_of(created["url"]))


async def test_the_access_log_redacts_tracking_tokens() -> None:
    record = logging.LogRecord("uvicorn.access", logging.INFO, "", 0, '%s - "%s %s"',
                               ("1.2.3.4", "GET", "/track/SECRET.TOKEN?lang=ja"), None)
    RedactSecretPaths().filter(record)

    assert "SECRET" not in record.getMessage() and "/track/[redacted]" in record.getMessage()


async def test_a_body_for_two_hundred_members_fits_and_two_hundred_and_one_do_not(
    world: World, settings: Settings
) -> None:
    members = [{"family_name": f"Family{i}", "given_name": f"Given{i}", "native_name": "佐藤花子",
                "title": "Deputy Director-General for International Affairs", "role": "member",
                "rank": i + 1, "languages": ["ja", "en"], "diet": "vegetarian, no nuts",
                "access": "step-free access, seat near the exit"} for i in range(201)]

    fits = await world.client.post("/api/requests",
                                   json=request_body(size=200, members=members[:200]))
    too_many = await world.client.post("/api/requests",
                                       json=request_body(size=1000, members=members))
    padded = json.dumps(request_body()) + " " * settings.max_body_bytes
    too_big = await world.client.post("/api/requests", content=padded,
                                      headers={"Content-Type": "application/json"})

    assert fits.status_code == 201, fits.text
    assert (too_many.status_code, too_many.json()["error"]["field"]) == (422, "members")
    assert too_big.status_code == 413
    assert await VisitRequest.all().count() == 1


async def test_two_officers_making_the_delegation_at_once_make_one(world: World) -> None:
    created = await submit(world.client)
    path = f"/api/requests/{created['id']}/delegation"

    answers = await asyncio.gather(*(world.client.post(path, headers=world.officer)
                                     for _ in range(3)))

    assert sorted(a.status_code for a in answers) == [201, 409, 409]
    assert len(await officer_get_list(world)) == 1


async def officer_get_list(world: World) -> list[dict[str, Any]]:
    response = await world.client.get("/api/delegations", headers=world.officer)
    return response.json()["items"]  # type: ignore[no-any-return]


async def test_a_link_lives_a_week_past_a_later_visit_once_extended(
    world: World, settings: Settings
) -> None:
    created = await submit(world.client)
    request = await VisitRequest.get(id=created["id"])
    visit_end = datetime(2027, 4, 20, 17, tzinfo=UTC)

    assert await extend_tracking_links(request, visit_end) == 1

    link = await TrackingLink.get(request_id=created["id"])
    assert link.expires_at == visit_end + timedelta(days=7)
    assert await extend_tracking_links(request, datetime(2027, 3, 1, tzinfo=UTC)) == 0
