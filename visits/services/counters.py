"""Counter-proposals (SPEC §7.5): the host proposes another start for a requested stop;
an officer takes it, and the stop moves there as accepted when every rule still holds.

Proposing checks the host's own rules (their hours, time off, other stops, the facility):
the host offers a time they are free. Taking it runs the same check as any move of a stop
(`visits._check_moved_stop`, with the visit's own stops), so a proposal made stale by
another booking meanwhile is refused with 409 and nothing changes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tortoise.exceptions import IntegrityError

from visits import domain, store
from visits.audit import record_change
from visits.auth import Principal
from visits.errors import Conflict, Forbidden, Invalid
from visits.models import LIVE_STOP_STATUSES, Stop, Visit
from visits.services import get_or_404, programme
from visits.services.visits import (
    BOOKED_JUST_NOW,
    _check_moved_stop,
    _queue_mail,
    _scene_for,
    _stop_snapshot,
    check_items_beside,
    refuse_unless_requested,
)
from visits.settings import Settings


def _refuse(stop: Stop, sequence: int | None) -> None:
    refuse_unless_requested(stop, "countered", sequence)
    raise Conflict("The stop is {status}: it can no longer be {wanted}.",
                   code=f"stop_{stop.status}", status=stop.status, wanted="countered")


def _still_in_use(facilities: dict[int, Any], hosts: dict[int, Any], facility_id: int,
                  host_id: int) -> None:
    if facility_id not in facilities or host_id not in hosts:
        raise Conflict("The facility or its host is no longer in use: book another stop.",
                       code="retired")


def _counter_snapshot(stop: Stop) -> dict[str, Any]:
    proposed = stop.counter_start
    return {**_stop_snapshot(stop),
            "counter_start": proposed.isoformat() if proposed else None,
            "reason": stop.counter_reason}


async def counter_stop(actor: Principal, settings: Settings, stop_id: int, start: datetime,
                       reason: str = "", sequence: int | None = None) -> Stop:
    """The stop's host proposes `start` instead: the stop becomes `countered` (its time
    freed, as a decline frees it) and its visit needs the officer's attention."""
    stop = await get_or_404(Stop, stop_id, "stop")
    if stop.host_id != actor.host_id:  # type: ignore[attr-defined]
        raise Forbidden("Only the stop's own host may propose another time.")
    if start == stop.start:
        raise Invalid("That is the time already asked for: accept it, or propose another.",
                      code="same_time", field="start")
    end = start + (stop.end - stop.start)
    facility_id: int = stop.facility_id  # type: ignore[attr-defined]
    host_id: int = stop.host_id  # type: ignore[attr-defined]
    async with store.transaction():
        await store.lock_for_booking({facility_id}, {host_id})
        await stop.refresh_from_db()
        if stop.status != "requested" or sequence not in (None, stop.sequence):
            _refuse(stop, sequence)
        facilities, hosts, bookings, policy = await _scene_for(
            settings, {facility_id}, {host_id}, [start], [end])
        _still_in_use(facilities, hosts, facility_id, host_id)
        try:
            domain.check_stop(facilities[facility_id], hosts[host_id], bookings, policy, start,
                              end, stop.party_size, ignore_stop_ids=(stop.id,))
        except domain.RuleViolation as violation:
            raise violation if violation.field else violation.at("start") from None
        as_seen = {} if sequence is None else {"sequence": sequence}
        changed = await Stop.filter(id=stop.id, status="requested", **as_seen).update(
            status="countered", counter_start=start, counter_reason=reason,
            updated_at=datetime.now(UTC))
        if not changed:
            _refuse(stop, sequence)
        before = _stop_snapshot(stop)
        await stop.refresh_from_db()
        await record_change(actor, "stop", stop.id, "countered", visit_id=stop.visit_id,  # type: ignore[attr-defined]
                            before=before, after=_counter_snapshot(stop))
    return stop


async def take_counter(actor: Principal, settings: Settings, stop_id: int) -> Stop:
    """Move a countered stop to the host's proposed start, as accepted (the host proposed
    it), and send the host the updated invite (same UID, higher SEQUENCE)."""
    stop = await get_or_404(Stop, stop_id, "stop")
    facility_id: int = stop.facility_id  # type: ignore[attr-defined]
    host_id: int = stop.host_id  # type: ignore[attr-defined]
    async with store.transaction():
        await store.lock_for_booking({facility_id}, {host_id})
        await stop.refresh_from_db()
        visit = await Visit.get(id=stop.visit_id)  # type: ignore[attr-defined]
        start = stop.counter_start
        if stop.status != "countered" or start is None or visit.cancelled:
            raise Conflict("The stop has no proposal from its host to take (it is {status}).",
                           code="no_counter", status=stop.status)
        end = start + (stop.end - stop.start)
        facilities, hosts, bookings, policy = await _scene_for(
            settings, {facility_id}, {host_id}, [start], [end])
        _still_in_use(facilities, hosts, facility_id, host_id)
        await programme.lock_visit(visit.id)
        others = await Stop.filter(visit=visit, status__in=LIVE_STOP_STATUSES).exclude(id=stop.id)
        await _check_moved_stop(stop, others, facilities[facility_id], hosts[host_id], bookings,
                                policy, start, end)
        await check_items_beside(visit.id, others, facility_id, start, end)
        before = _counter_snapshot(stop)
        stop.start, stop.end = start, end
        stop.occupied_until = end + facilities[facility_id].buffer
        stop.status = "accepted"
        stop.counter_start, stop.counter_reason = None, ""
        stop.sequence += 1
        try:
            await stop.save()
        except IntegrityError:
            raise Conflict(BOOKED_JUST_NOW, code="host_busy", field="start") from None
        await record_change(actor, "stop", stop.id, "take_counter", visit_id=visit.id,
                            before=before, after=_stop_snapshot(stop))
        await _queue_mail(settings, visit, [stop.id], "counter_taken")
    return stop


async def countered_stops() -> list[Stop]:
    """Proposals waiting for an officer, soonest visit first: what the dashboard lists."""
    return await Stop.filter(status="countered", visit__cancelled=False).order_by(
        "counter_start").select_related("facility", "host", "visit__delegation")
