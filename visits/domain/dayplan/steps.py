"""The second pass of the planner's search: among plans of least travel, the least idle,
then the most speakers, then the first stops (see `search` for the first pass).

Labels are `Step`s at states (facilities placed, last facility, lunch pending, travel).
A step A may drop a step B of its state when A ends no later, has no later origin, no
fewer speakers, no stricter holds, and what follows cannot make B's plans win: A is
strictly ahead on origin or speakers (every completion then does strictly better after
A), or A's stops so far come first (completions then tie at best, and A's plan comes
first), or, for complete plans, A ends earlier.
"""

from __future__ import annotations

from collections import defaultdict

from visits.domain.dayplan.moves import Holds, Moves, bits, looser
from visits.domain.dayplan.problem import Problem
from visits.domain.dayplan.search import travel_bound

StopKey = tuple[tuple[int, int, int], ...]
"""(start, facility id, host id) of each stop so far: the order of the last tie-break."""


class Step:
    """A partial plan, as its last stop, its figures and a link to the plan before."""

    __slots__ = (
        "end",
        "origin",
        "speakers",
        "holds",
        "parent",
        "facility",
        "start",
        "host",
        "key",
    )

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
        key: StopKey,
    ) -> None:
        self.end, self.origin, self.speakers, self.holds = end, origin, speakers, holds
        self.parent, self.facility, self.start, self.host = parent, facility, start, host
        self.key = key

    def stops(self) -> list[tuple[int, int, int]]:
        """(facility index, start, host id) of every stop, in time order."""
        out: list[tuple[int, int, int]] = []
        step: Step | None = self
        while step is not None:
            out.append((step.facility, step.start, step.host))
            step = step.parent
        return out[::-1]


def pareto_steps(steps: list[Step], complete: bool = False) -> list[Step]:
    """The steps of one state that no other may drop (see the module docstring)."""
    steps.sort(key=lambda s: (s.end, -s.origin, -s.speakers, s.key))
    kept: list[Step] = []
    ahead: dict[int, int] = {}  # speakers -> latest origin of a kept step without holds
    # (origin, speakers) -> least end and least stops among kept steps without holds
    equal: dict[tuple[int, int], tuple[int, StopKey]] = {}
    for step in steps:
        origin, speakers = step.origin, step.speakers
        if any(
            o > origin or (o == origin and n > speakers) for n, o in ahead.items() if n >= speakers
        ):
            continue
        twin = equal.get((origin, speakers))
        if twin is not None and (twin[1] <= step.key or (complete and twin[0] < step.end)):
            continue
        if any(_drops(k, step, complete) for k in kept if k.holds):
            continue
        kept.append(step)
        if not step.holds:
            ahead[speakers] = max(ahead.get(speakers, origin), origin)
            if twin is None:
                equal[(origin, speakers)] = (step.end, step.key)
            else:  # kept for its earlier stops: the group's least end and least stops
                equal[(origin, speakers)] = (twin[0], min(twin[1], step.key))
    return kept


def _drops(a: Step, b: Step, complete: bool) -> bool:
    """Whether `a` (sorted before `b`, so ending no later) may drop `b`."""
    if a.origin < b.origin or a.speakers < b.speakers or not looser(a.holds, b.holds):
        return False
    return (
        a.origin > b.origin
        or a.speakers > b.speakers
        or a.key <= b.key
        or (complete and a.end < b.end)
    )


StateKey = tuple[int, int, bool, int]
"""(placed set, last facility, lunch pending, travel so far)."""


def best_steps(p: Problem, targets: set[int], goal: int) -> list[Step]:
    """The complete plans visiting one of `targets` with travel `goal` that may be best."""
    return SecondPass(p, targets, goal).run()


class SecondPass:
    """Plans of travel `goal` over `targets`, grown one stop at a time."""

    def __init__(self, p: Problem, targets: set[int], goal: int) -> None:
        self.p, self.targets, self.goal = p, targets, goal
        self.bound = travel_bound(p, targets)
        universe = 0
        for target in targets:
            universe |= target
        self.moves = Moves(p, universe, sorted(targets), p.lunch, exact=True)
        self.size = max(target.bit_count() for target in targets)

    def run(self) -> list[Step]:
        layer = self._first_steps()
        for _ in range(self.size - 1):
            layer = self._grow(layer)
        return [
            step
            for (mask, _, _, travel), steps in layer.items()
            if mask in self.targets and travel == self.goal
            for step in pareto_steps(steps, complete=True)
        ]

    def _first_steps(self) -> dict[StateKey, list[Step]]:
        """Every first stop: each start, each host, before lunch or after it."""
        p, moves, goal = self.p, self.moves, self.goal
        layer: dict[StateKey, list[Step]] = defaultdict(list)
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
                        key = ((start, p.ids[x], host),)
                        step = Step(
                            end, start, host in p.speakers, holds, None, x, start, host, key
                        )
                        layer[(1 << x, x, pending, 0)].append(step)
        return layer

    def _grow(self, layer: dict[StateKey, list[Step]]) -> dict[StateKey, list[Step]]:
        """Every partial plan one stop longer that can still finish with travel `goal`."""
        p, moves, goal, speakers = self.p, self.moves, self.goal, self.p.speakers
        following: dict[StateKey, list[Step]] = defaultdict(list)
        for (mask, last, pending, travel), steps in layer.items():
            steps = pareto_steps(steps)
            for x in bits(moves.universe & ~mask):
                grown, leg, facility_id = mask | 1 << x, p.travel[last][x], p.ids[x]
                if travel + leg + self.bound.get((grown, x), goal + 1) > goal:
                    continue
                for step in steps:
                    for arrival, still, credit in moves.next_arrivals(step.end, leg, pending):
                        origin = step.origin + credit
                        for start, host, end, holds in moves.place(
                            x, grown, arrival, step.holds, still, True
                        ):
                            count = step.speakers + (host in speakers)
                            key = (*step.key, (start, facility_id, host))
                            following[(grown, x, still, travel + leg)].append(
                                Step(end, origin, count, holds, step, x, start, host, key)
                            )
        return following
