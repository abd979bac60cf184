"""A brute-force reading of the day planner's definitions (`visits.domain.dayplan.plan`).

Every subset of the optional facilities added to the required ones, every order, every
combination of slot starts, every host assignment, every minute for the lunch: the valid
plans are kept and the best is picked by the same lexicographic objective and the same last
tie-break, so the plan itself is comparable. It shares no
code with the planner beyond `free_slots` (the availability engine, with its own reference)
and `travel_minutes` (rule 5's formula). Slow by design: a handful of facilities, a short
day, a coarse step. Exact when every input time falls on a whole minute, and for days
without a change of UTC offset (the tests use Asia/Seoul).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time, timedelta
from itertools import combinations, permutations, product
from typing import Any

from visits.domain import Booking, Facility, Host, Policy, free_slots, travel_minutes
from visits.domain.dayplan.plan import Lunch
from visits.domain.travel import TravelTable

MINUTE = timedelta(minutes=1)

Objective = tuple[int, int, int, int]
"""(optional facilities placed, travel minutes, idle minutes, stops with a speaking host)."""


def better(a: Objective, b: Objective) -> bool:
    """Whether `a` beats `b`: more optional, less travel, less idle, more speakers."""
    return (-a[0], a[1], a[2], -a[3]) < (-b[0], b[1], b[2], -b[3])


Plan = tuple[tuple[int, int, datetime, datetime], ...]
"""(facility, host, start, end) per stop, in time order."""


def first(a: Plan, b: Plan) -> bool:
    """The last tie-break: stops compared in order as (start, facility id, host id)."""
    return [(s, f, h) for f, h, s, _ in a] < [(s, f, h) for f, h, s, _ in b]


@dataclass(frozen=True)
class Stop:
    facility_id: int
    start: datetime
    end: datetime
    host_ids: tuple[int, ...]  # those the slot offers


@dataclass(frozen=True)
class Best:
    """The best objective, and the plan reaching it that comes first."""

    objective: Objective
    plan: Plan


@dataclass
class Day:
    """One planning question, as `plan_day` is asked it."""

    facilities: Mapping[int, Facility]
    hosts: Sequence[Host]
    bookings: Sequence[Booking]
    policy: Policy
    day: date
    required: Sequence[int]
    optional: Sequence[int]
    language: str | None
    party_size: int
    durations: Mapping[int, timedelta]
    day_start: time
    day_end: time
    lunch: Lunch | None
    travel: TravelTable
    step: timedelta
    _legs: dict[tuple[int, int], timedelta] = field(default_factory=dict, init=False, repr=False)

    def arguments(self) -> dict[str, Any]:
        """The keyword arguments of `plan_day`."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.init}

    def at(self, clock: time) -> datetime:
        return datetime.combine(self.day, clock, self.policy.tz)

    def slots(self, facility_id: int) -> list[Stop]:
        """The facility's slots lying wholly inside the day window."""
        found = free_slots(
            self.facilities[facility_id],
            self.hosts,
            self.bookings,
            self.policy,
            self.day,
            self.day,
            self.durations[facility_id],
            self.party_size,
            self.step,
        )
        lo, hi = self.at(self.day_start), self.at(self.day_end)
        return [
            Stop(facility_id, s.start, s.end, s.host_ids)
            for s in found
            if lo <= s.start and s.end <= hi
        ]

    def travel_between(self, a: int, b: int) -> timedelta:
        """Rule 5's travel time (remembered: the same pairs are asked again and again)."""
        leg = self._legs.get((a, b))
        if leg is None:
            minutes = travel_minutes(self.facilities[a], self.facilities[b], self.travel)
            leg = self._legs[(a, b)] = minutes * MINUTE
        return leg

    def speaks(self, host_id: int) -> bool:
        host = next(h for h in self.hosts if h.id == host_id)
        return self.language is not None and host.speaks(self.language)


def sequences(
    day: Day,
    order: tuple[int, ...],
    slots: dict[int, list[Stop]],
    idle_limit: Callable[[], timedelta | None] = lambda: None,
) -> Iterator[list[Stop]]:
    """Every choice of one slot per facility, in order, each after the previous plus travel.

    Partial choices already idle longer than `idle_limit()` are dropped (idle only grows).
    """

    def extend(done: list[Stop], idle: timedelta) -> Iterator[list[Stop]]:
        if len(done) == len(order):
            yield done
            return
        facility_id = order[len(done)]
        earliest = None
        if done:
            earliest = done[-1].end + day.travel_between(done[-1].facility_id, facility_id)
        for stop in slots[facility_id]:
            if earliest is None:
                yield from extend([stop], timedelta(0))
            elif stop.start >= earliest:
                waited = idle + (stop.start - earliest)
                limit = idle_limit()
                if limit is None or waited <= limit:
                    yield from extend([*done, stop], waited)

    yield from extend([], timedelta(0))


def placeable(day: Day, order: tuple[int, ...], slots: dict[int, list[Stop]]) -> int:
    """How many facilities of `order`, from the first, some choice of slots places one
    after another (hosts aside). Taking each facility's earliest slot after the previous
    stop plus travel places as many as any choice: an earlier end never leaves less room.
    """
    ready: datetime | None = None  # the earliest start of the next stop
    for placed, facility_id in enumerate(order):
        stop = next((s for s in slots[facility_id] if ready is None or s.start >= ready), None)
        if stop is None:
            return placed
        if placed + 1 < len(order):
            ready = stop.end + day.travel_between(facility_id, order[placed + 1])
    return len(order)


def lunch_options(day: Day, stops: list[Stop]) -> list[bool]:
    """For every valid lunch start, minute by minute: does it lie between two stops?"""
    lunch = day.lunch
    if lunch is None:
        return [False]
    out = []
    moment, last = day.at(lunch.start), day.at(lunch.end) - lunch.duration
    while moment <= last:
        out.extend(lunch_fits(day, stops, moment, moment + lunch.duration))
        moment += MINUTE
    return out


def lunch_fits(day: Day, stops: list[Stop], start: datetime, end: datetime) -> list[bool]:
    """[] if the lunch [start, end) is not allowed here, else [whether it is between stops]."""
    if start < day.at(day.day_start) or end > day.at(day.day_end):
        return []
    if any(start < stop.end and stop.start < end for stop in stops):
        return []
    for before, after in zip(stops, stops[1:], strict=False):
        if before.end <= start and end <= after.start:
            room = after.start - before.end
            needed = day.travel_between(before.facility_id, after.facility_id) + (end - start)
            return [True] if room >= needed else []
    return [False]


def hosts_fit(day: Day, stops: list[Stop], host_ids: tuple[int, ...]) -> bool:
    """Rule 3 between the plan's own stops: the same host only after end plus buffer."""
    for i, j in combinations(range(len(stops)), 2):
        if host_ids[i] == host_ids[j]:
            buffer = day.facilities[stops[i].facility_id].buffer
            if stops[j].start < stops[i].end + buffer:
                return False
    return True


def brute_force(day: Day) -> Best | None:
    """The best valid plan and its objective, or None when no valid plan exists.

    Shortcuts skip only plans that cannot win, or cannot exist: once some plan places
    `count` optional facilities, fewer are not tried; an order travelling more than the
    best plan so far is not walked; starts already idle longer than it (lunch credited)
    are not extended; stops whose objective at best (a speaker everywhere, lunch between)
    is worse, or at best equal with later stops, get no host assignment; an order whose
    first facilities cannot follow one another (`placeable`) is not walked, nor is any
    order beginning the same way.
    """
    required = list(dict.fromkeys(day.required))
    optional = [i for i in dict.fromkeys(day.optional) if i not in required]
    slots = {i: day.slots(i) for i in (*required, *optional)}
    best: Best | None = None
    dead_ends: set[tuple[int, ...]] = set()  # beginnings of orders no choice of slots walks

    def idle_limit() -> timedelta | None:
        """Beyond this idle (lunch between stops deducted) the order cannot beat `best`."""
        if best is None:
            return None
        credit = day.lunch.duration if day.lunch is not None else timedelta(0)
        return best.objective[2] * MINUTE + credit

    for count in range(len(optional), -1, -1):
        for extra in combinations(optional, count):
            for order in permutations((*required, *extra)):
                if any(order[:k] in dead_ends for k in range(1, len(order) + 1)):
                    continue
                placed = placeable(day, order, slots)
                if placed < len(order):
                    dead_ends.add(order[: placed + 1])
                    continue
                travel = order_travel(day, order)
                if best is not None and travel > best.objective[1]:
                    continue
                tie = best is not None and (count, travel) == best.objective[:2]
                for stops in sequences(day, order, slots, idle_limit if tie else lambda: None):
                    best = _consider(day, count, stops, best)
        if best is not None:
            return best
    return None


def order_travel(day: Day, order: tuple[int, ...]) -> int:
    return sum(day.travel_between(a, b) // MINUTE for a, b in zip(order, order[1:], strict=False))


def _consider(day: Day, count: int, stops: list[Stop], best: Best | None) -> Best | None:
    """`best`, or the plan over these stops if some host assignment and lunch beat it."""
    travel = sum(
        (
            day.travel_between(a.facility_id, b.facility_id)
            for a, b in zip(stops, stops[1:], strict=False)
        ),
        timedelta(0),
    )
    idle = timedelta(0)
    if stops:
        busy = sum((s.end - s.start for s in stops), timedelta(0)) + travel
        idle = stops[-1].end - stops[0].start - busy
    lunch_credit = day.lunch.duration if day.lunch is not None and stops else timedelta(0)
    # At best: lunch between two stops, a speaking host at every stop.
    hope = (count, travel // MINUTE, (idle - lunch_credit) // MINUTE, len(stops))
    if best is not None and better(best.objective, hope):
        return best
    soonest = tuple((s.facility_id, min(s.host_ids), s.start, s.end) for s in stops)
    if best is not None and hope == best.objective and not first(soonest, best.plan):
        return best  # at best a tie, and its stops would not come first
    options = lunch_options(day, stops)
    if not options:
        return best
    if any(options):
        idle -= lunch_credit
    for host_ids in product(*(stop.host_ids for stop in stops)):
        if hosts_fit(day, stops, host_ids):
            speakers = sum(day.speaks(h) for h in host_ids)
            objective = (count, travel // MINUTE, idle // MINUTE, speakers)
            plan = tuple(
                (s.facility_id, h, s.start, s.end) for s, h in zip(stops, host_ids, strict=True)
            )
            if (
                best is None
                or better(objective, best.objective)
                or (objective == best.objective and first(plan, best.plan))
            ):
                best = Best(objective, plan)
    return best
