"""The exact search behind `plan_day`: dynamic programming over partial plans.

A partial plan is summed up by a label at its state (facilities placed, last facility);
each state keeps only the labels no other beats. Waiting is always allowed, so a plan that
ends earlier, with no more travel, lunch no less behind it and no stricter host holds can
be completed in every way the other can.

1. Here: `fitting_sets` finds every set of facilities that fits in the day, with labels
   (end, lunch pending, holds); hence the most optional facilities. `least_travel` then
   finds the least travel of those sets, with labels (travel, end, lunch pending, holds);
   hence the least travel t*.
2. `best_steps` (in `steps`): the same recursion among partial plans that can
   still finish with travel t* (a time-blind bound on the travel left, `travel_bound`,
   prunes the others), with travel and lunch in the state and labels (end, origin,
   speakers, holds, stops so far). Origin is the first start, plus the lunch length once
   lunch lies between two stops, so that idle = end - origin - durations - travel. Every
   first start is tried.

`Moves` (in `moves`) says which stops are tried next.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from visits.domain.dayplan.moves import Holds, Moves, bits, looser
from visits.domain.dayplan.problem import Problem

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


def fitting_sets(p: Problem, universe: int, required: int, with_lunch: bool = True) -> set[int]:
    """Every set of facilities within `universe` and holding `required` that fits in the
    day (travel not counted, so the labels are fewer)."""
    moves = Moves(p, universe, [required], p.lunch if with_lunch else None)
    return set(_first_pass(p, moves, lambda mask: mask & required == required, False))


def least_travel(p: Problem, sets: set[int]) -> dict[int, int]:
    """The least total travel of a plan visiting exactly one of `sets`, per set that fits."""
    universe = 0
    for chosen in sets:
        universe |= chosen
    moves = Moves(p, universe, sorted(sets), p.lunch, exact=True)
    return _first_pass(p, moves, sets.__contains__, True)


def _first_pass(
    p: Problem, moves: Moves, complete: Callable[[int], bool], count_travel: bool
) -> dict[int, int]:
    """Per complete set reached, the least travel (0 when travel is not counted)."""
    best: dict[int, int] = {}
    if not moves.possible():
        return best
    layer: dict[tuple[int, int], list[Label]] = defaultdict(list)
    for x in bits(moves.universe):
        for arrival, pending, _ in moves.first_arrivals():
            for _, _, end, holds in moves.place(x, 1 << x, arrival, (), pending, False):
                layer[(1 << x, x)].append((0, end, pending, holds))
    while layer:
        following: dict[tuple[int, int], list[Label]] = defaultdict(list)
        for (mask, last), labels in layer.items():
            labels = pareto_labels(labels)
            if complete(mask):
                travel = labels[0][0]  # sorted
                best[mask] = min(best.get(mask, travel), travel)
            for x in bits(moves.universe & ~mask):
                grown = mask | 1 << x
                leg = p.travel[last][x] if count_travel else 0
                for travel, end, pending, holds in labels:
                    for arrival, still, _ in moves.next_arrivals(end, p.travel[last][x], pending):
                        for _, _, done, kept in moves.place(x, grown, arrival, holds, still, False):
                            following[(grown, x)].append((travel + leg, done, still, kept))
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
