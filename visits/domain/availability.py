"""The two questions an officer asks: which slots are free, and may this stop be booked.

Both are answered by the rules of `constraints`: the slot search intersects what they
allow over the whole period, a single stop is judged rule by rule so that the first rule
it breaks is the one reported.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta

from visits.domain.calendar import Booking, Facility, Host, Policy
from visits.domain.clock import LocalClock, delta_us, to_us
from visits.domain.companions import (
    Assignment,
    Companion,
    CompanionScene,
    Party,
    first_companion_violation,
)
from visits.domain.constraints import FACILITY_RULES, HOST_RULES, first_violation
from visits.domain.grid import Grid, Slot
from visits.domain.intervals import Spans
from visits.domain.rules import (
    HostNotLinked,
    InvalidInterval,
    InvalidPartySize,
    RuleViolation,
)
from visits.domain.scene import Scene

__all__ = ["Slot", "check_companion", "check_stop", "free_companions", "free_slots",
           "linked_hosts", "pick_host"]


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
        raise InvalidInterval(problem="not_positive", length=min(duration, step))
    if party_size < 1:
        raise InvalidPartySize(party_size=party_size)
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
    grid = Grid(scene, day_from, day_to, step_us)
    if not grid.starts or not team:
        return []
    common: Spans = [(grid.starts[0], grid.starts[-1] + 1)]
    for facility_rule in FACILITY_RULES:
        common = facility_rule.allowed(scene, common)
    for bit, host in enumerate(team if common else ()):
        allowed = common
        for host_rule in HOST_RULES:
            allowed = host_rule.allowed(scene, host, allowed)
        grid.mark(bit, allowed)
    return grid.slots([host.id for host in team])


def _judge(
    facility: Facility,
    host_ids: Iterable[int],
    bookings: Iterable[Booking],
    policy: Policy,
    start: datetime,
    end: datetime,
    party_size: int,
    ignore_stop_ids: Iterable[int],
    visit_id: int | None,
) -> tuple[Scene, int, int]:
    """Checks the request itself, then prepares the scene the rules will read."""
    start_us, end_us = to_us(start), to_us(end)
    if end_us <= start_us:
        raise InvalidInterval(problem="end_not_after_start", start=start, end=end)
    if party_size < 1:
        raise InvalidPartySize(party_size=party_size)
    duration_us = end_us - start_us
    scene = Scene(facility, policy, duration_us, party_size, bookings, host_ids, ignore_stop_ids,
                  visit_id)
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
    visit_id: int | None = None,
) -> None:
    """Raise the violation of the first rule (SPEC §3 order) the stop breaks, if any.

    `visit_id` is the stop's own visit (its other stops take no more of a weekly quota).
    """
    scene, start_us, end_us = _judge(
        facility, (host.id,), bookings, policy, start, end, party_size, ignore_stop_ids,
        visit_id,
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
    visit_id: int | None = None,
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
        visit_id,
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
    raise HostNotLinked(facility_id=facility.id)


def _companion_scene(policy: Policy, party: Party, start: datetime, end: datetime,
                     assignments: Iterable[Assignment],
                     ignore_visit_id: int | None) -> tuple[CompanionScene, int, int]:
    start_us, end_us = to_us(start), to_us(end)
    if end_us <= start_us:
        raise InvalidInterval(problem="end_not_after_start", start=start, end=end)
    if party.size < 1:
        raise InvalidPartySize(party_size=party.size)
    scene = CompanionScene(LocalClock(policy.tz), party, end_us - start_us, assignments,
                           ignore_visit_id)
    return scene, start_us, end_us


def check_companion(
    companion: Companion,
    party: Party,
    assignments: Iterable[Assignment],
    policy: Policy,
    start: datetime,
    end: datetime,
    ignore_visit_id: int | None = None,
) -> None:
    """Raise the first companion rule (see `visits.domain.companions`) the assignment
    breaks. Live assignments of `ignore_visit_id` (being replaced) do not count; planned
    ones (negative ids) always do."""
    scene, start_us, end_us = _companion_scene(policy, party, start, end, assignments,
                                               ignore_visit_id)
    violation = first_companion_violation(scene, companion, start_us, end_us)
    if violation is not None:
        raise violation


def free_companions(
    companions: Iterable[Companion],
    party: Party,
    assignments: Iterable[Assignment],
    policy: Policy,
    start: datetime,
    end: datetime,
    ignore_visit_id: int | None = None,
) -> list[Companion]:
    """The companions who could be assigned [start, end) for the party, by kind then id."""
    scene, start_us, end_us = _companion_scene(policy, party, start, end, assignments,
                                               ignore_visit_id)
    able = [c for c in companions
            if first_companion_violation(scene, c, start_us, end_us) is None]
    return sorted(able, key=lambda c: (c.kind, c.id))
