"""The two questions an officer asks: which slots are free, and may this stop be booked.

Both are answered by the rules of `constraints`: the slot search intersects what they
allow over the whole period, a single stop is judged rule by rule so that the first rule
it breaks is the one reported.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import repeat

from visits.domain.calendar import Booking, Facility, Host, Policy
from visits.domain.clock import ONE_US, LocalClock, dates_between, delta_us, from_us, to_us
from visits.domain.constraints import FACILITY_RULES, HOST_RULES, first_violation
from visits.domain.intervals import Span, Spans
from visits.domain.rules import (
    HostNotLinked,
    InvalidInterval,
    InvalidPartySize,
    RuleViolation,
)
from visits.domain.scene import Scene


@dataclass(frozen=True, slots=True)
class Slot:
    """A start an officer may book, and the hosts who could take it (ascending ids)."""

    start: datetime
    end: datetime
    host_ids: tuple[int, ...]


def candidate_starts(scene: Scene, day_from: date, day_to: date, step_us: int) -> list[int]:
    """The grid: from each opening window's start, every `step`, while the stop fits."""
    starts: list[int] = []
    duration_us = scene.duration_us
    for day in dates_between(day_from, day_to):
        for start, end in scene.clock.windows_on(day, scene.facility.weekly_us[day.weekday()]):
            starts.extend(range(start, end - duration_us + 1, step_us))
    return starts


def grid_ranges(starts: list[int], spans: Spans) -> list[Span]:
    """Ranges [i, j) of indexes into the sorted `starts` of those inside `spans`."""
    out: list[Span] = []
    for low, high in spans:
        i = bisect_left(starts, low)
        j = bisect_left(starts, high, i)
        if i < j:
            out.append((i, j))
    return out


def linked_hosts(facility: Facility, hosts: Iterable[Host]) -> list[Host]:
    """Hosts who receive visitors at the facility, by ascending id, each once."""
    linked = {host.id: host for host in hosts if facility.id in host.facility_ids}
    return [linked[host_id] for host_id in sorted(linked)]


def free_slots(
    facility: Facility,
    hosts: Sequence[Host],
    bookings: Iterable[Booking],
    policy: Policy,
    day_from: date,
    day_to: date,
    duration: timedelta,
    party_size: int,
    step: timedelta = timedelta(minutes=15),
    ignore_stop_ids: Iterable[int] = (),
) -> list[Slot]:
    """Every grid start from `day_from` to `day_to` (local, inclusive) a linked host can take.

    `bookings` are live stops of the facility and of its hosts anywhere; those in
    `ignore_stop_ids` (a stop being moved) do not count.
    """
    duration_us, step_us = delta_us(duration), delta_us(step)
    if duration_us <= 0 or step_us <= 0 or day_to < day_from:
        raise InvalidInterval("Duration and step must be positive and the period not reversed.")
    if party_size < 1:
        raise InvalidPartySize(f"A party of {party_size} is not a party.")
    team = linked_hosts(facility, hosts)
    scene = Scene(
        facility,
        policy,
        duration_us,
        party_size,
        bookings,
        (host.id for host in team),
        ignore_stop_ids,
    )
    starts = candidate_starts(scene, day_from, day_to, step_us)
    if not starts or not team:
        return []
    common: Spans = [(starts[0], starts[-1] + 1)]
    for facility_rule in FACILITY_RULES:
        common = facility_rule.allowed(scene, common)
    toggles: dict[int, int] = {}
    for bit, host in enumerate(team):
        allowed = common
        for host_rule in HOST_RULES:
            allowed = host_rule.allowed(scene, host, allowed)
        for i, j in grid_ranges(starts, allowed):
            toggles[i] = toggles.get(i, 0) ^ (1 << bit)
            toggles[j] = toggles.get(j, 0) ^ (1 << bit)
    return _emit_slots(starts, toggles, team, scene)


def _emit_slots(
    starts: list[int], toggles: dict[int, int], team: list[Host], scene: Scene
) -> list[Slot]:
    """Slots from the grid indexes where the set of available hosts changes."""
    begins = local_times(scene.clock, starts, 0)
    ends = local_times(
        scene.clock, starts, scene.duration_us, dict(zip(starts, begins, strict=True))
    )
    slots: list[Slot] = []
    teams = HostSets([host.id for host in team])
    mask = 0
    bounds = sorted(toggles)
    for here, there in zip(bounds, bounds[1:], strict=False):
        mask ^= toggles[here]
        if mask:
            host_ids = teams.ids_of(mask)
            slots.extend(map(Slot, begins[here:there], ends[here:there], repeat(host_ids)))
    return slots


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
        self.known: dict[int, tuple[int, ...]] = {}

    def ids_of(self, mask: int) -> tuple[int, ...]:
        """The ids of the set bits of `mask`, ascending."""
        found = self.known.get(mask)
        if found is None:
            found, rest = (), mask
            for table in self.tables:
                found += table[rest & self.LOW_BITS]
                rest >>= self.CHUNK
            self.known[mask] = found
        return found


def local_times(
    clock: LocalClock, instants: list[int], shift_us: int, known: dict[int, datetime] | None = None
) -> list[datetime]:
    """Local datetimes of sorted instants, each moved by `shift_us` (within its day).

    The answer's hundreds of datetimes are built here without zone look-ups: a slot's end
    is often a later slot's start (`known`), and within a day with a single offset a local
    time is midnight plus the elapsed time.
    """
    out: list[datetime] = []
    i, count, known = 0, len(instants), known or {}
    while i < count:
        day_start, day_end, midnight = clock.steady_day(instants[i])
        j = bisect_left(instants, day_end, i)
        if midnight is not None and instants[j - 1] + shift_us < day_end:
            base = day_start - shift_us
            out.extend(
                [known.get(t + shift_us) or midnight + ONE_US * (t - base) for t in instants[i:j]]
            )
        else:
            out.extend([from_us(t + shift_us, clock.tz) for t in instants[i:j]])
        i = j
    return out


def _judge(
    facility: Facility,
    host_ids: Iterable[int],
    bookings: Iterable[Booking],
    policy: Policy,
    start: datetime,
    end: datetime,
    party_size: int,
    ignore_stop_ids: Iterable[int],
) -> tuple[Scene, int, int]:
    """Checks the request itself, then prepares the scene the rules will read."""
    start_us, end_us = to_us(start), to_us(end)
    if end_us <= start_us:
        raise InvalidInterval(
            f"The stop ends at {end.isoformat()}, not after its start {start.isoformat()}."
        )
    if party_size < 1:
        raise InvalidPartySize(f"A party of {party_size} is not a party.")
    duration_us = end_us - start_us
    scene = Scene(facility, policy, duration_us, party_size, bookings, host_ids, ignore_stop_ids)
    return scene, start_us, end_us


def check_stop(
    facility: Facility,
    host: Host,
    bookings: Iterable[Booking],
    policy: Policy,
    start: datetime,
    end: datetime,
    party_size: int,
    ignore_stop_ids: Iterable[int] = (),
) -> None:
    """Raise the violation of the first rule (SPEC §3 order) the stop breaks, if any."""
    scene, start_us, end_us = _judge(
        facility, (host.id,), bookings, policy, start, end, party_size, ignore_stop_ids
    )
    verdict = first_violation(scene, host, start_us, end_us)
    if verdict is not None:
        raise verdict[1]


def pick_host(
    facility: Facility,
    hosts: Sequence[Host],
    bookings: Iterable[Booking],
    policy: Policy,
    start: datetime,
    end: datetime,
    party_size: int,
    language: str | None = None,
    ignore_stop_ids: Iterable[int] = (),
) -> Host:
    """A linked host who can take the stop: one speaking `language` first, then lowest id.

    When nobody can, the violation raised is the one that got furthest down the rules
    (e.g. "capacity" rather than "outside hours": someone was free, the room was not);
    among equals, that of the lowest id.
    """
    team = linked_hosts(facility, hosts)
    scene, start_us, end_us = _judge(
        facility,
        (host.id for host in team),
        bookings,
        policy,
        start,
        end,
        party_size,
        ignore_stop_ids,
    )
    refusals: list[tuple[int, RuleViolation]] = []
    able: list[Host] = []
    for host in team:
        verdict = first_violation(scene, host, start_us, end_us)
        if verdict is None:
            able.append(host)
        else:
            refusals.append(verdict)
    if able:
        speakers = [host for host in able if language and host.speaks(language)]
        return (speakers or able)[0]
    if refusals:
        best = max(rank for rank, _ in refusals)
        raise next(violation for rank, violation in refusals if rank == best)
    verdict = first_violation(scene, None, start_us, end_us)
    if verdict is not None:
        raise verdict[1]
    raise HostNotLinked(f"No host receives visitors at facility {facility.id}.")
