"""One joint schedule for many delegations over the days of an event (a WeGO steering
committee, a training week), solved with OR-Tools CP-SAT under a time limit.

What a stop may be comes from the one availability engine: for every wished facility,
party size and event day, `free_slots` gives the grid starts (every `step` from opening
time, kept only inside [day_start, day_end]) and the hosts free for them given the
existing bookings, so rules 1, 2, 3 and 4 against existing bookings, and 6, are never
restated here. The solver adds only what holds *between* the new stops:

- **Day.** Each delegation comes on at most one of its allowed days (`day[d, k]`); a
  delegation that comes on none has all its wishes unmet.
- **Wishes.** `met[d, f]`: every (sub-)group of d visits f that day. A wish is met for
  the whole delegation or not at all, never for half of it.
- **Stops.** Per group and wished facility, an integer start whose domain is the union of
  the engine's starts and one literal per host the engine offered; choosing a host
  restricts the start to that host's starts. Starts live in domains, not in one boolean
  per start, so the model grows with delegations × wishes × hosts, not with the grid:
  the full 15-minute grid is kept.
- **Hosts** (rule 3 between new stops): per host, `AddNoOverlap` over optional intervals
  [start, end + the facility's buffer) of the stops assigned to them.
- **Rooms** (rule 4 between new stops): per facility, `AddCumulative` of the new stops'
  party sizes over [start, end), with the existing bookings' load as fixed intervals
  (widened to whole minutes, clipped to the capacity), against the capacity. Redundant,
  for the bound: groups of more than half a room never share it, so they also get an
  `AddNoOverlap` and, per day, Σ durations ≤ the minutes the room can take them. Without
  it the LP bound believes every wish for a small popular room can be met (on the
  bench the gap at 30 s is 8 % without, 4 % with).
- **A group's day** (rule 5): `AddCircuit` through the group's possible stops and a depot
  node; an arc i → j forces start_j ≥ end_i + travel(i, j) (`travel_minutes`), so the
  stops in time order pass `check_visit_sequence`, and the arcs' travel is charged.
- **Lunch.** Per group, a lunch start on the chosen day inside the lunch window (the whole
  lunch inside it); per stop a literal "lunch after this stop": lunch starts after the
  stop ends, or ends before it starts. When lunch falls between consecutive stops i → j,
  start_j ≥ end_i + travel(i, j) + lunch: the travel is kept whole, lunch is extra.
- **Sub-groups.** A delegation larger than `max_group_size` or than the smallest capacity
  among its wished facilities splits into ceil(size / limit) near-equal groups (at most
  six); each has its own circuit and lunch, on the delegation's one day, and they rotate
  through the same facilities in parallel (the rooms' and hosts' constraints see each).

Objective, maximised and lexicographic: unit × Σ over met wishes of (n − rank) for a
delegation's n wishes (first wish n, last 1), then + 10 per stop whose host speaks the
delegation's language, − 1 per travel minute. `unit` exceeds every possible language
bonus plus travel together, so no saving of minutes ever costs a wish.

Search (`time_limit` covers the whole call; `on_progress` hears of each step):
1. A first-fit plan (`greedy`): the first plan, in well under a second on the benches.
2. The wishes-only relaxation (`relax`) proves the most wish weight any plan can meet
   (its LP bound, certified in exact arithmetic) and chooses wishes reaching about that.
   `bound` is unit × that weight + 10 per possible stop, or CP-SAT's bound if lower.
3. The choice fixes each delegation's day, and days share no group, host stop or room
   visit, so it is scheduled day by day: per day, CP-SAT on the event restricted to that
   day's chosen wishes (hinted with first fit on them) places as many as go, for
   DAYS_SHARE of the time left split by the days' chosen weight. (Scheduling the whole
   choice exactly in one model often failed: the relaxation has several optimal choices
   and some cannot be scheduled; even when one can, three small models find it sooner.)
4. The full model, hinted with the best plan so far, runs on `workers` threads (every
   core by default) for the time left. (Capping its wish weight at the relaxation's
   bound, a redundant row, found worse plans on the WeGO bench: 913 against 932.)
   Should CP-SAT find nothing better, the best plan so far is returned.
Stops never cross the middle of a lunch window too short for two lunches (lunch always
covers it), so the engine's starts that do are dropped up front.
All solver times are whole minutes from the first day's local midnight: lengths round up,
existing bookings widen, so a plan valid in minutes is valid to the microsecond.

Known limits: lunch has no place of its own (between two stops it costs their travel
plus its length); a facility that not all of a delegation's groups can visit is unmet
even if some could go; groups of one delegation never share a stop; travel is summed
along the circuit, so with explicit travel times that break the triangle inequality a
non-consecutive pair is not checked (neither is it by `check_visit_sequence`).
"""

from __future__ import annotations

import dataclasses
import math
import os
import threading
import time as clock
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta

from visits.domain.calendar import Booking, Facility, Host, Policy
from visits.domain.eventplan.greedy import greedy_schedule
from visits.domain.eventplan.inputs import (
    EventDelegation,
    EventLunch,
    EventLunchBreak,
    EventPlan,
    EventStop,
)
from visits.domain.eventplan.instance import EventInstance, build_instance
from visits.domain.eventplan.model import EventModel
from visits.domain.eventplan.relax import best_wishes
from visits.domain.eventplan.schedule import (
    LANGUAGE_BONUS,
    PlacedStop,
    Schedule,
    met_wishes,
    score_schedule,
    wish_unit,
)
from visits.domain.eventplan.solve import Progress, ProgressCallback, relative_gap, solve_model
from visits.domain.rules import InvalidPartySize
from visits.domain.travel import TravelTable

MIN_SOLVER_SECONDS = 0.5
"""The solver's time when candidate search and model building ate the whole budget."""

__all__ = [
    "EventDelegation",
    "EventLunch",
    "EventLunchBreak",
    "EventPlan",
    "EventStop",
    "Progress",
    "plan_event",
]


def plan_event(
    *,
    days: Sequence[date],
    delegations: Sequence[EventDelegation],
    facilities: Mapping[int, Facility],
    hosts: Sequence[Host],
    bookings: Sequence[Booking],
    policy: Policy,
    durations: Mapping[int, timedelta],
    day_start: time,
    day_end: time,
    lunch: EventLunch | None,
    travel: TravelTable,
    step: timedelta = timedelta(minutes=15),
    max_group_size: int | None = None,
    time_limit: float = 30.0,
    workers: int | None = None,
    on_progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
) -> EventPlan:
    """The best joint plan found within about `time_limit` seconds, nothing booked.

    `time_limit` covers the whole call; the solver gets what the candidate search and
    the model building leave (at least MIN_SOLVER_SECONDS). `durations` gives each
    facility's visit length; wishes of unknown facilities, or of facilities without a
    duration, are simply unmet. `workers` is CP-SAT's thread count.
    """
    started = clock.perf_counter()
    _check_request(delegations, max_group_size, time_limit)
    instance = build_instance(
        days=days,
        delegations=delegations,
        facilities=facilities,
        hosts=hosts,
        bookings=bookings,
        policy=policy,
        durations=durations,
        day_start=day_start,
        day_end=day_end,
        lunch=lunch,
        travel=travel,
        step=step,
        max_group_size=max_group_size,
    )
    first_fit = greedy_schedule(instance)
    first_seconds = clock.perf_counter() - started
    workers = max(2, os.cpu_count() or 1) if workers is None else workers
    search = _Search(instance, started, time_limit, workers, on_progress, cancel)
    search.offer(first_fit, score_schedule(instance, first_fit), upper_bound(instance))
    choice = best_wishes(instance, search.share(RELAXATION_SHARE, RELAXATION_SECONDS), workers,
                         cancel)
    unit = wish_unit(instance)
    search.prove(unit * choice.bound + LANGUAGE_BONUS * sum(map(len, instance.options)))
    if choice.weight > _weight(instance, first_fit) and not search.cancelled:
        # The relaxation's wishes fix each delegation's day, so the days are independent:
        # one small model per day, as many of that day's chosen wishes as go.
        by_days = _by_days(instance, choice.chosen, search.share(DAYS_SHARE), workers,
                           started, cancel)
        search.offer(by_days, score_schedule(instance, by_days), search.ceiling)
    model = EventModel(instance)
    model.hint(search.best)
    if not search.cancelled:
        outcome = solve_model(model, search.share(1.0), workers, started, on_progress, cancel,
                              ceiling=search.ceiling, incumbent=search.objective - 1)
        if outcome.schedule is not None and outcome.objective is not None:
            search.offer(outcome.schedule, outcome.objective, outcome.bound or search.ceiling,
                         quiet=True)
    status = "OPTIMAL" if search.objective >= search.ceiling else "FEASIBLE"
    verdict = Verdict(search.best, search.objective, search.ceiling, status, first_seconds)
    return _plan(instance, delegations, durations, lunch, verdict, started)


def _by_days(instance: EventInstance, chosen: frozenset[tuple[int, int, int]], seconds: float,
             workers: int, started: float, cancel: threading.Event | None) -> Schedule:
    """The chosen wishes scheduled day by day (each delegation on its chosen day): per day
    CP-SAT on the event restricted to that day's chosen wishes, hinted with first fit on
    them, for a share of `seconds` by the day's chosen weight. Days share no group, and a
    host's or room's stops of different days never meet, so the union is a plan (weekly
    quotas hold: the relaxation's choice keeps them)."""
    weights = {k: sum(instance.wish_weight(d, f) for d, f, day in chosen if day == k)
               for k in range(len(instance.day_bounds))}
    total = sum(weights.values()) or 1
    stops: list[PlacedStop] = []
    lunches: dict[int, int] = {}
    deadline = clock.perf_counter() + seconds
    for k, weight in sorted(weights.items(), key=lambda item: -item[1]):
        wishes = [(d, f, day) for d, f, day in chosen if day == k]
        if not wishes or (cancel is not None and cancel.is_set()):
            continue
        day = restricted(instance, wishes)
        fitted = greedy_schedule(day)
        model = EventModel(day)
        model.restrict_wishes(wishes, exactly=False)
        model.hint(fitted)
        left = deadline - clock.perf_counter()
        found = solve_model(model, max(MIN_SOLVER_SECONDS, left * weight / total), workers,
                            started, None, cancel, own_bound=False)
        total -= weight
        best = found.schedule if found.schedule is not None else fitted
        if score_schedule(day, fitted) > score_schedule(day, best):
            best = fitted
        stops += best.stops
        lunches.update(best.lunches)
    return Schedule(tuple(stops), lunches)


RELAXATION_SHARE, RELAXATION_SECONDS = 0.3, 8.0
"""The wishes-only relaxation gets at most this share of the time left, and these seconds
(HiGHS proves it optimal in 0.5-3 s on the benches)."""
DAYS_SHARE = 0.7
"""Scheduling the relaxation's choice day by day gets this share of the time left; the
full model, hinted with the best plan, gets the rest."""

def restricted(instance: EventInstance, chosen: Iterable[tuple[int, int, int]]) -> EventInstance:
    """The event with only the chosen wishes, each delegation on its chosen day: its
    plans are plans of the whole event (same groups, same options)."""
    on = {(d, f): k for d, f, k in chosen}
    days = {d: k for (d, _), k in on.items()}
    groups = tuple(
        dataclasses.replace(g, days=(days[g.delegation_id],) if g.delegation_id in days else ())
        for g in instance.groups
    )
    options = tuple(
        tuple(o for o in opts if (g.delegation_id, o.facility_id) in on)
        for g, opts in zip(instance.groups, instance.options, strict=True)
    )
    return dataclasses.replace(instance, groups=groups, options=options)


def _weight(instance: EventInstance, schedule: Schedule) -> int:
    return sum(instance.wish_weight(d, f) for d, f in met_wishes(instance, schedule.stops))


class _Search:
    """The best plan so far, the best bound, and the time left, across the phases."""

    def __init__(self, instance: EventInstance, started: float, time_limit: float, workers: int,
                 on_progress: ProgressCallback | None, cancel: threading.Event | None) -> None:
        self.instance, self.started, self.time_limit = instance, started, time_limit
        self.on_progress, self.cancel = on_progress, cancel
        self.best = Schedule(())
        self.objective = -1
        self.ceiling = 1 << 62

    @property
    def cancelled(self) -> bool:
        return self.cancel is not None and self.cancel.is_set()

    def share(self, fraction: float, most: float = math.inf) -> float:
        """Seconds for the next phase: `fraction` of what is left (at least
        MIN_SOLVER_SECONDS), never more than `most`."""
        left = self.time_limit - (clock.perf_counter() - self.started)
        return min(most, max(MIN_SOLVER_SECONDS, left * fraction))

    def offer(self, schedule: Schedule, objective: int, bound: int, quiet: bool = False) -> None:
        """A plan found (reported unless `quiet`: the solver's watcher reported it)."""
        improved = objective > self.objective
        if improved:
            self.best, self.objective = schedule, objective
        self.prove(bound, report=improved and not quiet)

    def prove(self, bound: int, report: bool = False) -> None:
        if bound < self.ceiling:
            self.ceiling, report = max(bound, self.objective), True
        if report and self.on_progress is not None:
            met = met_wishes(self.instance, self.best.stops)
            self.on_progress(Progress(
                elapsed_s=clock.perf_counter() - self.started,
                objective=float(self.objective),
                bound=float(self.ceiling),
                gap=relative_gap(self.objective, self.ceiling),
                placed=len({d for d, _ in met}),
                wishes_met=len(met),
            ))


@dataclass(frozen=True)
class Verdict:
    """The schedule chosen and what is known of its quality."""

    schedule: Schedule
    objective: int
    bound: int
    status: str
    first_solution_seconds: float | None


def _check_request(
    delegations: Sequence[EventDelegation], max_group_size: int | None, time_limit: float
) -> None:
    ids = [d.id for d in delegations]
    if len(set(ids)) != len(ids):
        raise ValueError("Each delegation may appear only once in an event.")
    if max_group_size is not None and max_group_size < 1:
        raise InvalidPartySize(party_size=max_group_size)
    if time_limit <= 0:
        raise ValueError("The time limit must be positive.")


def upper_bound(instance: EventInstance) -> int:
    """A plan can never score more: every possible wish met, every host a speaker."""
    wishes = sum(
        instance.wish_weight(instance.groups[g].delegation_id, o.facility_id)
        for g, options in enumerate(instance.options)
        if instance.groups[g].index == 0
        for o in options
    )
    stops = sum(len(options) for options in instance.options)
    return wish_unit(instance) * wishes + LANGUAGE_BONUS * stops


def _plan(
    instance: EventInstance,
    delegations: Sequence[EventDelegation],
    durations: Mapping[int, timedelta],
    lunch: EventLunch | None,
    verdict: Verdict,
    started: float,
) -> EventPlan:
    """The schedule in the caller's terms: aware datetimes, delegation ids, group numbers."""
    schedule = verdict.schedule
    met = met_wishes(instance, schedule.stops)
    stops = []
    for stop in schedule.stops:
        group = instance.groups[stop.group]
        start, end = instance.span_at(stop.start, durations[stop.facility_id])
        stops.append(
            EventStop(
                group.delegation_id,
                group.index,
                group.party,
                stop.facility_id,
                stop.host_id,
                start,
                end,
            )  # fmt: skip
        )
    lunches = [
        EventLunchBreak(
            instance.groups[index].delegation_id,
            instance.groups[index].index,
            *instance.span_at(minute, lunch.duration),
        )
        for index, minute in sorted(schedule.lunches.items())
        if lunch is not None
    ]
    return EventPlan(
        stops=tuple(sorted(stops, key=lambda s: (s.start, s.delegation_id, s.group))),
        unmet=tuple(
            (d.id, f) for d in delegations for f in instance.wishes[d.id] if (d.id, f) not in met
        ),
        objective=verdict.objective,
        bound=verdict.bound,
        status=verdict.status,
        wall_seconds=clock.perf_counter() - started,
        first_solution_seconds=verdict.first_solution_seconds,
        lunches=tuple(lunches),
    )
