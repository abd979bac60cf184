"""Free slots of a facility: the same engine the booking checks use."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta

from visits import domain, store
from visits.audit import change_count
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


class RoomCache:
    """`room_for`'s answers under one key, the change counter and the minute, as the slots
    endpoint caches its answers: every committed change (booking, answer, hours, closures,
    calendars) moves the counter in every process, and the clock's minute moves the
    minimum notice. A list of requests asks the same facilities about the same few dates
    on every look, so after the first look it costs what it shows, not the engine's
    search of each wished facility's day. One per app: its counter is its database's."""

    LIMIT = 20_000  # answers kept; past it the cache starts again

    def __init__(self) -> None:
        self.key: tuple[int, str] | None = None
        self.answers: dict[RoomAsk, bool] = {}

    def under(self, key: tuple[int, str]) -> dict[RoomAsk, bool]:
        if key != self.key or len(self.answers) > self.LIMIT:
            self.key, self.answers = key, {}
        return self.answers


async def room_for(settings: Settings, facilities: Sequence[Facility],
                   asks: Iterable[RoomAsk], cache: RoomCache | None = None
                   ) -> dict[RoomAsk, bool]:
    """For each ask, whether a slot of the facility's usual length is free for the party
    that day: `domain.free_slots`, as the slots endpoint asks it, with each day's bookings
    loaded once for every facility asked about (`facilities` need `closures` fetched).

    With `cache` (never inside a transaction: a rolled-back change would leave answers
    under a counter a later change reaches), answers known under the current change
    counter and minute are not searched again. The counter is read before the data, so
    an answer can only be fresher than its key."""
    asked = set(asks)
    known: dict[RoomAsk, bool] = {}
    if cache is not None and asked:
        minute = (store.as_of() or datetime.now(UTC)).strftime("%Y%m%d%H%M")
        known = cache.under((await change_count(), minute))
    answers = {ask: known[ask] for ask in asked if ask in known}
    searched = await _search_rooms(settings, facilities, asked - answers.keys())
    known.update(searched)
    return answers | searched


async def _search_rooms(settings: Settings, facilities: Sequence[Facility],
                        asks: set[RoomAsk]) -> dict[RoomAsk, bool]:
    by_day: dict[date, set[RoomAsk]] = {}
    for ask in asks:
        by_day.setdefault(ask[1], set()).add(ask)
    if not by_day:
        return {}
    asked_ids = {ask[0] for ask in asks}
    records = {f.id: f for f in facilities if f.id in asked_ids}
    shapes = {i: store.to_domain_facility(f) for i, f in records.items()}
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
        day_ids = {ask[0] for ask in day_asks if ask[0] in records}
        bookings = await store.load_bookings(day_ids, hosts, lo, hi) if day_ids else []
        for ask in day_asks:
            record = records.get(ask[0])
            answers[ask] = record is not None and _has_room(
                record, shapes[record.id], team, bookings, policy, day, ask[2])
    return answers


def _has_room(record: Facility, facility: domain.Facility, team: Sequence[domain.Host],
              bookings: list[domain.Booking], policy: domain.Policy, day: date,
              party_size: int) -> bool:
    if party_size > record.capacity:
        return False
    slots = domain.free_slots(facility, team, bookings, policy, day, day,
                              timedelta(minutes=record.duration_min), party_size)
    return bool(slots)
