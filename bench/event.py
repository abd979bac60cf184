"""Event planner (issue: POST /api/events/plan): 40 × 12 × 3 and a WeGO-sized 100 × 15 × 3.

Run from the repository root: `python bench/event.py [seconds]` (default 30). Prints
figures only; nothing is asserted about time.

The scenarios are seeded. 40 × 12 × 3: 12 facilities a few km apart in Guro-gu
(capacities 15-40, visits 30-90 min, buffers 0-20 min, 2-3 hosts each, some hosts at two),
60 live stops drawn for booking, 3 consecutive weekdays that are no Korean public holiday
(the search starts in Chuseok week), 40 delegations of 5-30 visitors wishing 3-6
facilities each, some allowed only one or two of the days; 09:00-17:30, lunch of an hour
between 11:30 and 13:30, the 15-minute grid, groups of at most 25. WeGO (issue 16): the
same with 15 facilities, 75 live stops drawn, 100 delegations of 3-15 wishing exactly
four facilities each.

Per size, measured in the same run: the candidate search, the greedy first-fit plan, the
wishes-only relaxation (`relax`), for 40 × 12 × 3 CP-SAT without any hint (what the hint
is worth), the *previous* planner (CP-SAT on the full model hinted with first fit, its
own bound the proof) for the same time, and `plan_event` now: its first plan, when its
plan was first proven within 1 %, objective, bound and gap at the limit, and the ratio of
its gap to the previous one. Each plan is re-checked stop by stop with `check_stop` and
`check_visit_sequence`. The load average is printed beside each figure: the machine is
shared, and a gap measured under load is worse.
"""

from __future__ import annotations

import os
import platform
import random
import sys
import time as clock
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import ortools  # noqa: E402
from ortools.sat.python import cp_model  # noqa: E402

from visits.domain import (  # noqa: E402
    Booking,
    Facility,
    Host,
    Policy,
    RuleViolation,
    WeeklyWindow,
    check_stop,
    check_visit_sequence,
    korean_public_holidays,
)
from visits.domain.eventplan.greedy import greedy_schedule  # noqa: E402
from visits.domain.eventplan.instance import EventInstance, build_instance  # noqa: E402
from visits.domain.eventplan.model import EventModel  # noqa: E402
from visits.domain.eventplan.planner import (  # noqa: E402
    EventDelegation,
    EventLunch,
    EventPlan,
    plan_event,
)
from visits.domain.eventplan.relax import best_wishes  # noqa: E402
from visits.domain.eventplan.schedule import met_wishes, score_schedule, wish_unit  # noqa: E402
from visits.domain.eventplan.solve import Progress, SolveOutcome, solve_model  # noqa: E402

T = TypeVar("T")
SEOUL = ZoneInfo("Asia/Seoul")
GURO = (37.495486, 126.887527)  # 구로구청
LANGUAGES = ("en", "ja", "zh-Hans", "es", "fr", "th", "vi", "id")
OFFICE_HOURS = tuple(WeeklyWindow(d, time(9), time(18)) for d in range(5))
LATE_HOURS = tuple(WeeklyWindow(d, time(10), time(18)) for d in range(5))


def event_days(first_candidate: date, count: int = 3) -> tuple[date, ...]:
    """The first `count` consecutive weekdays from a date with no public holiday among them."""
    closed = korean_public_holidays([first_candidate.year, first_candidate.year + 1])
    day = first_candidate
    while True:
        days = tuple(day + timedelta(days=k) for k in range(count))
        if all(d.weekday() < 5 and d not in closed for d in days):
            return days
        day += timedelta(days=1)


def build_facilities(rng: random.Random, count: int = 12) -> dict[int, Facility]:
    return {
        f: Facility(
            f,
            capacity=rng.choice((15, 20, 25, 30, 40)),
            buffer=timedelta(minutes=rng.choice((0, 5, 10, 15, 20))),
            lat=GURO[0] + rng.uniform(-0.02, 0.02),
            lon=GURO[1] + rng.uniform(-0.025, 0.025),
        )
        for f in range(1, count + 1)
    }


def build_hosts(rng: random.Random, facilities: int = 12) -> tuple[Host, ...]:
    hosts, next_id = [], 1
    for f in range(1, facilities + 1):
        for _ in range(rng.choice((2, 2, 3))):
            elsewhere = {rng.randint(1, facilities)} if rng.random() < 0.2 else set()
            spoken = ("ko", *rng.sample(LANGUAGES, rng.choice((0, 1, 1, 2))))
            weekly = OFFICE_HOURS if rng.random() < 0.8 else LATE_HOURS
            hosts.append(Host(next_id, frozenset({f} | elsewhere), weekly, (), spoken))
            next_id += 1
    return tuple(hosts)


def build_bookings(
    rng: random.Random,
    days: tuple[date, ...],
    facilities: dict[int, Facility],
    hosts: tuple[Host, ...],
    count: int = 60,
) -> tuple[Booking, ...]:
    """Live stops already booked, each bookable on its own (hosts at their own facility)."""
    bookings: list[Booking] = []
    for stop_id in range(1, count + 1):
        host = rng.choice(hosts)
        facility = facilities[min(host.facility_ids)]
        start = datetime.combine(rng.choice(days), time(9), SEOUL)
        start += timedelta(minutes=30 * rng.randrange(15))
        end = start + timedelta(minutes=rng.choice((30, 60)))
        booking = Booking(
            stop_id, stop_id, facility.id, host.id, start, end, rng.randint(3, 12), facility.buffer
        )
        (low, high) = booking.occupied_us
        if not any(
            b.host_id == host.id and b.occupied_us[0] < high and low < b.occupied_us[1]
            for b in bookings
        ):
            bookings.append(booking)
    return tuple(bookings)


def build_delegations(
    rng: random.Random,
    days: tuple[date, ...],
    count: int = 40,
    facilities: int = 12,
    wishes_each: int | None = None,
    sizes: tuple[int, int] = (5, 30),
) -> tuple[EventDelegation, ...]:
    """`count` delegations of `sizes` visitors wishing 3-6 facilities each (or exactly
    `wishes_each`)."""
    popular = [1, 1, 1, 2, 2, 3, *range(4, facilities + 1)]  # the control center draws most
    delegations = []
    for d in range(1, count + 1):
        wishes: list[int] = []
        while len(wishes) < (wishes_each or rng.randint(3, 6)):
            f = rng.choice(popular)
            if f not in wishes:
                wishes.append(f)
        allowed = (
            None if rng.random() < 0.6 else tuple(sorted(rng.sample(days, rng.choice((1, 2)))))
        )
        language = rng.choice((*LANGUAGES, None))
        party = rng.randint(*sizes)
        delegations.append(EventDelegation(d, party, language, tuple(wishes), allowed))
    return tuple(delegations)


@dataclass(frozen=True)
class Size:
    """An event's shape: how many delegations, facilities and days, wishes each."""

    name: str
    delegations: int
    facilities: int
    days: int = 3
    wishes_each: int | None = None
    """None: 3-6 at random."""
    booked: int = 60
    """Live stops drawn (those whose host is free are kept)."""
    sizes: tuple[int, int] = (5, 30)
    """The fewest and the most visitors of a delegation."""


BENCH = Size("40 × 12 × 3", 40, 12)
WEGO = Size("100 × 15 × 3 (WeGO)", 100, 15, wishes_each=4, booked=75, sizes=(3, 15))
"""A WeGO steering committee: 100 delegations of four wishes each, 15 facilities."""


def arguments(seed: int = 2027, size: Size = BENCH) -> dict[str, Any]:
    rng = random.Random(seed)
    days = event_days(date(2027, 9, 13), size.days)
    facilities = build_facilities(rng, size.facilities)
    hosts = build_hosts(rng, size.facilities)
    holidays = korean_public_holidays([2027])
    return {
        "days": days,
        "delegations": build_delegations(
            rng, days, size.delegations, size.facilities, size.wishes_each, size.sizes
        ),
        "facilities": facilities,
        "hosts": hosts,
        "bookings": build_bookings(rng, days, facilities, hosts, size.booked),
        "policy": Policy(
            tz=SEOUL,
            closed_dates=frozenset(holidays),
            min_notice=timedelta(hours=24),
            now=datetime.combine(days[0] - timedelta(days=7), time(12), SEOUL),
            closed_reasons=holidays,
        ),
        "durations": {f: timedelta(minutes=rng.choice((30, 45, 60, 90))) for f in facilities},
        "day_start": time(9),
        "day_end": time(17, 30),
        "lunch": EventLunch(time(11, 30), time(13, 30), timedelta(minutes=60)),
        "travel": {},
        "step": timedelta(minutes=15),
        "max_group_size": 25,
    }


def timed(action: Callable[[], T]) -> tuple[T, float]:
    began = clock.perf_counter()
    result = action()
    return result, clock.perf_counter() - began


class _Until(cp_model.CpSolverSolutionCallback):
    """Notes each solution's time; stops the search once `target` is reached."""

    def __init__(self, target: int) -> None:
        super().__init__()
        self.target, self.began = target, clock.perf_counter()
        self.found: list[tuple[float, int]] = []

    def on_solution_callback(self) -> None:
        self.found.append((clock.perf_counter() - self.began, round(self.objective_value)))
        if self.objective_value >= self.target:
            self.stop_search()


def solver_alone(instance: EventInstance, target: int, limit: float) -> _Until:
    """CP-SAT on the same model without the greedy hint, until it matches `target`."""
    model = EventModel(instance)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 2
    solver.parameters.max_time_in_seconds = limit
    solver.parameters.cp_model_probing_level = 0  # as `solve_model` does
    progress = _Until(target)
    solver.solve(model.model, progress)
    return progress


def recheck(args: dict[str, Any], plan: EventPlan) -> int:
    """Re-check every stop with the engine as the one-step booking will; returns failures."""
    facilities: dict[int, Facility] = args["facilities"]
    hosts = {h.id: h for h in args["hosts"]}
    mine = [
        Booking(-1 - k, -1, s.facility_id, s.host_id, s.start, s.end, s.party_size,
                facilities[s.facility_id].buffer)
        for k, s in enumerate(plan.stops)
    ]  # fmt: skip
    failures = 0
    for k, s in enumerate(plan.stops):
        others = [*args["bookings"], *mine[:k], *mine[k + 1 :]]
        try:
            check_stop(facilities[s.facility_id], hosts[s.host_id], others, args["policy"],
                       s.start, s.end, s.party_size)  # fmt: skip
        except RuleViolation:
            failures += 1
    tours: dict[tuple[int, int], list[tuple[Facility, datetime, datetime]]] = {}
    for s in plan.stops:
        tours.setdefault((s.delegation_id, s.group), []).append(
            (facilities[s.facility_id], s.start, s.end)
        )
    for tour in tours.values():
        try:
            check_visit_sequence(tour, args["travel"])
        except RuleViolation:
            failures += 1
    return failures


def line(label: str, *figures: object) -> None:
    print(f"{label:<42}", *figures)


def load() -> str:
    return f"load {os.getloadavg()[0]:.2f}"


def previous_model(instance: EventInstance, limit: float, workers: int) -> SolveOutcome:
    """The planner before the relaxation: CP-SAT on the full model hinted with the
    first-fit plan, its own bound the proof (the same instance, lunchtime filter included)."""
    model = EventModel(instance)
    model.hint(greedy_schedule(instance))
    return solve_model(model, limit, workers)


def gap_of(objective: float, bound: float) -> float:
    return (bound - objective) / bound if bound else 0.0


def bench_size(size: Size, limit: float, workers: int) -> None:
    args = arguments(size=size)
    delegations: tuple[EventDelegation, ...] = args["delegations"]
    wishes = sum(len(d.wishes) for d in delegations)
    weights = sum(len(d.wishes) * (len(d.wishes) + 1) // 2 for d in delegations)
    instance, build_seconds = timed(lambda: build_instance(**args))
    days = args["days"]
    print(
        f"\n== {size.name}: {len(delegations)} delegations of {size.sizes[0]}-{size.sizes[1]} "
        f"in {len(instance.groups)} (sub-)groups, {size.facilities} facilities, "
        f"{len(args['hosts'])} hosts, {len(args['bookings'])} stops already booked, "
        f"{days[0]}..{days[-1]}, {wishes} wishes of total weight {weights}"
    )
    offers = sum(len(v) for opts in instance.options for o in opts for v in o.host_starts.values())
    line("candidates (free_slots)", f"{build_seconds * 1000:8.1f} ms,", offers, "offers")
    unit = wish_unit(instance)

    greedy, greedy_seconds = timed(lambda: greedy_schedule(instance))
    greedy_score = score_schedule(instance, greedy)
    met = met_wishes(instance, greedy.stops)
    greedy_met, greedy_weight = len(met), sum(instance.wish_weight(d, f) for d, f in met)
    line(
        "baseline: greedy first-fit plan",
        f"{greedy_seconds * 1000:8.1f} ms, objective {greedy_score}, "
        f"wishes met {greedy_met}/{wishes}, weight {greedy_weight}/{weights}",
    )
    model, model_seconds = timed(lambda: EventModel(instance))
    proto = model.model.proto
    line(
        "model",
        f"{len(proto.variables)} variables, {len(proto.constraints)} constraints, "
        f"built in {model_seconds * 1000:.1f} ms",
    )
    choice, relax_seconds = timed(lambda: best_wishes(instance, 30.0))
    line(
        "relaxation (wishes only, HiGHS)",
        f"{relax_seconds:8.2f} s, bound weight {choice.bound}, its choice {choice.weight}",
    )

    if size == BENCH:
        alone = solver_alone(instance, greedy_score, limit).found
        reached = [t for t, value in alone if value >= greedy_score]
        if alone:
            line("CP-SAT without hint: first solution",
                 f"{alone[0][0]:8.2f} s, objective {alone[0][1]}")
        line(
            "CP-SAT without hint: greedy's objective",
            f"{reached[0]:8.2f} s" if reached else f"not within {limit:.0f} s",
        )

    before_load = load()
    before = previous_model(instance, limit, workers)
    assert before.objective is not None and before.bound is not None
    before_gap = gap_of(before.objective, before.bound)
    line(
        f"previous: hinted CP-SAT, {limit:.0f} s",
        f"objective {before.objective}, bound {before.bound}, gap {before_gap:.2%}, "
        f"weight {before.objective / unit:.1f} ≤ {before.bound / unit:.1f}, {before_load}",
    )

    seen: list[Progress] = []
    plan_load = load()
    plan = plan_event(**args, time_limit=limit, workers=workers, on_progress=seen.append)
    gap = gap_of(plan.objective, plan.bound)
    line("plan_event: first plan", f"{seen[0].elapsed_s:8.2f} s (gap {seen[0].gap:.2%})")
    within = [p for p in seen if p.gap <= 0.01]
    line("plan_event: proven within 1 %",
         f"{within[0].elapsed_s:8.2f} s" if within else f"not within {limit:.0f} s")
    line(
        f"plan_event: best within {limit:.0f} s",
        f"objective {plan.objective}, bound {plan.bound}, gap {gap:.2%}, {plan.status}, "
        f"wall {plan.wall_seconds:.1f} s, {plan_load} (now {load()})",
    )
    unmet_weight = sum(instance.wish_weight(d, f) for d, f in plan.unmet)
    line(
        "plan_event: wishes met",
        f"{wishes - len(plan.unmet)}/{wishes}, weight {weights - unmet_weight}/{weights} "
        f"(bound ≈ weight {plan.bound / unit:.1f}), {len(plan.stops)} stops, "
        f"engine re-check failures {recheck(args, plan)}",
    )
    line(
        "ratio gap ÷ previous gap",
        f"{gap / before_gap:8.2f}" if before_gap else "n/a",
        f"(objective ÷ previous {plan.objective / before.objective:.4f})",
    )


def main() -> None:
    limit = float(sys.argv[1]) if len(sys.argv) > 1 else 30.0
    workers = max(2, os.cpu_count() or 1)
    print(
        f"python {platform.python_version()}, OR-Tools {ortools.__version__}, "  # type: ignore[attr-defined]
        f"{os.cpu_count()} CPUs, {load()}, CP-SAT on {workers} workers"
    )
    for size in (BENCH, WEGO):
        bench_size(size, limit, workers)


if __name__ == "__main__":
    main()
