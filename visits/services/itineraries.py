"""Turns a visit's records into an `itineraries.model.Itinerary`, the renderers' input."""

from __future__ import annotations

from urllib.parse import urlsplit

from itineraries.model import (
    CompanionInfo,
    DelegationInfo,
    ItemInfo,
    Itinerary,
    Member,
    Person,
    Place,
    StopInfo,
)
from visits.domain.status import visit_status
from visits.models import CompanionAssignment, Delegation, ProgrammeItem, Stop, Visit
from visits.services.delegations import in_precedence
from visits.settings import Settings


def uid_domain(settings: Settings) -> str:
    host = urlsplit(settings.public_url).hostname if settings.public_url else None
    return host or "gyeonhak.invalid"


def _stop_info(stop: Stop) -> StopInfo:
    f, h = stop.facility, stop.host
    return StopInfo(
        stop_id=stop.id, status=stop.status, sequence=stop.sequence, start=stop.start,
        end=stop.end, party_size=stop.party_size,
        place=Place(facility_id=f.id, name=f.name, address=f.address, lat=f.lat, lon=f.lon,
                    description=f.description),
        host=Person(host_id=h.id, name=h.name, email=h.email, phone=h.phone),
    )


def item_info(item: ProgrammeItem) -> ItemInfo:
    return ItemInfo(
        item_id=item.id, kind=item.kind, title=item.title, start=item.start, end=item.end,
        sequence=item.sequence, place=item.place, address=item.address, lat=item.lat,
        lon=item.lon, notes=item.notes,
    )


def _delegation_info(d: Delegation) -> DelegationInfo:
    return DelegationInfo(
        name=d.name, country=d.country, city=d.city, language=d.language, size=d.size,
        contact_name=d.contact_name, contact_email=d.contact_email,
        members=tuple(Member(m.name, m.title, m.head, m.native_name)
                      for m in in_precedence(d.members)),
    )


async def build_itinerary(
    settings: Settings, visit: Visit, share_url: str | None = None
) -> Itinerary:
    delegation = await Delegation.get(id=visit.delegation_id).prefetch_related("members")  # type: ignore[attr-defined]
    stops = await Stop.filter(visit=visit).order_by("start", "position").select_related(
        "facility", "host"
    )
    items = await ProgrammeItem.filter(visit=visit).order_by("start", "id")
    return Itinerary(
        visit_id=visit.id, status=visit_status(visit.cancelled, (s.status for s in stops)),
        organisation=settings.org_name, organizer_email=settings.org_email,
        uid_domain=uid_domain(settings), timezone=settings.timezone,
        delegation=_delegation_info(delegation), stops=tuple(_stop_info(s) for s in stops),
        share_url=share_url, contact_phone=settings.org_phone,
        items=tuple(item_info(i) for i in items),
        companions=await _companions(visit),
    )


async def _companions(visit: Visit) -> tuple[CompanionInfo, ...]:
    rows = await CompanionAssignment.filter(visit=visit, live=True).order_by(
        "start", "id").select_related("companion")
    return tuple(companion_info(a) for a in rows)


def companion_info(a: CompanionAssignment) -> CompanionInfo:
    """One assignment (its companion loaded) as documents and invites show it."""
    c = a.companion
    return CompanionInfo(
        assignment_id=a.id, companion_id=c.id, kind=c.kind, name=c.name, start=a.start,
        end=a.end, email=c.email, phone=c.phone, languages=tuple(c.languages),
        seats=c.seats, sequence=a.sequence, live=a.live)


def stop_info(stop: Stop) -> StopInfo:
    """One stop (its facility and host loaded) as documents show it."""
    return _stop_info(stop)
