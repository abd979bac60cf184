"""An event planning question in the solver's terms: groups, options and whole minutes.

Everything the CP-SAT model and the greedy baseline read is computed here once. Times are
integer minutes on one axis starting at the local midnight of the first event day; every
length is rounded up and every existing booking widened to whole minutes, so a schedule
valid in minutes is valid to the microsecond (engine starts that are not whole minutes
on that axis are dropped).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from functools import cached_property

from visits.domain.availability import free_slots
from visits.domain.calendar import Booking, Facility, Host, Policy
from visits.domain.clock import US_PER_MINUTE, LocalClock, delta_us, from_us, time_us, to_us
from visits.domain.eventplan.inputs import EventDelegation, EventLunch
from visits.domain.quota import monday_of, visits_by_week
from visits.domain.rules import InvalidInterval
from visits.domain.travel import TravelTable, travel_minutes

MAX_GROUPS = 6
"""Never more sub-groups than this, however small the smallest wished facility."""


def ceil_minutes(delta: timedelta) -> int:
    """A length in whole minutes, rounded up."""
    return -(-delta_us(delta) // US_PER_MINUTE)


def split_party(size: int, limit: int) -> tuple[int, ...]:
    """`size` visitors in ceil(size / limit) near-equal groups (at most MAX_GROUPS)."""
    count = min(MAX_GROUPS, -(-size // max(1, limit)))
    base, extra = divmod(size, count)
    return tuple(base + 1 if k < extra else base for k in range(count))


@dataclass(frozen=True)
class EventGroup:
    """A delegation, or one of its sub-groups, that tours on its own."""

    delegation_id: int
    index: int
    party: int
    language: str | None
    days: tuple[int, ...]
    """Indices into `EventInstance.days` the delegation may come on."""


@dataclass(frozen=True)
class StopOption:
    """What one group may do at one wished facility, as the availability engine allows it."""

    facility_id: int
    rank: int
    duration: int
    hold: int
    """Minutes the host is held: the visit plus the facility's buffer (rule 3)."""
    host_starts: Mapping[int, tuple[int, ...]]
    """Host id → the grid starts (minutes) that host can take, on the allowed days only."""


@dataclass(frozen=True)
class LoadStep:
    """Visitors already booked at a facility during [start, end), at most its capacity."""

    start: int
    end: int
    load: int


@dataclass(frozen=True)
class EventInstance:
    """The planning question in minutes; options only where the engine found starts."""

    days: tuple[date, ...]
    tz: tzinfo
    origin_us: int
    day_bounds: tuple[tuple[int, int], ...]
    lunch_windows: tuple[tuple[int, int], ...] | None
    """Per day, the earliest and the latest lunch start; None without lunch."""
    lunch_minutes: int
    delegation_ids: tuple[int, ...]
    wishes: Mapping[int, tuple[int, ...]]
    groups: tuple[EventGroup, ...]
    options: tuple[tuple[StopOption, ...], ...]
    """Per group, its options in wish order; every group of a delegation has the same ones."""
    speakers: tuple[frozenset[int], ...]
    """Per group, the hosts who speak its language."""
    travel: Mapping[tuple[int, int], int]
    capacity: Mapping[int, int]
    existing: Mapping[int, tuple[LoadStep, ...]]
    week_room: Mapping[int, tuple[WeekRoom, ...]] = field(default_factory=dict)
    """Per facility with a weekly quota (SPEC §7.5): each event week's days and how many
    more visits it may take; every group planned there is a visit of its own."""

    def span_at(self, minute: int, length: timedelta) -> tuple[datetime, datetime]:
        """The aware local start and end of something `length` long from a minute."""
        start_us = self.origin_us + minute * US_PER_MINUTE
        return from_us(start_us, self.tz), from_us(start_us + delta_us(length), self.tz)

    @cached_property
    def travel_bounds(self) -> tuple[int, ...]:
        """Per group, the most travel minutes its day can cost: every hop the longest
        (computed once: scoring a schedule asks for it, and it is quadratic in wishes)."""
        bounds = []
        for options in self.options:
            ids = [o.facility_id for o in options]
            longest = max((self.travel[a, b] for a in ids for b in ids), default=0)
            bounds.append(longest * max(0, len(ids) - 1))
        return tuple(bounds)

    def groups_of(self, delegation_id: int) -> list[int]:
        """Indices of a delegation's groups."""
        return [k for k, g in enumerate(self.groups) if g.delegation_id == delegation_id]

    def wish_weight(self, delegation_id: int, facility_id: int) -> int:
        """Earlier wishes weigh more: the last of n wishes weighs 1, the first n."""
        wishes = self.wishes[delegation_id]
        return len(wishes) - wishes.index(facility_id)


def build_instance(
    *,
    days: Sequence[date],
    delegations: Sequence[EventDelegation],
    facilities: Mapping[int, Facility],
    hosts: Sequence[Host],
    bookings: Sequence[Booking],
    policy: Policy,
    durations: Mapping[int, timedelta],
    day_start: time,
    day_end: time,
    lunch: EventLunch | None,
    travel: TravelTable,
    step: timedelta,
    max_group_size: int | None,
) -> EventInstance:
    """Every delegation's groups and what the engine lets each do on the event days."""
    ordered = tuple(sorted(set(days)))
    if not ordered:
        raise InvalidInterval(problem="no_days")
    if day_end <= day_start:
        raise InvalidInterval(problem="end_not_after_start", start=day_start, end=day_end)
    clock = LocalClock(policy.tz)
    origin = clock.resolve(ordered[0], 0)
    bounds = tuple(_wall_span(clock, origin, d, day_start, day_end) for d in ordered)
    lunch_windows, lunch_minutes = _lunch_windows(clock, origin, ordered, lunch)
    finder = _OptionFinder(
        facilities, hosts, bookings, policy, durations, ordered, origin, bounds, step,
        _lunch_free(lunch_windows, lunch_minutes),
    )
    wishes: dict[int, tuple[int, ...]] = {}
    groups: list[EventGroup] = []
    options: list[tuple[StopOption, ...]] = []
    for delegation in delegations:
        wished = wishes[delegation.id] = tuple(dict.fromkeys(delegation.wishes))
        allowed = set(ordered if delegation.days is None else delegation.days)
        day_indices = tuple(k for k, d in enumerate(ordered) if d in allowed)
        limit = group_limit(delegation.size, wished, facilities, max_group_size)
        parties = split_party(delegation.size, limit)
        found = [finder.options(wished, party, day_indices) for party in parties]
        common = set.intersection(*({o.facility_id for o in opts} for opts in found))
        for index, (party, opts) in enumerate(zip(parties, found, strict=True)):
            groups.append(EventGroup(delegation.id, index, party, delegation.language, day_indices))
            options.append(tuple(o for o in opts if o.facility_id in common))
    used = sorted({o.facility_id for opts in options for o in opts})
    return EventInstance(
        days=ordered,
        tz=policy.tz,
        origin_us=origin,
        day_bounds=bounds,
        lunch_windows=lunch_windows,
        lunch_minutes=lunch_minutes,
        delegation_ids=tuple(wishes),
        wishes=wishes,
        groups=tuple(groups),
        options=tuple(options),
        speakers=tuple(_speakers(hosts, g.language) for g in groups),
        travel={
            (a, b): travel_minutes(facilities[a], facilities[b], travel) for a in used for b in used
        },
        capacity={f: facilities[f].capacity for f in used},
        existing={f: existing_load(facilities[f], bookings, origin, bounds[-1][1]) for f in used},
        week_room={f: room for f in used
                   if (room := week_room(facilities[f], bookings, clock, ordered))},
    )


@dataclass(frozen=True)
class WeekRoom:
    """The event days (indices) of one Monday-to-Sunday week and the visits left in it."""

    days: tuple[int, ...]
    left: int


def week_room(facility: Facility, bookings: Sequence[Booking], clock: LocalClock,
              days: tuple[date, ...]) -> tuple[WeekRoom, ...]:
    """The facility's room under its weekly quota in each week of the event (none without
    a quota); the bookings already there count as `free_slots` counts them."""
    quota = facility.max_visits_per_week
    if quota is None:
        return ()
    booked = visits_by_week((b for b in bookings if b.facility_id == facility.id), clock)
    weeks: dict[date, list[int]] = {}
    for k, day in enumerate(days):
        weeks.setdefault(monday_of(day), []).append(k)
    return tuple(WeekRoom(tuple(ks), max(0, quota - len(booked.get(monday, ()))))
                 for monday, ks in sorted(weeks.items()))


def _wall_span(
    clock: LocalClock, origin: int, day: date, start: time, end: time
) -> tuple[int, int]:
    """A day's wall-clock window in minutes on the axis, shrunk to whole minutes."""
    low, high = clock.resolve(day, time_us(start)), clock.resolve(day, time_us(end))
    return -((origin - low) // US_PER_MINUTE), (high - origin) // US_PER_MINUTE


def _lunch_windows(
    clock: LocalClock,
    origin: int,
    days: tuple[date, ...],
    lunch: EventLunch | None,
) -> tuple[tuple[tuple[int, int], ...] | None, int]:
    if lunch is None:
        return None, 0
    minutes = ceil_minutes(lunch.duration)
    spans = [_wall_span(clock, origin, day, lunch.start, lunch.end) for day in days]
    if any(high - low < minutes for low, high in spans):  # only off whole minutes
        raise InvalidInterval(problem="lunch_not_whole_minutes")
    return tuple((low, high - minutes) for low, high in spans), minutes


def _lunch_free(
    windows: tuple[tuple[int, int], ...] | None, minutes: int
) -> tuple[tuple[int, int], ...] | None:
    """Per day, (latest lunch start, earliest lunch end): every stop ends by the first or
    starts from the second, for lunch is off every stop. With a lunch window shorter than
    twice the lunch, no stop crosses the middle of the window: it is lunchtime for all."""
    if windows is None:
        return None
    return tuple((latest, earliest + minutes) for earliest, latest in windows)


def group_limit(
    size: int,
    wishes: tuple[int, ...],
    facilities: Mapping[int, Facility],
    max_group_size: int | None,
) -> int:
    """The largest group wanted: `max_group_size`, and no more than a wished room holds."""
    rooms = [facilities[f].capacity for f in wishes if f in facilities]
    return min([size, *(c for c in rooms if c > 0), *([max_group_size] if max_group_size else [])])


def _speakers(hosts: Sequence[Host], language: str | None) -> frozenset[int]:
    if not language:
        return frozenset()
    return frozenset(host.id for host in hosts if host.speaks(language))


class _OptionFinder:
    """Asks the engine once per (facility, party size) for the whole event, then filters."""

    def __init__(
        self,
        facilities: Mapping[int, Facility],
        hosts: Sequence[Host],
        bookings: Sequence[Booking],
        policy: Policy,
        durations: Mapping[int, timedelta],
        days: tuple[date, ...],
        origin: int,
        bounds: tuple[tuple[int, int], ...],
        step: timedelta,
        lunch_free: tuple[tuple[int, int], ...] | None,
    ) -> None:
        self.facilities, self.hosts, self.bookings = facilities, hosts, bookings
        self.lunch_free = lunch_free
        self.policy, self.durations, self.days = policy, durations, days
        self.origin, self.bounds, self.step = origin, bounds, step
        self.day_index = {d: k for k, d in enumerate(days)}
        self.cache: dict[tuple[int, int], dict[int, dict[int, list[int]]]] = {}

    def options(
        self, wishes: tuple[int, ...], party: int, day_indices: tuple[int, ...]
    ) -> list[StopOption]:
        """The wished facilities this party can visit on one of the days, in wish order."""
        found = []
        for rank, facility_id in enumerate(wishes):
            if facility_id not in self.facilities or facility_id not in self.durations:
                continue
            by_day = self._starts(facility_id, party)
            host_starts: dict[int, list[int]] = {}
            for k in day_indices:
                for host_id, starts in by_day.get(k, {}).items():
                    host_starts.setdefault(host_id, []).extend(starts)
            if host_starts:
                found.append(self._option(facility_id, rank, host_starts))
        return found

    def _option(self, facility_id: int, rank: int, host_starts: dict[int, list[int]]) -> StopOption:
        duration = self.durations[facility_id]
        return StopOption(
            facility_id=facility_id,
            rank=rank,
            duration=ceil_minutes(duration),
            hold=ceil_minutes(duration + self.facilities[facility_id].buffer),
            host_starts={h: tuple(sorted(s)) for h, s in sorted(host_starts.items())},
        )

    def _starts(self, facility_id: int, party: int) -> dict[int, dict[int, list[int]]]:
        """Day index → host id → starts inside the day window, from one engine call."""
        key = (facility_id, party)
        if key not in self.cache:
            duration = self.durations[facility_id]
            slots = free_slots(
                self.facilities[facility_id],
                self.hosts,
                self.bookings,
                self.policy,
                self.days[0],
                self.days[-1],
                duration,
                party,
                self.step,
            )
            table: dict[int, dict[int, list[int]]] = {}
            for slot in slots:
                k = self.day_index.get(slot.start.date())
                offset, rest = divmod(to_us(slot.start) - self.origin, US_PER_MINUTE)
                if k is None or rest:
                    continue
                low, high = self.bounds[k]
                end = offset + ceil_minutes(duration)
                if self.lunch_free is not None:
                    busy_from, busy_until = self.lunch_free[k]
                    if offset < busy_until and busy_from < end:
                        continue  # the stop would overlap lunch wherever it is put
                if low <= offset and end <= high:
                    for host_id in slot.host_ids:
                        table.setdefault(k, {}).setdefault(host_id, []).append(offset)
            self.cache[key] = table
        return self.cache[key]


def existing_load(
    facility: Facility, bookings: Sequence[Booking], origin: int, horizon: int
) -> tuple[LoadStep, ...]:
    """The visitors already at a facility over the event, widened to whole minutes and
    clipped to its capacity (an overbooked past must not make the model infeasible)."""
    changes: dict[int, int] = {}
    for booking in bookings:
        if booking.facility_id != facility.id:
            continue
        low = (booking.span_us[0] - origin) // US_PER_MINUTE
        high = -((origin - booking.span_us[1]) // US_PER_MINUTE)
        if high <= 0 or low >= horizon:
            continue
        changes[low] = changes.get(low, 0) + booking.party_size
        changes[high] = changes.get(high, 0) - booking.party_size
    steps: list[LoadStep] = []
    level, moments = 0, sorted(changes)
    for moment, following in zip(moments, moments[1:], strict=False):
        level += changes[moment]
        if level > 0:
            steps.append(LoadStep(moment, following, min(level, facility.capacity)))
    return tuple(steps)
