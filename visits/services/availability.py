"""Free slots of a facility: the same engine the booking checks use."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta

from visits import domain, store
from visits.errors import Invalid
from visits.models import Facility, Stop
from visits.services.facilities import get_facility
from visits.settings import Settings


async def facility_slots(
    settings: Settings, facility_id: int, first: date, last: date, duration_min: int | None,
    party_size: int, step_min: int, ignore_stop_ids: tuple[int, ...] = (),
) -> list[domain.Slot]:
    """`ignore_stop_ids`: stops whose time counts as free (a stop being moved)."""
    record = await get_facility(facility_id)
    facility = store.to_domain_facility(record)
    if party_size > facility.capacity:
        raise Invalid(
            "A party of {party_size} exceeds the facility's capacity of {capacity}.",
            code="party_too_large", field="party_size", party_size=party_size,
            capacity=facility.capacity,
        )
    tz = settings.timezone
    lo = datetime.combine(first - timedelta(days=1), time.min, tz)
    hi = datetime.combine(last + timedelta(days=2), time.min, tz)
    hosts = await store.load_hosts(facility_ids={facility_id}, between=(lo, hi))
    bookings = [b for b in await store.load_bookings({facility_id}, hosts, lo, hi)
                if b.stop_id not in ignore_stop_ids]
    policy = await store.load_policy(settings, first, last)
    return domain.free_slots(
        facility, sorted(hosts.values(), key=lambda h: h.id), bookings, policy, first, last,
        timedelta(minutes=duration_min or record.duration_min), party_size,
        timedelta(minutes=step_min),
    )


# A counter-proposal is chosen among the host's free starts of the stop's day and the next
# working days: this many days with a free start, looked for within the search span.
COUNTER_DAYS = 4
COUNTER_SEARCH = timedelta(days=14)
COUNTER_STEP_MIN = 30


async def counter_choices(settings: Settings, stop: Stop) -> list[tuple[date, list[datetime]]]:
    """The starts the stop's host could propose instead: their own free slots at the stop's
    facility, for its party and length, from the stop's day on (its own time counts as
    free; the time asked for is left out), day by day."""
    tz = settings.timezone
    first = stop.start.astimezone(tz).date()
    minutes = int((stop.end - stop.start).total_seconds() // 60)
    slots = await facility_slots(
        settings, stop.facility_id, first, first + COUNTER_SEARCH,  # type: ignore[attr-defined]
        minutes, stop.party_size, COUNTER_STEP_MIN, ignore_stop_ids=(stop.id,))
    by_day: dict[date, list[datetime]] = {}
    for slot in slots:
        if stop.host_id in slot.host_ids and slot.start != stop.start:  # type: ignore[attr-defined]
            by_day.setdefault(slot.start.astimezone(tz).date(), []).append(slot.start)
    return sorted(by_day.items())[:COUNTER_DAYS]


RoomAsk = tuple[int, date, int]
"""(facility id, local day, party size): does the facility have room for the party then?"""


async def room_for(settings: Settings, facilities: Sequence[Facility],
                   asks: Iterable[RoomAsk]) -> dict[RoomAsk, bool]:
    """For each ask, whether a slot of the facility's usual length is free for the party
    that day: `domain.free_slots`, as the slots endpoint asks it, with each day's bookings
    loaded once for every facility asked about (`facilities` need `closures` fetched)."""
    by_day: dict[date, set[RoomAsk]] = {}
    for ask in asks:
        by_day.setdefault(ask[1], set()).add(ask)
    if not by_day or not facilities:
        return {}
    records = {f.id: f for f in facilities}
    first, last = min(by_day), max(by_day)
    hosts = await store.load_hosts(facility_ids=records, between=(
        datetime.combine(first - timedelta(days=1), time.min, settings.timezone),
        datetime.combine(last + timedelta(days=2), time.min, settings.timezone)))
    team = sorted(hosts.values(), key=lambda h: h.id)
    policy = await store.load_policy(settings, min(by_day), max(by_day))
    answers: dict[RoomAsk, bool] = {}
    for day, day_asks in sorted(by_day.items()):
        lo = datetime.combine(day - timedelta(days=1), time.min, settings.timezone)
        hi = datetime.combine(day + timedelta(days=2), time.min, settings.timezone)
        bookings = await store.load_bookings(records, hosts, lo, hi)
        for ask in day_asks:
            record = records.get(ask[0])
            answers[ask] = record is not None and _has_room(record, team, bookings, policy,
                                                            day, ask[2])
    return answers


def _has_room(record: Facility, team: Sequence[domain.Host], bookings: list[domain.Booking],
              policy: domain.Policy, day: date, party_size: int) -> bool:
    if party_size > record.capacity:
        return False
    slots = domain.free_slots(store.to_domain_facility(record), team, bookings, policy, day,
                              day, timedelta(minutes=record.duration_min), party_size)
    return bool(slots)
