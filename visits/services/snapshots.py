"""A published version's snapshot: the renderers' input (`itineraries.model.Itinerary`)
as JSON, taken when the version is published, so that rendering a version is rendering
its snapshot with the same renderer as the live visit.

What comes from the settings or the request (the organisation, its time zone and e-mail,
the share URL) is not part of it: those are the office's, not the version's. Times are
kept in UTC; each stop's `sequence` is its event's SEQUENCE in that version's calendar.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from itineraries.model import (
    ChangeNote,
    CompanionInfo,
    DelegationInfo,
    ItemInfo,
    Itinerary,
    Member,
    Person,
    Place,
    StopInfo,
    StopVersion,
)
from visits.domain.versions import Change, ItemChange, ItemState, StopState, stop_sequences
from visits.services.itineraries import uid_domain
from visits.settings import Settings

FORMAT = 1
Snapshot = dict[str, Any]


def snapshot_of(itinerary: Itinerary) -> Snapshot:
    d = itinerary.delegation
    return {
        "format": FORMAT,
        "status": itinerary.status,
        "delegation": {
            "name": d.name, "country": d.country, "city": d.city, "language": d.language,
            "size": d.size, "contact_name": d.contact_name, "contact_email": d.contact_email,
            "members": [{"name": m.name, "title": m.title, "head": m.head} for m in d.members],
        },
        "stops": [_stop_json(s) for s in itinerary.stops],
        "items": [_item_json(i) for i in itinerary.items],
        "companions": [_companion_json(c) for c in itinerary.companions],
    }


def _item_json(item: ItemInfo) -> dict[str, Any]:
    return {
        "item_id": item.item_id, "kind": item.kind, "title": item.title,
        "sequence": item.sequence, "start": _utc(item.start), "end": _utc(item.end),
        "place": item.place, "address": item.address, "lat": item.lat, "lon": item.lon,
        "notes": item.notes,
    }


def _item_info(item: dict[str, Any]) -> ItemInfo:
    return ItemInfo(
        item_id=item["item_id"], kind=item["kind"], title=item["title"],
        start=_moment(item["start"]), end=_moment(item["end"]), sequence=item["sequence"],
        place=item["place"], address=item["address"], lat=item["lat"], lon=item["lon"],
        notes=item["notes"],
    )


def _companion_json(c: CompanionInfo) -> dict[str, Any]:
    """What the visitors see of a companion: no e-mail address."""
    return {"assignment_id": c.assignment_id, "companion_id": c.companion_id, "kind": c.kind,
            "name": c.name, "phone": c.phone, "start": _utc(c.start), "end": _utc(c.end)}


def _companion_info(c: dict[str, Any]) -> CompanionInfo:
    return CompanionInfo(assignment_id=c["assignment_id"], companion_id=c["companion_id"],
                         kind=c["kind"], name=c["name"], phone=c["phone"],
                         start=_moment(c["start"]), end=_moment(c["end"]))


def _stop_json(stop: StopInfo) -> dict[str, Any]:
    p, h = stop.place, stop.host
    return {
        "stop_id": stop.stop_id, "status": stop.status, "sequence": stop.sequence,
        "start": _utc(stop.start), "end": _utc(stop.end), "party_size": stop.party_size,
        "place": {"facility_id": p.facility_id, "name": p.name, "address": p.address,
                  "lat": p.lat, "lon": p.lon, "description": p.description},
        "host": {"host_id": h.host_id, "name": h.name, "email": h.email, "phone": h.phone},
    }


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text)


def itinerary_of(settings: Settings, visit_id: int, snapshot: Snapshot, *,
                 share_url: str | None, version: int | None = None,
                 changes: tuple[ChangeNote, ...] = ()) -> Itinerary:
    """The snapshot ready to render, with the office's details of today."""
    d = snapshot["delegation"]
    delegation = DelegationInfo(
        name=d["name"], country=d["country"], city=d["city"], language=d["language"],
        size=d["size"], contact_name=d["contact_name"], contact_email=d["contact_email"],
        members=tuple(Member(m["name"], m["title"], m["head"]) for m in d["members"]),
    )
    return Itinerary(
        visit_id=visit_id, status=snapshot["status"], organisation=settings.org_name,
        organizer_email=settings.org_email, uid_domain=uid_domain(settings),
        timezone=settings.timezone, delegation=delegation,
        stops=tuple(_stop_info(s) for s in snapshot["stops"]), share_url=share_url,
        contact_phone=settings.org_phone, version=version, changes=changes,
        items=tuple(_item_info(i) for i in snapshot.get("items", ())),
        # Versions published before companions existed have none.
        companions=tuple(_companion_info(c) for c in snapshot.get("companions", ())),
    )


def _stop_info(stop: dict[str, Any]) -> StopInfo:
    p, h = stop["place"], stop["host"]
    return StopInfo(
        stop_id=stop["stop_id"], status=stop["status"], sequence=stop["sequence"],
        start=_moment(stop["start"]), end=_moment(stop["end"]), party_size=stop["party_size"],
        place=Place(facility_id=p["facility_id"], name=p["name"], address=p["address"],
                    lat=p["lat"], lon=p["lon"], description=p["description"]),
        host=Person(host_id=h["host_id"], name=h["name"], email=h["email"], phone=h["phone"]),
    )


def erased(snapshot: Snapshot) -> Snapshot:
    """The snapshot without the delegation's personal data (visits.services.retention):
    members become "Member N" in the order shown, titles and roles kept; no contact."""
    d = snapshot["delegation"]
    members = [{**m, "name": f"Member {n}"} for n, m in enumerate(d["members"], 1)]
    return {**snapshot, "delegation": {**d, "members": members, "contact_name": "",
                                       "contact_email": ""}}


# ---------------------------------------------------------------- comparing versions

def stop_states(snapshot: Snapshot | None) -> list[StopState] | None:
    if snapshot is None:
        return None
    return [StopState(stop_id=s["stop_id"], facility_id=s["place"]["facility_id"],
                      facility_name=s["place"]["name"], start=_moment(s["start"]),
                      end=_moment(s["end"]), host_id=s["host"]["host_id"],
                      host_name=s["host"]["name"], status=s["status"])
            for s in snapshot["stops"]]


def item_states(snapshot: Snapshot | None) -> list[ItemState] | None:
    if snapshot is None:
        return None
    return [ItemState(item_id=i["item_id"], title=i["title"], start=_moment(i["start"]),
                      end=_moment(i["end"])) for i in snapshot.get("items", ())]


def content(snapshot: Snapshot) -> Snapshot:
    """What a visitor reads: everything but the calendar's sequence numbers (a version
    published before programme items existed reads as one without items)."""
    stops = [{k: v for k, v in s.items() if k != "sequence"} for s in snapshot["stops"]]
    items = [{k: v for k, v in i.items() if k != "sequence"} for i in snapshot.get("items", ())]
    return {**snapshot, "stops": stops, "items": items}


def with_sequences(snapshot: Snapshot, previous: Snapshot | None) -> Snapshot:
    """`snapshot` with each stop's SEQUENCE for the visitors' calendar: raised only for
    the stops whose entry differs from the previous version's."""
    before = {s["stop_id"]: s for s in content(previous)["stops"]} if previous else {}
    now = content(snapshot)["stops"]
    changed = {s["stop_id"] for s in now if before.get(s["stop_id"]) != s}
    numbers = stop_sequences(
        {s["stop_id"]: s["sequence"] for s in previous["stops"]} if previous else None,
        changed, (s["stop_id"] for s in now))
    items_before = {i["item_id"]: i for i in content(previous)["items"]} if previous else {}
    items_now = content(snapshot)["items"]
    items_changed = {i["item_id"] for i in items_now if items_before.get(i["item_id"]) != i}
    item_numbers = stop_sequences(
        {i["item_id"]: i["sequence"] for i in previous.get("items", ())} if previous else None,
        items_changed, (i["item_id"] for i in items_now))
    return {**snapshot, "stops": [{**s, "sequence": numbers[s["stop_id"]]} for s in now],
            "items": [{**i, "sequence": item_numbers[i["item_id"]]} for i in items_now]}


# ---------------------------------------------------------------- changes as JSON and notes

def change_json(change: Change) -> dict[str, Any]:
    """`{kind, item: {stop_id, facility_id, facility_name}, before?, after?}`."""
    stop = change.stop
    out: dict[str, Any] = {
        "kind": change.kind,
        "item": {"stop_id": stop.stop_id, "facility_id": stop.facility_id,
                 "facility_name": stop.facility_name},
    }
    if change.before is not None:
        out["before"] = _side_json(change.before)
    if change.after is not None:
        out["after"] = _side_json(change.after)
    return out


def item_change_json(change: ItemChange) -> dict[str, Any]:
    """`{kind, item: {item_id, title}, before?, after?}`: a programme item's change."""
    item = change.item
    out: dict[str, Any] = {"kind": change.kind,
                           "item": {"item_id": item.item_id, "title": item.title}}
    for side, state in (("before", change.before), ("after", change.after)):
        if state is not None:
            out[side] = {"start": _utc(state.start), "end": _utc(state.end)}
    return out


def _side_json(stop: StopState) -> dict[str, Any]:
    return {"start": _utc(stop.start), "end": _utc(stop.end), "host_id": stop.host_id,
            "host_name": stop.host_name, "status": stop.status}


def change_notes(changes: list[dict[str, Any]]) -> tuple[ChangeNote, ...]:
    """A version's stored changes as the renderers take them."""
    return tuple(ChangeNote(kind=c["kind"], place=_named(c["item"]),
                            before=_side(c.get("before")), after=_side(c.get("after")))
                 for c in changes)


def _named(item: dict[str, Any]) -> Any:
    """What a change line names: a stop's facility, or a programme item's title."""
    return item["facility_name"] if "facility_name" in item else item["title"]


def _side(side: dict[str, Any] | None) -> StopVersion | None:
    if side is None:
        return None
    return StopVersion(_moment(side["start"]), _moment(side["end"]), side.get("host_name", ""))

