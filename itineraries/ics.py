"""Calendar files for one visit (RFC 5545): the visitors' calendar, a host's invite or its
cancellation (iTIP, RFC 5546) and a host's subscription feed.

User text only ever enters through icalendar's typed values: icalendar escapes TEXT
(backslash, `;`, `,`, line breaks), RFC 6868-encodes parameter values and folds lines at 75
octets on UTF-8 boundaries, so no name can add a property or close a component. Before that
we drop what RFC 5545 TEXT cannot carry (control characters) and turn every kind of line
break into one `\\n`, because other parsers split lines on more than CRLF.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from urllib.parse import quote

from babel import Locale, UnknownLocaleError
from icalendar import Calendar, Event, Timezone, vCalAddress, vDuration, vText

from itineraries.model import (
    CompanionInfo,
    ItemInfo,
    Itinerary,
    StopInfo,
    Text,
    item_uid,
    pick_text,
    stop_uid,
    visit_uid,
)

PRODID = "-//Gyeonhak//Itinerary calendars//KO"
LIVE = frozenset({"requested", "accepted"})
FEED_REFRESH = timedelta(hours=1)
_STATUS = {"requested": "TENTATIVE", "accepted": "CONFIRMED"}  # any other: CANCELLED
_PARTSTAT = {"requested": "NEEDS-ACTION", "accepted": "ACCEPTED", "declined": "DECLINED"}
_LINE_BREAKS = re.compile("\r\n|[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_ZONE_MARGIN = timedelta(days=366)
_SEP = " / "


class StopNotFound(LookupError):
    """The itinerary has no stop with that id."""


def visit_calendar(itinerary: Itinerary, *, stamp: datetime | None = None) -> bytes:
    """The visitors' download: METHOD:PUBLISH, one event per live stop and per programme
    item, in time order, no ORGANIZER (an ORGANIZER would make some apps offer to send
    replies to the protocol office)."""
    lang = itinerary.delegation.language
    calendar = _calendar(_visit_title(itinerary), "PUBLISH")
    timed: list[tuple[datetime, int, Event]] = []
    for stop in itinerary.stops:
        if stop.status in LIVE:
            event = _event(itinerary, stop, visit_uid(itinerary, stop), stamp)
            event.add("summary", _text(_bilingual(stop.place.name, lang)))
            event.add("description", _text(_visitor_description(itinerary, stop)))
            if itinerary.share_url:
                event.add("url", _uri(itinerary.share_url))
            timed.append((stop.start, 1, event))
    items = () if itinerary.status == "cancelled" else itinerary.items
    timed += [(item.start, 0, _item_event(itinerary, item, stamp)) for item in items]
    for _, _, event in sorted(timed, key=lambda t: (t[0], t[1])):
        calendar.add_component(event)
    return _finish(calendar, [*itinerary.stops, *items])


def _item_event(itinerary: Itinerary, item: ItemInfo, stamp: datetime | None) -> Event:
    """A programme item (arrival, a meal, the bus) in the visitors' calendar."""
    lang = itinerary.delegation.language
    event = Event()
    event.add("uid", item_uid(itinerary, item))
    event.add("dtstamp", _utc(stamp or datetime.now(UTC)))
    event.add("sequence", item.sequence)
    event.add("dtstart", _local(item.start, itinerary))
    event.add("dtend", _local(item.end, itinerary))
    event.add("status", "CONFIRMED")
    event.add("summary", _text(_bilingual(item.title, lang)))
    where = [_bilingual(text, lang) for text in (item.place, item.address) if text]
    if where:
        event.add("location", _text(", ".join(where)))
    if item.lat is not None and item.lon is not None:
        event.add("geo", (item.lat, item.lon))
    lines = [f"의전 담당 Protocol office: {itinerary.contact_phone}"] if (
        itinerary.contact_phone) else []
    if itinerary.share_url:
        lines.append(f"방문 안내 Visitor page: {itinerary.share_url}")
        event.add("url", _uri(itinerary.share_url))
    if lines:
        event.add("description", _text("\n".join(lines)))
    return event


def stop_invite(
    itinerary: Itinerary, stop_id: int, *, stamp: datetime | None = None
) -> tuple[bytes, str]:
    """The host's invite (METHOD:REQUEST) for a live stop, or METHOD:CANCEL for a cancelled or
    declined one; returns the file and its method, for `text/calendar; method=...`.

    The UID never changes for a stop; SEQUENCE is the stop's, which the app raises on every
    change (cancelling included), so a CANCEL always outranks the last REQUEST."""
    stop = _find_stop(itinerary, stop_id)
    method = "REQUEST" if stop.status in LIVE else "CANCEL"
    calendar = _calendar(_visit_title(itinerary), method)
    event = _event(itinerary, stop, stop_uid(itinerary, stop), stamp)
    event.add("summary", _text(_host_summary(itinerary, stop)))
    event.add("description", _text(_host_description(itinerary, stop)))
    event.add("organizer", _organizer(itinerary))
    event.add("attendee", _attendee(stop, rsvp=method == "REQUEST"))
    calendar.add_component(event)
    return _finish(calendar, [stop]), method


def host_feed(
    host_name: Text | str,
    entries: Sequence[tuple[Itinerary, StopInfo]],
    calendar_name: str,
    *,
    stamp: datetime | None = None,
) -> bytes:
    """A host's subscription: the given stops, cancelled ones kept as STATUS:CANCELLED.

    METHOD:PUBLISH (not none): it is what Google and Outlook put in the feeds they publish
    and what older Outlook requires to open a file as a calendar; an iTIP method other than
    PUBLISH would make a client treat the feed as an invitation. No ORGANIZER, so nothing
    offers to reply. UIDs differ from the invites' so a host holding both does not see the
    invite and the feed copy fight over one UID."""
    calendar = _calendar(calendar_name, "PUBLISH")
    description = f"{pick_text(host_name, 'ko')} — 견학 일정 Visits"
    calendar.add("x-wr-caldesc", vText(_one_line(description)))
    calendar.add("refresh-interval", FEED_REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(FEED_REFRESH))
    for itinerary, stop in entries:
        event = _event(itinerary, stop, _feed_uid(itinerary, stop), stamp)
        summary = _host_summary(itinerary, stop)
        if stop.status not in LIVE:  # for clients that ignore STATUS
            summary = f"[취소 Cancelled] {summary}"
        event.add("summary", _text(summary))
        event.add("description", _text(_host_description(itinerary, stop)))
        calendar.add_component(event)
    return _finish(calendar, [stop for _, stop in entries])


def _feed_uid(itinerary: Itinerary, stop: StopInfo) -> str:
    return f"host-stop-{stop.stop_id}@{itinerary.uid_domain}"


def _find_stop(itinerary: Itinerary, stop_id: int) -> StopInfo:
    for stop in itinerary.stops:
        if stop.stop_id == stop_id:
            return stop
    raise StopNotFound(f"visit {itinerary.visit_id} has no stop {stop_id}")


def _calendar(name: str, method: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    # icalendar 7.3 types NAME and X-WR-* as vUnknown and writes them unescaped: a line
    # break would end the property. Calendar names are one line, written as TEXT.
    calendar.add("x-wr-calname", vText(_one_line(name)))
    calendar.add("name", vText(_one_line(name)))
    return calendar


def _event(itinerary: Itinerary, stop: StopInfo, uid: str, stamp: datetime | None) -> Event:
    """What every kind of file says about a stop: identity, version, time, place, status."""
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", _utc(stamp or datetime.now(UTC)))
    event.add("sequence", stop.sequence)
    event.add("dtstart", _local(stop.start, itinerary))
    event.add("dtend", _local(stop.end, itinerary))
    event.add("status", _STATUS.get(stop.status, "CANCELLED"))
    event.add("location", _text(_bilingual(stop.place.address, itinerary.delegation.language)))
    if stop.place.lat is not None and stop.place.lon is not None:
        event.add("geo", (stop.place.lat, stop.place.lon))
    return event


def _finish(calendar: Calendar,
            stops: Sequence[StopInfo | ItemInfo | CompanionInfo]) -> bytes:
    """Adds a VTIMEZONE for every TZID used, covering the events' years with a year to spare."""
    days = [moment.date() for stop in stops for moment in (stop.start, stop.end)]
    if days:
        first, last = min(days) - _ZONE_MARGIN, max(days) + _ZONE_MARGIN
        for position, tzid in enumerate(sorted(calendar.get_missing_tzids())):
            zone = _vtimezone(tzid, date(first.year, 1, 1), date(last.year, 12, 31))
            if zone is not None:
                calendar.subcomponents.insert(position, zone)
    if missing := calendar.get_missing_tzids():  # icalendar cannot build every zone
        raise ValueError(f"no VTIMEZONE could be built for {sorted(missing)}")
    return bytes(calendar.to_ical())


@lru_cache(maxsize=64)
def _vtimezone(tzid: str, first: date, last: date) -> Timezone | None:
    """Building a VTIMEZONE walks the zone's history (about 40,000 offset look-ups, most of
    a calendar's cost); the same few zones and years recur, so each is built once."""
    try:
        return Timezone.from_tzid(tzid, first_date=first, last_date=last)
    except ValueError:
        return None


def _organizer(itinerary: Itinerary) -> vCalAddress:
    organizer = vCalAddress(_mailto(itinerary.organizer_email))
    organizer.params["CN"] = _one_line(pick_text(itinerary.organisation, "ko"))
    return organizer


def _attendee(stop: StopInfo, *, rsvp: bool) -> vCalAddress:
    attendee = vCalAddress(_mailto(stop.host.email))
    attendee.params["CN"] = _one_line(pick_text(stop.host.name, "ko"))
    attendee.params["CUTYPE"] = "INDIVIDUAL"
    attendee.params["ROLE"] = "REQ-PARTICIPANT"
    if stop.status in _PARTSTAT:
        attendee.params["PARTSTAT"] = _PARTSTAT[stop.status]
    attendee.params["RSVP"] = "TRUE" if rsvp else "FALSE"
    return attendee


def _visit_title(itinerary: Itinerary) -> str:
    lang = itinerary.delegation.language
    organisation = _bilingual(itinerary.organisation, lang)
    return f"{organisation} — {pick_text(itinerary.delegation.name, lang)}"


def _host_summary(itinerary: Itinerary, stop: StopInfo) -> str:
    place = _bilingual(stop.place.name, itinerary.delegation.language)
    return f"{place} — {pick_text(itinerary.delegation.name, 'ko')}"


def _visitor_description(itinerary: Itinerary, stop: StopInfo) -> str:
    lang = itinerary.delegation.language
    lines = [f"담당 Host: {_bilingual(stop.host.name, lang)}"]
    if stop.host.phone:
        lines.append(f"전화 Phone: {stop.host.phone}")
    lines.append(f"주소 Address: {_bilingual(stop.place.address, lang)}")
    if itinerary.contact_phone:
        lines.append(f"의전 담당 Protocol office: {itinerary.contact_phone}")
    if itinerary.share_url:
        lines.append(f"방문 안내 Visitor page: {itinerary.share_url}")
    return "\n".join(lines)


def _host_description(itinerary: Itinerary, stop: StopInfo) -> str:
    delegation = itinerary.delegation
    lines = [
        f"대표단 Delegation: {_bilingual(delegation.name, delegation.language)}",
        f"국가 Country: {_territory_name(delegation.country)}, {delegation.city}",
        f"언어 Language: {_language_name(delegation.language)}",
        f"인원 Party: {stop.party_size}",
        f"연락 Contact: {delegation.contact_name} <{delegation.contact_email}>",
        f"주소 Address: {pick_text(stop.place.address, 'ko')}",
    ]
    if itinerary.contact_phone:
        lines.append(f"의전 담당 Protocol office: {itinerary.contact_phone}")
    return "\n".join(lines)


def _territory_name(code: str) -> str:
    name = Locale("ko").territories.get(code.upper())
    return f"{name} ({code})" if name else code


def _language_name(tag: str) -> str:
    try:
        name = Locale.parse(tag, sep="-").get_display_name(Locale("ko"))
    except (ValueError, UnknownLocaleError):
        name = None
    return f"{name} ({tag})" if name else tag


def _bilingual(text: Text | str, lang: str) -> str:
    """Korean first, then the delegation's language; Korean alone when they are the same."""
    korean = pick_text(text, "ko")
    other = pick_text(text, lang)
    if lang.split("-", 1)[0].lower() == "ko" or other == korean or not other:
        return korean
    if not korean:
        return other
    return f"{korean}{_SEP}{other}"


def _text(value: str) -> str:
    """What RFC 5545 TEXT can carry: one kind of line break, no other control characters,
    no lone surrogates (they cannot be encoded as UTF-8)."""
    value = _LINE_BREAKS.sub("\n", value)
    return "".join(
        "\ufffd" if unicodedata.category(ch) == "Cs" else ch
        for ch in value
        if ch in "\t\n" or unicodedata.category(ch) != "Cc"
    )


def _one_line(value: str) -> str:
    """A parameter value (CN): a display name has no lines, and Outlook knows no RFC 6868."""
    return " ".join(_text(value).replace("\t", " ").split("\n")).strip()


def _mailto(email: str) -> str:
    """A mailto: URI; percent-encoding leaves real addresses alone and any control
    character or space unable to break the line."""
    return "mailto:" + quote(email.strip(), safe="@.+-_~!$&'*=")


def _uri(url: str) -> str:
    return quote(url.strip(), safe=":/?#[]@!$&'()*+,;=%~-._")


def _local(moment: datetime, itinerary: Itinerary) -> datetime:
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment.isoformat()}: stop times must be aware")
    return moment.astimezone(itinerary.timezone)


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment.isoformat()}: DTSTAMP must be aware")
    return moment.astimezone(UTC)


