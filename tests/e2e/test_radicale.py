"""Our calendar files in a real CalDAV server (Radicale, on 127.0.0.1 in a subprocess).

CalDAV stores one calendar object per resource: every component in it shares one UID
(RFC 4791 §4.1, Radicale answers 400 otherwise) and it carries no METHOD, which belongs
to iTIP messages. So the visit calendar is split per VEVENT, each resource with the
VTIMEZONEs its event uses and without METHOD (Radicale 3.9 would store METHOD as given).
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from icalendar import Calendar, Component

from itineraries.ics import stop_invite, visit_calendar
from itineraries.model import stop_uid, visit_uid
from tests.e2e.servers import free_port
from tests.unit.itineraries.samples import (
    GURO_STOPS,
    STAMP,
    at,
    sample_itinerary,
    with_stop,
)

USER = "gyeonhak"  # auth type none: any name is let in, and owns /USER/
DAV = "{DAV:}"
CALENDAR_QUERY = """<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><D:getetag/><C:calendar-data/></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">
    <C:time-range start="20270309T000000Z" end="20270310T000000Z"/>
  </C:comp-filter></C:comp-filter></C:filter>
</C:calendar-query>"""


@dataclass
class Radicale:
    url: str
    process: subprocess.Popen[bytes]
    log: Path


@pytest.fixture(scope="module")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Radicale]:
    try:
        import radicale  # noqa: F401
    except ImportError:
        pytest.fail("radicale is not installed: `make test` syncs .venv with uv.lock (dev extra)",
                    pytrace=False)
    folder = tmp_path_factory.mktemp("radicale")
    server = start_radicale(folder)
    yield server
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


def start_radicale(folder: Path) -> Radicale:
    port = free_port()
    log = folder / "radicale.log"
    command = [sys.executable, "-m", "radicale", "--config", "",
               "--server-hosts", f"127.0.0.1:{port}", "--auth-type", "none",
               "--storage-filesystem-folder", str(folder / "collections"),
               "--logging-level", "info"]
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=out)
    server = Radicale(f"http://127.0.0.1:{port}", process, log)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"radicale exited:\n{log.read_text(errors='replace')}", pytrace=False)
        try:
            httpx.get(server.url + "/", timeout=1)
            return server
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    pytest.fail(f"radicale did not answer:\n{log.read_text(errors='replace')}", pytrace=False)


@pytest.fixture
def dav(radicale: Radicale) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=radicale.url, auth=(USER, "unused"), timeout=10) as client:
        yield client


def make_calendar(dav: httpx.Client, name: str) -> str:
    path = f"/{USER}/{name}/"
    response = dav.request("MKCALENDAR", path)
    assert response.status_code == 201, response.text
    return path


def caldav_resources(data: bytes) -> dict[str, bytes]:
    """One calendar object per UID: the event, the VTIMEZONEs it uses, no METHOD."""
    source = Calendar.from_ical(data)
    zones = {str(tz["TZID"]): tz for tz in source.walk("VTIMEZONE")}
    resources = {}
    for event in source.walk("VEVENT"):
        calendar = Calendar()
        for name in ("VERSION", "PRODID", "CALSCALE"):
            calendar.add(name, source[name])
        tzids = {event[name].params.get("TZID") for name in ("DTSTART", "DTEND")}
        for tzid in sorted(tzid for tzid in tzids if tzid):
            calendar.add_component(zones[tzid])
        calendar.add_component(event)
        resources[str(event["UID"])] = calendar.to_ical()
    return resources


def href_for(collection: str, uid: str) -> str:
    return collection + re.sub(r"[^A-Za-z0-9-]", "-", uid) + ".ics"


def put(dav: httpx.Client, href: str, body: bytes, **headers: str) -> httpx.Response:
    return dav.put(href, content=body, headers={"Content-Type": "text/calendar; charset=utf-8",
                                                **headers})


def query_day(dav: httpx.Client, collection: str) -> dict[str, Component]:
    """calendar-query REPORT for 2027-03-09: href → the stored VEVENT."""
    response = dav.request("REPORT", collection, content=CALENDAR_QUERY,
                           headers={"Depth": "1", "Content-Type": "application/xml"})
    assert response.status_code == 207, response.text
    found = {}
    for item in ET.fromstring(response.content).iter(f"{DAV}response"):  # noqa: S314 (our server)
        href = item.findtext(f"{DAV}href") or ""
        data = item.findtext(".//{urn:ietf:params:xml:ns:caldav}calendar-data") or ""
        found[href] = Calendar.from_ical(data).walk("VEVENT")[0]
    return found


def stored(dav: httpx.Client, href: str) -> Calendar:
    response = dav.get(href)
    assert response.status_code == 200, response.text
    return Calendar.from_ical(response.content)


def test_radicale_stores_visit_calendar_one_event_per_resource(dav: httpx.Client) -> None:
    itinerary = sample_itinerary()
    collection = make_calendar(dav, "visit-42")
    resources = caldav_resources(visit_calendar(itinerary, stamp=STAMP))

    statuses = [put(dav, href_for(collection, uid), body, **{"If-None-Match": "*"}).status_code
                for uid, body in resources.items()]

    assert statuses == [201, 201, 201]
    found = query_day(dav, collection)
    live = GURO_STOPS[:3]
    assert sorted(str(e["UID"]) for e in found.values()) == sorted(
        visit_uid(itinerary, s) for s in live)
    for stop in live:
        calendar = stored(dav, href_for(collection, visit_uid(itinerary, stop)))
        (event,) = calendar.walk("VEVENT")
        assert "METHOD" not in calendar
        assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Seoul"]
        assert event["DTSTART"].params["TZID"] == "Asia/Seoul"
        assert (event.start, event.end, event["SEQUENCE"]) == (stop.start, stop.end,
                                                               stop.sequence)


def test_radicale_refuses_several_uids_in_one_resource(dav: httpx.Client) -> None:
    collection = make_calendar(dav, "whole-visit")
    data = visit_calendar(sample_itinerary(), stamp=STAMP)

    response = put(dav, collection + "whole.ics", data)

    assert response.status_code == 400


def test_radicale_replaces_invite_with_rescheduled_version(dav: httpx.Client) -> None:
    itinerary = sample_itinerary()
    later = with_stop(itinerary, 101, start=at(15, 0), end=at(15, 30), sequence=3)
    collection = make_calendar(dav, "host-kim")
    uid = stop_uid(itinerary, itinerary.stops[0])
    (first,) = caldav_resources(stop_invite(itinerary, 101, stamp=STAMP)[0]).values()
    (second,) = caldav_resources(stop_invite(later, 101, stamp=STAMP)[0]).values()
    created = put(dav, href_for(collection, uid), first, **{"If-None-Match": "*"})

    replaced = put(dav, href_for(collection, uid), second, **{"If-Match": created.headers["ETag"]})
    elsewhere = put(dav, collection + "copy.ics", second)

    assert (created.status_code, replaced.status_code) == (201, 204)
    assert elsewhere.status_code == 409  # CalDAV no-uid-conflict: a UID lives at one href
    (event,) = stored(dav, href_for(collection, uid)).walk("VEVENT")
    assert (str(event["UID"]), event["SEQUENCE"], event.start) == (uid, 3, at(15, 0))
    assert list(query_day(dav, collection)) == [href_for(collection, uid)]


def test_radicale_keeps_cancellation_under_the_same_uid(dav: httpx.Client) -> None:
    itinerary = sample_itinerary()
    cancelled = with_stop(itinerary, 101, status="cancelled", sequence=3)
    collection = make_calendar(dav, "host-kim-cancel")
    uid = stop_uid(itinerary, itinerary.stops[0])
    (request,) = caldav_resources(stop_invite(itinerary, 101, stamp=STAMP)[0]).values()
    (cancel,) = caldav_resources(stop_invite(cancelled, 101, stamp=STAMP)[0]).values()
    put(dav, href_for(collection, uid), request, **{"If-None-Match": "*"})

    response = put(dav, href_for(collection, uid), cancel)

    assert response.status_code == 204
    (event,) = stored(dav, href_for(collection, uid)).walk("VEVENT")
    assert (str(event["UID"]), event["SEQUENCE"], str(event["STATUS"])) == (uid, 3, "CANCELLED")
