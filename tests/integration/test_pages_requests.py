"""Visit requests as pages: the public form in the visitor's language beside Korean (SPEC
§7.2), its refusals, and the officer's inbox, request page, delegation and decline."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import httpx
import pytest

from tests.environment import make_settings
from tests.integration.builders import (
    DAY,
    HOST,
    OFFICER,
    World,
    csrf_of,
    login,
    request_body,
    running_app,
)
from visits.models import Delegation, VisitRequest
from visits.services.accounts import create_user
from visits.settings import Settings


class FormReader(HTMLParser):
    """What a browser would post from the request form, untouched."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, Any] = {}
        self.inside = False
        self.select: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = "request-form" in a.get("class", "")
        elif not self.inside or ("name" not in a and tag != "option"):
            return
        elif tag == "input" and a.get("type") == "checkbox":
            self.fields.setdefault(a["name"], [])
            if "checked" in a:
                self.fields[a["name"]].append(a.get("value", "on"))
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
    assert reader.fields, "no request form on the page"
    return reader.fields


def typed(**overrides: Any) -> dict[str, Any]:
    """What a Japanese city's contact types into the form (two members, two dates)."""
    data: dict[str, Any] = {
        "organisation": "静岡市役所", "country": "JP", "city": "Shizuoka", "language": "ja",
        "size": "12", "contact.name": "佐藤花子", "contact.email": "sato@city.example.jp",
        "contact.phone": "+81 54-221-1111",
        "members[0].family_name": "Tanaka", "members[0].given_name": "Ichiro",
        "members[0].native_name": "田中一郎", "members[0].title": "市長",
        "members[0].role": "head", "members[0].rank": "1",
        "members[0].languages": "日本語、韓国語", "members[0].diet": "豚肉なし",
        "members[0].access": "車椅子",
        "members[1].role": "member",
        "members[2].family_name": "Sato", "members[2].given_name": "Hanako",
        "members[2].role": "member", "members[2].rank": "2",
        "dates[0]": DAY, "dates[1]": "", "dates[2]": "2027-03-11",
        "interests": ["control_center"], "interpreter_needed": "1",
        "notes": "CCTV を見学したいです。", "member_rows": "3", "website": "",
    }
    data.update(overrides)
    return data


async def send(client: httpx.AsyncClient, lang: str, data: dict[str, Any]) -> httpx.Response:
    """Open the form in `lang` and post `data` with its CSRF token, as a browser would."""
    form = await client.get(f"/request?lang={lang}")
    assert form.status_code == 200, form.text
    return await client.post(f"/request?lang={lang}",
                             data={**data, "csrf_token": csrf_of(form.text)})


def alert_of(page: str) -> str:
    found = re.search(r'<div class="error error-summary" role="alert".*?</div>', page, re.S)
    assert found, "no error summary on the page"
    return found.group(0)


@pytest.fixture
async def catalogue(world: World) -> dict[str, Any]:
    """The CCTV centre with a host on weekdays (room on DAY), the kiosk without a host
    (never room)."""
    cctv = await world.facility()
    kiosk = await world.facility(code="kiosk", kind="kiosk", duration_min=30, buffer_min=0,
                                 name={"ko": "무인민원발급기", "en": "Civil document kiosk"},
                                 description={"en": "Certificates at any hour",
                                              "ja": "いつでも証明書を発行"})
    await world.host([cctv["id"]], HOST[0])
    return {"cctv": cctv, "kiosk": kiosk}


# -- the form ---------------------------------------------------------------------------------

async def test_form_is_japanese_with_korean_beside_each_label(
    client: httpx.AsyncClient, catalogue: dict[str, Any]
) -> None:
    page = await client.get("/request?lang=ja")
    fields = fields_of(page.text)

    assert page.status_code == 200
    assert '<html lang="ja" dir="ltr">' in page.text
    assert ('<span lang="ja" dir="ltr">機関名</span> '
            '<span class="ko" lang="ko" dir="ltr">기관명</span>') in page.text
    assert '<option value="JP">日本</option>' in page.text
    assert fields["language"] == "ja"
    assert [n for n in fields if n.endswith(".family_name")] == [
        "members[0].family_name", "members[1].family_name", "members[2].family_name"]
    assert "Request a visit" not in page.text


async def test_form_offers_facilities_with_descriptions_in_the_visitor_language(
    client: httpx.AsyncClient, catalogue: dict[str, Any]
) -> None:
    page = (await client.get("/request?lang=ja")).text

    # The kiosk has a Japanese description; the CCTV centre's falls back to English.
    assert '<p class="about" id="f-interest-kiosk-about" lang="ja" dir="auto">' \
           'いつでも証明書を発行</p>' in page
    assert 'lang="en" dir="auto">CCTV monitoring for Guro-gu</p>' in page
    assert '<span lang="ja" dir="auto">統合管制センター</span>' in page
    assert 'value="control_center"' in page and 'value="kiosk"' in page


async def test_form_is_right_to_left_in_arabic(client: httpx.AsyncClient) -> None:
    page = (await client.get("/request?lang=ar")).text

    assert '<html lang="ar" dir="rtl">' in page
    assert '<span lang="ar" dir="rtl">طلب زيارة</span>' in page
    assert '<span class="ko" lang="ko" dir="ltr">방문 요청</span>' in page


async def test_form_is_thai_with_korean_beside(client: httpx.AsyncClient) -> None:
    page = (await client.get("/request?lang=th")).text

    assert '<html lang="th" dir="ltr">' in page
    assert '<span lang="th" dir="ltr">ส่งคำขอ</span> ' \
           '<span class="ko" lang="ko" dir="ltr">요청 보내기</span>' in page


async def test_language_links_offer_korean_and_english_first(
    client: httpx.AsyncClient,
) -> None:
    page = (await client.get("/request?lang=vi")).text
    links = re.findall(r'<a href="\?lang=([\w-]+)"', page)

    assert links[:2] == ["ko", "en"] and len(links) == 14 and "vi" in links
    assert '<a href="?lang=vi" lang="vi" hreflang="vi" dir="ltr" aria-current="page">' in page


async def test_robots_field_is_hidden_from_people(client: httpx.AsyncClient) -> None:
    page = (await client.get("/request?lang=en")).text

    trap = re.search(r'<div class="trap" aria-hidden="true">.*?</div>', page, re.S)
    assert trap is not None
    assert 'name="website" type="text" value="" tabindex="-1" autocomplete="off"' in \
        trap.group(0)
    assert "Leave this field empty" in trap.group(0)


async def test_a_good_form_makes_one_request_and_shows_its_link_once(
    client: httpx.AsyncClient, catalogue: dict[str, Any]
) -> None:
    sent = await send(client, "ja", typed())
    thanks = await client.get(sent.headers["location"])
    again = await client.get(sent.headers["location"])

    assert sent.status_code == 303
    assert sent.headers["location"] == "/request/sent?lang=ja"
    links = re.findall(r'href="(http://testserver/track/[^"]+)"', thanks.text)
    assert len(links) == 1 and thanks.text.count(links[0]) == 1
    assert "ありがとうございます" in thanks.text
    assert "/track/" not in again.text
    stored = await VisitRequest.all()
    assert len(stored) == 1
    request = stored[0]
    assert (request.form_language, request.country, request.size) == ("ja", "JP", 12)
    assert request.dates == [DAY, "2027-03-11"]
    assert [m["family_name"] for m in request.members] == ["Tanaka", "Sato"]
    assert request.members[0]["languages"] == ["ja", "ko"]
    assert request.interests == ["control_center"] and request.interpreter_needed


async def test_a_refused_form_keeps_what_was_typed_and_says_why_in_its_language(
    client: httpx.AsyncClient, catalogue: dict[str, Any]
) -> None:
    data = typed(**{"dates[0]": "", "dates[2]": "", "contact.email": "sato-at-city"})

    refused = await send(client, "ja", data)
    fields = fields_of(refused.text)
    summary = alert_of(refused.text)

    assert refused.status_code == 422
    assert {k: fields[k] for k in ("organisation", "contact.email", "members[0].native_name",
                                   "members[2].rank", "notes")} == {
        "organisation": "静岡市役所", "contact.email": "sato-at-city",
        "members[0].native_name": "田中一郎", "members[2].rank": "2",
        "notes": "CCTV を見学したいです。"}
    assert fields["interests"] == ["control_center"] and fields["website"] == ""
    assert 'href="#f-contact-email"' in summary and 'href="#f-dates"' in summary
    assert "name@example.org のようなメールアドレスを入力してください。" in summary
    assert "希望日を1日以上入力してください。" in summary
    assert "name@example.org 같은 이메일 주소를 입력해 주십시오." in summary
    assert re.search(r'id="f-contact-email"[^>]*aria-invalid="true" '
                     r'aria-describedby="f-contact-email-error"', refused.text)
    assert '<p class="field-error" id="f-contact-email-error" tabindex="-1">' in refused.text
    assert "Please" not in refused.text
    assert await VisitRequest.all().count() == 0


async def test_a_refusal_of_the_service_lands_beside_the_date_it_concerns(
    client: httpx.AsyncClient, catalogue: dict[str, Any]
) -> None:
    refused = await send(client, "fr", typed(**{"dates[2]": "2020-01-02"}))

    assert refused.status_code == 422
    assert re.search(r'id="f-dates-2"[^>]*aria-invalid="true"', refused.text)
    assert "Veuillez choisir une date postérieure à aujourd’hui." in alert_of(refused.text)
    assert await VisitRequest.all().count() == 0


async def test_adding_a_member_row_keeps_everything_typed(
    client: httpx.AsyncClient, catalogue: dict[str, Any]
) -> None:
    data = typed(action="add_member", **{"contact.email": "not yet"})

    more = await send(client, "ko", data)
    fields = fields_of(more.text)

    assert more.status_code == 200
    assert fields["member_rows"] == "4" and "members[3].family_name" in fields
    assert fields["members[0].family_name"] == "Tanaka"
    assert fields["contact.email"] == "not yet" and fields["dates[2]"] == "2027-03-11"
    assert 'role="alert"' not in more.text
    assert await VisitRequest.all().count() == 0


async def test_a_filled_robots_field_is_refused_and_nothing_is_stored(
    client: httpx.AsyncClient, catalogue: dict[str, Any]
) -> None:
    refused = await send(client, "es", typed(website="http://spam.example"))

    assert refused.status_code == 400
    assert "No se ha podido aceptar la solicitud." in alert_of(refused.text)
    assert "spam.example" not in refused.text
    assert await VisitRequest.all().count() == 0


async def test_a_form_without_its_token_changes_nothing_and_keeps_the_values(
    client: httpx.AsyncClient, catalogue: dict[str, Any]
) -> None:
    refused = await client.post("/request?lang=ja", data=typed())

    assert refused.status_code == 403
    assert fields_of(refused.text)["organisation"] == "静岡市役所"
    assert "フォームの有効期限が切れました。" in alert_of(refused.text)
    assert await VisitRequest.all().count() == 0


async def test_too_many_requests_from_one_address_are_refused_with_a_wait(
    database_url: str, tmp_path: Any
) -> None:
    settings: Settings = make_settings(database_url, tmp_path, PUBLIC_REQUESTS_PER_HOUR="1")
    async with running_app(settings) as world:
        await world.facility()
        first = await send(world.client, "ja", typed())
        second = await send(world.client, "ja", typed(organisation="二回目"))

        assert first.status_code == 303
        assert second.status_code == 429 and int(second.headers["retry-after"]) >= 1
        assert fields_of(second.text)["organisation"] == "二回目"
        summary = alert_of(second.text)
        assert "ご利用のネットワークからの申し込みが多すぎます。" in summary
        assert re.search(r"\d+ 分後にもう一度お試しください", summary)
        assert await VisitRequest.all().count() == 1


# -- the officer's inbox ------------------------------------------------------------------------

async def _submitted(world: World, **overrides: Any) -> dict[str, Any]:
    response = await world.client.post("/api/requests", json=request_body(**overrides))
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


async def test_inbox_lists_new_requests_first_with_room_in_words(
    client: httpx.AsyncClient, world: World, catalogue: dict[str, Any]
) -> None:
    older = await _submitted(world, organisation="Shizuoka", interests=["control_center"])
    taken = await _submitted(world, organisation="Taken up")
    await world.post(f"/api/requests/{taken['id']}/delegation", {})
    await _submitted(world, organisation="Newest", interests=["control_center", "kiosk"])
    await login(client, *OFFICER)

    page = (await client.get("/requests")).text
    order = re.findall(r'<a href="/requests/\d+"><bdi>([^<]+)</bdi>', page)
    newest = next(row for row in page.split("<tr>") if "Newest" in row)

    assert order == ["Newest", "Shizuoka", "Taken up"]
    assert "<bdi>통합관제센터</bdi>: <span class=\"room yes\">가능</span>" in newest
    assert "<bdi>무인민원발급기</bdi>: <span class=\"room no\">자리 없음</span>" in newest
    assert "일본" in page and "통역" in page
    assert f'href="/requests/{older["id"]}"' in page


async def test_inbox_pages_with_a_next_link_and_filters_by_status(
    client: httpx.AsyncClient, world: World, catalogue: dict[str, Any]
) -> None:
    for name in ("First", "Second", "Third"):
        await _submitted(world, organisation=name)
    await login(client, *OFFICER)

    first = (await client.get("/requests?limit=2")).text
    following = re.search(r'<a class="button" rel="next" href="([^"]+)"', first)
    assert following is not None
    second = (await client.get(following.group(1).replace("&amp;", "&"))).text
    declined = (await client.get("/requests?status=declined")).text

    assert re.findall(r"<bdi>(First|Second|Third)</bdi>", first) == ["Third", "Second"]
    assert re.findall(r"<bdi>(First|Second|Third)</bdi>", second) == ["First"]
    assert 'rel="next"' not in second
    assert "First" not in declined and 'aria-current="page">거절됨' in declined


async def test_inbox_shows_twenty_a_page_and_its_cursor_holds_when_a_request_arrives(
    client: httpx.AsyncClient, world: World, catalogue: dict[str, Any]
) -> None:
    for n in range(21):
        await _submitted(world, organisation=f"City {n:02d}")
    await login(client, *OFFICER)

    first = (await client.get("/requests")).text
    following = re.search(r'<a class="button" rel="next" href="([^"]+)"', first)
    assert following is not None
    await _submitted(world, organisation="Arrived later")
    second = (await client.get(following.group(1).replace("&amp;", "&"))).text
    again = (await client.get("/requests")).text

    shown = re.findall(r'<a href="/requests/\d+"><bdi>([^<]+)</bdi>', first)
    assert shown == [f"City {n:02d}" for n in range(20, 0, -1)]
    assert re.findall(r'<a href="/requests/\d+"><bdi>([^<]+)</bdi>', second) == ["City 00"]
    assert 'rel="next"' not in second
    assert re.findall(r'<a href="/requests/\d+"><bdi>([^<]+)</bdi>', again)[:2] == [
        "Arrived later", "City 20"]


async def test_inbox_says_each_wished_date_in_short_and_the_request_page_in_full(
    client: httpx.AsyncClient, world: World, catalogue: dict[str, Any]
) -> None:
    extra = [await world.facility(code=f"room{n}", name={"ko": f"회의실 {n}", "en": f"Room {n}"})
             for n in range(1, 4)]
    await world.host([place["id"] for place in extra], "host2@example.kr")
    await _submitted(world, organisation="Every", interests=["control_center"])
    await _submitted(world, organisation="None", interests=["kiosk"])
    some = await _submitted(world, organisation="Some",
                            interests=["control_center", "room1", "kiosk"])
    await login(client, *OFFICER)

    page = (await client.get("/requests")).text
    rows = {name: row for row in page.split("<tr>")
            for name in ("Every", "None", "Some") if f"<bdi>{name}</bdi>" in row}
    full = (await client.get(f"/requests/{some['id']}")).text

    assert '<span class="room yes">희망 시설 모두 가능</span>' in rows["Every"]
    assert "<bdi>통합관제센터</bdi>" not in rows["Every"]
    assert '<span class="room no">희망 시설 모두 자리 없음</span>' in rows["None"]
    named = re.findall(r'<li><bdi>([^<]+)</bdi>: <span class="room (yes|no)">', rows["Some"])
    assert named == [("무인민원발급기", "no"), ("통합관제센터", "yes"), ("회의실 1", "yes")]
    assert f'<a href="/requests/{some["id"]}">외 2곳</a>' in rows["Some"]
    for place in ("통합관제센터", "회의실 1", "회의실 2", "회의실 3", "무인민원발급기"):
        assert f"<bdi>{place}</bdi>" in full


async def test_request_page_shows_members_in_precedence_with_native_names(
    client: httpx.AsyncClient, world: World, catalogue: dict[str, Any]
) -> None:
    made = await _submitted(world)
    await login(client, *OFFICER)

    page = (await client.get(f"/requests/{made['id']}")).text
    names = re.findall(r'<td data-label="성명">(.*?)</td>', page)

    assert [re.sub(r"<[^>]+>", "", n) for n in names] == [
        "田中一郎 (Ichiro Tanaka)", "佐藤花子 (Hanako Sato)", "Ken Suzuki"]
    assert "no pork" in page and "wheelchair" in page and "CCTV center, please." in page
    assert "단장" in page and "통역사" in page


async def test_making_the_delegation_opens_the_builder_filled_in(
    client: httpx.AsyncClient, world: World, catalogue: dict[str, Any]
) -> None:
    made = await _submitted(world, interests=["control_center", "kiosk"])
    await login(client, *OFFICER)
    page = await client.get(f"/requests/{made['id']}")

    answer = await client.post(f"/requests/{made['id']}/delegation",
                               data={"csrf_token": csrf_of(page.text), "then": "planner"})
    delegation = await Delegation.get(id=(await VisitRequest.get(id=made["id"])).delegation_id)
    again = await client.post(f"/requests/{made['id']}/delegation",
                              data={"csrf_token": csrf_of(page.text), "then": "builder"})

    cctv, kiosk = catalogue["cctv"]["id"], catalogue["kiosk"]["id"]
    assert answer.status_code == 303
    assert answer.headers["location"] == (
        f"/visits/new?delegation={delegation.id}&date={DAY}&facility={cctv}"
        f"&facility={kiosk}&propose=1")
    assert again.status_code == 409
    assert "이미 대표단을 만들었습니다" in again.text
    assert await Delegation.all().count() == 1


async def test_plan_the_visit_opens_the_builder_with_the_delegation_and_its_day(
    client: httpx.AsyncClient, world: World, catalogue: dict[str, Any]
) -> None:
    made = await _submitted(world, interests=["control_center"])
    await login(client, *OFFICER)
    page = await client.get(f"/requests/{made['id']}")

    answer = await client.post(f"/requests/{made['id']}/delegation",
                               data={"csrf_token": csrf_of(page.text), "then": "builder"})
    builder = await client.get(answer.headers["location"])
    shown = (await client.get(f"/requests/{made['id']}")).text

    delegation_id = (await VisitRequest.get(id=made["id"])).delegation_id
    assert answer.headers["location"] == (
        f"/visits/new?delegation={delegation_id}&date={DAY}"
        f"&facility={catalogue['cctv']['id']}")
    assert builder.status_code == 200
    assert f'type="radio" name="delegation" value="{delegation_id}" checked>' in builder.text
    assert f'value="{DAY}"' in builder.text and 'name="slot_' in builder.text
    assert "요청으로 대표단 “Shizuoka City Hall”을(를) 만들었습니다." in builder.text
    assert "이 요청으로 대표단을 만들었습니다." in shown and '/delegation"' not in shown


async def test_declining_needs_a_reason(
    client: httpx.AsyncClient, world: World, catalogue: dict[str, Any]
) -> None:
    made = await _submitted(world)
    await login(client, *OFFICER)
    page = await client.get(f"/requests/{made['id']}")
    token = csrf_of(page.text)

    blank = await client.post(f"/requests/{made['id']}/decline",
                              data={"csrf_token": token, "reason": "  "})
    still = (await VisitRequest.get(id=made["id"])).status
    done = await client.post(f"/requests/{made['id']}/decline",
                             data={"csrf_token": token, "reason": "3월에는 일정이 없습니다."})

    assert blank.status_code == 422 and still == "new"
    assert "거절 사유를 입력해 주십시오." in blank.text
    assert 'aria-invalid="true"' in blank.text
    assert done.status_code == 303
    request = await VisitRequest.get(id=made["id"])
    assert (request.status, request.decline_reason) == ("declined", "3월에는 일정이 없습니다.")


async def test_dashboard_counts_new_requests(
    client: httpx.AsyncClient, world: World, catalogue: dict[str, Any]
) -> None:
    await _submitted(world)
    await _submitted(world)
    await login(client, *OFFICER)

    page = (await client.get("/dashboard")).text

    assert '<a href="/requests?status=new">새 방문 요청 2건</a>' in page
    assert '<a href="/requests">방문 요청</a>' in page


@pytest.mark.parametrize("path", ["/requests", "/requests/1"])
async def test_request_pages_are_for_officers_only(
    client: httpx.AsyncClient, world: World, path: str
) -> None:
    anonymous = await client.get(path)
    await create_user(HOST[0], "host", HOST[1])
    await login(client, *HOST)
    host = await client.get(path)

    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")
    assert host.status_code == 403
