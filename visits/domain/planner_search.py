"""The exact search behind `plan_day`: dynamic programming over partial plans.

A partial plan is summed up by a label at its state (facilities placed, last facility);
each state keeps only the labels no other beats. Waiting is always allowed, so a plan that
ends earlier, with no more travel, lunch no less behind it and no stricter host holds can
be completed in every way the other can.

1. `least_travel`: labels (travel, end, lunch pending, holds). It finds, for every set of
   facilities that fits in the day, its least total travel; hence the most optional
   facilities, then the least travel t*.
2. `best_steps`: the same recursion among partial plans that can still finish with travel
   t* (a time-blind bound on the travel left prunes the others), with travel and lunch in
   the state and labels (end, origin, speakers, holds). Origin is the first start, plus
   the lunch length once lunch lies between two stops, so that idle = end - origin -
   durations - travel. Every first start is tried.

`Moves` (in `planner_moves`) says which stops are tried next.
"""

from __future__ import annotations

from collections import defaultdict

from visits.domain.planner_moves import Holds, Moves, bits, looser
from visits.domain.planner_problem import Problem


class Step:
    """A partial plan of the second pass, as its last stop and a link to the plan before."""

    __slots__ = ("end", "origin", "speakers", "holds", "parent", "facility", "start", "host")

    def __init__(
        self,
        end: int,
        origin: int,
        speakers: int,
        holds: Holds,
        parent: Step | None,
        facility: int,
        start: int,
        host: int,
    ) -> None:
        self.end, self.origin, self.speakers, self.holds = end, origin, speakers, holds
        self.parent, self.facility, self.start, self.host = parent, facility, start, host

    def stops(self) -> list[tuple[int, int, int]]:
        """(facility index, start, host id) of every stop, in time order."""
        out: list[tuple[int, int, int]] = []
        step: Step | None = self
        while step is not None:
            out.append((step.facility, step.start, step.host))
            step = step.parent
        return out[::-1]


Label = tuple[int, int, bool, Holds]
"""(travel, end, lunch pending, holds) of a partial plan in the first pass."""


def pareto_labels(labels: list[Label]) -> list[Label]:
    """The labels no other beats on travel, end, lunch and holds at once."""
    labels.sort()
    kept: list[Label] = []
    # The earliest end of a kept label without holds: with lunch behind it, and of any.
    fed_end: int | None = None
    any_end: int | None = None
    for label in labels:
        travel, end, pending, holds = label
        best = any_end if pending else fed_end
        if best is not None and end >= best:
            continue
        if any(k[1] <= end and k[2] <= pending and looser(k[3], holds) for k in kept if k[3]):
            continue
        kept.append(label)
        if not holds:
            any_end = end if any_end is None else min(any_end, end)
            if not pending:
                fed_end = end if fed_end is None else min(fed_end, end)
    return kept


def least_travel(
    p: Problem, universe: int, required: int, with_lunch: bool = True
) -> dict[int, int]:
    """Every set of facilities within `universe` and holding `required` that fits in the
    day, with the least total travel of a plan visiting exactly it."""
    moves = Moves(p, universe, required, p.lunch if with_lunch else None)
    best: dict[int, int] = {}
    if not moves.possible():
        return best
    layer: dict[tuple[int, int], list[Label]] = defaultdict(list)
    for x in bits(universe):
        for arrival, pending, _ in moves.first_arrivals():
            for _, _, end, holds in moves.place(x, 1 << x, arrival, (), pending, False):
                layer[(1 << x, x)].append((0, end, pending, holds))
    while layer:
        following: dict[tuple[int, int], list[Label]] = defaultdict(list)
        for (mask, last), labels in layer.items():
            labels = pareto_labels(labels)
            if not labels:
                continue
            if mask & required == required:
                travel = labels[0][0]  # sorted
                best[mask] = min(best.get(mask, travel), travel)
            for x in bits(universe & ~mask):
                grown, leg, bucket = mask | 1 << x, p.travel[last][x], following[(mask | 1 << x, x)]
                for travel, end, pending, holds in labels:
                    for arrival, still, _ in moves.next_arrivals(end, leg, pending):
                        for _, _, done, kept in moves.place(x, grown, arrival, holds, still, False):
                            bucket.append((travel + leg, done, still, kept))
        layer = following
    return best


def travel_bound(p: Problem, targets: set[int]) -> dict[tuple[int, int], int]:
    """Least travel, time ignored, from (placed set, last facility) to one of `targets`."""
    subsets: set[int] = set()
    universe = 0
    for target in targets:
        universe |= target
        sub = target
        while sub:
            subsets.add(sub)
            sub = (sub - 1) & target
    bound: dict[tuple[int, int], int] = {}
    for mask in sorted(subsets, key=lambda m: -m.bit_count()):
        if mask in targets:
            bound.update(((mask, last), 0) for last in bits(mask))
            continue
        nexts = [(y, mask | 1 << y) for y in bits(universe & ~mask) if mask | 1 << y in subsets]
        for last in bits(mask):
            row = p.travel[last]
            bound[(mask, last)] = min(row[y] + bound[(grown, y)] for y, grown in nexts)
    return bound


def pareto_steps(steps: list[Step]) -> list[Step]:
    """Steps no other beats on end, origin, speakers and holds at once (first of equals)."""
    steps.sort(key=lambda s: (s.end, -s.origin, -s.speakers))
    kept: list[Step] = []
    free_origin: dict[int, int] = {}  # speakers -> latest origin of a kept step without holds
    for step in steps:
        if any(o >= step.origin for n, o in free_origin.items() if n >= step.speakers):
            continue
        if any(
            k.origin >= step.origin and k.speakers >= step.speakers and looser(k.holds, step.holds)
            for k in kept
            if k.holds
        ):
            continue
        kept.append(step)
        if not step.holds:
            previous = free_origin.get(step.speakers, step.origin)
            free_origin[step.speakers] = max(previous, step.origin)
    return kept


StepKey = tuple[int, int, bool, int]
"""(placed set, last facility, lunch pending, travel so far)."""


IDLE_CAPS = tuple(minutes * 60_000_000 for minutes in (0, 20, 60))
"""Idle time (microseconds) tried as a cap before searching without one."""


def best_steps(p: Problem, targets: set[int], goal: int) -> list[Step]:
    """The Pareto-optimal complete plans visiting one of `targets` with total travel `goal`.

    A partial plan's idle time never shrinks as it grows, so the search first keeps only
    partial plans idle for at most a few minutes: when a compact day exists that prunes
    nearly everything else, and what it finds includes every plan of least idle.
    """
    search = SecondPass(p, targets, goal)
    for cap in (*IDLE_CAPS, None):
        found = search.run(cap)
        if found:
            return found
    return []


class SecondPass:
    """Plans of travel `goal` over `targets`, by least idle then most speakers."""

    def __init__(self, p: Problem, targets: set[int], goal: int) -> None:
        self.p, self.targets, self.goal = p, targets, goal
        self.bound = travel_bound(p, targets)
        universe, common = 0, -1
        for target in targets:
            universe, common = universe | target, common & target
        self.moves = Moves(p, universe, common, p.lunch)
        self.size = max(target.bit_count() for target in targets)
        self.first = self._first_steps()
        self._busy: dict[int, int] = {}

    def run(self, cap: int | None) -> list[Step]:
        layer = self.first
        for _ in range(self.size - 1):
            layer = self._grow(layer, cap)
        return [
            step
            for (mask, _, _, travel), steps in layer.items()
            if mask in self.targets and travel == self.goal
            for step in pareto_steps(steps)
        ]

    def _busy_time(self, mask: int) -> int:
        """The summed durations of the stops at a set of facilities."""
        total = self._busy.get(mask)
        if total is None:
            total = self._busy[mask] = sum(self.p.duration[x] for x in bits(mask))
        return total

    def _first_steps(self) -> dict[StepKey, list[Step]]:
        """Every first stop: each start, each host, before lunch or after it."""
        p, moves, goal = self.p, self.moves, self.goal
        layer: dict[StepKey, list[Step]] = defaultdict(list)
        for x in bits(moves.universe):
            if self.bound.get((1 << x, x), goal + 1) > goal:
                continue
            for start in sorted(p.slots[x]):
                for arrival, pending, _ in moves.first_arrivals():
                    if start < arrival:
                        continue
                    for at, host, end, holds in moves.place(x, 1 << x, start, (), pending, True):
                        if at != start:
                            continue  # that host's first start: tried in its own turn
                        step = Step(end, start, host in p.speakers, holds, None, x, start, host)
                        layer[(1 << x, x, pending, 0)].append(step)
        return layer

    def _grow(self, layer: dict[StepKey, list[Step]], cap: int | None) -> dict[StepKey, list[Step]]:
        """Every partial plan one stop longer that can still finish with travel `goal`."""
        p, moves, goal, speakers = self.p, self.moves, self.goal, self.p.speakers
        following: dict[StepKey, list[Step]] = defaultdict(list)
        for (mask, last, pending, travel), steps in layer.items():
            steps = pareto_steps(steps)
            for x in bits(moves.universe & ~mask):
                grown, leg = mask | 1 << x, p.travel[last][x]
                if travel + leg + self.bound.get((grown, x), goal + 1) > goal:
                    continue
                # idle = end - origin - busy; beyond `most`, more than the cap
                most = None if cap is None else cap + self._busy_time(grown) + travel + leg
                for step in steps:
                    for arrival, still, credit in moves.next_arrivals(step.end, leg, pending):
                        origin = step.origin + credit
                        for start, host, end, holds in moves.place(
                            x, grown, arrival, step.holds, still, True
                        ):
                            if most is not None and end - origin > most:
                                break  # later starts only idle longer
                            count = step.speakers + (host in speakers)
                            following[(grown, x, still, travel + leg)].append(
                                Step(end, origin, count, holds, step, x, start, host)
                            )
        return following
