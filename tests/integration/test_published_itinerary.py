"""Visitors see the latest published version (SPEC §7.3): the share link's page, PDF and
calendar keep showing a version while the officer edits, change on publishing, and then
say what changed in the visitor's language beside Korean. The officer's own downloads
stay live. The calendar keeps its UIDs and raises SEQUENCE only for the moved stop, as
icalendar and Mozilla's ical.js read it."""

from __future__ import annotations

import html
import subprocess
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from icalendar import Calendar

from itineraries import labels
from tests.integration.builders import HOST, World, at
from tests.unit.itineraries.test_itinerary_ics import icaljs
from visits.models import VisitVersion

KIOSK = {"ko": "무인민원발급기", "en": "Civil-document kiosks", "ja": "無人証明書発行機"}
MOVED_KO = "시간 변경: 무인민원발급기 11:15 → 14:00"
MOVED_JA = "時間変更：無人証明書発行機 11:15 → 14:00"


async def _shared_visit(world: World) -> tuple[dict[str, Any], str]:
    """A Japanese party's visit (control center 10:00, kiosks 11:15), shared: the share
    link's path."""
    cctv = await world.facility(buffer_min=0)
    kiosk = await world.facility(code="kiosk", kind="kiosk", buffer_min=0, name=KIOSK)
    await world.host([cctv["id"], kiosk["id"]], HOST[0])
    visit = await world.book(await world.delegation(language="ja"),
                             {"facility_id": cctv["id"], "start": at("10:00")},
                             {"facility_id": kiosk["id"], "start": at("11:15")})
    share = await world.post(f"/api/visits/{visit['id']}/share", {}, status=200)
    return visit, httpx.URL(share["url"]).path


async def _move_kiosk(world: World, visit: dict[str, Any], clock: str = "14:00") -> None:
    response = await world.client.patch(
        f"/api/visits/{visit['id']}/stops/{visit['stops'][1]['id']}",
        json={"start": at(clock)}, headers=world.officer)
    assert response.status_code == 200, response.text


async def _publish(world: World, visit: dict[str, Any]) -> dict[str, Any]:
    return await world.post(f"/api/visits/{visit['id']}/publish", {})


def _text(page: httpx.Response) -> str:
    assert page.status_code == 200, page.text
    return html.unescape(page.text)


def _pdf_text(pdf: httpx.Response, tmp_path: Path) -> str:
    assert pdf.status_code == 200, pdf.text
    path = tmp_path / "itinerary.pdf"
    path.write_bytes(pdf.content)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    return "".join(text.split())


def _sequences(data: bytes) -> dict[str, int]:
    return {str(e["uid"]): int(e["sequence"]) for e in Calendar.from_ical(data).walk("VEVENT")}


async def test_sharing_a_visit_never_published_publishes_version_1(
    world: World, client: httpx.AsyncClient
) -> None:
    visit, path = await _shared_visit(world)

    page = _text(await client.get(path))
    again = await world.post(f"/api/visits/{visit['id']}/share", {}, status=200)

    assert [v.number for v in await VisitVersion.filter(visit_id=visit["id"])] == [1]
    assert "11:15 ~ 12:15" in page and "無人証明書発行機" in page
    assert "버전 1 이후" not in page  # version 1 is all new: no "changed since" box
    assert (await client.get(httpx.URL(again["url"]).path)).status_code == 200


async def test_visitors_keep_the_published_version_until_the_next_publish(
    world: World, client: httpx.AsyncClient, tmp_path: Path
) -> None:
    visit, path = await _shared_visit(world)

    await _move_kiosk(world, visit)
    unpublished = _text(await client.get(path))
    unpublished_pdf = _pdf_text(await client.get(path + "/itinerary.pdf"), tmp_path)
    officers_pdf = _pdf_text(await world.client.get(
        f"/api/visits/{visit['id']}/itinerary.pdf", headers=world.officer), tmp_path)

    assert "11:15 ~ 12:15" in unpublished and "14:00 ~ 15:00" not in unpublished
    assert "11:15~12:15" in unpublished_pdf and "14:00~15:00" not in unpublished_pdf
    assert "14:00~15:00" in officers_pdf  # the officer's own download is live


async def test_after_publishing_visitors_read_the_new_time_and_what_moved(
    world: World, client: httpx.AsyncClient, tmp_path: Path
) -> None:
    visit, path = await _shared_visit(world)
    await _move_kiosk(world, visit)

    await _publish(world, visit)
    japanese = _text(await client.get(path))
    arabic = _text(await client.get(path, params={"lang": "ar"}))
    pdf = _pdf_text(await client.get(path + "/itinerary.pdf"), tmp_path)

    assert "14:00 ~ 15:00" in japanese and "11:15 ~ 12:15" not in japanese
    assert "버전 1 이후 변경 사항" in japanese and "バージョン1からの変更点" in japanese
    assert MOVED_KO in japanese and MOVED_JA in japanese
    before, after = (labels.format_clock(datetime.fromisoformat(at(clock)), "ar")
                     for clock in ("11:15", "14:00"))
    assert f"تغيّر الموعد: Civil-document kiosks {before} ← {after}" in arabic
    assert "التغييرات منذ الإصدار 1" in arabic and MOVED_KO in arabic
    assert "".join(MOVED_KO.split()) in pdf and "".join(MOVED_JA.split()) in pdf
    assert "バージョン1からの変更点" in pdf


async def test_the_visitors_calendar_raises_sequence_only_for_the_moved_stop(
    world: World, client: httpx.AsyncClient, tmp_path: Path
) -> None:
    visit, path = await _shared_visit(world)
    first = await client.get(path + "/itinerary.ics")
    await _move_kiosk(world, visit)
    await world.client.post(f"/api/stops/{visit['stops'][1]['id']}/accept",
                            headers=world.officer)
    await _move_kiosk(world, visit, "15:00")  # two moves between versions: one change

    await _publish(world, visit)
    second = await client.get(path + "/itinerary.ics")

    cctv, kiosk = (f"visit-{visit['id']}-stop-{s['id']}@gyeonhak.invalid" for s in visit["stops"])
    assert _sequences(first.content) == {cctv: 0, kiosk: 0}
    assert _sequences(second.content) == {cctv: 0, kiosk: 1}
    old, new = (icaljs(r.content, tmp_path, f"v{n}.ics") for n, r in ((1, first), (2, second)))
    assert [e["uid"] for e in old["events"]] == [e["uid"] for e in new["events"]]
    assert {e["uid"]: e["sequence"] for e in new["events"]} == {cctv: 0, kiosk: 1}
    assert {e["uid"]: e["start"] for e in new["events"]}[kiosk] == "2027-03-09T06:00:00Z"


async def test_a_stop_moved_in_two_versions_has_sequence_2(world: World,
                                                           client: httpx.AsyncClient) -> None:
    visit, path = await _shared_visit(world)
    await _move_kiosk(world, visit, "14:00")
    await _publish(world, visit)
    await _move_kiosk(world, visit, "15:00")
    await _publish(world, visit)

    calendar = await client.get(path + "/itinerary.ics")

    kiosk = f"visit-{visit['id']}-stop-{visit['stops'][1]['id']}@gyeonhak.invalid"
    assert _sequences(calendar.content)[kiosk] == 2


async def test_officers_download_any_version_and_the_live_visit(
    world: World, tmp_path: Path
) -> None:
    visit, _ = await _shared_visit(world)
    await _move_kiosk(world, visit)
    url = f"/api/visits/{visit['id']}"

    live = await world.client.get(url + "/itinerary.ics", headers=world.officer)
    first = await world.client.get(url + "/itinerary.ics", params={"version": 1},
                                   headers=world.officer)
    first_pdf = await world.client.get(url + "/itinerary.pdf", params={"version": 1},
                                       headers=world.officer)
    missing = await world.client.get(url + "/itinerary.pdf", params={"version": 2},
                                     headers={**world.officer, "Accept-Language": "ko"})

    assert b"T140000" in live.content and b"T140000" not in first.content
    assert "11:15~12:15" in _pdf_text(first_pdf, tmp_path)
    assert first_pdf.headers["content-disposition"].endswith('-v1-ja.pdf"')
    assert missing.status_code == 404
    assert missing.json()["error"]["message"] == (
        f"ID {visit['id']}번 방문에는 2번째 버전이 없습니다.")


@pytest.mark.parametrize("suffix", ["", "/itinerary.pdf", "/itinerary.ics"])
async def test_a_tampered_or_revoked_link_still_shows_nothing(
    world: World, client: httpx.AsyncClient, suffix: str
) -> None:
    visit, path = await _shared_visit(world)
    await _move_kiosk(world, visit)
    await _publish(world, visit)
    tampered = path[:-3] + ("AAA" if not path.endswith("AAA") else "BBB")

    forged = await client.get(tampered + suffix)
    await world.client.delete(f"/api/visits/{visit['id']}/share", headers=world.officer)
    revoked = await client.get(path + suffix)

    assert (forged.status_code, revoked.status_code) == (404, 404)
    assert "無人証明書発行機" not in forged.text + revoked.text
