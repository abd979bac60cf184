"""A companion's own invite (METHOD:REQUEST) to go with a visit, or its METHOD:CANCEL once
the assignment is removed. The same escaping and zones as every other calendar file."""

from __future__ import annotations

from datetime import UTC, datetime

from icalendar import Event, vCalAddress

from itineraries.ics import (
    _bilingual,
    _calendar,
    _finish,
    _language_name,
    _local,
    _mailto,
    _one_line,
    _organizer,
    _text,
    _utc,
)
from itineraries.model import CompanionInfo, Itinerary, companion_uid, pick_text

KIND_WORDS = {"interpreter": "통역 Interpreter", "escort": "수행 Escort",
              "driver": "운전 Driver", "vehicle": "차량 Vehicle"}


def companion_invite(itinerary: Itinerary, companion: CompanionInfo, *,
                     stamp: datetime | None = None) -> tuple[bytes, str]:
    """The companion's file and its method (REQUEST while live, CANCEL once removed)."""
    method = "REQUEST" if companion.live and itinerary.status != "cancelled" else "CANCEL"
    lang = itinerary.delegation.language
    delegation = pick_text(itinerary.delegation.name, "ko")
    summary = f"{KIND_WORDS.get(companion.kind, companion.kind)} — {delegation}"
    calendar = _calendar(summary, method)
    event = Event()
    event.add("uid", companion_uid(itinerary, companion))
    event.add("dtstamp", _utc(stamp or datetime.now(UTC)))
    event.add("sequence", companion.sequence)
    event.add("dtstart", _local(companion.start, itinerary))
    event.add("dtend", _local(companion.end, itinerary))
    event.add("status", "CONFIRMED" if method == "REQUEST" else "CANCELLED")
    event.add("summary", _text(summary))
    event.add("description", _text(_description(itinerary, companion, lang)))
    event.add("organizer", _organizer(itinerary))
    if companion.email:
        event.add("attendee", _attendee(companion))
    calendar.add_component(event)
    return _finish(calendar, [companion]), method


def _attendee(companion: CompanionInfo) -> vCalAddress:
    attendee = vCalAddress(_mailto(companion.email))
    attendee.params["CN"] = _one_line(pick_text(companion.name, "ko"))
    attendee.params["CUTYPE"] = "RESOURCE" if companion.kind == "vehicle" else "INDIVIDUAL"
    attendee.params["ROLE"] = "REQ-PARTICIPANT"
    attendee.params["RSVP"] = "FALSE"
    return attendee


def _description(itinerary: Itinerary, companion: CompanionInfo, lang: str) -> str:
    delegation = itinerary.delegation
    lines = [f"대표단 Delegation: {_bilingual(delegation.name, lang)}",
             f"언어 Language: {_language_name(delegation.language)}",
             f"인원 Party: {delegation.size}"]
    for stop in itinerary.stops:
        if stop.status in ("requested", "accepted") and (
                companion.start < stop.end and stop.start < companion.end):
            start = stop.start.astimezone(itinerary.timezone)
            lines.append(f"{start:%H:%M} {_bilingual(stop.place.name, lang)} — "
                         f"{pick_text(stop.place.address, 'ko')}")
    if itinerary.contact_phone:
        lines.append(f"의전 담당 Protocol office: {itinerary.contact_phone}")
    return "\n".join(lines)

