"""What the planner is asked, and the same question turned into integers once.

`Request` keeps the caller's objects (the reasons for an infeasible day quote them);
`Problem` holds what the search reads in its inner loops: microsecond instants, bitmasks of
facilities, per facility and host the sorted starts `free_slots` offers inside the day.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

from visits.domain.availability import Slot, free_slots
from visits.domain.calendar import Booking, Facility, Host, Policy
from visits.domain.clock import US_PER_MINUTE, LocalClock, delta_us, time_us, to_us
from visits.domain.rules import InvalidInterval, InvalidPartySize
from visits.domain.travel import TravelTable, travel_minutes


@dataclass(frozen=True)
class Lunch:
    """A break of `duration` to take wholly inside [start, end] (local wall-clock times)."""

    start: time
    end: time
    duration: timedelta

    def __post_init__(self) -> None:
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise InvalidInterval(problem="wall_clock_with_zone", start=self.start, end=self.end)
        window = time_us(self.end) - time_us(self.start)
        if self.duration <= timedelta(0) or delta_us(self.duration) > window:
            raise InvalidInterval(problem="lunch_does_not_fit", start=self.start, end=self.end,
                                  length=self.duration)


@dataclass(frozen=True)
class Request:
    """Everything `plan_day` was given, facility ids de-duplicated (required ones win)."""

    facilities: Mapping[int, Facility]
    hosts: Sequence[Host]
    bookings: Sequence[Booking]
    policy: Policy
    day: date
    required: tuple[int, ...]
    optional: tuple[int, ...]
    language: str | None
    party_size: int
    durations: Mapping[int, timedelta]
    day_start: time
    day_end: time
    lunch: Lunch | None
    travel: TravelTable
    step: timedelta

    def __post_init__(self) -> None:
        if self.day_end <= self.day_start:
            raise InvalidInterval(problem="end_not_after_start", start=self.day_start,
                                  end=self.day_end)
        if self.party_size < 1:
            raise InvalidPartySize(party_size=self.party_size)
        for facility_id in (*self.required, *self.optional):
            if facility_id not in self.facilities or facility_id not in self.durations:
                raise ValueError(f"Facility {facility_id} has no facility or no duration given.")


@dataclass(frozen=True)
class LunchWindow:
    """Where the break may go, as instants: [lo, hi] already clipped to the day window."""

    lo: int
    hi: int
    length: int


@dataclass(frozen=True)
class Problem:
    """The request in integers. Facility number i (bit 1 << i) is `ids[i]`, ids ascending.

    `offers[i]` lists, per host able to take some stop at facility i, that host's sorted
    starts; speakers of the delegation's language come first, then by id.
    """

    tz: ZoneInfo
    ids: tuple[int, ...]
    required: int
    optional: int
    duration: tuple[int, ...]
    buffer: tuple[int, ...]
    travel: tuple[tuple[int, ...], ...]
    slots: tuple[dict[int, Slot], ...]
    offers: tuple[tuple[tuple[int, tuple[int, ...]], ...], ...]
    serves: Mapping[int, int]
    speakers: frozenset[int]
    day_lo: int
    day_hi: int
    lunch: LunchWindow | None

    @property
    def everything(self) -> int:
        """The mask of every facility asked."""
        return (1 << len(self.ids)) - 1

    def mask_of(self, facility_ids: Sequence[int]) -> int:
        return sum(1 << self.ids.index(facility_id) for facility_id in set(facility_ids))


def build_problem(request: Request) -> Problem:
    """Ask `free_slots` once per facility and keep the slots lying inside the day window."""
    clock = LocalClock(request.policy.tz)
    day_lo = clock.resolve(request.day, time_us(request.day_start))
    day_hi = clock.resolve(request.day, time_us(request.day_end))
    ids = tuple(sorted({*request.required, *request.optional}))
    facilities = [request.facilities[facility_id] for facility_id in ids]
    slots = tuple(slots_in_day(request, facility, day_lo, day_hi) for facility in facilities)
    language = request.language
    speakers = frozenset(
        host.id for host in request.hosts if language is not None and host.speaks(language)
    )
    offers = tuple(_offers(by_start, speakers) for by_start in slots)
    serves: dict[int, int] = {}
    for i, facility_offers in enumerate(offers):
        for host_id, _ in facility_offers:
            serves[host_id] = serves.get(host_id, 0) | 1 << i
    return Problem(
        tz=request.policy.tz,
        ids=ids,
        required=sum(1 << ids.index(facility_id) for facility_id in request.required),
        optional=sum(1 << ids.index(facility_id) for facility_id in request.optional),
        duration=tuple(delta_us(request.durations[facility_id]) for facility_id in ids),
        buffer=tuple(facility.buffer_us for facility in facilities),
        travel=tuple(
            tuple(travel_minutes(a, b, request.travel) * US_PER_MINUTE for b in facilities)
            for a in facilities
        ),
        slots=slots,
        offers=offers,
        serves=serves,
        speakers=speakers,
        day_lo=day_lo,
        day_hi=day_hi,
        lunch=_lunch_window(request, clock, day_lo, day_hi),
    )


def slots_in_day(request: Request, facility: Facility, lo: int, hi: int) -> dict[int, Slot]:
    """The facility's slots of the day lying inside [lo, hi], by start instant."""
    found = free_slots(
        facility,
        request.hosts,
        request.bookings,
        request.policy,
        request.day,
        request.day,
        request.durations[facility.id],
        request.party_size,
        request.step,
    )
    by_start = {to_us(slot.start): slot for slot in found}
    duration = delta_us(request.durations[facility.id])
    return {start: slot for start, slot in by_start.items() if lo <= start <= hi - duration}


def _offers(
    by_start: dict[int, Slot], speakers: frozenset[int]
) -> tuple[tuple[int, tuple[int, ...]], ...]:
    starts_of: dict[int, list[int]] = {}
    for start in sorted(by_start):
        for host_id in by_start[start].host_ids:
            starts_of.setdefault(host_id, []).append(start)
    order = sorted(starts_of, key=lambda host_id: (host_id not in speakers, host_id))
    return tuple((host_id, tuple(starts_of[host_id])) for host_id in order)


def _lunch_window(request: Request, clock: LocalClock, lo: int, hi: int) -> LunchWindow | None:
    lunch = request.lunch
    if lunch is None:
        return None
    return LunchWindow(
        lo=max(lo, clock.resolve(request.day, time_us(lunch.start))),
        hi=min(hi, clock.resolve(request.day, time_us(lunch.end))),
        length=delta_us(lunch.duration),
    )
