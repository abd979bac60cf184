"""Calendar downloads, invites, share links, host feeds and the mail outbox over HTTP.

Calendar files are parsed back with icalendar; tests/unit checks them with ical.js too."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from icalendar import Calendar

from tests.integration.builders import HOST, World, at, sign_in
from visits.app import RedactSecretPaths
from visits.models import OutboxMessage, ShareLink
from visits.services.accounts import create_user


async def _booked(world: World) -> tuple[dict[str, Any], dict[str, Any]]:
    cctv = await world.facility()
    host = await world.host([cctv["id"]], HOST[0])
    visit = await world.book(await world.delegation(),
                             {"facility_id": cctv["id"], "start": at("10:00")})
    return visit, host


def _events(data: bytes) -> tuple[str, list[Any]]:
    calendar = Calendar.from_ical(data)
    return str(calendar.get("method")), list(calendar.walk("VEVENT"))


async def test_visit_calendar_is_publish_with_one_event_per_stop(world: World) -> None:
    visit, _ = await _booked(world)

    response = await world.client.get(f"/api/visits/{visit['id']}/itinerary.ics",
                                      headers=world.officer)

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    method, events = _events(response.content)
    assert method == "PUBLISH"
    assert len(events) == 1
    assert "ORGANIZER" not in events[0]
    assert events[0].decoded("dtstart") == datetime(2027, 3, 9, 1, 0, tzinfo=UTC)


async def test_calendar_redownload_unchanged_is_304(world: World) -> None:
    visit, _ = await _booked(world)
    url = f"/api/visits/{visit['id']}/itinerary.ics"
    first = await world.client.get(url, headers=world.officer)

    again = await world.client.get(url, headers={**world.officer,
                                                 "If-None-Match": first.headers["etag"]})
    await world.client.post(f"/api/stops/{visit['stops'][0]['id']}/accept",
                            headers=world.officer)
    changed = await world.client.get(url, headers={**world.officer,
                                                   "If-None-Match": first.headers["etag"]})

    assert again.status_code == 304 and again.content == b""
    assert changed.status_code == 200
    assert changed.headers["etag"] != first.headers["etag"]


async def test_invite_keeps_uid_and_raises_sequence_through_changes(world: World) -> None:
    visit, _ = await _booked(world)
    stop_id = visit["stops"][0]["id"]
    url = f"/api/stops/{stop_id}/invite.ics"
    first = await world.client.get(url, headers=world.officer)

    await world.client.patch(f"/api/visits/{visit['id']}/stops/{stop_id}",
                             json={"start": at("14:00")}, headers=world.officer)
    moved = await world.client.get(url, headers=world.officer)
    await world.post(f"/api/visits/{visit['id']}/cancel", {}, status=200)
    cancelled = await world.client.get(url, headers=world.officer)

    (m1, [e1]), (m2, [e2]), (m3, [e3]) = map(_events, (first.content, moved.content,
                                                        cancelled.content))
    assert (m1, m2, m3) == ("REQUEST", "REQUEST", "CANCEL")
    assert "method=REQUEST" in first.headers["content-type"]
    assert "method=CANCEL" in cancelled.headers["content-type"]
    assert e1["uid"] == e2["uid"] == e3["uid"]
    assert e1["sequence"] < e2["sequence"] < e3["sequence"]
    assert "mailto:host@example.kr" in str(e1["attendee"]).lower()
    assert e2.decoded("dtstart") == datetime(2027, 3, 9, 5, 0, tzinfo=UTC)


async def test_invite_of_another_host_is_403(world: World, client: httpx.AsyncClient) -> None:
    visit, _ = await _booked(world)
    await world.host([], "other@example.kr")
    await create_user("other@example.kr", "host", "other-password-1")
    other = await sign_in(client, "other@example.kr", "other-password-1")
    await create_user(HOST[0], "host", HOST[1])
    mine = await sign_in(client, *HOST)
    url = f"/api/stops/{visit['stops'][0]['id']}/invite.ics"

    assert (await client.get(url, headers=other)).status_code == 403
    assert (await client.get(url, headers=mine)).status_code == 200


async def test_share_link_serves_calendar_until_revoked(
    world: World, client: httpx.AsyncClient
) -> None:
    visit, _ = await _booked(world)
    share = await world.post(f"/api/visits/{visit['id']}/share", {}, status=200)
    path = httpx.URL(share["url"]).path

    anonymous = await client.get(path + "/itinerary.ics")
    tampered = await client.get(path[:-3] + ("AAA" if not path.endswith("AAA") else "BBB")
                                + "/itinerary.ics")
    revoked = await client.delete(f"/api/visits/{visit['id']}/share", headers=world.officer)
    after = await client.get(path + "/itinerary.ics")

    assert anonymous.status_code == 200
    assert _events(anonymous.content)[0] == "PUBLISH"
    assert tampered.status_code == 404
    assert revoked.json() == {"revoked": 1}
    assert after.status_code == 404
    assert datetime.fromisoformat(share["expires_at"]) > datetime(2027, 3, 16, tzinfo=UTC)


async def test_expired_share_link_is_404(world: World, client: httpx.AsyncClient) -> None:
    visit, _ = await _booked(world)
    share = await world.post(f"/api/visits/{visit['id']}/share", {}, status=200)
    await ShareLink.all().update(expires_at=datetime.now(UTC) - timedelta(seconds=1))

    response = await client.get(httpx.URL(share["url"]).path + "/itinerary.ics")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


async def test_host_feed_lists_their_stops(world: World, client: httpx.AsyncClient) -> None:
    visit, host = await _booked(world)

    feed = (await client.get(f"/api/hosts/{host['id']}/feed", headers=world.officer)).json()
    response = await client.get(httpx.URL(feed["url"]).path)
    forged = await client.get("/feeds/not-a-token/calendar.ics")

    assert response.status_code == 200
    _, events = _events(response.content)
    assert [e.decoded("dtstart") for e in events] == [datetime(2027, 3, 9, 1, 0, tzinfo=UTC)]
    assert "ORGANIZER" not in events[0]
    assert forged.status_code == 404
    assert visit["id"]


async def test_booking_changes_queue_mail_with_matching_invites(world: World) -> None:
    visit, _ = await _booked(world)
    stop_id = visit["stops"][0]["id"]
    await world.client.patch(f"/api/visits/{visit['id']}/stops/{stop_id}",
                             json={"start": at("15:00")}, headers=world.officer)
    await world.post(f"/api/visits/{visit['id']}/cancel", {}, status=200)

    outbox = (await world.client.get("/api/outbox", params={"visit_id": visit["id"]},
                                     headers=world.officer)).json()

    assert [m["ics_method"] for m in reversed(outbox)] == ["REQUEST", "REQUEST", "CANCEL"]
    for message in outbox:
        assert message["to"] == HOST[0]
        assert f"METHOD:{message['ics_method']}" in message["ics"]
        assert message["sent_at"] is None


async def test_refused_booking_queues_no_mail(world: World) -> None:
    visit, host = await _booked(world)

    await world.book(await world.delegation(), {"facility_id": visit["stops"][0]["facility_id"],
                                                "start": at("10:00"), "host_id": host["id"]},
                     status=409)

    assert await OutboxMessage.all().count() == 1


@pytest.mark.parametrize("path", ["/v/SECRETTOKEN/itinerary.pdf", "/feeds/SECRET/calendar.ics",
                                  "/v/SECRETTOKEN"])
def test_access_log_redacts_secret_links(path: str) -> None:
    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1,
                               '%s - "%s %s HTTP/%s" %d',
                               ("127.0.0.1:5000", "GET", path, "1.1", 200), None)

    RedactSecretPaths().filter(record)

    assert "SECRET" not in record.getMessage()
    assert "[redacted]" in record.getMessage()
