"""The officer's statistics page and its CSV export, over HTTP on a real database."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import httpx

from tests import cldr
from tests.integration.builders import DAY, HOST, OFFICER, World, at, csrf_of, login
from visits.services.accounts import create_user

YEAR = DAY[:4]
# Country names as the locked Babel's CLDR writes them.
JAPAN, CHINA = cldr.country_name("JP", "en"), cldr.country_name("CN", "en")


async def _book_year(world: World) -> dict[str, Any]:
    """Two Japanese visits and one Chinese one in 2027, plus one cancelled and one in 2028."""
    cctv = await world.facility(buffer_min=0, capacity=100)
    kiosk = await world.facility(code="kiosk", kind="kiosk", buffer_min=0, capacity=100, name={
        "ko": "무인민원발급기", "en": "Civil-document kiosks"})
    await world.host([cctv["id"], kiosk["id"]], HOST[0])
    await world.host([cctv["id"], kiosk["id"]], "second@example.kr")
    japan = await world.delegation(size=8)
    china = await world.delegation(size=5, country="CN", language="zh-Hans", name={
        "ko": "퉁저우구 대표단", "en": "Tongzhou delegation"})
    await world.book(japan, {"facility_id": cctv["id"], "start": at("10:00")},
                     {"facility_id": kiosk["id"], "start": at("11:15")})
    await world.book(japan, {"facility_id": kiosk["id"], "start": at("10:00", "2027-03-10")})
    await world.book(china, {"facility_id": cctv["id"], "start": at("14:00")})
    gone = await world.book(china, {"facility_id": cctv["id"], "start": at("10:00", "2027-03-11")})
    await world.post(f"/api/visits/{gone['id']}/cancel", {}, status=200)
    await world.book(china, {"facility_id": cctv["id"], "start": at("10:00", "2028-03-07")})
    return {"cctv": cctv, "kiosk": kiosk, "japan": japan, "china": china}


async def _officer_session(client: httpx.AsyncClient, english: bool = True) -> None:
    await login(client, *OFFICER)  # the `officer` fixture made this user
    if english:
        page = await client.get("/dashboard")
        await client.post("/language", data={"lang": "en", "csrf_token": csrf_of(page.text),
                                             "next": "/stats"})


def _rows(response: httpx.Response) -> list[list[str]]:
    assert response.content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _table_row(html: str, name: str) -> list[str]:
    found = re.search(rf"<tr><th scope=\"row\">{re.escape(name)}</th>(.*?)</tr>", html)
    assert found, f"no row for {name}"
    return re.findall(r"<td[^>]*>([^<]*)</td>", found.group(1))


async def test_stats_page_counts_visits_per_country_and_facility(
    client: httpx.AsyncClient, world: World
) -> None:
    await _book_year(world)
    await _officer_session(client)

    page = await client.get("/stats", params={"year": YEAR})

    assert page.status_code == 200
    assert _table_row(page.text, JAPAN) == ["1", "2"]
    assert _table_row(page.text, CHINA) == ["1", "1"]
    assert _table_row(page.text, "Integrated Control Center") == ["2", "13"]
    assert _table_row(page.text, "Civil-document kiosks") == ["2", "16"]
    assert 'role="img"' in page.text and 'aria-labelledby="chart-countries-title' in page.text
    assert "Cancelled visits are not counted: 1 this year" in page.text
    assert '<option value="2028">' in page.text


async def test_stats_page_speaks_korean_by_default(
    client: httpx.AsyncClient, world: World
) -> None:
    await _book_year(world)
    await _officer_session(client, english=False)

    page = await client.get("/stats", params={"year": YEAR})

    assert _table_row(page.text, cldr.country_name("JP", "ko")) == ["1", "2"]
    assert _table_row(page.text, "통합관제센터") == ["2", "13"]
    assert "국가별 방문단과 방문" in page.text


async def test_stats_csv_has_bom_header_and_counts(
    client: httpx.AsyncClient, world: World
) -> None:
    await _book_year(world)
    await _officer_session(client)

    countries = await client.get("/stats.csv", params={"year": YEAR, "kind": "countries"})
    facilities = await client.get("/stats.csv", params={"year": YEAR, "kind": "facilities"})
    later = await client.get("/stats.csv", params={"year": "2028", "kind": "countries"})

    assert countries.headers["content-type"] == "text/csv; charset=utf-8"
    assert countries.headers["content-disposition"] == (
        'attachment; filename="gyeonhak-2027-countries.csv"')
    assert _rows(countries) == [["Country code", "Country", "Delegations", "Visits"],
                                ["JP", JAPAN, "1", "2"], ["CN", CHINA, "1", "1"]]
    assert _rows(facilities)[0] == ["Facility code", "Facility", "Stops", "Visitors"]
    assert ["cctv", "Integrated Control Center", "2", "13"] in _rows(facilities)
    assert _rows(later)[1:] == [["CN", CHINA, "1", "1"]]


async def test_stats_csv_neutralises_formulas(client: httpx.AsyncClient, world: World) -> None:
    facility = await world.facility(buffer_min=0, capacity=100, name={
        "ko": "@SUM(A1)", "en": "-2+3"})
    await world.host([facility["id"]], HOST[0])
    evil = await world.delegation(name={"ko": '=HYPERLINK("http://evil")', "en": "+1"})
    await world.book(evil, {"facility_id": facility["id"], "start": at("10:00")})
    await _officer_session(client)

    delegations = _rows(await client.get("/stats.csv", params={"year": YEAR,
                                                               "kind": "delegations"}))
    facilities = _rows(await client.get("/stats.csv", params={"year": YEAR,
                                                              "kind": "facilities"}))
    await client.post("/language", data={"lang": "ko", "csrf_token": csrf_of(
        (await client.get("/stats")).text), "next": "/stats"})
    korean = _rows(await client.get("/stats.csv", params={"year": YEAR, "kind": "delegations"}))

    assert delegations[1][0] == "'+1"
    assert facilities[1][1] == "'-2+3"
    assert korean[1][0] == "'=HYPERLINK(\"http://evil\")"


async def test_stats_chart_text_is_escaped(client: httpx.AsyncClient, world: World) -> None:
    facility = await world.facility(buffer_min=0, name={
        "ko": "<script>alert(1)</script>", "en": "<b>Hall</b> & \"co\""})
    await world.host([facility["id"]], HOST[0])
    await world.book(await world.delegation(), {"facility_id": facility["id"],
                                                "start": at("10:00")})
    await _officer_session(client)

    page = await client.get("/stats", params={"year": YEAR})

    assert "<b>Hall</b>" not in page.text
    assert "&lt;b&gt;Hall&lt;/b&gt; &amp; &#34;co&#34;" in page.text
    chart = page.text.index('id="chart-facilities"')
    svg = page.text[chart:page.text.index("</svg>", chart)]
    assert "&lt;b&gt;Hall&lt;/b&gt; &amp; &quot;co&quot;" in svg


async def test_stats_are_for_officers_only(client: httpx.AsyncClient, world: World) -> None:
    await world.host([], HOST[0])
    await create_user(HOST[0], "host", HOST[1])
    anonymous = await client.get("/stats.csv")

    await login(client, *HOST)
    page = await client.get("/stats")
    export = await client.get("/stats.csv", params={"kind": "countries"})

    assert anonymous.status_code == 303
    assert page.status_code == 403 and export.status_code == 403
    assert "text/csv" not in export.headers["content-type"]


async def test_stats_refuse_bad_year_and_kind(client: httpx.AsyncClient, world: World) -> None:
    await _officer_session(client)

    responses = [await client.get("/stats", params={"year": "20x7"}),
                 await client.get("/stats", params={"year": "99999"}),
                 await client.get("/stats.csv", params={"year": YEAR, "kind": "users"})]
    empty = await client.get("/stats", params={"year": "2030"})

    assert [r.status_code for r in responses] == [400, 400, 400]
    assert empty.status_code == 200 and "No visits in 2030." in empty.text
