"""A schedule in the planner's minutes, its score, and where a group's lunch fits.

The solver, the greedy baseline and the tests all score a schedule with `score_schedule`,
so "objective" means one thing everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from visits.domain.eventplan.instance import EventInstance

LANGUAGE_BONUS = 10
"""Worth ten minutes of travel: a host who speaks the group's language."""


@dataclass(frozen=True)
class PlacedStop:
    """A group (index into `EventInstance.groups`) at a facility with a host from a minute."""

    group: int
    facility_id: int
    host_id: int
    start: int


@dataclass(frozen=True)
class Schedule:
    """Stops and, per group with stops, its lunch start (when the event has lunch)."""

    stops: tuple[PlacedStop, ...]
    lunches: Mapping[int, int] = field(default_factory=dict)


def group_travel_bound(instance: EventInstance, group: int) -> int:
    """The most travel minutes a group's day can cost: every hop the longest."""
    return instance.travel_bounds[group]


def wish_unit(instance: EventInstance) -> int:
    """The value of one wish weight: more than all travel and language terms together,
    so the objective is lexicographic (no saving of travel ever costs a wish)."""
    return 1 + sum(
        group_travel_bound(instance, g) + LANGUAGE_BONUS * len(instance.options[g])
        for g in range(len(instance.groups))
    )


def met_wishes(instance: EventInstance, stops: Sequence[PlacedStop]) -> set[tuple[int, int]]:
    """(delegation id, facility id) visited by every group of the delegation."""
    seen: dict[tuple[int, int], set[int]] = {}
    for stop in stops:
        delegation_id = instance.groups[stop.group].delegation_id
        seen.setdefault((delegation_id, stop.facility_id), set()).add(stop.group)
    return {key for key, groups in seen.items() if groups == set(instance.groups_of(key[0]))}


def group_travel(instance: EventInstance, stops: Sequence[PlacedStop]) -> int:
    """Minutes travelled between consecutive stops, summed over groups."""
    total = 0
    by_group: dict[int, list[PlacedStop]] = {}
    for stop in stops:
        by_group.setdefault(stop.group, []).append(stop)
    for tour in by_group.values():
        tour.sort(key=lambda s: s.start)
        total += sum(
            instance.travel[a.facility_id, b.facility_id]
            for a, b in zip(tour, tour[1:], strict=False)
        )
    return total


def score_schedule(instance: EventInstance, schedule: Schedule) -> int:
    """unit × Σ weights of met wishes + LANGUAGE_BONUS × speaking hosts − travel minutes."""
    wishes = sum(instance.wish_weight(d, f) for d, f in met_wishes(instance, schedule.stops))
    speaking = sum(1 for stop in schedule.stops if stop.host_id in instance.speakers[stop.group])
    travel = group_travel(instance, schedule.stops)
    return wish_unit(instance) * wishes + LANGUAGE_BONUS * speaking - travel


def fit_lunch(
    instance: EventInstance, tour: Sequence[tuple[int, int, int]], day: int
) -> int | None:
    """The earliest lunch start for a group's day, or None when lunch cannot fit.

    `tour` holds (start, end, facility id) sorted by start. Lunch goes before the first
    stop, after the last, or between two stops whose gap holds the travel and the lunch.
    """
    if instance.lunch_windows is None:
        return None
    earliest, latest = instance.lunch_windows[day]
    length = instance.lunch_minutes
    previous: tuple[int, int, int] | None = None
    for following in [*tour, None]:
        low = earliest if previous is None else max(earliest, previous[1])
        high = latest if following is None else min(latest, following[0] - length)
        if previous is not None and following is not None:
            needed = instance.travel[previous[2], following[2]] + length
            if following[0] - previous[1] < needed:
                high = low - 1
        if low <= high:
            return low
        previous = following
    return None


def day_of(instance: EventInstance, minute: int) -> int:
    """The event day whose stop window holds a minute."""
    return next(k for k, (low, high) in enumerate(instance.day_bounds) if low <= minute < high)
