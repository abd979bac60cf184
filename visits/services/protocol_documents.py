"""The protocol documents of SPEC §7.4: table tents for a visit, a briefing for a stop's host.

Loads the records, turns them into `itineraries.protocol` values and hands them to the
one render pool, so the tents and the briefing render, cache and time out exactly as the
itinerary does (content-keyed: the key is the ETag).
"""

from __future__ import annotations

from collections.abc import Iterable
from zoneinfo import ZoneInfo

from itineraries.model import Person, Place, Text, pick_text
from itineraries.protocol import Attendee, Briefing, EarlierVisit, HostAtVisit, NameCardSet
from visits.auth import Principal
from visits.errors import Forbidden
from visits.models import (
    FACILITY_KINDS,
    LIVE_STOP_STATUSES,
    CompanionAssignment,
    Delegation,
    DelegationMember,
    Facility,
    Stop,
    Visit,
    VisitRequest,
)
from visits.services import get_or_404
from visits.services.delegations import in_precedence
from visits.services.documents import PDF, Document
from visits.services.itineraries import stop_info
from visits.services.rendering import RenderPool
from visits.settings import Settings

EARLIER_VISITS = 5
# Stops read to find the earlier visits: enough for five visits of many stops each, and a
# bound on the cost of a country with a long history.
EARLIER_STOPS_READ = 100


def _attendee(member: DelegationMember) -> Attendee:
    return Attendee(name=member.name, native_name=member.native_name, title=member.title,
                    role=member.role, diet=member.diet, access=member.access)


async def _delegation(delegation_id: int) -> tuple[Delegation, tuple[Attendee, ...]]:
    delegation = await Delegation.get(id=delegation_id).prefetch_related("members")
    return delegation, tuple(_attendee(m) for m in in_precedence(delegation.members))


def _hosts_in_meeting_order(stops: Iterable[Stop]) -> tuple[HostAtVisit, ...]:
    people: dict[int, Person] = {}
    places: dict[int, list[Place]] = {}
    for stop in stops:
        info = stop_info(stop)
        people.setdefault(stop.host_id, info.host)  # type: ignore[attr-defined]
        places.setdefault(stop.host_id, []).append(info.place)  # type: ignore[attr-defined]
    return tuple(HostAtVisit(people[i], tuple(places[i])) for i in people)


async def name_cards(settings: Settings, renderer: RenderPool, visit: Visit) -> Document:
    """Table tents: the delegation's members in precedence order, then the hosts of the
    visit's live stops in the order the delegation meets them."""
    delegation, members = await _delegation(visit.delegation_id)  # type: ignore[attr-defined]
    stops = await Stop.filter(visit=visit, status__in=LIVE_STOP_STATUSES).order_by(
        "start", "position").select_related("facility", "host")
    cards = NameCardSet(
        visit_id=visit.id, organisation=settings.org_name, delegation_name=delegation.name,
        language=delegation.language, members=members,
        hosts=_hosts_in_meeting_order(stops),
    )
    key, data = await renderer.name_cards(cards)
    return Document(data, key, PDF, f"name-cards-{visit.id}.pdf")


async def briefing_stop(who: Principal, stop_id: int) -> Stop:
    """The stop, for its own host or an officer; any other host is refused."""
    stop = await get_or_404(Stop, stop_id, "stop")
    if not who.is_officer and stop.host_id != who.host_id:  # type: ignore[attr-defined]
        raise Forbidden("Only the stop's own host may read its briefing.")
    return stop


async def _interests(request: VisitRequest | None) -> tuple[tuple[str, ...], tuple[Text, ...]]:
    if request is None:
        return (), ()
    kinds = tuple(i for i in request.interests if i in FACILITY_KINDS)
    codes = [i for i in request.interests if i not in FACILITY_KINDS]
    named = {f.code: f.name for f in await Facility.filter(code__in=codes)} if codes else {}
    return kinds, tuple(named[c] for c in codes if c in named)


async def _earlier_visits(country: str, stop: Stop, zone: ZoneInfo) -> tuple[EarlierVisit, ...]:
    """The newest visits from `country` before this stop (cancelled visits left out)."""
    stops = await Stop.filter(
        visit__delegation__country=country, visit__cancelled=False,
        status__in=LIVE_STOP_STATUSES, start__lt=stop.start,
    ).exclude(visit_id=stop.visit_id).order_by("-start", "-id").limit(
        EARLIER_STOPS_READ).select_related("facility", "visit__delegation")
    visits: dict[int, list[Stop]] = {}
    for earlier in stops:
        if len(visits) == EARLIER_VISITS and earlier.visit_id not in visits:  # type: ignore[attr-defined]
            break
        visits.setdefault(earlier.visit_id, []).append(earlier)  # type: ignore[attr-defined]
    return tuple(_earlier(list(reversed(found)), zone) for found in visits.values())


def _earlier(stops: list[Stop], zone: ZoneInfo) -> EarlierVisit:
    first = stops[0]
    return EarlierVisit(day=first.start.astimezone(zone).date(),
                        delegation_name=first.visit.delegation.name,
                        places=tuple(s.facility.name for s in stops))


async def _interpreters(stop: Stop) -> tuple[str, ...]:
    """Interpreters going with the visit while the stop lasts, as "이수진 (010-…)"."""
    rows = await CompanionAssignment.filter(
        visit_id=stop.visit_id, live=True, companion__kind="interpreter",  # type: ignore[attr-defined]
        start__lt=stop.end, end__gt=stop.start).order_by("start").select_related("companion")
    return tuple(
        pick_text(a.companion.name, "ko") + (f" ({a.companion.phone})" if a.companion.phone
                                             else "")
        for a in rows)


async def briefing(settings: Settings, renderer: RenderPool, stop: Stop) -> Document:
    """The host's briefing for one stop, in Korean."""
    await stop.fetch_related("facility", "host", "visit")
    delegation, members = await _delegation(stop.visit.delegation_id)  # type: ignore[attr-defined]
    request = await VisitRequest.filter(delegation_id=delegation.id).order_by("-id").first()
    kinds, places = await _interests(request)
    document = Briefing(
        stop=stop_info(stop), timezone=settings.timezone, organisation=settings.org_name,
        delegation_name=delegation.name, country=delegation.country, city=delegation.city,
        language=delegation.language, size=delegation.size, members=members,
        host_languages=tuple(stop.host.languages), interest_kinds=kinds,
        interest_places=places,
        interpreter_needed=request.interpreter_needed if request else None,
        interpreters=await _interpreters(stop),
        earlier=await _earlier_visits(delegation.country, stop, settings.timezone),
    )
    key, data = await renderer.briefing(document)
    return Document(data, key, PDF, f"briefing-stop-{stop.id}.pdf")
