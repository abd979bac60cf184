"""Visits and their stops: book, reschedule, cancel, answer — every rule from visits.domain.

Each use case is one transaction: lock the rows concerned (visits.store), load what the rules
read, decide with the domain, write, and record the change in the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from tortoise.exceptions import IntegrityError

from visits import domain, mail, store
from visits.answer_links import answer_token, answer_url
from visits.audit import record_change
from visits.auth import Principal
from visits.contract.booking import StopPatch, VisitCreate
from visits.domain.status import visit_status as domain_visit_status
from visits.errors import Conflict, Forbidden, Invalid, NotFound
from visits.models import (
    LIVE_STOP_STATUSES,
    AuditEvent,
    Delegation,
    ProgrammeItem,
    Stop,
    Visit,
)
from visits.services import companions, get_or_404, programme, unknown
from visits.services.itineraries import build_itinerary
from visits.settings import Settings

# A stop's occupancy can reach past its own day by at most a buffer: a day of margin on
# each side loads every booking that can matter.
MARGIN = timedelta(days=1)
# Mails that ask the host for an answer.
ASKING = ("request", "reschedule")
BOOKED_JUST_NOW = "Someone else booked the host at that time just now: choose another time."


@dataclass(frozen=True)
class PlannedStop:
    facility: domain.Facility
    host: domain.Host
    start: datetime
    end: datetime
    party_size: int


def visit_status(visit: Visit, stops: list[Stop]) -> str:
    return domain_visit_status(visit.cancelled, (s.status for s in stops),
                               closed=visit.closed_at is not None)


def _stop_snapshot(stop: Stop) -> dict[str, Any]:
    return {
        "facility_id": stop.facility_id,  # type: ignore[attr-defined]
        "host_id": stop.host_id,  # type: ignore[attr-defined]
        "start": stop.start.isoformat(),
        "end": stop.end.isoformat(),
        "party_size": stop.party_size,
        "status": stop.status,
    }


stop_snapshot = _stop_snapshot  # for the other use cases' audit entries (delays)


def _blame(violation: domain.RuleViolation, field: str) -> domain.RuleViolation:
    return violation if violation.field else violation.at(field)


async def _scene_for(
    settings: Settings, facility_ids: set[int], host_ids: set[int], starts: list[datetime],
    ends: list[datetime], ignore_visit_id: int | None = None,
) -> tuple[dict[int, domain.Facility], dict[int, domain.Host], list[domain.Booking],
           domain.Policy]:
    facilities = await store.load_facilities(facility_ids)
    lo, hi = min(starts) - MARGIN, max(ends) + MARGIN
    hosts = await store.load_hosts(ids=host_ids, facility_ids=facility_ids, between=(lo, hi))
    bookings = await store.load_bookings(facility_ids, hosts, lo, hi)
    tz = settings.timezone
    policy = await store.load_policy(
        settings, lo.astimezone(tz).date(), hi.astimezone(tz).date()
    )
    return facilities, hosts, bookings, policy


def _plan_stops(
    body: VisitCreate, delegation: Delegation, facilities: dict[int, domain.Facility],
    hosts: dict[int, domain.Host], pending: list[domain.Booking], policy: domain.Policy,
    durations: dict[int, int], travel: domain.TravelTable, prefix: str = "",
    visit_key: int = -1,
) -> list[PlannedStop]:
    """Every stop checked against what is booked (`pending`, which grows with each stop
    planned, so later visits of the same request see earlier ones) and against the visit's
    earlier stops. Error fields are prefixed with `prefix` (e.g. "visits[2]."). The visit
    not being stored yet, its planned stops carry `visit_key` (negative, one per visit of
    the request) as their visit, so that weekly quotas count each new visit once."""
    for i, (a, b) in enumerate(zip(body.stops, body.stops[1:], strict=False)):
        if b.start <= a.start:
            raise Invalid("Stop {later} does not start after stop {earlier}: list the stops in "
                          "time order.", code="stops_out_of_order",
                          field=f"{prefix}stops[{i + 1}]", later=i + 2, earlier=i + 1)
    spans = []
    for i, req in enumerate(body.stops):
        if req.facility_id not in facilities:
            raise unknown("facility", req.facility_id, f"{prefix}stops[{i}].facility_id")
        if req.host_id is not None and req.host_id not in hosts:
            raise unknown("host", req.host_id, f"{prefix}stops[{i}].host_id")
        end = req.start + timedelta(minutes=req.duration_min or durations[req.facility_id])
        spans.append((facilities[req.facility_id], req.start, end))
    try:
        domain.check_visit_sequence(spans, travel)
    except domain.RuleViolation as violation:
        raise violation.at(f"{prefix}{violation.field}") if prefix else violation from None
    planned: list[PlannedStop] = []
    for i, (req, (facility, start, end)) in enumerate(zip(body.stops, spans, strict=True)):
        party = req.party_size or delegation.size
        try:
            if req.host_id is not None:
                host = hosts[req.host_id]
                domain.check_stop(facility, host, pending, policy, start, end, party,
                                  visit_id=visit_key)
            else:
                team = [h for h in hosts.values() if facility.id in h.facility_ids]
                host = domain.pick_host(
                    facility, sorted(team, key=lambda h: h.id), pending, policy, start, end,
                    party, delegation.language, visit_id=visit_key,
                )
        except domain.RuleViolation as violation:
            raise _blame(violation, f"{prefix}stops[{i}]") from None
        planned.append(PlannedStop(facility, host, start, end, party))
        pending.append(domain.Booking(-len(pending) - 1, visit_key, facility.id, host.id, start,
                                      end, party, facility.buffer))
    return planned


def _check_items(body: VisitCreate, planned: list[PlannedStop], prefix: str) -> None:
    """The programme items booked with the visit (the day planner's lunch) against its
    stops: the rule of POST /api/visits/{id}/items."""
    items = [programme.new_item(item) for item in body.items]
    try:
        domain.check_programme(items, [domain.StopTime(p.facility, p.start, p.end)
                                       for p in planned])
    except domain.RuleViolation as violation:
        raise violation.at(f"{prefix}{violation.field}") from None


async def create_visit(actor: Principal, settings: Settings, body: VisitCreate) -> Visit:
    return (await create_visits(actor, settings, [body], prefix=None))[0]


async def create_visits(
    actor: Principal, settings: Settings, bodies: list[VisitCreate], prefix: str | None = "visits"
) -> list[Visit]:
    """Book several visits all or nothing (an event plan): one transaction, one set of
    locks, each visit checked against the bookings and the visits before it."""
    delegations = {d.id: d for d in await Delegation.filter(
        id__in=[b.delegation_id for b in bodies])}
    for index, body in enumerate(bodies):
        if body.delegation_id not in delegations:
            where = f"{prefix}[{index}].delegation_id" if prefix else "delegation_id"
            raise unknown("delegation", body.delegation_id, where)
    all_stops = [s for b in bodies for s in b.stops]
    facility_ids = {s.facility_id for s in all_stops}
    named_hosts = {s.host_id for s in all_stops if s.host_id is not None}
    durations = dict(
        await store.Facility.filter(id__in=facility_ids).values_list("id", "duration_min")
    )
    starts = [s.start for s in all_stops]
    ends = [s.start + timedelta(minutes=s.duration_min or durations.get(s.facility_id, 0))
            for s in all_stops]
    hosts_to_lock = named_hosts | set(
        await store.Host.filter(facilities__id__in=facility_ids).values_list("id", flat=True)
    )
    async with store.transaction():
        # First statement a write: see visits.store on why.
        await store.lock_for_booking(facility_ids, hosts_to_lock)
        facilities, hosts, bookings, policy = await _scene_for(
            settings, facility_ids, named_hosts, starts, ends
        )
        travel = await store.load_travel_table()
        pending = list(bookings)
        plans = [
            _plan_stops(body, delegations[body.delegation_id], facilities, hosts, pending,
                        policy, durations, travel, f"{prefix}[{i}]." if prefix else "",
                        visit_key=-i - 1)
            for i, body in enumerate(bodies)
        ]
        for i, (body, planned) in enumerate(zip(bodies, plans, strict=True)):
            _check_items(body, planned, f"{prefix}[{i}]." if prefix else "")
        visits = []
        for body, planned in zip(bodies, plans, strict=True):
            visit = await Visit.create(delegation=delegations[body.delegation_id],
                                       created_by_id=actor.user_id)
            for position, p in enumerate(planned):
                await _insert_stop(visit, position, p)
            for item in body.items:
                await ProgrammeItem.create(visit=visit, **programme.item_fields(item))
            stops = await visit.stops.all()
            await record_change(actor, "visit", visit.id, "create", visit_id=visit.id,
                                after=[_stop_snapshot(s) for s in stops])
            await _queue_mail(settings, visit, [s.id for s in stops], "request")
            visits.append(visit)
    return visits


async def _queue_mail(settings: Settings, visit: Visit, stop_ids: list[int], kind: str) -> None:
    """Inside the caller's transaction: the messages exist exactly when the change does.
    A request (or a reschedule, which asks again) carries the host's answer link."""
    if stop_ids:
        itinerary = await build_itinerary(settings, visit)
        links = {}
        if kind in ASKING:
            rows = await Stop.filter(id__in=stop_ids).values_list("id", "sequence", "host_id")
            links = {sid: answer_url(settings.public_url, answer_token(
                settings.secret_key, sid, sequence, host_id)) for sid, sequence, host_id in rows}
        for stop_id in stop_ids:
            await mail.queue_stop_mail(itinerary, stop_id, kind, settings.public_url,
                                       answer_link=links.get(stop_id, ""))


async def _insert_stop(visit: Visit, position: int, p: PlannedStop) -> Stop:
    try:
        return await Stop.create(
            visit=visit, position=position, facility_id=p.facility.id, host_id=p.host.id,
            start=p.start, end=p.end, occupied_until=p.end + p.facility.buffer,
            party_size=p.party_size, status="requested", requested_at=datetime.now(UTC),
        )
    except IntegrityError:
        # PostgreSQL's exclusion constraint: the database itself refused a double booking.
        raise Conflict(BOOKED_JUST_NOW, code="host_busy", field=f"stops[{position}]") from None


async def get_visit(who: Principal, visit_id: int) -> tuple[Visit, list[Stop]]:
    visit = await get_or_404(Visit, visit_id, "visit")
    stops = await Stop.filter(visit=visit).order_by("position")
    if not who.is_officer:
        stops = [s for s in stops if s.host_id == who.host_id]  # type: ignore[attr-defined]
        if not stops:
            raise NotFound("There is no visit with id {id}.", id=visit_id)
    return visit, stops


async def cancel_visit(actor: Principal, settings: Settings, visit_id: int) -> Visit:
    """All stops cancelled, their time freed; a second cancel changes nothing."""
    visit = await get_or_404(Visit, visit_id, "visit")
    async with store.transaction():
        # The leading write takes the lock (visits.store); the stops are read after it.
        await Visit.filter(id=visit.id).update(cancelled=True, updated_at=datetime.now(UTC))
        stops = await Stop.filter(visit=visit).exclude(status="cancelled")
        if visit.cancelled and not stops:
            return visit
        before = [_stop_snapshot(s) for s in stops]
        for stop in stops:
            stop.status = "cancelled"
            stop.sequence += 1
            await stop.save(update_fields=["status", "sequence", "updated_at"])
        await record_change(actor, "visit", visit.id, "cancel", visit_id=visit.id,
                            before=before, after=[_stop_snapshot(s) for s in stops])
        visit.cancelled = True
        await _queue_mail(settings, visit, [s.id for s in stops], "cancel")
        await companions.release_visit(settings, visit)
    return visit


async def _stop_of_visit(visit_id: int, stop_id: int) -> Stop:
    stop = await get_or_404(Stop, stop_id, "stop")
    if stop.visit_id != visit_id:  # type: ignore[attr-defined]
        raise NotFound("There is no stop with id {id}.", id=stop_id)
    return stop


async def reschedule_stop(
    actor: Principal, settings: Settings, visit_id: int, stop_id: int, body: StopPatch
) -> Visit:
    visit = await get_or_404(Visit, visit_id, "visit")
    stop = await _stop_of_visit(visit_id, stop_id)
    start = body.start or stop.start
    end = start + (stop.end - stop.start)
    facility_id: int = stop.facility_id  # type: ignore[attr-defined]
    host_id: int = body.host_id or stop.host_id  # type: ignore[attr-defined]
    async with store.transaction():
        await store.lock_for_booking({facility_id}, {host_id, stop.host_id})  # type: ignore[attr-defined]
        await stop.refresh_from_db()
        if visit.cancelled or stop.status == "cancelled":
            raise Conflict("The stop is cancelled: book a new visit instead.", code="cancelled")
        facilities, hosts, bookings, policy = await _scene_for(
            settings, {facility_id}, {host_id}, [start], [end]
        )
        if host_id not in hosts:
            raise unknown("host", host_id, "host_id")
        await programme.lock_visit(visit.id)
        others = await Stop.filter(visit=visit, status__in=LIVE_STOP_STATUSES).exclude(id=stop.id)
        await _check_moved_stop(stop, others, facilities[facility_id], hosts[host_id], bookings,
                                policy, start, end)
        await check_items_beside(visit.id, others, facility_id, start, end)
        before = _stop_snapshot(stop)
        stop.start, stop.end = start, end
        stop.occupied_until = end + facilities[facility_id].buffer
        stop.host_id = host_id  # type: ignore[attr-defined]
        stop.status = "requested"
        stop.requested_at = datetime.now(UTC)
        stop.decline_reason = ""
        stop.counter_start, stop.counter_reason = None, ""
        stop.sequence += 1
        try:
            await stop.save()
        except IntegrityError:
            raise Conflict(BOOKED_JUST_NOW, code="host_busy") from None
        await record_change(actor, "stop", stop.id, "reschedule", visit_id=visit.id,
                            before=before, after=_stop_snapshot(stop))
        await _queue_mail(settings, visit, [stop.id], "reschedule")
    return visit


async def check_items_beside(visit_id: int, others: list[Stop], facility_id: int,
                             start: datetime, end: datetime) -> None:
    """The visit's programme items against its live stops with one moved to `start`–`end`
    (SPEC §7.4): no overlap, the travel time kept. The caller holds `programme.lock_visit`."""
    moved = Stop(facility_id=facility_id, start=start, end=end, status="requested")
    items = [programme.domain_item(i) for i in await programme.visit_items(visit_id)]
    await programme.check_against_stops(items, [*others, moved], "start")


async def _check_moved_stop(
    stop: Stop, others: list[Stop], facility: domain.Facility, host: domain.Host,
    bookings: list[domain.Booking], policy: domain.Policy, start: datetime, end: datetime,
) -> None:
    try:
        domain.check_stop(facility, host, bookings, policy, start, end, stop.party_size,
                          ignore_stop_ids=(stop.id,), visit_id=stop.visit_id)  # type: ignore[attr-defined]
    except domain.RuleViolation as violation:
        raise _blame(violation, "start") from None
    other_facilities = await store.load_facilities({o.facility_id for o in others})  # type: ignore[attr-defined]
    sequence = [(other_facilities[o.facility_id], o.start, o.end) for o in others]  # type: ignore[attr-defined]
    sequence.append((facility, start, end))
    travel = await store.load_travel_table()
    try:
        domain.check_visit_sequence(sequence, travel)
    except domain.RuleViolation as violation:
        raise violation.at("start") from None


async def answer_stop(actor: Principal, stop_id: int, accept: bool, reason: str = "",
                      sequence: int | None = None) -> Stop:
    """Accept or decline a requested stop; repeating the same answer changes nothing.
    `sequence`: answer only the stop as it was then (an answer link), else 409."""
    stop = await get_or_404(Stop, stop_id, "stop")
    if not actor.is_officer and stop.host_id != actor.host_id:  # type: ignore[attr-defined]
        raise Forbidden("Only the stop's own host may answer it.")
    wanted = "accepted" if accept else "declined"
    as_seen = {} if sequence is None else {"sequence": sequence}
    async with store.transaction():
        # A conditional update: of an answer and a cancel racing, exactly one wins.
        changed = await Stop.filter(id=stop.id, status="requested", **as_seen).update(
            status=wanted, decline_reason=reason, updated_at=datetime.now(UTC)
        )
        await stop.refresh_from_db()
        if not changed:
            refuse_unless_requested(stop, wanted, sequence)
            return stop
        await record_change(actor, "stop", stop.id, wanted, visit_id=stop.visit_id,  # type: ignore[attr-defined]
                            before={"status": "requested"},
                            after={"status": wanted, "reason": reason})
    return stop


def refuse_unless_requested(stop: Stop, wanted: str, sequence: int | None) -> None:
    """Why a conditional update of a requested stop changed nothing; returns only when the
    stop already is as wanted (the same answer twice)."""
    if sequence is not None and stop.sequence != sequence:
        raise Conflict("The request changed since this answer was prepared: look at it again.",
                       code="stop_changed")
    if stop.status != wanted:
        raise Conflict("The stop is {status}: it can no longer be {wanted}.",
                       code=f"stop_{stop.status}", status=stop.status, wanted=wanted)


async def visit_history(visit_id: int) -> list[AuditEvent]:
    await get_or_404(Visit, visit_id, "visit")
    return await AuditEvent.filter(visit_id=visit_id).order_by("at", "id")
