"""How a partial plan grows by one stop: when it may arrive, which starts and hosts to try,
which host holds it keeps. Shared by both passes of `search`.

Integers throughout: instants and lengths in microseconds, facilities as bit indices.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator

from visits.domain.dayplan.problem import LunchWindow, Problem

Holds = tuple[tuple[int, int], ...]
"""(host id, held until): the plan's own stops that may still keep a host from a later one."""

Arrival = tuple[int, bool, int]
"""Earliest start of the next stop, lunch still to take after it, lunch length credited."""

Placement = tuple[int, int, int, Holds]
"""(start, host, end, holds after) of a stop tried."""

NEVER = -1


def bits(mask: int) -> Iterator[int]:
    """Indices of the set bits, ascending."""
    index = 0
    while mask:
        if mask & 1:
            yield index
        mask >>= 1
        index += 1


def looser(a: Holds, b: Holds) -> bool:
    """Whether holds `a` forbid nothing that holds `b` allow."""
    return all(any(h == hb and u <= ub for hb, ub in b) for h, u in a)


class Moves:
    """The ways to extend partial plans over the facilities of `universe`.

    A plan must in the end hold one of the `goals` (sets of facilities); when `exact`, it
    must be one of them. A stop that ends too late to still reach the missing facilities of
    any goal it can still make is never tried. With `lunch`, a plan that has not had lunch
    must end each stop early enough to still take it.
    """

    def __init__(
        self,
        p: Problem,
        universe: int,
        goals: list[int],
        lunch: LunchWindow | None,
        exact: bool = False,
    ) -> None:
        self.p, self.universe, self.lunch = p, universe, lunch
        self.goals, self.exact = goals, exact
        self.latest = [max(slots, default=NEVER) for slots in p.slots]
        self.least_out = [  # travel from x to the nearest other facility
            min((p.travel[x][y] for y in bits(universe) if y != x), default=0)
            for x in range(len(p.ids))
        ]
        self.least_in = [  # travel to x from the nearest other facility
            min((p.travel[y][x] for y in bits(universe) if y != x), default=0)
            for x in range(len(p.ids))
        ]
        self.starts = [sorted(slots) for slots in p.slots]
        self.preferred = [  # per start, the host to pick when nothing else matters
            [min(slots[start].host_ids, key=lambda h: (h not in p.speakers, h)) for start in starts]
            for slots, starts in zip(p.slots, self.starts, strict=True)
        ]
        self.lunch_by = lunch.hi - lunch.length if lunch is not None else 0
        self._cost, self._reach = self._missing_tables()
        self._lead: dict[tuple[int, int], int] = {}
        self._deadline: dict[tuple[int, int], int] = {}

    def _missing_tables(self) -> tuple[dict[int, int], list[dict[int, int]]]:
        """Per set of facilities still missing: the least time they take one after another
        (travel in included), and per facility x the latest end at x that still reaches
        each of them before its last start."""
        p, n, universe = self.p, len(self.p.ids), self.universe
        soonest = self._soonest_arrivals()
        cost = {0: 0}
        reach = [{0: p.day_hi} for _ in range(n)]
        mask = (0 - universe) & universe  # the submasks of `universe`, ascending
        while mask:
            r = (mask & -mask).bit_length() - 1
            rest = mask & (mask - 1)
            cost[mask] = cost[rest] + p.duration[r] + self.least_in[r]
            for x in range(n):
                reach[x][mask] = min(reach[x][rest], self.latest[r] - soonest[x][r])
            mask = (mask - universe) & universe
        return cost, reach

    def _soonest_arrivals(self) -> list[list[int]]:
        """Per pair (x, r), the least time from leaving x to arriving at r, directly or by
        way of other facilities (with their visits): configured travel times need not obey
        the triangle inequality, so the direct leg is not always the quickest."""
        p, members = self.p, list(bits(self.universe))
        soonest = [list(row) for row in p.travel]
        for y in members:
            for x in members:
                via = soonest[x][y] + p.duration[y]
                for r in members:
                    if via + soonest[y][r] < soonest[x][r]:
                        soonest[x][r] = via + soonest[y][r]
        return soonest

    def possible(self) -> bool:
        """False when the lunch has no room at all in the day window."""
        return self.lunch is None or self.lunch.lo + self.lunch.length <= self.lunch.hi

    def first_arrivals(self) -> list[Arrival]:
        """The first stop: from the day's start, or after a lunch taken before it."""
        lunch = self.lunch
        out: list[Arrival] = [(self.p.day_lo, lunch is not None, 0)]
        if lunch is not None:
            out.append((lunch.lo + lunch.length, False, 0))
        return out

    def next_arrivals(self, end: int, leg: int, pending: bool) -> list[Arrival]:
        """After a stop: travel on, or (lunch pending) lunch and travel in the gap."""
        out: list[Arrival] = [(end + leg, pending, 0)]
        lunch = self.lunch
        if pending and lunch is not None:  # pending stops always end in time for lunch
            eaten = max(end, lunch.lo) + lunch.length
            out.append((max(end + leg + lunch.length, eaten), False, lunch.length))
        return out

    def deadline(self, x: int, grown: int) -> int:
        """The latest end at x from which some goal can still be completed: each of its
        missing facilities reached before its last start, all of them one after another
        before the end of the day."""
        key = (x, grown)
        found = self._deadline.get(key)
        if found is None:
            found = NEVER
            reach, cost, day_hi = self._reach[x], self._cost, self.p.day_hi
            for goal in self.goals:
                if self.exact and goal & grown != grown:
                    continue
                missing = goal & ~grown
                found = max(found, min(day_hi - cost[missing], reach[missing]))
            self._deadline[key] = found
        return found

    def place(
        self, x: int, grown: int, arrival: int, holds: Holds, pending: bool, speakers: bool
    ) -> list[Placement]:
        """The stops at x worth trying from `arrival`: per host its earliest start.

        Those another one beats are left out: a later start with no fewer holds, and
        (when `speakers` count) no more speakers.
        """
        p = self.p
        limit = self.deadline(x, grown)
        if pending and self.lunch_by < limit:
            limit = self.lunch_by
        if not holds:  # the usual case: the earliest start, its preferred host, no holds
            every = self.starts[x]
            k = bisect_left(every, arrival)
            if k == len(every) or every[k] + p.duration[x] > limit:
                return []
            start, host = every[k], self.preferred[x][k]
            end = start + p.duration[x]
            if (not speakers or host in p.speakers or not p.speakers) and not self.holds_after(
                x, grown, end, host, ()
            ):
                return [(start, host, end, ())]
        found = []
        for host, starts in p.offers[x]:
            floor = arrival
            for held, until in holds:
                if held == host and until > floor:
                    floor = until
            k = bisect_left(starts, floor)
            if k < len(starts) and starts[k] + p.duration[x] <= limit:
                found.append((starts[k], host))
        found.sort(key=lambda option: option[0])  # stable: speakers, then lower ids first
        out: list[Placement] = []
        free_seen = False
        for start, host in found:
            speaks = host in p.speakers
            if free_seen and not (speakers and speaks):
                continue
            end = start + p.duration[x]
            kept = self.holds_after(x, grown, end, host, holds)
            out.append((start, host, end, kept))
            if not kept:
                if speaks or not speakers:
                    break
                free_seen = True
        return out

    def holds_after(self, x: int, grown: int, end: int, host: int, holds: Holds) -> Holds:
        """The holds that can still matter once a stop at x ends at `end` with `host`.

        A hold matters while a later stop at a facility of that host could start before it
        runs out; none starts before `end` plus the least travel from x to what is left.
        """
        until = end + self.p.buffer[x]
        if not holds and until <= end + self.least_out[x]:
            return ()
        rest = self.universe & ~grown
        if not rest:
            return ()
        key = (x, rest)
        lead = self._lead.get(key)
        if lead is None:
            lead = self._lead[key] = min(self.p.travel[x][y] for y in bits(rest))
        soonest, serves = end + lead, self.p.serves
        entries = [(h, u) for h, u in holds if h != host] + [(host, until)]
        return tuple(sorted((h, u) for h, u in entries if u > soonest and serves[h] & rest))
