"""The grid of candidate starts, and turning the starts some hosts can take into slots.

The rules answer in spans of allowed starts; this module maps them onto the grid (one
bitmask of hosts per candidate) and builds the answer's hundreds of datetimes and slots in
C-level loops, which is most of what a month-long search costs.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import accumulate, compress
from operator import xor

from visits.domain.clock import ONE_US, LocalClock, dates_between, from_us
from visits.domain.intervals import Spans
from visits.domain.scene import Scene


@dataclass(frozen=True, slots=True)
class Slot:
    """A start an officer may book, and the hosts who could take it (ascending ids)."""

    start: datetime
    end: datetime
    host_ids: tuple[int, ...]


class Grid:
    """Candidate starts: from each opening window's start, every `step`, while the stop fits.

    Each host who can take some of them sets its bit on those candidates.
    """

    def __init__(self, scene: Scene, day_from: date, day_to: date, step_us: int) -> None:
        self.scene = scene
        self.starts: list[int] = []
        weekly, duration_us = scene.facility.weekly_us, scene.duration_us
        for day in dates_between(day_from, day_to):
            for start, end in scene.clock.windows_on(day, weekly[day.weekday()]):
                self.starts.extend(range(start, end - duration_us + 1, step_us))
        self.toggles = [0] * (len(self.starts) + 1)  # bit flips; their running xor = hosts

    def mark(self, bit: int, allowed: Spans) -> None:
        """Give host number `bit` every candidate start inside `allowed`."""
        starts, toggles, flag = self.starts, self.toggles, 1 << bit
        for low, high in allowed:
            first = bisect_left(starts, low)
            last = bisect_left(starts, high, first)
            if first < last:
                toggles[first] ^= flag
                toggles[last] ^= flag

    def slots(self, host_ids: list[int]) -> list[Slot]:
        """Every marked candidate as a slot with its hosts."""
        masks = list(accumulate(self.toggles[:-1], xor))
        teams = HostSets(host_ids)
        by_mask = {mask: teams.ids_of(mask) for mask in set(masks)}
        kept = list(compress(self.starts, masks))
        begins, ends = local_spans(self.scene.clock, kept, self.scene.duration_us)
        return list(map(Slot, begins, ends, map(by_mask.__getitem__, filter(None, masks))))


class HostSets:
    """The host ids a bitmask over a team stands for (bit k = k-th host by id).

    A month of slots meets hundreds of distinct sets; joining the answers of small
    per-five-hosts tables is several times cheaper than testing every bit of each.
    """

    CHUNK = 5
    LOW_BITS = (1 << CHUNK) - 1

    def __init__(self, ids: list[int]) -> None:
        self.tables = [
            [
                tuple(chunk[bit] for bit in range(len(chunk)) if value >> bit & 1)
                for value in range(1 << len(chunk))
            ]
            for chunk in (ids[k : k + self.CHUNK] for k in range(0, len(ids), self.CHUNK))
        ]

    def ids_of(self, mask: int) -> tuple[int, ...]:
        """The ids of the set bits of `mask`, ascending."""
        found: tuple[int, ...] = ()
        for table in self.tables:
            found += table[mask & self.LOW_BITS]
            mask >>= self.CHUNK
        return found


def local_spans(
    clock: LocalClock, starts: list[int], duration_us: int
) -> tuple[list[datetime], list[datetime]]:
    """Local datetimes of sorted starts and of their ends.

    Within a day with a single offset a local time is midnight plus the elapsed time, and
    an end is its start plus the duration: no zone look-up per slot.
    """
    begins: list[datetime] = []
    ends: list[datetime] = []
    duration = timedelta(microseconds=duration_us)
    i, count = 0, len(starts)
    while i < count:
        day_start, day_end, midnight = clock.steady_day(starts[i])
        j = bisect_left(starts, day_end, i)
        if midnight is not None and starts[j - 1] + duration_us < day_end:
            chunk = [midnight + ONE_US * (t - day_start) for t in starts[i:j]]
            begins.extend(chunk)
            ends.extend([moment + duration for moment in chunk])
        else:
            begins.extend(from_us(t, clock.tz) for t in starts[i:j])
            ends.extend(from_us(t + duration_us, clock.tz) for t in starts[i:j])
        i = j
    return begins, ends
