"""A CalDAV collection read with two requests of RFC 4791 through the guarded fetcher:
PROPFIND for the collection's CTag (unchanged → nothing more to do) and a calendar-query
REPORT limited to the horizon, which returns the events with their recurrences (the
server may expand nothing: `reading` expands them)."""

from __future__ import annotations

from datetime import datetime
from xml.etree import ElementTree

from visits.calendars.fetching import Fetched, FetchLimits, fetch
from visits.calendars.problems import CalendarProblem

DAV, CALDAV, CS = "DAV:", "urn:ietf:params:xml:ns:caldav", "http://calendarserver.org/ns/"
PROPFIND = (b'<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:" '
            b'xmlns:cs="http://calendarserver.org/ns/"><d:prop><cs:getctag/><d:sync-token/>'
            b'</d:prop></d:propfind>')
REPORT = ('<?xml version="1.0" encoding="utf-8"?><c:calendar-query xmlns:d="DAV:" '
          'xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><c:calendar-data/></d:prop>'
          '<c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT">'
          '<c:time-range start="{lo}" end="{hi}"/></c:comp-filter></c:comp-filter>'
          '</c:filter></c:calendar-query>')
XML = {"Content-Type": "application/xml; charset=utf-8"}


def _checked(answer: Fetched) -> Fetched:
    if answer.status in (401, 403):
        raise CalendarProblem("unauthorised")
    if answer.status != 207:
        raise CalendarProblem("http_status", str(answer.status))
    return answer


def _tree(data: bytes) -> ElementTree.Element:
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise CalendarProblem("malformed")
    try:
        return ElementTree.fromstring(data)  # noqa: S314 - no DTD or entity (refused above)
    except ElementTree.ParseError:
        raise CalendarProblem("malformed") from None


async def collection_tag(url: str, auth: tuple[str, str] | None, limits: FetchLimits) -> str:
    """The collection's CTag (or sync token): it changes whenever an event does."""
    answer = _checked(await fetch("PROPFIND", url, limits, headers={**XML, "Depth": "0"},
                                  body=PROPFIND, auth=auth))
    tree = _tree(answer.body)
    for name in (f"{{{CS}}}getctag", f"{{{DAV}}}sync-token"):
        found = tree.find(f".//{name}")
        if found is not None and (found.text or "").strip():
            return (found.text or "").strip()[:500]
    return ""


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%SZ")


async def calendar_objects(url: str, auth: tuple[str, str] | None, lo: datetime,
                           hi: datetime, limits: FetchLimits) -> list[bytes]:
    """The iCalendar text of every event object meeting [lo, hi) (UTC)."""
    body = REPORT.format(lo=_stamp(lo), hi=_stamp(hi)).encode()
    answer = _checked(await fetch("REPORT", url, limits, headers={**XML, "Depth": "1"},
                                  body=body, auth=auth))
    tree = _tree(answer.body)
    return [(node.text or "").encode() for node in tree.iter(f"{{{CALDAV}}}calendar-data")
            if (node.text or "").strip()]
