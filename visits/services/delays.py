"""Running late (SPEC §7.5): the delegation's bus is 20 minutes late, so every stop still to
come moves 20 minutes later — all of them or none.

One transaction behind the booking locks of the stops' facilities and hosts (and the
visit's row, as publishing takes it): each moved stop is judged by the same rules as a
booking (`domain.check_stop`, weekly quotas included) against the bookings around it and
the stops moved before it, then the visit's sequence (rule 5); the first refusal is a 409
naming its host or facility, and nothing moves. Rule 6 (minimum notice) is not asked: the
stops are booked already, and the delay only pushes them later.

What moves is told at once: each host gets a short mail with the updated invite (same
UID, higher SEQUENCE) through the outbox, and on the visit's day a visit its visitors
already see is published as a new version, so the visitor page shows the new times.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

from tortoise.exceptions import IntegrityError

from visits import domain, store
from visits.audit import record_change
from visits.auth import Principal
from visits.contract.delays import DelayRequest
from visits.delay_mail import queue_delay_mail
from visits.errors import Conflict
from visits.models import LIVE_STOP_STATUSES, Stop, Visit, VisitVersion
from visits.services import get_or_404, programme, versions
from visits.services.itineraries import build_itinerary
from visits.services.visits import BOOKED_JUST_NOW, MARGIN, stop_snapshot
from visits.settings import Settings


@dataclasses.dataclass(frozen=True)
class Delay:
    visit: Visit
    stops: list[Stop]  # every stop of the visit, by position
    moved: list[int]  # the stops that moved, in time order
    version: int | None  # the version published with it, if any


async def delay_visit(actor: Principal, settings: Settings, visit_id: int, body: DelayRequest,
                      *, base_url: str, now: datetime | None = None) -> Delay:
    """Move the visit's later stops `body.minutes` later, or refuse and move nothing.

    Later stops: those starting at or after `body.from_`, by default those not over at
    `now` (a stop under way moves too: the delegation is not there yet)."""
    now = now or datetime.now(UTC)
    visit = await get_or_404(Visit, visit_id, "visit")
    delta = timedelta(minutes=body.minutes)
    async with store.transaction():
        live = await _lock_live_stops(visit)
        moving = [s for s in live if (s.start >= body.from_ if body.from_ else s.end > now)]
        if visit.cancelled or not moving:
            raise Conflict("Visit {id} has no stop still to come to move.",
                           code="nothing_to_delay", id=visit.id)
        await _check(settings, visit, live, moving, delta)
        was = {s.id: s.start for s in moving}
        before = [stop_snapshot(s) for s in moving]
        for stop in moving:
            await _shift(stop, delta)
        await shift_programme_items(visit, live, body.minutes, body.from_ or now)
        await record_change(actor, "visit", visit.id, "delay", visit_id=visit.id,
                            before=before, after=[stop_snapshot(s) for s in moving])
        itinerary = await build_itinerary(settings, visit)
        for stop in moving:
            await queue_delay_mail(itinerary, stop.id, body.minutes, was[stop.id])
        version = await _publish_on_the_day(actor, settings, visit, live, now, base_url)
    stops = await Stop.filter(visit=visit).order_by("position")
    return Delay(visit, stops, [s.id for s in moving], version)


async def _lock_live_stops(visit: Visit) -> list[Stop]:
    """The visit's live stops, read after locking their facilities and hosts and the visit
    (a booking's locks, in its order: see visits.store)."""
    rows = await Stop.filter(visit=visit, status__in=LIVE_STOP_STATUSES).values_list(
        "facility_id", "host_id")
    await store.lock_for_booking({f for f, _ in rows}, {h for _, h in rows})
    await store.lock_visit(visit.id)
    await visit.refresh_from_db()
    live = await Stop.filter(visit=visit, status__in=LIVE_STOP_STATUSES).order_by("start")
    if {(s.facility_id, s.host_id) for s in live} - set(rows):  # type: ignore[attr-defined]
        # A stop changed between the two reads: lock what it touches now too.
        await store.lock_for_booking({s.facility_id for s in live},  # type: ignore[attr-defined]
                                     {s.host_id for s in live})  # type: ignore[attr-defined]
    return live


async def _check(settings: Settings, visit: Visit, live: list[Stop], moving: list[Stop],
                 delta: timedelta) -> None:
    """Every rule for every moved stop, then the visit's sequence; the first refusal is
    raised, blamed on `minutes`."""
    facility_ids = {s.facility_id for s in live}  # type: ignore[attr-defined]
    host_ids = {s.host_id for s in moving}  # type: ignore[attr-defined]
    facilities = await store.load_facilities(facility_ids)
    lo, hi = min(s.start for s in moving) - MARGIN, max(s.end for s in moving) + delta + MARGIN
    hosts = await store.load_hosts(ids=host_ids, between=(lo, hi))  # with their own calendars
    moved_ids = {s.id for s in moving}
    pending = [b for b in await store.load_bookings(facility_ids, hosts, lo, hi)
               if b.stop_id not in moved_ids]
    tz = settings.timezone
    policy = await store.load_policy(settings, lo.astimezone(tz).date(), hi.astimezone(tz).date())
    policy = dataclasses.replace(policy, min_notice=timedelta(0),
                                 now=min(s.start for s in moving))
    try:
        for stop in moving:
            facility = facilities[stop.facility_id]  # type: ignore[attr-defined]
            start, end = stop.start + delta, stop.end + delta
            domain.check_stop(facility, hosts[stop.host_id], pending, policy, start, end,  # type: ignore[attr-defined]
                              stop.party_size, visit_id=visit.id)
            pending.append(domain.Booking(-stop.id, visit.id, facility.id, stop.host_id,  # type: ignore[attr-defined]
                                          start, end, stop.party_size, facility.buffer))
        travel = await store.load_travel_table()
        domain.check_visit_sequence(
            [(facilities[s.facility_id], s.start + (delta if s.id in moved_ids else  # type: ignore[attr-defined]
                                                    timedelta(0)),
              s.end + (delta if s.id in moved_ids else timedelta(0))) for s in live], travel)
    except domain.RuleViolation as violation:
        raise violation.at("minutes") from None


async def _shift(stop: Stop, delta: timedelta) -> None:
    stop.start, stop.end = stop.start + delta, stop.end + delta
    stop.occupied_until = stop.occupied_until + delta
    stop.sequence += 1  # the host's calendar replaces the event (same UID)
    try:
        await stop.save(update_fields=["start", "end", "occupied_until", "sequence",
                                       "updated_at"])
    except IntegrityError:  # PostgreSQL's exclusion constraint, behind the rules
        raise Conflict(BOOKED_JUST_NOW, code="host_busy", field="minutes") from None


async def shift_programme_items(visit: Visit, live: list[Stop], minutes: int,
                                since: datetime) -> None:
    """Programme items (SPEC §7.4: arrival, meals, transfers…) move with the stops: those
    starting at or after `since` (the delay's `from`), or, without one, those not over at
    `since` (now), as the stops. The whole day is then judged again with the stops where
    they now are (`live`, already moved): an item that would overlap a stop or miss its
    travel time refuses the delay (409 on `minutes`, rolled back, nothing moves)."""
    rows = await programme.visit_items(visit.id)
    under_way = [i.start for i in rows if i.start < since < i.end]
    shifted = domain.shift_items([programme.domain_item(i) for i in rows], minutes,
                                 min([since, *under_way]))
    await programme.check_against_stops(shifted, live, "minutes")
    for row, item in zip(rows, shifted, strict=True):
        if item.start != row.start:
            row.start, row.end = item.start, item.end
            row.sequence += 1  # the visit calendar replaces the event (same UID)
            await row.save(update_fields=["start", "end", "sequence", "updated_at"])


async def _publish_on_the_day(actor: Principal, settings: Settings, visit: Visit,
                              live: list[Stop], now: datetime, base_url: str) -> int | None:
    """On the visit's day, a visit its visitors already see (published before) is published
    at once with the moved stops as its changes; other days wait for the officer."""
    tz = settings.timezone
    today = now.astimezone(tz).date()
    if today not in {s.start.astimezone(tz).date() for s in live}:
        return None
    if not await VisitVersion.exists(visit_id=visit.id):
        return None
    return await versions.publish_in_transaction(actor, settings, visit, base_url=base_url)
