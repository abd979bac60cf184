"""The annual report (SPEC §7.6): the PDF (read back with pdftotext and pdffonts, every
character drawn by a real glyph, charts as vectors) and the workbook (opened with
openpyxl) carry the same totals as GET /api/reports/{year}; /stats shows the breakdowns."""

from __future__ import annotations

import io
import subprocess
from typing import Any
from urllib.parse import urlsplit

import httpx
from openpyxl import load_workbook

from tests.integration.after_visit import days_ago, move_visit, past_visit
from tests.integration.builders import OFFICER, World, at, csrf_of, login
from tests.unit.itineraries.pdf_tools import pdffonts, pdftotext, squeeze, uncovered_characters

YEAR = days_ago(2).year


async def _a_year(world: World) -> dict[str, Any]:
    """A Japanese visit two days ago (closed, a gift, a survey answer) and a Chinese one."""
    japan = await past_visit(world, 2, name={"ko": "지바시 대표단", "en": "Chiba City"},
                             members=[{"family_name": "Kumagai", "given_name": "Toshihito",
                                       "native_name": "熊谷俊人", "title": "市長",
                                       "role": "head"}])
    facilities = [s["facility_id"] for s in japan["stops"]]
    china = await world.delegation(size=5, country="CN", language="zh-Hans", name={
        "ko": "퉁저우구 대표단", "en": "Tongzhou delegation"})
    other = await world.book(china, {"facility_id": facilities[0], "start": at("14:00")})
    await move_visit(other["id"], days_ago(3, "14:00"))
    first, second = (s["id"] for s in japan["stops"])
    await world.post(f"/api/visits/{japan['id']}/close", {
        "attendance": [{"stop_id": first, "count": 7}, {"stop_id": second, "count": 6}]},
        status=200)
    await world.post(f"/api/visits/{japan['id']}/gifts", {
        "direction": "received", "description": "=SUM(A1)", "giver": "熊谷俊人",
        "recipient": "구청장", "value_krw": 120_000})
    share = await world.post(f"/api/visits/{japan['id']}/share", {}, status=200)
    path = urlsplit(share["url"]).path
    async with httpx.AsyncClient(transport=world.client._transport,
                                 base_url="http://testserver") as phone:
        page = await phone.get(f"{path}/survey")
        await phone.post(f"{path}/survey", data={"csrf_token": csrf_of(page.text),
                                                 "overall": "4"})
    return japan


def assert_vector_a4(pdf: bytes) -> None:
    """A4 pages, and not one picture: the charts are drawn as vectors."""
    images = subprocess.run(["pdfimages", "-list", "-"], input=pdf, capture_output=True,
                            check=True).stdout.decode().splitlines()[2:]
    assert images == []
    size = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True)
    assert "595.276 x 841.89 pts (A4)" in size.stdout.decode()


async def test_report_json_counts_the_year(world: World) -> None:
    await _a_year(world)
    report = await world.client.get(f"/api/reports/{YEAR}", headers=world.officer)
    assert report.status_code == 200, report.text
    body = report.json()
    assert (body["visits"], body["delegations"], body["visitors"]) == (2, 2, 13)
    assert {c["key"]: c["visits"] for c in body["countries"]} == {"JP": 1, "CN": 1}
    assert body["continents"] == [{"key": "AS", "visits": 2, "visitors": 13}]
    assert sum(m["visits"] for m in body["months"]) == 2
    assert body["satisfaction"] == [0, 0, 0, 1, 0]
    assert body["gifts"]["report_required"] == 1
    bad = await world.client.get("/api/reports/1999", headers=world.officer)
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "year"


async def test_workbook_carries_the_same_totals_in_korean(world: World) -> None:
    await _a_year(world)
    body = (await world.client.get(f"/api/reports/{YEAR}", headers=world.officer)).json()

    response = await world.client.get(f"/api/reports/{YEAR}.xlsx", headers=world.officer)

    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["요약", "국가별", "대륙별", "월별", "시설별", "관심 분야별",
                               "만족도", "선물", "방문 목록"]
    summary = {row[0]: row[1] for row in book["요약"].iter_rows(min_row=2, values_only=True)}
    assert (summary["방문"], summary["대표단"], summary["방문객"]) == (
        body["visits"], body["delegations"], body["visitors"])
    countries = {r[0]: r[1] for r in book["국가별"].iter_rows(min_row=2, values_only=True)}
    assert countries == {"일본": 1, "중국": 1}
    assert sum(r[1] for r in book["월별"].iter_rows(min_row=2, values_only=True)) == 2
    visits = list(book["방문 목록"].iter_rows(values_only=True))
    assert visits[0][:4] == ("날짜", "대표단", "국가", "단장")
    assert any(r[3] == "熊谷俊人 (Toshihito Kumagai)" and r[4] == "市長" for r in visits)
    gifts = {r[0]: r[1] for r in book["선물"].iter_rows(min_row=2, values_only=True)}
    assert gifts["신고 대상"] == body["gifts"]["report_required"] == 1


async def test_report_pdf_is_korean_a4_with_real_glyphs_and_vector_charts(world: World) -> None:
    await _a_year(world)

    response = await world.client.get(f"/api/reports/{YEAR}.pdf", headers=world.officer)

    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    pdf = response.content
    text = squeeze(pdftotext(pdf))
    for expected in (f"{YEAR}년외국대표단견학실적보고", "방문2건", "2개", "13명",
                     "지바시대표단", "퉁저우구대표단", "熊谷俊人(ToshihitoKumagai)", "일본",
                     "중국", "아시아", "국가별방문", "월별방문", "신고할받은선물:1건"):
        assert expected in text, expected
    rows = pdffonts(pdf)
    assert rows and all(r.embedded for r in rows)
    shown = "".join(ch for ch in pdftotext(pdf) if not ch.isspace())
    assert uncovered_characters(pdf, shown) == set()
    assert_vector_a4(pdf)
    again = await world.client.get(f"/api/reports/{YEAR}.pdf", headers={
        **world.officer, "If-None-Match": response.headers["etag"]})
    assert again.status_code == 304


async def test_reports_page_and_stats_show_the_breakdowns(world: World,
                                                         client: httpx.AsyncClient) -> None:
    await _a_year(world)
    await login(client, *OFFICER)
    page = await client.get("/reports", params={"year": YEAR})
    assert page.status_code == 200
    for kind in ("pdf", "xlsx"):
        assert f'href="/reports/{YEAR}.{kind}"' in page.text
    xlsx = await client.get(f"/reports/{YEAR}.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    stats = await client.get("/stats", params={"year": YEAR})
    for chart in ("chart-continents", "chart-months", "chart-interests", "chart-satisfaction"):
        assert f'id="{chart}"' in stats.text
    assert "아시아" in stats.text and "신고 대상 받은 선물: 1건" in stats.text
    csv = await client.get("/stats.csv", params={"year": YEAR, "kind": "continents"})
    assert "아시아,2,13" in csv.content.decode("utf-8-sig")
