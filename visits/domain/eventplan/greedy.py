"""A first-fit event plan: the baseline the solver is measured against, and its hint.

Delegations in the order given. For each, every allowed day is tried and the best kept
(highest score of its own stops). On a day its wishes are taken in priority order; a wish
is kept when every group finds the earliest engine-approved start, hosts speaking its
language first, with the host free (buffer included), room in the facility, travel time to
its neighbours in the group's day and lunch still fitting. It obeys the solver's
constraints exactly, so its plan is one the solver may start from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from visits.domain.eventplan.instance import EventInstance, StopOption
from visits.domain.eventplan.schedule import PlacedStop, Schedule, fit_lunch, score_schedule

Tour = list[tuple[int, int, int]]
"""A group's stops that day: (start, end, facility id), sorted."""


@dataclass
class _Ledger:
    """New stops placed so far: when each host is held, who is in each room."""

    held: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    rooms: dict[int, list[tuple[int, int, int]]] = field(default_factory=dict)
    # Visits placed per (facility, first event day of its week), for weekly quotas.
    weekly: dict[tuple[int, int], int] = field(default_factory=dict)

    def copy(self) -> _Ledger:
        return _Ledger(
            {h: list(v) for h, v in self.held.items()}, {f: list(v) for f, v in self.rooms.items()},
            dict(self.weekly),
        )

    def host_free(self, host_id: int, start: int, end: int) -> bool:
        return all(end <= a or b <= start for a, b in self.held.get(host_id, ()))

    def room_fits(self, facility_id: int, start: int, end: int, party: int, capacity: int) -> bool:
        present = [
            (a, b, p) for a, b, p in self.rooms.get(facility_id, ()) if a < end and start < b
        ]
        moments = [start, *(a for a, _, _ in present if a > start)]
        return all(party + sum(p for a, b, p in present if a <= t < b) <= capacity for t in moments)

    def take(self, facility_id: int, host_id: int, span: tuple[int, int, int], party: int) -> None:
        start, end, held_until = span
        self.held.setdefault(host_id, []).append((start, held_until))
        self.rooms.setdefault(facility_id, []).append((start, end, party))


def greedy_schedule(instance: EventInstance) -> Schedule:
    """The first-fit plan of the whole event."""
    ledger = _Ledger(
        rooms={
            f: [(s.start, s.end, s.load) for s in steps] for f, steps in instance.existing.items()
        }
    )
    stops: list[PlacedStop] = []
    lunches: dict[int, int] = {}
    for delegation_id in instance.delegation_ids:
        groups = instance.groups_of(delegation_id)
        if not groups or not instance.options[groups[0]]:
            continue
        best: tuple[int, _Ledger, list[PlacedStop], dict[int, int]] | None = None
        for day in instance.groups[groups[0]].days:
            trial, placed, eaten = _plan_day(instance, ledger, groups, day)
            score = score_schedule(instance, Schedule(tuple(placed)))
            if placed and (best is None or score > best[0]):
                best = score, trial, placed, eaten
        if best is not None:
            _, ledger, placed, eaten = best
            stops.extend(placed)
            lunches.update(eaten)
    return Schedule(tuple(sorted(stops, key=lambda s: (s.start, s.group))), lunches)


def _plan_day(
    instance: EventInstance, ledger: _Ledger, groups: list[int], day: int
) -> tuple[_Ledger, list[PlacedStop], dict[int, int]]:
    """A delegation's stops on one day, wish by wish, each for all its groups or none."""
    tours: dict[int, Tour] = {g: [] for g in groups}
    placed: list[PlacedStop] = []
    for rank in range(len(instance.options[groups[0]])):
        week = _week_left(instance, ledger, instance.options[groups[0]][rank].facility_id, day)
        if week is not None and week[1] < len(groups):
            continue  # the facility's weekly quota has no room for these visits
        trial, trial_tours = ledger.copy(), {g: list(t) for g, t in tours.items()}
        found = []
        for group in groups:
            option = instance.options[group][rank]
            stop = _first_fit(instance, trial, group, option, day, trial_tours[group])
            if stop is None:
                break
            found.append(stop)
            end = stop.start + option.duration
            span = stop.start, end, stop.start + option.hold
            trial.take(stop.facility_id, stop.host_id, span, instance.groups[group].party)
            trial_tours[group] = sorted([*trial_tours[group], (stop.start, end, stop.facility_id)])
        if len(found) == len(groups):
            if week is not None:
                trial.weekly[week[0]] = trial.weekly.get(week[0], 0) + len(groups)
            ledger, tours = trial, trial_tours
            placed.extend(found)
    lunches = {}
    for group, tour in tours.items():
        lunch = fit_lunch(instance, tour, day)
        if tour and lunch is not None:
            lunches[group] = lunch
    return ledger, placed, lunches


def _week_left(instance: EventInstance, ledger: _Ledger, facility_id: int,
               day: int) -> tuple[tuple[int, int], int] | None:
    """The ledger's key of the day's week at a facility with a weekly quota, and how many
    visits it may still take; None without a quota."""
    for week in instance.week_room.get(facility_id, ()):
        if day in week.days:
            key = facility_id, week.days[0]
            return key, week.left - ledger.weekly.get(key, 0)
    return None


def _first_fit(
    instance: EventInstance,
    ledger: _Ledger,
    group: int,
    option: StopOption,
    day: int,
    tour: Tour,
) -> PlacedStop | None:
    low, high = instance.day_bounds[day]
    speakers = instance.speakers[group]
    candidates = sorted(
        (start, host_id not in speakers, host_id)
        for host_id, starts in option.host_starts.items()
        for start in starts
        if low <= start < high
    )
    party, capacity = instance.groups[group].party, instance.capacity[option.facility_id]
    for start, _, host_id in candidates:
        end = start + option.duration
        if (
            ledger.host_free(host_id, start, start + option.hold)
            and ledger.room_fits(option.facility_id, start, end, party, capacity)
            and _tour_fits(instance, sorted([*tour, (start, end, option.facility_id)]), day)
        ):
            return PlacedStop(group, option.facility_id, host_id, start)
    return None


def _tour_fits(instance: EventInstance, tour: Tour, day: int) -> bool:
    for (_, end, a), (start, _, b) in zip(tour, tour[1:], strict=False):
        if start - end < instance.travel[a, b]:
            return False
    return instance.lunch_windows is None or fit_lunch(instance, tour, day) is not None
