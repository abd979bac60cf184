"""Visit requests as the contract shows them, with the availability of each wished date:
for every wished facility (a kind: the active facilities of that kind; a code: that
facility), whether it has room for the party that day, by the slots endpoint's engine."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from visits.contract.catalog import MemberOut
from visits.contract.fields import as_given
from visits.contract.requests import (
    DateAvailability,
    FacilityRoom,
    RequestContactOut,
    RequestNoteOut,
    RequestOut,
)
from visits.models import FACILITY_KINDS, Facility, VisitRequest
from visits.services.availability import RoomAsk, RoomCache, room_for
from visits.settings import Settings


def wished_facilities(request: VisitRequest, active: Sequence[Facility]) -> list[Facility]:
    """The facilities the interests name, in the order of the interests, each once."""
    chosen: dict[int, Facility] = {}
    for interest in request.interests:
        matches = [f for f in active if (f.kind if interest in FACILITY_KINDS else f.code)
                   == interest]
        chosen.update((f.id, f) for f in sorted(matches, key=lambda f: f.id))
    return list(chosen.values())


async def describe_requests(settings: Settings, requests: Sequence[VisitRequest],
                            cache: RoomCache | None = None) -> list[RequestOut]:
    """`requests` need `request_notes` fetched; `cache`: see `room_for` (outside a
    transaction only)."""
    wished, rooms = await _rooms(settings, requests, cache)
    return [_out(r, wished[r.id], rooms) for r in requests]


async def _rooms(settings: Settings, requests: Sequence[VisitRequest],
                 cache: RoomCache | None
                 ) -> tuple[dict[int, list[Facility]], dict[RoomAsk, bool]]:
    """Each request's wished facilities and, by the slots engine, the room of each on
    each wished date for the party."""
    active = await Facility.filter(is_active=True).prefetch_related("closures")
    wished = {r.id: wished_facilities(r, active) for r in requests}
    asks: set[RoomAsk] = {(f.id, date.fromisoformat(day), r.size)
                          for r in requests for f in wished[r.id] for day in r.dates}
    return wished, await room_for(settings, active, asks, cache)


@dataclass(frozen=True)
class DayRoom:
    """One wished date in short, as the officer's inbox shows it: whether every wished
    facility (or none) has room, else the first `named` facilities (those without room
    first, then in the order wished) and how many more there are."""
    date: date
    wished: int
    all_room: bool
    no_room: bool
    named: list[tuple[dict[str, str], bool]]
    more: int


async def summarise_requests(settings: Settings, requests: Sequence[VisitRequest],
                             cache: RoomCache | None = None, named: int = 3
                             ) -> dict[int, list[DayRoom]]:
    """Per request id, its wished dates in short (see `DayRoom`), from the same engine and
    cache as `describe_requests`, without building every facility's line."""
    wished, rooms = await _rooms(settings, requests, cache)
    summaries: dict[int, list[DayRoom]] = {}
    for request in requests:
        days = []
        for day in map(date.fromisoformat, request.dates):
            facilities = wished[request.id]
            room = [(f, rooms.get((f.id, day, request.size), False)) for f in facilities]
            with_room = sum(1 for _, has in room if has)
            first = sorted(room, key=lambda fr: fr[1])[:named]  # stable: wished order kept
            days.append(DayRoom(
                date=day, wished=len(room), all_room=bool(room) and with_room == len(room),
                no_room=bool(room) and with_room == 0,
                named=[(f.name, has) for f, has in first], more=len(room) - len(first)))
        summaries[request.id] = days
    return summaries


async def describe_request(settings: Settings, request: VisitRequest,
                           cache: RoomCache | None = None) -> RequestOut:
    return (await describe_requests(settings, [request], cache))[0]


def _availability(request: VisitRequest, facilities: list[Facility],
                  rooms: dict[RoomAsk, bool]) -> list[DateAvailability]:
    days = []
    for day in map(date.fromisoformat, request.dates):
        # Facts read from the database as they are, fifty requests by twenty facilities
        # a page: built without validating each again (a sixth of the list's time).
        shown = [FacilityRoom.model_construct(facility_id=f.id, code=f.code, name=f.name,
                                              room=rooms.get((f.id, day, request.size), False))
                 for f in facilities]
        days.append(DateAvailability(date=day, facilities=shown,
                                     all_room=bool(shown) and all(f.room for f in shown)))
    return days


def _members(request: VisitRequest) -> list[MemberOut]:
    ranked = sorted(enumerate(request.members),
                    key=lambda im: (im[1].get("rank") is None, im[1].get("rank") or 0, im[0]))
    return [MemberOut(**member) for _, member in ranked]


def _out(request: VisitRequest, facilities: list[Facility],
         rooms: dict[RoomAsk, bool]) -> RequestOut:
    return RequestOut(
        id=request.id, status=request.status, organisation=as_given(request.organisation),
        country=request.country, city=request.city, language=request.language,
        form_language=request.form_language, size=request.size,
        contact=RequestContactOut(name=request.contact_name, email=request.contact_email,
                               phone=request.contact_phone),
        members=_members(request), dates=[date.fromisoformat(d) for d in request.dates],
        interests=request.interests, interpreter_needed=request.interpreter_needed,
        notes=request.notes, decline_reason=request.decline_reason,
        delegation_id=request.delegation_id,  # type: ignore[attr-defined]
        visit_id=request.visit_id,  # type: ignore[attr-defined]
        created_at=request.created_at, updated_at=request.updated_at,
        messages=[RequestNoteOut(author=n.author, text=n.text, created_at=n.created_at)
                  for n in request.request_notes],
        availability=_availability(request, facilities, rooms),
    )
