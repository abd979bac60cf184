"""The planner pages: "Propose a day" in the visit builder, and /events (plan and book a
whole event, all or nothing). Forms are posted as a browser would post them."""

from __future__ import annotations

import json
import re
from html import unescape
from html.parser import HTMLParser
from typing import Any

import httpx
import pytest

from tests.integration.builders import DAY, HOST, OFFICER, World, at, csrf_of, login, until
from visits.services.accounts import create_user

HOLIDAY = "2027-09-15"  # Chuseok: a Korean public holiday


class FormFields(HTMLParser):
    """What a browser would submit from the form posting to `action` (buttons aside)."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action, self.inside, self.select = action, False, None
        self.fields: list[tuple[str, str]] = []
        self.first_option: str | None = None
        self.chosen: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = a.get("action") == self.action and a.get("method") == "post"
        elif not self.inside:
            return
        elif tag == "input" and "name" in a:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self.select, self.first_option, self.chosen = a.get("name"), None, None
        elif tag == "option" and self.select:
            if self.first_option is None:
                self.first_option = a.get("value", "")
            if "selected" in a:
                self.chosen = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select:
            value = self.chosen if self.chosen is not None else self.first_option or ""
            self.fields.append((self.select, value))
            self.select = None


def form_of(html: str, action: str) -> dict[str, list[str]]:
    """The fields of that form, as httpx posts them (a name may repeat)."""
    parser = FormFields(action)
    parser.feed(html)
    assert parser.fields, f"no form posting to {action}"
    out: dict[str, list[str]] = {}
    for name, value in parser.fields:
        out.setdefault(name, []).append(value)
    return out


async def _arrange(world: World, client: httpx.AsyncClient) -> dict[str, Any]:
    """Two facilities 1.7 km apart with a host each, a third with nobody to host it, a
    Japanese delegation of 12 and a Chinese one of 6; the officer signed in by the form."""
    office = await world.facility(code="office", lat=37.4954, lon=126.8874, buffer_min=0)
    digital = await world.facility(code="digital", lat=37.4851, lon=126.9015, buffer_min=0,
                                   duration_min=45, name={"ko": "디지털 체험관",
                                                          "en": "Digital experience hall"})
    empty = await world.facility(code="empty", name={"ko": "빈 전시실", "en": "Empty room"})
    first = await world.host([office["id"]], HOST[0])
    second = await world.host([digital["id"]], "second@example.kr", languages=["ko", "ja"],
                              name={"ko": "이서연", "en": "Lee Seoyeon"})
    japan = await world.delegation()
    china = await world.delegation(size=6, country="CN", language="zh-Hans",
                                   name={"ko": "퉁저우구 대표단", "en": "Tongzhou delegation"})
    await login(client, *OFFICER)
    return {"office": office, "digital": digital, "empty": empty, "first": first,
            "second": second, "japan": japan, "china": china}


def _propose_url(w: dict[str, Any], day: str = DAY, *, optional: tuple[str, ...] = (),
                 **extra: str) -> str:
    query = f"/visits/new?delegation={w['japan']['id']}&date={day}"
    query += f"&facility={w['office']['id']}&facility={w['digital']['id']}"
    query += "".join(f"&optional={w[name]['id']}" for name in optional)
    query += "".join(f"&{k}={v}" for k, v in extra.items())
    return query + "&propose=1"


async def _visits(world: World) -> list[dict[str, Any]]:
    response = await world.client.get("/api/visits", headers=world.officer)
    assert response.status_code == 200
    return response.json()["items"]  # type: ignore[no-any-return]


def _block(html: str, facility_id: int) -> str:
    return html.split(f'id="f{facility_id}"', 1)[1].split("</fieldset>", 1)[0]


# --- propose a day --------------------------------------------------------------------------


async def test_propose_a_day_preselects_a_bookable_plan(
    client: httpx.AsyncClient, world: World
) -> None:
    w = await _arrange(world, client)
    plan = await world.post("/api/visits/plan", {
        "delegation_id": w["japan"]["id"], "date": DAY,
        "facility_ids": [w["office"]["id"], w["digital"]["id"]],
        "lunch": {"start": "12:00", "end": "13:30", "duration_min": 60}}, status=200)

    page = await client.get(_propose_url(w))

    assert page.status_code == 200
    assert 'id="planner"' in page.text and "planner-plan" in page.text
    for stop in plan["stops"]:
        block = _block(page.text, stop["facility_id"])
        assert f'value="{stop["start"]}" checked' in block
        assert f'<option value="{stop["host_id"]}" selected' in block
    facts = page.text.split('id="planner"', 1)[1].split("</section>", 1)[0]
    assert f"{plan['travel_min']}분" in facts and f"{plan['idle_min']}분" in facts
    lunch = plan["lunch"]
    assert f"{lunch[0][11:16]}–{lunch[1][11:16]}" in facts
    assert "Request these stops" in page.text or "이 일정으로 요청" in page.text


async def test_propose_a_day_booking_through_the_builder_books_the_plan(
    client: httpx.AsyncClient, world: World
) -> None:
    w = await _arrange(world, client)
    page = await client.get(_propose_url(w))

    response = await client.post("/visits/new", data=form_of(page.text, "/visits/new"))

    assert response.status_code == 303, response.text
    visit_id = int(response.headers["location"].rsplit("/", 1)[1])
    visit = (await client.get(f"/api/visits/{visit_id}", headers=world.officer)).json()
    starts = re.findall(r'name="slot_\d+" value="([^"]+)" checked', page.text)
    assert sorted(s["start"] for s in visit["stops"]) == sorted(starts)
    assert {s["facility_id"] for s in visit["stops"]} == {w["office"]["id"], w["digital"]["id"]}
    assert all(s["status"] == "requested" for s in visit["stops"])


async def test_propose_a_day_places_optional_facilities_and_names_the_unscheduled(
    client: httpx.AsyncClient, world: World
) -> None:
    w = await _arrange(world, client)
    extra = await world.facility(code="extra", lat=37.4950, lon=126.8870, buffer_min=0,
                                 duration_min=30, name={"ko": "무인민원발급기", "en": "Kiosk"})
    await world.host([extra["id"]], "kiosk@example.kr")
    w["extra"] = extra

    page = await client.get(_propose_url(w, optional=("extra", "empty")))
    booked = await client.post("/visits/new", data=form_of(page.text, "/visits/new"))

    assert page.status_code == 200
    box = page.text.split('id="planner"', 1)[1].split("</section>", 1)[0]
    assert "빈 전시실" in box.split('class="unscheduled"', 1)[1]
    assert "무인민원발급기" in box
    assert f'value="{extra["id"]}" checked' in page.text  # the optional box stays ticked
    assert f'id="f{extra["id"]}"' in page.text and f'id="f{w["empty"]["id"]}"' not in page.text
    visit_id = int(booked.headers["location"].rsplit("/", 1)[1])
    visit = (await client.get(f"/api/visits/{visit_id}", headers=world.officer)).json()
    assert len(visit["stops"]) == 3


async def test_propose_a_day_on_a_holiday_shows_why_and_keeps_the_input(
    client: httpx.AsyncClient, world: World
) -> None:
    w = await _arrange(world, client)

    page = await client.get(_propose_url(w, HOLIDAY, optional=("empty",), lunch_min="45"))

    assert page.status_code == 422
    box = page.text.split('id="planner"', 1)[1].split("</section>", 1)[0]
    assert 'role="alert"' in box and 'data-code="infeasible"' in box
    assert "추석이라 어느 시설도 방문할 수 없습니다." in box  # the holiday's Korean name
    assert f'value="{HOLIDAY}"' in page.text
    assert f'name="facility" value="{w["office"]["id"]}" checked' in page.text
    assert f'name="optional" value="{w["empty"]["id"]}" checked' in page.text
    assert 'name="lunch_min" type="number"' in page.text and 'value="45"' in page.text
    assert await _visits(world) == []


async def test_propose_a_day_infeasible_reason_names_the_facility(
    client: httpx.AsyncClient, world: World
) -> None:
    w = await _arrange(world, client)
    url = _propose_url(w).replace(f"facility={w['digital']['id']}",
                                  f"facility={w['empty']['id']}")

    page = await client.get(url)
    english = await client.get(url, headers={"Accept-Language": "en"})

    assert page.status_code == 422
    box = page.text.split('id="planner"', 1)[1].split("</section>", 1)[0]
    assert "빈 전시실에는 방문객을 맞을 담당자가 지정되어 있지 않습니다." in box
    assert "No host receives visitors at Empty room." in english.text


async def test_propose_a_day_lunch_ending_before_it_starts_is_422(
    client: httpx.AsyncClient, world: World
) -> None:
    w = await _arrange(world, client)

    page = await client.get(_propose_url(w, lunch_start="13:00", lunch_end="12:00"))

    assert page.status_code == 422
    assert 'id="lunch-error"' in page.text and 'href="#lunch"' in page.text


async def test_propose_a_day_with_more_than_eight_facilities_is_422(
    client: httpx.AsyncClient, world: World
) -> None:
    w = await _arrange(world, client)

    page = await client.get(_propose_url(w) + "".join(f"&optional={n}" for n in range(100, 107)))

    assert page.status_code == 422
    assert 'id="optional-error"' in page.text and 'href="#optional-facilities"' in page.text


async def test_propose_a_day_without_lunch_plans_no_lunch(
    client: httpx.AsyncClient, world: World
) -> None:
    w = await _arrange(world, client)

    page = await client.get(_propose_url(w, no_lunch="1"))

    assert page.status_code == 200
    assert 'name="no_lunch" value="1" checked' in page.text
    assert 'class="lunch"' not in page.text.split('id="planner"', 1)[1].split("</ol>", 1)[0]


# What the planner box and the step-1 fields tell an officer who has chosen nothing yet.
GUIDANCE = {
    "ko": "위에서 방문단, 날짜, 시설을 고른 뒤 “하루 일정 제안”을 누르세요.",
    "en": "Choose a delegation, a date and the facilities above, then press “Propose a day”",
}
MISSING = {
    "ko": ("방문단을 선택하세요.", "견학 날짜를 입력하세요.", "시설을 하나 이상 선택하세요."),
    "en": ("Choose a delegation.", "Give the date of the visit.", "Tick at least one facility."),
}


def _asking_in(lang: str) -> dict[str, str]:
    """Korean is the interface's default; English is asked for as a browser asks."""
    return {} if lang == "ko" else {"Accept-Language": lang}


@pytest.mark.parametrize("lang", ["ko", "en"])
async def test_propose_a_day_without_a_choice_explains_itself(
    client: httpx.AsyncClient, world: World, lang: str
) -> None:
    await _arrange(world, client)

    page = await client.get("/visits/new?propose=1", headers=_asking_in(lang))

    assert page.status_code == 200
    box = page.text.split('id="planner"', 1)[1].split("</section>", 1)[0]
    assert GUIDANCE[lang] in box
    assert "planner-plan" not in page.text and 'role="alert"' not in box


@pytest.mark.parametrize("lang", ["ko", "en"])
async def test_propose_a_day_with_nothing_chosen_says_what_is_missing(
    client: httpx.AsyncClient, world: World, lang: str
) -> None:
    await _arrange(world, client)

    page = await client.get("/visits/new?delegation=&date=&propose=1", headers=_asking_in(lang))

    assert page.status_code == 422
    for field, message in zip(("delegation", "date", "facility"), MISSING[lang], strict=True):
        shown = page.text.split(f'id="{field}-error"', 1)[1].split("</", 1)[0]
        assert message in shown, field
    assert GUIDANCE[lang] in page.text.split('id="planner"', 1)[1].split("</section>", 1)[0]
    assert await _visits(world) == []


# --- events ---------------------------------------------------------------------------------


def _event_form(csrf: str, w: dict[str, Any], **extra: Any) -> dict[str, Any]:
    wishes = [w["office"]["id"], w["digital"]["id"]]
    form: dict[str, Any] = {
        "csrf_token": csrf, "day": [DAY, "", "", "", ""], "rows": "4",
        "delegation_0": str(w["japan"]["id"]), "wish_0": [str(f) for f in wishes],
        "delegation_1": str(w["china"]["id"]), "wish_1": [str(f) for f in wishes],
        "day_start": "09:00", "day_end": "18:00", "lunch_start": "12:00",
        "lunch_end": "13:30", "lunch_min": "60", "max_group": "", "time_limit": "3",
    }
    form.update(extra)
    return form


async def _planned(client: httpx.AsyncClient, w: dict[str, Any]) -> httpx.Response:
    page = await client.get("/events")
    assert page.status_code == 200
    response = await client.post("/events", data=_event_form(csrf_of(page.text), w))
    assert response.status_code == 303, response.text
    return await _job_ended(client, response.headers["location"])


async def _job_ended(client: httpx.AsyncClient, job_page: str) -> httpx.Response:
    """The job's page once the planner has answered (the events page with the plan)."""
    assert re.fullmatch(r"/events/jobs/[0-9a-f]{32}", job_page), job_page

    async def ended() -> bool:
        progress = await client.get(f"{job_page}/progress")
        return progress.headers["X-Job-Status"] not in ("queued", "running")

    await until(ended, "the event plan job's end")
    response = await client.get(job_page)
    assert response.status_code == 200, response.text
    return response


def _plan_json(html: str) -> str:
    found = re.search(r'name="plan" value="([^"]*)"', html)
    assert found, "no plan to book"
    return unescape(found.group(1))


async def test_events_page_plans_two_delegations_over_one_day(
    client: httpx.AsyncClient, world: World
) -> None:
    w = await _arrange(world, client)

    response = await _planned(client, w)

    result = response.text.split('id="result"', 1)[1]
    assert "시즈오카시 대표단" in result and "퉁저우구 대표단" in result
    assert "통합관제센터" in result and "디지털 체험관" in result
    assert "김민수" in result and "이서연" in result
    assert re.search(r"best possible plan|최적|최선", result)
    plan = json.loads(_plan_json(response.text))
    assert {v["delegation_id"] for v in plan["visits"]} == {w["japan"]["id"], w["china"]["id"]}
    assert all(len(v["stops"]) == 2 for v in plan["visits"])
    assert f'value="{w["china"]["id"]}" selected' in response.text  # the form keeps its input


async def test_events_book_the_whole_plan_creates_the_visits(
    client: httpx.AsyncClient, world: World
) -> None:
    w = await _arrange(world, client)
    planned = await _planned(client, w)

    response = await client.post("/events/book", data=form_of(planned.text, "/events/book"))
    dashboard = await client.get(response.headers["location"])

    assert response.status_code == 303
    assert response.headers["location"] == f"/dashboard?week={DAY}"
    visits = await _visits(world)
    assert len(visits) == len(json.loads(_plan_json(planned.text))["visits"]) == 2
    assert sorted(v["delegation_id"] for v in visits) == sorted(
        [w["japan"]["id"], w["china"]["id"]])
    assert 'class="flash ok"' in dashboard.text


async def test_events_book_after_someone_booked_meanwhile_is_409_and_books_nothing(
    client: httpx.AsyncClient, world: World
) -> None:
    w = await _arrange(world, client)
    planned = await _planned(client, w)
    plan = json.loads(_plan_json(planned.text))
    taken = plan["visits"][0]["stops"][0]
    other = await world.delegation(size=20, name={"ko": "다른 대표단", "en": "Another"})
    await world.book(other, {"facility_id": taken["facility_id"], "start": taken["start"],
                             "host_id": taken["host_id"]})

    response = await client.post("/events/book", data=form_of(planned.text, "/events/book"))

    assert response.status_code == 409
    assert 'id="booking-error"' in response.text
    error = response.text.split('id="booking-error"', 1)[1].split("</div>", 1)[0]
    assert 'data-code="host_busy"' in error or 'data-code="capacity_exceeded"' in error
    assert f"facility {taken['facility_id']} " not in error  # named, not numbered
    assert len(await _visits(world)) == 1


async def test_events_book_tampered_stop_at_an_occupied_time_is_409_and_books_nothing(
    client: httpx.AsyncClient, world: World
) -> None:
    w = await _arrange(world, client)
    other = await world.delegation(size=3, name={"ko": "다른 대표단", "en": "Another"})
    await world.book(other, {"facility_id": w["office"]["id"], "start": at("16:00"),
                             "host_id": w["first"]["id"]})
    planned = await _planned(client, w)
    plan = json.loads(_plan_json(planned.text))
    visit = plan["visits"][0]
    for stop in visit["stops"]:
        if stop["facility_id"] == w["office"]["id"]:
            stop["start"] = at("16:00")
    visit["stops"].sort(key=lambda stop: stop["start"])
    data = {**form_of(planned.text, "/events/book"), "plan": json.dumps(plan)}

    response = await client.post("/events/book", data=data)

    assert response.status_code == 409
    assert 'id="booking-error"' in response.text and "16:00" in response.text
    assert len(await _visits(world)) == 1


async def test_events_book_garbage_plan_is_4xx_and_books_nothing(
    client: httpx.AsyncClient, world: World
) -> None:
    w = await _arrange(world, client)
    planned = await _planned(client, w)
    data = form_of(planned.text, "/events/book")

    for garbage, status in [
        ("{not json", 400), ("[" * 10_000 + "]" * 10_000, 400),
        ('{"visits": ' + "9" * 4_301 + "}", 400), ('{"visits": NaN}', 400),
        ("[]", 422), ('{"visits": []}', 422), ('{"visits": [{"delegation_id": "1"}]}', 422),
        (json.dumps({"visits": [{"delegation_id": 2**40, "stops": []}]}), 422), ("", 422),
    ]:
        response = await client.post("/events/book", data={**data, "plan": garbage})
        assert response.status_code == status, garbage[:40]
        assert 'id="booking-error"' in response.text

    assert await _visits(world) == []


async def test_events_book_unknown_delegation_is_422_and_books_nothing(
    client: httpx.AsyncClient, world: World
) -> None:
    w = await _arrange(world, client)
    planned = await _planned(client, w)
    plan = json.loads(_plan_json(planned.text))
    plan["visits"][-1]["delegation_id"] = 999_999
    data = {**form_of(planned.text, "/events/book"), "plan": json.dumps(plan)}

    response = await client.post("/events/book", data=data)

    assert response.status_code == 422
    assert await _visits(world) == []


async def test_events_plan_without_csrf_is_403(client: httpx.AsyncClient, world: World) -> None:
    w = await _arrange(world, client)
    form = _event_form("", w)
    del form["csrf_token"]

    response = await client.post("/events", data=form)

    assert response.status_code == 403


async def test_events_book_without_csrf_is_403_and_books_nothing(
    client: httpx.AsyncClient, world: World
) -> None:
    w = await _arrange(world, client)
    planned = await _planned(client, w)
    data = {k: v for k, v in form_of(planned.text, "/events/book").items() if k != "csrf_token"}

    response = await client.post("/events/book", data=data)

    assert response.status_code == 403
    assert await _visits(world) == []


async def test_events_page_for_a_host_is_403(client: httpx.AsyncClient, world: World) -> None:
    await world.host([], "page.host@example.kr")
    await create_user("page.host@example.kr", "host", "host-password-2")
    await login(client, "page.host@example.kr", "host-password-2")
    page = await client.get("/inbox")

    shown = await client.get("/events")
    planned = await client.post("/events", data={"csrf_token": csrf_of(page.text)})
    booked = await client.post("/events/book", data={"csrf_token": csrf_of(page.text),
                                                     "plan": '{"visits": []}'})

    assert (shown.status_code, planned.status_code, booked.status_code) == (403, 403, 403)
    assert 'href="/events"' not in page.text


async def test_events_page_signed_out_redirects_to_login(client: httpx.AsyncClient) -> None:
    response = await client.get("/events")

    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=")


async def test_events_form_mistakes_are_422_beside_their_fields(
    client: httpx.AsyncClient, world: World
) -> None:
    w = await _arrange(world, client)
    page = await client.get("/events")
    form = _event_form(csrf_of(page.text), w, day=["", "", "", "", ""], delegation_1="",
                       time_limit="600", lunch_end="11:00")

    response = await client.post("/events", data=form)

    assert response.status_code == 422
    for field in ("days-error", "row_1-error", "time_limit-error", "lunch-error"):
        assert f'id="{field}"' in response.text, field
    assert 'id="result"' not in response.text
    assert f'value="{w["japan"]["id"]}" selected' in response.text


async def test_events_wish_for_an_unknown_facility_is_422_and_plans_nothing(
    client: httpx.AsyncClient, world: World
) -> None:
    w = await _arrange(world, client)
    page = await client.get("/events")

    response = await client.post("/events", data=_event_form(csrf_of(page.text), w,
                                                             wish_1=["999999"]))

    assert response.status_code == 422
    assert 'id="delegations-error"' in response.text and 'id="result"' not in response.text


async def test_events_more_rows_adds_rows_and_keeps_the_input(
    client: httpx.AsyncClient, world: World
) -> None:
    w = await _arrange(world, client)
    page = await client.get("/events")

    response = await client.post("/events", data=_event_form(csrf_of(page.text), w,
                                                             action="rows"))

    assert response.status_code == 200
    assert 'name="delegation_7"' in response.text and 'name="delegation_8"' not in response.text
    assert f'value="{w["japan"]["id"]}" selected' in response.text
    assert 'id="result"' not in response.text


async def test_events_link_is_in_the_officer_menu(client: httpx.AsyncClient, world: World) -> None:
    await _arrange(world, client)

    page = await client.get("/dashboard")

    menu = page.text.split('class="mainnav"', 1)[1].split("</nav>", 1)[0]
    assert menu.index('href="/visits/new"') < menu.index('href="/events"')


@pytest.mark.parametrize("far", ["2101-03-01", "9999-12-31", "0001-01-01"])
async def test_events_plan_with_a_day_outside_the_years_is_422(
    client: httpx.AsyncClient, world: World, far: str
) -> None:
    w = await _arrange(world, client)
    page = await client.get("/events")

    response = await client.post("/events", data=_event_form(
        csrf_of(page.text), w, day=[DAY, far, "", "", ""]))

    assert response.status_code == 422
    assert await _visits(world) == []


async def test_a_lunch_at_a_named_place_is_proposed_and_booked_as_a_meal(
    client: httpx.AsyncClient, world: World
) -> None:
    w = await _arrange(world, client)
    url = _propose_url(w, lunch_start="11:30", lunch_end="14:00", lunch_min="60",
                       lunch_place="고척 한정식", lunch_lat="37.498182", lunch_lon="126.867065")
    page = await client.get(url)

    response = await client.post("/visits/new", data=form_of(page.text, "/visits/new"))

    assert page.status_code == 200, page.text
    facts = page.text.split('id="planner"', 1)[1].split("</section>", 1)[0]
    assert "고척 한정식" in facts
    assert response.status_code == 303, response.text
    visit_id = int(response.headers["location"].rsplit("/", 1)[1])
    (meal,) = (await world.client.get(f"/api/visits/{visit_id}/items",
                                      headers=world.officer)).json()
    assert meal["kind"] == "meal" and meal["place"] == {"ko": "고척 한정식"}
    assert meal["lat"] == 37.498182
    assert f"{meal['start'][11:16]}–{meal['end'][11:16]}" in facts


async def test_a_lunch_place_with_half_its_coordinates_is_refused_on_the_lunch(
    client: httpx.AsyncClient, world: World
) -> None:
    w = await _arrange(world, client)

    page = await client.get(_propose_url(w, lunch_place="고척 한정식", lunch_lat="37.5"))

    assert page.status_code == 422
    assert 'id="lunch-error"' in page.text
    assert await _visits(world) == []


def _options(html: str, row: int) -> list[str]:
    """The delegations row `row`'s select offers, by the text of their options."""
    found = re.search(rf'<select id="delegation_{row}".*?</select>', html, re.S)
    assert found
    return [unescape(t).split(" · ")[0]
            for t in re.findall(r'<option value="\d+"[^>]*>([^<]*)</option>', found.group(0))]


async def test_events_rows_offer_a_few_delegations_found_by_search_without_javascript(
    client: httpx.AsyncClient, world: World
) -> None:
    """Issue 15: no row lists every delegation; "Search" (a plain submit) narrows a row to
    the delegations whose names match, and a chosen delegation stays on offer."""
    enshi = await world.delegation(name={"ko": "은시시 대표단", "en": "Enshi delegation"})
    for n in range(10):
        await world.delegation(name={"ko": f"대표단 {n}", "en": f"Party {n}"})
    await login(client, *OFFICER)
    page = await client.get("/events")

    found = await client.post("/events", data={
        "csrf_token": csrf_of(page.text), "rows": "4", "action": "find",
        "delegation_q_0": "Enshi", "delegation_1": str(enshi["id"]),
        "delegation_q_1": "Party 9"})

    assert page.status_code == 200 and found.status_code == 200
    assert len(_options(page.text, 0)) == 8 and "은시시 대표단" not in _options(page.text, 0)
    assert page.text.count("맞는 대표단이 더 있습니다") == 4  # one under each row
    assert found.text.count("맞는 대표단이 더 있습니다") == 2  # the rows without a search
    assert _options(found.text, 0) == ["은시시 대표단"]
    assert _options(found.text, 1) == ["은시시 대표단", "대표단 9"]
    assert f'<option value="{enshi["id"]}" selected>' in found.text
    assert 'value="Enshi"' in found.text
