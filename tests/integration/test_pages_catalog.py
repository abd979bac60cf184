"""Officer pages for delegations, facilities and hosts: forms in, the API's records out."""

from __future__ import annotations

from datetime import datetime
from html.parser import HTMLParser
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from markupsafe import escape

from tests import cldr
from tests.integration.builders import (
    HOST,
    OFFICER,
    World,
    at,
    bare_members,
    csrf_of,
    login,
    request_body,
)
from visits.models import AuditEvent, Delegation, Facility, Host
from visits.services.accounts import create_user


class FormReader(HTMLParser):
    """What a browser would post from the page's catalogue form, untouched."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, Any] = {}
        self.inside = False
        self.select: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = "catalog-form" in a.get("class", "")
        elif not self.inside or "name" not in a and tag != "option":
            return
        elif tag == "input" and a.get("type") == "checkbox":
            self.fields.setdefault(a["name"], [])
            if "checked" in a:
                self.fields[a["name"]].append(a.get("value", "on"))
        elif tag == "input" and a.get("type") == "radio":
            if "checked" in a:
                self.fields[a["name"]] = a.get("value", "on")
        elif tag == "input":
            self.fields[a["name"]] = a.get("value", "")
        elif tag == "select":
            self.select = a["name"]
        elif tag == "option" and self.select is not None:
            if self.select not in self.fields or "selected" in a:
                self.fields[self.select] = a.get("value", "")
        elif tag == "textarea":
            self.textarea = a["name"]
            self.fields[a["name"]] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.fields[self.textarea] += data


def fields_of(page: str) -> dict[str, Any]:
    reader = FormReader()
    reader.feed(page)
    assert reader.fields, "no catalogue form on the page"
    return reader.fields


SEOUL = ZoneInfo("Asia/Seoul")  # the organisation's zone in the test settings


@pytest.fixture
async def signed_in(client: httpx.AsyncClient, world: World) -> World:
    """The officer of `world`, also signed in to the pages (English interface)."""
    await login(client, *OFFICER)
    client.cookies.set("lang", "en")
    return world


async def post_form(client: httpx.AsyncClient, page: str, data: dict[str, Any],
                    action: str | None = None) -> httpx.Response:
    """Open the form page, then post `data` with the page's CSRF token."""
    form = await client.get(page)
    assert form.status_code == 200, form.text
    return await client.post(action or page, data={**data, "csrf_token": csrf_of(form.text)})


def delegation_form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name.ko": "시즈오카시 대표단", "name.en": "Shizuoka City delegation",
        "name.own": "静岡市代表団", "country": "JP", "city": "Shizuoka", "language": "ja",
        "size": "12", "contact.name": "佐藤花子", "contact.email": "sato@city.example.jp",
        "members[0].name": "田中一郎", "members[0].title": "市長", "head": "0",
        "members[1].name": "", "members[1].title": "",
        "members[2].name": "佐藤花子", "members[2].title": "情報政策課長",
        "notes": "CCTV",
    }
    data.update(overrides)
    return data


def facility_form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": "GR-CCTV", "kind": "control_center",
        "name.ko": "통합관제센터", "name.en": "Integrated Control Center",
        "name.ja": "統合管制センター", "name.zh-Hans": "",
        "description.ko": "", "description.en": "",
        "address.ko": "서울 구로구 가마산로 245", "address.en": "245 Gamasan-ro",
        "lat": "37.4954", "lon": "126.8874", "capacity": "20", "duration_min": "60",
        "buffer_min": "15",
    }
    for day in range(7):
        for n in range(2):
            data[f"open_hours[{day}][{n}].start"] = data[f"open_hours[{day}][{n}].end"] = ""
    data.update(overrides)
    return data


async def api_get(world: World, path: str) -> Any:
    response = await world.client.get(path, headers=world.officer)
    assert response.status_code == 200, response.text
    return response.json()


async def counts() -> tuple[int, ...]:
    return (await Delegation.all().count(), await Facility.all().count(),
            await Host.all().count(), await AuditEvent.all().count())


# -- delegations ----------------------------------------------------------------------------

async def test_delegation_form_creates_a_delegation_with_japanese_members(
    client: httpx.AsyncClient, signed_in: World
) -> None:
    response = await post_form(client, "/delegations/new", delegation_form())

    assert response.status_code == 303
    assert response.headers["location"] == "/delegations"
    [created] = (await api_get(signed_in, "/api/delegations"))["items"]
    assert created["name"] == {"ko": "시즈오카시 대표단", "en": "Shizuoka City delegation",
                               "ja": "静岡市代表団"}
    assert bare_members(created["members"]) == [{"name": "田中一郎", "title": "市長", "head": True},
                                  {"name": "佐藤花子", "title": "情報政策課長", "head": False}]
    assert created["size"] == 12
    listing = await client.get("/delegations")
    assert "Shizuoka City delegation" in listing.text and "静岡市代表団" in listing.text


async def test_delegation_edit_replaces_members_with_arabic_names(
    client: httpx.AsyncClient, signed_in: World
) -> None:
    delegation = await signed_in.delegation()
    page = await client.get(f"/delegations/{delegation['id']}/edit")
    data = fields_of(page.text)
    data.update({"language": "ar", "country": "AE", "city": "دبي",
                 "name.extra[0].tag": "ar", "name.extra[0].text": "وفد مدينة دبي",
                 "members[0].name": "محمد أحمد", "members[0].title": "مدير",
                 "members[1].name": "", "members[1].title": "", "head": "0"})

    response = await client.post(f"/delegations/{delegation['id']}/edit", data=data)

    assert response.status_code == 303
    changed = await api_get(signed_in, f"/api/delegations/{delegation['id']}")
    assert bare_members(changed["members"]) == [
        {"name": "محمد أحمد", "title": "مدير", "head": True}]
    assert changed["name"]["ar"] == "وفد مدينة دبي"
    assert changed["name"]["ja"] == "静岡市代表団"  # the old language's name stays
    assert changed["country"] == "AE" and changed["language"] == "ar"
    assert await AuditEvent.filter(entity="delegation", action="update").count() == 1


async def test_delegation_edit_page_shows_the_record(
    client: httpx.AsyncClient, signed_in: World
) -> None:
    delegation = await signed_in.delegation()

    page = await client.get(f"/delegations/{delegation['id']}/edit")

    data = fields_of(page.text)
    assert page.status_code == 200
    assert data["name.ja"] == "静岡市代表団" and data["country"] == "JP"
    assert data["members[0].name"] == "田中一郎" and data["head"] == "0"
    assert data["members[4].name"] == "" and "members[5].name" not in data  # three blank
    assert 'lang="en"' in page.text and 'for="f-members-0-name"' in page.text


async def test_delegation_form_round_trip_keeps_the_whole_protocol_record(
    client: httpx.AsyncClient, signed_in: World
) -> None:
    """The page shows every field of the record, in precedence order, and saving it
    untouched changes nothing: native names, ranks, roles, languages, diets stay."""
    members = request_body()["members"]
    delegation = await signed_in.delegation(members=members)
    page = await client.get(f"/delegations/{delegation['id']}/edit")
    data = fields_of(page.text)

    response = await client.post(f"/delegations/{delegation['id']}/edit", data=data)

    assert response.status_code == 303
    assert data["members[0].native_name"] == "田中一郎" and data["head"] == "0"
    assert data["members[0].rank"] == "1" and data["members[0].diet"] == "no pork"
    assert data["members[1].languages"] == "ja, en"
    assert data["members[2].role"] == "interpreter"
    after = await api_get(signed_in, f"/api/delegations/{delegation['id']}")
    assert after["members"] == delegation["members"]


async def test_delegation_form_takes_native_names_ranks_and_named_languages(
    client: httpx.AsyncClient, signed_in: World
) -> None:
    data = delegation_form(**{
        "members[0].family_name": "Tanaka", "members[0].given_name": "Ichiro",
        "members[0].name": "", "members[0].native_name": "田中一郎", "members[0].rank": "2",
        "members[0].languages": "일본어, English", "members[0].diet": "no pork",
        "members[2].native_name": "佐藤花子", "members[2].name": "Hanako Sato",
        "members[2].rank": "1", "members[2].role": "interpreter",
    })

    response = await post_form(client, "/delegations/new", data)

    assert response.status_code == 303, response.text
    made = (await api_get(signed_in, "/api/delegations"))["items"][0]
    first, second = made["members"]  # precedence: rank 1 first
    assert (first["name"], first["native_name"], first["role"], first["rank"]) == \
        ("Hanako Sato", "佐藤花子", "interpreter", 1)
    assert (second["name"], second["native_name"], second["head"]) == \
        ("Ichiro Tanaka", "田中一郎", True)
    assert second["languages"] == ["ja", "en"] and second["diet"] == "no pork"


async def test_delegation_form_unknown_member_language_is_422_at_its_input(
    client: httpx.AsyncClient, signed_in: World
) -> None:
    data = delegation_form(**{"members[2].languages": "ja, 화성어"})

    response = await post_form(client, "/delegations/new", data)

    assert response.status_code == 422
    assert 'id="f-members-2-languages-error"' in response.text
    assert await Delegation.all().count() == 0


async def test_delegation_form_bad_email_is_422_and_keeps_the_input(
    client: httpx.AsyncClient, signed_in: World
) -> None:
    before = await counts()

    response = await post_form(client, "/delegations/new",
                               delegation_form(**{"contact.email": "not an email"}))

    assert response.status_code == 422
    assert 'id="f-contact-email-error"' in response.text
    assert "Enter an email address such as name@example.org." in response.text
    assert fields_of(response.text)["members[2].name"] == "佐藤花子"
    assert fields_of(response.text)["contact.email"] == "not an email"
    assert await counts() == before


async def test_delegation_member_error_points_at_its_form_row(
    client: httpx.AsyncClient, signed_in: World
) -> None:
    data = delegation_form(**{"members[5].name": " ", "members[5].title": "通訳"})

    response = await post_form(client, "/delegations/new", data)

    assert response.status_code == 422  # a title with no name at all: the name is asked for
    assert 'id="f-members-5-error"' in response.text
    assert await Delegation.all().count() == 0


async def test_delegation_more_members_than_party_size_is_422(
    client: httpx.AsyncClient, signed_in: World
) -> None:
    response = await post_form(client, "/delegations/new", delegation_form(size="1"))

    assert response.status_code == 422
    assert "More members are listed than the party size." in response.text
    assert await Delegation.all().count() == 0


async def test_delegation_edit_emptied_required_field_is_422_and_changes_nothing(
    client: httpx.AsyncClient, signed_in: World
) -> None:
    delegation = await signed_in.delegation()
    page = await client.get(f"/delegations/{delegation['id']}/edit")
    before = await counts()

    response = await client.post(f"/delegations/{delegation['id']}/edit",
                                 data={**fields_of(page.text), "size": "", "city": "Osaka"})

    assert response.status_code == 422
    assert 'id="f-size-error"' in response.text and "Fill this in." in response.text
    assert await api_get(signed_in, f"/api/delegations/{delegation['id']}") == delegation
    assert await counts() == before


async def test_catalog_posts_without_csrf_are_403_and_change_nothing(
    client: httpx.AsyncClient, signed_in: World
) -> None:
    delegation = await signed_in.delegation()
    facility = await signed_in.facility()
    await client.get("/delegations")  # the session has a token; these posts do not send it
    before = await counts()

    answers = [
        await client.post("/delegations/new", data=delegation_form()),
        await client.post(f"/delegations/{delegation['id']}/edit", data=delegation_form()),
        await client.post("/facilities/new", data=facility_form(code="OTHER")),
        await client.post(f"/facilities/{facility['id']}/retire", data={}),
        await client.post(f"/facilities/{facility['id']}/retire",
                          data={"csrf_token": "forged"}),
        await client.post("/hosts/new", data={"name.ko": "김", "email": "k@example.kr"}),
    ]

    assert [a.status_code for a in answers] == [403] * 6
    assert await counts() == before
    assert (await api_get(signed_in, f"/api/facilities/{facility['id']}"))["code"] == "cctv"


async def test_catalog_pages_are_403_for_a_host(
    client: httpx.AsyncClient, world: World
) -> None:
    facility = await world.facility()
    await world.host([facility["id"]], HOST[0])
    await create_user(HOST[0], "host", HOST[1])
    await login(client, *HOST)
    page = await client.get("/inbox")
    token = csrf_of(page.text) if page.status_code == 200 else ""

    answers = [await client.get(path) for path in (
        "/delegations", "/delegations/new", "/facilities", "/facilities/new",
        f"/facilities/{facility['id']}/edit", "/hosts", "/hosts/new")]
    retire = await client.post(f"/facilities/{facility['id']}/retire",
                               data={"csrf_token": token})

    assert [a.status_code for a in answers] == [403] * 7
    assert retire.status_code == 403
    assert (await api_get(world, f"/api/facilities/{facility['id']}"))["id"] == facility["id"]


async def test_catalog_pages_send_strangers_to_login(client: httpx.AsyncClient) -> None:
    response = await client.get("/facilities/new")

    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/facilities/new"


async def test_hostile_text_shows_escaped_on_lists_and_forms(
    client: httpx.AsyncClient, signed_in: World
) -> None:
    hostile = '<script>alert("x")</script>'
    delegation = await signed_in.delegation(
        name={"ko": hostile, "en": hostile}, city=hostile,
        members=[{"name": hostile, "title": hostile, "head": False}])
    facility = await signed_in.facility(name={"ko": hostile, "en": hostile})
    await signed_in.host([facility["id"]], "x@example.kr", name={"ko": hostile})

    pages = [await client.get(path) for path in (
        "/delegations", f"/delegations/{delegation['id']}/edit", "/facilities",
        f"/facilities/{facility['id']}/edit", "/hosts")]

    for page in pages:
        assert page.status_code == 200
        assert "<script>" not in page.text
        assert str(escape(hostile)) in page.text


async def test_unknown_record_pages_are_404(client: httpx.AsyncClient, signed_in: World) -> None:
    answers = [await client.get(path) for path in (
        "/delegations/999/edit", "/facilities/999/edit", "/hosts/99999999999/edit")]

    assert [a.status_code for a in answers] == [404] * 3


# -- facilities -----------------------------------------------------------------------------

async def test_facility_weekly_quota_is_set_shown_and_lifted_through_the_form(
    client: httpx.AsyncClient, signed_in: World
) -> None:
    created = await post_form(client, "/facilities/new",
                              facility_form(max_visits_per_week="3"))
    [facility] = await api_get(signed_in, "/api/facilities")
    page = await client.get(f"/facilities/{facility['id']}/edit")
    refused = await post_form(client, f"/facilities/{facility['id']}/edit",
                              {**fields_of(page.text), "max_visits_per_week": "0"})
    client.cookies.set("lang", "ko")
    listing = await client.get("/facilities")
    lifted = await client.post(f"/facilities/{facility['id']}/edit",
                               data={**fields_of(page.text), "max_visits_per_week": ""})

    assert created.status_code == 303 and facility["max_visits_per_week"] == 3
    assert fields_of(page.text)["max_visits_per_week"] == "3"
    assert "주간 방문 한도" in listing.text and "최대 3건" in listing.text
    assert lifted.status_code == 303
    assert (await api_get(signed_in, f"/api/facilities/{facility['id']}"))[
        "max_visits_per_week"] is None
    assert refused.status_code == 422 and 'max_visits_per_week-error"' in refused.text


async def test_facility_hours_and_closures_round_trip_through_the_form(
    client: httpx.AsyncClient, signed_in: World
) -> None:
    data = facility_form(**{
        "open_hours[0][0].start": "09:00", "open_hours[0][0].end": "12:00",
        "open_hours[0][1].start": "13:00", "open_hours[0][1].end": "18:00",
        "open_hours[3][0].start": "10:00", "open_hours[3][0].end": "16:00",
        "closures[0].start": "2027-01-04T00:00", "closures[0].end": "2027-01-05T00:00",
        "closures[0].reason": "신년 점검", "closures[1].start": "", "closures[1].end": "",
    })

    created = await post_form(client, "/facilities/new", data)
    [facility] = await api_get(signed_in, "/api/facilities")
    page = await client.get(f"/facilities/{facility['id']}/edit")
    again = await client.post(f"/facilities/{facility['id']}/edit", data=fields_of(page.text))

    assert created.status_code == 303 and again.status_code == 303
    assert facility["open_hours"] == [
        {"weekday": 0, "start": "09:00", "end": "12:00"},
        {"weekday": 0, "start": "13:00", "end": "18:00"},
        {"weekday": 3, "start": "10:00", "end": "16:00"},
    ]
    [closure] = facility["closures"]
    assert closure["reason"] == "신년 점검"
    assert datetime.fromisoformat(closure["start"]) == datetime(2027, 1, 4, tzinfo=SEOUL)
    assert datetime.fromisoformat(closure["end"]) == datetime(2027, 1, 5, tzinfo=SEOUL)
    shown = fields_of(page.text)
    assert shown["open_hours[0][1].start"] == "13:00"
    assert shown["closures[0].start"] == "2027-01-04T00:00"
    assert await api_get(signed_in, f"/api/facilities/{facility['id']}") == facility


async def test_facility_new_form_offers_weekday_office_hours(
    client: httpx.AsyncClient, signed_in: World
) -> None:
    page = await client.get("/facilities/new")

    shown = fields_of(page.text)
    assert [shown[f"open_hours[{d}][0].start"] for d in range(7)] == ["09:00"] * 5 + ["", ""]
    assert 'value="control_center"' in page.text


async def test_facility_window_ending_before_it_starts_is_422_at_that_window(
    client: httpx.AsyncClient, signed_in: World
) -> None:
    data = facility_form(**{"open_hours[0][0].start": "09:00", "open_hours[0][0].end": "12:00",
                            "open_hours[2][1].start": "18:00", "open_hours[2][1].end": "13:00"})

    response = await post_form(client, "/facilities/new", data)

    assert response.status_code == 422
    assert 'id="f-open_hours-2-1-error"' in response.text
    assert "The end must come after the start." in response.text
    assert await Facility.all().count() == 0


async def test_facility_duplicate_code_is_422_next_to_the_code(
    client: httpx.AsyncClient, signed_in: World
) -> None:
    await signed_in.facility(code="GR-CCTV")

    response = await post_form(client, "/facilities/new", facility_form())

    assert response.status_code == 422
    assert 'id="f-code-error"' in response.text
    assert "Another facility already has the code “GR-CCTV”." in response.text
    assert await Facility.all().count() == 1


async def test_facility_retire_with_live_stops_shows_the_conflict(
    client: httpx.AsyncClient, signed_in: World
) -> None:
    facility = await signed_in.facility()
    host = await signed_in.host([facility["id"]], HOST[0])
    delegation = await signed_in.delegation(name={"ko": "방콕 대표단", "en": "Bangkok party"})
    visit = await signed_in.book(delegation, {"facility_id": facility["id"],
                                              "host_id": host["id"], "start": at("10:00")})

    response = await post_form(client, f"/facilities/{facility['id']}/edit", {},
                               action=f"/facilities/{facility['id']}/retire")

    assert response.status_code == 409
    assert "This facility still has requested or accepted stops" in response.text
    assert f'href="/visits/{visit["id"]}"' in response.text and "Bangkok party" in response.text
    assert (await api_get(signed_in, f"/api/facilities/{facility['id']}"))["id"] == facility["id"]


async def test_facility_retire_without_stops_takes_it_off_the_list(
    client: httpx.AsyncClient, signed_in: World
) -> None:
    facility = await signed_in.facility()

    response = await post_form(client, f"/facilities/{facility['id']}/edit", {},
                               action=f"/facilities/{facility['id']}/retire")

    assert response.status_code == 303
    assert await api_get(signed_in, "/api/facilities") == []
    assert "retired" in (await client.get("/facilities")).text


# -- hosts ----------------------------------------------------------------------------------

async def test_host_form_creates_a_host_with_facilities_languages_and_hours(
    client: httpx.AsyncClient, signed_in: World
) -> None:
    cctv = await signed_in.facility()
    kiosk = await signed_in.facility(code="kiosk", kind="kiosk")
    page = await client.get("/hosts/new")
    data = fields_of(page.text)
    data.update({"name.ko": "김민준", "name.en": "Kim Minjun", "email": "MINJUN@guro.example.kr",
                 "phone": "02-860-2001", "facility_ids": [str(kiosk["id"]), str(cctv["id"])],
                 "languages": ["ko", "ja"], "languages_other": "mn, zh-hant",
                 "weekly[4][0].end": "17:00",
                 "time_off[0].start": "2027-03-02T09:00", "time_off[0].end": "2027-03-02T18:00"})

    response = await client.post("/hosts/new", data=data)

    assert response.status_code == 303
    [host] = await api_get(signed_in, "/api/hosts")
    assert host["name"] == {"ko": "김민준", "en": "Kim Minjun"}
    assert host["email"] == "minjun@guro.example.kr"
    assert host["facility_ids"] == sorted([cctv["id"], kiosk["id"]])
    assert host["languages"] == ["ko", "ja", "mn", "zh-Hant"]
    assert host["weekly"][4] == {"weekday": 4, "start": "09:00", "end": "17:00"}
    assert datetime.fromisoformat(host["time_off"][0]["start"]) == \
        datetime(2027, 3, 2, 9, 0, tzinfo=SEOUL)


async def test_host_edit_round_trips_and_changes_what_was_changed(
    client: httpx.AsyncClient, signed_in: World
) -> None:
    facility = await signed_in.facility()
    host = await signed_in.host([facility["id"]], "lee@example.kr", languages=["ko", "km"],
                                time_off=[{"start": at("09:00"), "end": at("12:00")}])
    page = await client.get(f"/hosts/{host['id']}/edit")
    data = fields_of(page.text)
    same = await client.post(f"/hosts/{host['id']}/edit", data=data)
    unchanged = await api_get(signed_in, f"/api/hosts/{host['id']}")

    data.update({"email": "lee.new@example.kr", "facility_ids": [], "languages": ["ko", "en"]})
    response = await client.post(f"/hosts/{host['id']}/edit", data=data)

    assert same.status_code == 303 and unchanged == host
    assert data["languages_other"] == "km"
    assert response.status_code == 303
    changed = await api_get(signed_in, f"/api/hosts/{host['id']}")
    assert changed["email"] == "lee.new@example.kr"
    assert changed["facility_ids"] == []
    assert changed["languages"] == ["ko", "en", "km"]
    assert changed["time_off"] == host["time_off"]


async def test_host_unknown_language_is_422_and_changes_nothing(
    client: httpx.AsyncClient, signed_in: World
) -> None:
    page = await client.get("/hosts/new")
    data = {**fields_of(page.text), "name.ko": "박서연", "email": "park@example.kr",
            "languages_other": "klingon"}

    response = await client.post("/hosts/new", data=data)

    assert response.status_code == 422
    assert 'id="f-languages-error"' in response.text
    assert "“klingon” is not a language tag" in response.text
    assert await Host.all().count() == 0


async def test_host_email_taken_by_another_host_is_422(
    client: httpx.AsyncClient, signed_in: World
) -> None:
    await signed_in.host([], "taken@example.kr")
    other = await signed_in.host([], "other@example.kr")
    page = await client.get(f"/hosts/{other['id']}/edit")

    response = await client.post(f"/hosts/{other['id']}/edit",
                                 data={**fields_of(page.text), "email": "taken@example.kr"})

    assert response.status_code == 422
    assert "Another host already has this email address." in response.text
    assert (await api_get(signed_in, f"/api/hosts/{other['id']}"))["email"] == "other@example.kr"


# -- the interface language -----------------------------------------------------------------

async def test_catalog_forms_speak_korean(client: httpx.AsyncClient, signed_in: World) -> None:
    client.cookies.set("lang", "ko")

    facility = await client.get("/facilities/new")
    delegation = await client.get("/delegations/new")

    assert "수용 인원" in facility.text and "운영 시간" in facility.text
    # Our catalogue's words, and Babel's (CLDR's) Korean names of weekdays and countries.
    assert "휴관일" in facility.text and cldr.weekday_name(0, "ko") in facility.text
    assert "방문단" in delegation.text and cldr.country_name("JP", "ko") in delegation.text


# -- the API's edits ------------------------------------------------------------------------

async def test_delegation_patch_replaces_members_and_keeps_the_rest(world: World) -> None:
    delegation = await world.delegation()

    response = await world.client.patch(
        f"/api/delegations/{delegation['id']}", headers=world.officer,
        json={"members": [{"name": "محمد أحمد", "title": "مدير", "head": True}]})

    assert response.status_code == 200
    assert bare_members(response.json()["members"]) == [
        {"name": "محمد أحمد", "title": "مدير", "head": True}]
    assert {k: v for k, v in response.json().items() if k != "members"} == \
        {k: v for k, v in delegation.items() if k != "members"}


async def test_delegation_patch_below_the_members_is_422_and_changes_nothing(
    world: World
) -> None:
    delegation = await world.delegation()

    response = await world.client.patch(f"/api/delegations/{delegation['id']}",
                                        headers=world.officer, json={"size": 1})

    assert response.status_code == 422
    assert response.json()["error"]["field"] == "size"
    assert await api_get(world, f"/api/delegations/{delegation['id']}") == delegation


async def test_host_patch_changes_only_given_fields(world: World) -> None:
    facility = await world.facility()
    host = await world.host([], HOST[0])

    response = await world.client.patch(
        f"/api/hosts/{host['id']}", headers=world.officer,
        json={"phone": "02-860-9999", "facility_ids": [facility["id"]], "languages": ["ja"]})

    assert response.status_code == 200
    assert response.json() == {**host, "phone": "02-860-9999",
                                "facility_ids": [facility["id"]], "languages": ["ja"]}
    assert await AuditEvent.filter(entity="host", action="update").count() == 1


async def test_host_patch_to_a_taken_email_is_409(world: World) -> None:
    await world.host([], "taken@example.kr")
    host = await world.host([], HOST[0])

    response = await world.client.patch(f"/api/hosts/{host['id']}", headers=world.officer,
                                        json={"email": "TAKEN@example.kr"})

    assert response.status_code == 409
    assert response.json()["error"]["field"] == "email"


@pytest.mark.parametrize("garbage", [
    {"size": "1e400", "lat": "nan", "lon": "inf", "capacity": "-0", "duration_min": "٣٠"},
    {"members[0].name": "a\u202eb", "head": "x", "facility_ids": "1; DROP TABLE host"},
    {"open_hours[9][0].start": "25:99", "closures[0].start": "tomorrow", "country": "XX"},
    {"name.extra[0].tag": "not a tag", "name.extra[0].text": "x", "languages_other": ",,,"},
    {"time_off[0].start": "2027-02-30T10:00", "time_off[0].end": "", "email": "a@b"},
    {"closures[0].start": "9999-12-31T23:00", "closures[0].end": "9999-12-31T23:30",
     "time_off[0].start": "0001-01-01T00:00", "time_off[0].end": "0001-01-01T01:00"},
])
@pytest.mark.parametrize("page", ["/delegations/new", "/facilities/new", "/hosts/new"])
async def test_catalog_forms_refuse_garbage_with_422(
    client: httpx.AsyncClient, signed_in: World, page: str, garbage: dict[str, str]
) -> None:
    before = await counts()

    response = await post_form(client, page, garbage)

    assert response.status_code == 422
    assert 'class="error form-errors"' in response.text
    assert await counts() == before
