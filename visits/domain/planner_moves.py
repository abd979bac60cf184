"""How a partial plan grows by one stop: when it may arrive, which starts and hosts to try,
which host holds it keeps. Shared by both passes of `planner_search`.

Integers throughout: instants and lengths in microseconds, facilities as bit indices.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator

from visits.domain.planner_problem import LunchWindow, Problem

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

    `required` facilities must all be placed in the end: a stop that ends too late to
    still reach one of the missing ones is never tried. With `lunch`, a plan that has not
    had lunch must end each stop early enough to still take it.
    """

    def __init__(self, p: Problem, universe: int, required: int, lunch: LunchWindow | None) -> None:
        self.p, self.universe, self.required, self.lunch = p, universe, required, lunch
        self.latest = [max(slots, default=NEVER) for slots in p.slots]
        self.slack = [
            min((p.travel[x][y] for y in bits(universe) if y != x), default=0)
            for x in range(len(p.ids))
        ]
        self.slack_in = [
            min((p.travel[y][x] for y in bits(universe) if y != x), default=0)
            for x in range(len(p.ids))
        ]
        self.lunch_by = lunch.hi - lunch.length if lunch is not None else 0
        self._lead: dict[tuple[int, int], int] = {}
        self._deadline: dict[tuple[int, int], int] = {}

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
        """The latest end at x from which the missing required facilities can still be
        reached: each one before its last start, all of them one after another before the
        end of the day."""
        key = (x, grown)
        found = self._deadline.get(key)
        if found is None:
            p, missing = self.p, list(bits(self.required & ~grown))
            found = p.day_hi - sum(p.duration[r] + self.slack_in[r] for r in missing)
            for r in missing:
                found = min(found, self.latest[r] - p.travel[x][r])
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
        if not holds and until <= end + self.slack[x]:
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
