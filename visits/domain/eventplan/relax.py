"""The most wish weight an event plan can meet, proven on a smaller model, and the
choice of wishes that reaches it.

The full model (`model`) decides starts, hosts, tours and lunches; its LP relaxation sees
intervals spanning the whole event (nights included) and big-M time constraints, so its
bound believes wishes can be met that no plan meets (on the 40 × 12 × 3 bench: 388.7 of
a weight of 386 at best). This model keeps only *which wish is met on which day, by which
host*, and the time each of them must find that day:

- **A delegation's day.** Each delegation comes on at most one allowed day; a wish is met
  on that day for all its groups or not at all.
- **A group's day.** A set of wishes one group could not visit on that day even alone —
  every stop at a start the engine offered, travel between them, lunch in its window
  (`tour_masks`, exact) — is never met together that day.
- **A host's day.** The stops a host takes are disjoint (buffer included) and each lies
  inside the union of the [start, start + hold) the engine offered that host that day:
  Σ hold ≤ the length of that union, and no more stops of one length than fit end to end.
- **A room's day.** At each minute the groups present need at most the capacity the
  visitors already booked leave: Σ party × duration ≤ ∫ over the union of the room's
  offered visits of (capacity − booked). Groups too large to share the room (any two of
  them over its capacity) take it one at a time: no more of them than visits of the room's
  one length fit end to end on their offered starts.
- Weekly quotas as in the full model.
- **Resource cuts** (`Relaxation.cut`, a few rounds before the choice): at the LP's point
  x*, per room-day (with that room's hosts) and per day of a host offered at several
  facilities, a tiny CP-SAT model of that resource's day alone finds the most
  Σ a·y (a ≈ 20 x*) its wishes can reach scheduled; where x* exceeds it, Σ a·x ≤ that
  most is added (valid for every plan: its wishes met there are scheduled on those
  resources). On the benches they never lowered the LP bound (386, 985: no single
  resource's day is over-credited at x*); they only change which of the relaxation's
  optimal choices HiGHS picks.

Every plan of the full model gives a solution here with the same wishes met, so this
model's best weight bounds the full model's. It is a pure 0-1 program of a few thousand
literals whose LP is nearly tight (386 of 407 on the 40 × 12 × 3 bench, 985 of 1000 on
the WeGO one). The bound used is the LP's, proven by weak duality in exact arithmetic
from GLOP's duals, so no solver's tolerance can make it wrong (HiGHS's MIP once called a
choice of 976 optimal where 985 was feasible). HiGHS (bundled with OR-Tools; CP-SAT where
it is missing) then picks a choice of wishes, checked row by row, which the planner
schedules day by day (`planner`).
"""

from __future__ import annotations

import math
import threading
import time as clock
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from ortools.linear_solver import pywraplp  # type: ignore[import-untyped]
from ortools.sat.python import cp_model

from visits.domain.eventplan.instance import EventInstance

NO_LOW = -(1 << 40)
"""The lower side of an "at most" row: none."""

Terms = list[tuple[int, int]]
"""(variable index, coefficient) of a linear row."""

CUT_SHARE, CUT_ROUNDS, CUT_SCALE, CUT_SECONDS = 0.3, 4, 20, 0.2
"""Resource cuts (`Relaxation.cut`) get at most this share of the relaxation's time, this
many rounds, coefficients of about this many times the LP's values, and at most these
seconds per resource-day model."""


def union_length(spans: Iterable[tuple[int, int]]) -> int:
    """Minutes covered by a set of [start, end) spans."""
    total, reach = 0, None
    for low, high in sorted(spans):
        if reach is None or low >= reach:
            total, reach = total + high - low, high
        elif high > reach:
            total, reach = total + high - reach, high
    return total


def most_disjoint(starts: Iterable[int], length: int) -> int:
    """The most pairwise disjoint [s, s + length) with s among `starts` (earliest first,
    which is optimal for spans of one length)."""
    count, free = 0, None
    for s in sorted(set(starts)):
        if free is None or s >= free:
            count, free = count + 1, s + length
    return count


def free_energy(
    spans: Iterable[tuple[int, int]], capacity: int, booked: Iterable[tuple[int, int, int]]
) -> int:
    """∫ over the union of `spans` of (capacity − the load booked at that minute); the
    booked (start, end, load) steps do not overlap one another."""
    merged: list[list[int]] = []
    for low, high in sorted(spans):
        if merged and low <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], high)
        else:
            merged.append([low, high])
    energy = sum(capacity * (high - low) for low, high in merged)
    for start, end, load in booked:
        for low, high in merged:
            energy -= load * max(0, min(end, high) - max(start, low))
    return energy


def tour_masks(instance: EventInstance, group: int, day: int,
               starts: dict[int, list[int]]) -> set[int]:
    """The sets of wishes (bit i: the group's i-th option) a group can visit on a day on
    its own, given each facility's offered starts that day (sorted): stops at offered
    starts, the travel between consecutive ones, lunch off every stop in its window.

    Dynamic programming over (set visited, last stop, lunch eaten) keeping the earliest
    end: with a fixed order, starting each stop as early as offered is never worse."""
    options = instance.options[group]
    lunch = instance.lunch_windows[day] if instance.lunch_windows is not None else None
    length = instance.lunch_minutes
    best: dict[tuple[int, int, bool], int] = {(0, -1, lunch is None): instance.day_bounds[day][0]}
    if lunch is not None:
        best[0, -1, True] = lunch[0] + length  # lunch before the first stop
    for mask in range(1 << len(options)):
        for last in range(-1, len(options)):
            for eaten in (False, True):
                end = best.get((mask, last, eaten))
                if end is None:
                    continue
                for j, option in enumerate(options):
                    if mask >> j & 1:
                        continue
                    offered = starts.get(option.facility_id, [])
                    travel = 0 if last < 0 else instance.travel[
                        options[last].facility_id, option.facility_id]
                    moves = [(end + travel, eaten)]
                    if not eaten and lunch is not None and last >= 0 \
                            and max(end, lunch[0]) <= lunch[1]:
                        moves.append((max(end + travel, max(end, lunch[0])) + length, True))
                    for arrive, now in moves:
                        i = bisect_left(offered, arrive)
                        if i < len(offered):
                            key = mask | 1 << j, j, now
                            finish = offered[i] + option.duration
                            if finish < best.get(key, math.inf):
                                best[key] = finish
    return {
        mask
        for (mask, last, eaten), end in best.items()
        if eaten or lunch is None or last < 0 or max(end, lunch[0]) <= lunch[1]
    }


@dataclass(frozen=True)
class WishChoice:
    """What the relaxation proved and chose."""

    bound: int
    """No plan meets more wish weight than this."""
    chosen: frozenset[tuple[int, int, int]]
    """(delegation id, facility id, day index) of the best choice found (weight ≤ bound)."""
    weight: int
    """The chosen wishes' weight."""


class _Rows:
    """A 0-1 program as plain rows, for whichever solver is at hand."""

    def __init__(self) -> None:
        self.count = 0
        self.rows: list[tuple[Terms, int, int]] = []  # terms, low, high

    def var(self) -> int:
        self.count += 1
        return self.count - 1

    def at_most(self, terms: Terms, high: int) -> None:
        if sum(max(0, c) for _, c in terms) > high:
            self.rows.append((terms, NO_LOW, high))

    def equal(self, terms: Terms, value: int) -> None:
        self.rows.append((terms, value, value))


class Relaxation:
    """The wishes-only model of an event (see the module docstring)."""

    def __init__(self, instance: EventInstance) -> None:
        self.instance = instance
        self.program = _Rows()
        # the engine's offers by day: (group, facility, host, day) -> sorted starts
        self.offers: dict[tuple[int, int, int, int], list[int]] = {}
        for g, options in enumerate(instance.options):
            for option in options:
                for host_id, starts in option.host_starts.items():
                    for s in starts:
                        k = _day_of(instance, s)
                        if k is not None:
                            key = g, option.facility_id, host_id, k
                            self.offers.setdefault(key, []).append(s)
        self.met_on: dict[tuple[int, int, int], int] = {}
        self.host_on: dict[tuple[int, int, int, int], int] = {}
        self.gains: Terms = []
        for delegation_id in instance.delegation_ids:
            self._add_delegation(delegation_id)
        self._add_hosts()
        self._add_rooms()
        self._add_weeks()

    def _starts(self, group: int, facility_id: int, day: int) -> list[int]:
        option = next(o for o in self.instance.options[group] if o.facility_id == facility_id)
        return sorted({s for h in option.host_starts
                       for s in self.offers.get((group, facility_id, h, day), ())})

    def _add_delegation(self, delegation_id: int) -> None:
        instance, program = self.instance, self.program
        groups = instance.groups_of(delegation_id)
        if not groups or not instance.options[groups[0]]:
            return
        days = instance.groups[groups[0]].days
        coming = {k: program.var() for k in days}
        program.at_most([(v, 1) for v in coming.values()], 1)
        for option in instance.options[groups[0]]:
            f = option.facility_id
            met = []
            for k in days:
                if not all(self._starts(g, f, k) for g in groups):
                    continue
                literal = self.met_on[delegation_id, f, k] = program.var()
                program.at_most([(literal, 1), (coming[k], -1)], 0)
                met.append((literal, instance.wish_weight(delegation_id, f)))
                for g in groups:
                    hosts = []
                    for h in next(o for o in instance.options[g] if o.facility_id == f).host_starts:
                        if (g, f, h, k) in self.offers:
                            hosts.append((self.host_on.setdefault((g, f, h, k), program.var()), 1))
                    program.equal([*hosts, (literal, -1)], 0)
            self.gains += met
        for k in days:
            self._add_tours(delegation_id, groups, k)

    def _add_tours(self, delegation_id: int, groups: list[int], day: int) -> None:
        """No set of wishes one of the groups cannot tour alone that day is met together
        (one row per minimal such set)."""
        ids = [o.facility_id for o in self.instance.options[groups[0]]]
        infeasible: set[int] = set()
        for g in groups:
            starts = {f: self._starts(g, f, day) for f in ids}
            reachable = tour_masks(self.instance, g, day, starts)
            infeasible |= {m for m in range(1 << len(ids)) if m not in reachable}
        for mask in infeasible:
            if any(other != mask and other & mask == other for other in infeasible):
                continue  # not minimal
            literals = [self.met_on.get((delegation_id, f, day))
                        for i, f in enumerate(ids) if mask >> i & 1]
            if all(v is not None for v in literals):
                self.program.at_most([(v, 1) for v in literals if v is not None],
                                     len(literals) - 1)

    def _add_hosts(self) -> None:
        holds = {(g, o.facility_id): o.hold
                 for g, opts in enumerate(self.instance.options) for o in opts}
        days: dict[tuple[int, int], list[tuple[int, int, list[int]]]] = {}
        for (g, f, h, k), literal in self.host_on.items():
            days.setdefault((h, k), []).append((literal, holds[g, f], self.offers[g, f, h, k]))
        for uses in days.values():
            free = union_length((s, s + hold) for _, hold, starts in uses for s in starts)
            self.program.at_most([(v, hold) for v, hold, _ in uses], free)
            for hold in {hold for _, hold, _ in uses}:
                same = [(v, starts) for v, other, starts in uses if other == hold]
                most = most_disjoint((s for _, starts in same for s in starts), hold)
                self.program.at_most([(v, 1) for v, _ in same], most)

    def _add_rooms(self) -> None:
        instance = self.instance
        visitors: dict[tuple[int, int], list[tuple[int, int, int, int, list[int]]]] = {}
        for (d, f, k), literal in self.met_on.items():
            for g in instance.groups_of(d):
                option = next(o for o in instance.options[g] if o.facility_id == f)
                visitors.setdefault((f, k), []).append(
                    (literal, option.duration, instance.groups[g].party, g, self._starts(g, f, k)))
        for (f, _), visits in visitors.items():
            capacity = instance.capacity[f]
            booked = [(s.start, s.end, s.load) for s in instance.existing[f]]
            spans = [(s, s + length) for _, length, _, _, starts in visits for s in starts]
            self.program.at_most([(v, party * length) for v, length, party, _, _ in visits],
                                 free_energy(spans, capacity, booked))
            self._add_cliques(capacity, sorted(visits, key=lambda t: -t[2]))

    def _add_cliques(self, capacity: int,
                     visits: Sequence[tuple[int, int, int, int, list[int]]]) -> None:
        """Groups too large to share the room take it one at a time. Such a set is the n
        largest groups whose two smallest exceed the capacity together, or those with any
        one smaller group too large to join the smallest of them: at most as many of them
        as fit end to end (one facility, one visit length) on the starts they are offered."""
        core = 1
        while core < len(visits) and visits[core - 1][2] + visits[core][2] > capacity:
            core += 1
        if core < 2:
            return
        length = visits[0][1]
        cliques = [list(visits[:n]) for n in range(2, core + 1)]
        for n in range(2, core + 1):
            if n < core and visits[n][2] == visits[n - 1][2]:
                continue  # the same threshold as the next, larger, set
            cliques += [[*visits[:n], extra] for extra in visits[n:]
                        if extra[2] + visits[n - 1][2] > capacity]
        for clique in cliques:
            most = most_disjoint((s for t in clique for s in t[4]), length)
            self.program.at_most([(t[0], 1) for t in clique], most)

    def _add_weeks(self) -> None:
        instance = self.instance
        for f, weeks in instance.week_room.items():
            for week in weeks:
                load = [(v, len(instance.groups_of(d))) for (d, g, k), v in self.met_on.items()
                        if g == f and k in week.days]
                self.program.at_most(load, week.left)

    def solve(self, time_limit: float, workers: int = 1,
              cancel: threading.Event | None = None) -> WishChoice:
        """The proven bound (the LP's, certified in exact arithmetic) and the best choice
        found within `time_limit` seconds (HiGHS's, checked row by row in integers), after
        rounds of resource cuts (`cut`) for at most CUT_SHARE of the time. Once `cancel`
        is set it chooses nothing: the bound alone, as far as it got."""
        started = clock.perf_counter()
        total = sum(c for _, c in self.gains)
        bound, point = lp_solve(self.program, self.gains)
        deadline = started + CUT_SHARE * time_limit
        for _ in range(CUT_ROUNDS):
            if point is None or clock.perf_counter() >= deadline or not self.cut(
                    point, deadline, cancel):
                break
            bound, point = lp_solve(self.program, self.gains)
        bound = min(total, bound)
        if cancel is not None and cancel.is_set():
            return WishChoice(bound, frozenset(), 0)
        time_limit = max(0.5, time_limit - (clock.perf_counter() - started))
        values = _solve_highs(self.program, self.gains, time_limit)
        if values is None or not self._feasible(values):
            values = _solve_cp_sat(self.program, self.gains, time_limit, workers)
        chosen = frozenset(key for key, v in self.met_on.items() if values and values[v])
        weight = sum(self.instance.wish_weight(d, f) for d, f, _ in chosen)
        return WishChoice(max(weight, bound), chosen, weight)

    def cut(self, point: list[float], deadline: float,
            cancel: threading.Event | None = None) -> int:
        """Rows cutting off the LP's `point`, found per room-day and per host-day: a tiny
        CP-SAT model of that one resource's day (each candidate group's starts as offered,
        its host's no-overlap with buffer, the room's capacity less the booked load) finds
        the most Σ a·y any plan reaches over those wishes, with a ≈ 20 × the point's
        values; when the point exceeds it, Σ a·x ≤ that most is added. Valid for every
        plan: a plan's wishes met there are scheduled in that day's resources alone.
        Returns the number of rows added."""
        added = 0
        for literals in self._resource_days():
            if clock.perf_counter() >= deadline or (cancel is not None and cancel.is_set()):
                break
            weights = {v: round(CUT_SCALE * point[v]) for v in literals}
            used = [v for v in literals if weights[v] > 0]
            reach = sum(weights[v] * point[v] for v in used)
            if len(used) < 2 or reach <= 1:
                continue
            most = self._most(used, weights, min(CUT_SECONDS, deadline - clock.perf_counter()))
            if most is not None and reach > most + 1e-6 * CUT_SCALE:
                self.program.at_most([(v, weights[v]) for v in used], most)
                added += 1
        return added

    def _resource_days(self) -> list[list[int]]:
        """The wish literals of each room's day (with that room's hosts), then of each
        day of a host offered at more than one facility."""
        rooms: dict[tuple[int, int], list[int]] = {}
        for (_, f, k), literal in self.met_on.items():
            rooms.setdefault((f, k), []).append(literal)
        hosts: dict[tuple[int, int], set[int]] = {}
        places: dict[int, set[int]] = {}
        for g, f, h, k in self.offers:
            places.setdefault(h, set()).add(f)
            found = self.met_on.get((self.instance.groups[g].delegation_id, f, k))
            if found is not None:
                hosts.setdefault((h, k), set()).add(found)
        shared = [sorted(v) for (h, _), v in hosts.items() if len(places[h]) > 1]
        return [*rooms.values(), *shared]

    def _most(self, used: list[int], weights: dict[int, int],
              seconds: float) -> int | None:
        """The most Σ weights·y over the wishes `used` that their rooms and hosts that day
        allow (None if CP-SAT proves nothing in `seconds`)."""
        if seconds <= 0.01:
            return None
        instance = self.instance
        wish_of = {v: key for key, v in self.met_on.items()}
        model = cp_model.CpModel()
        rooms: dict[int, list[tuple[cp_model.IntervalVar, int]]] = {}
        held: dict[int, list[cp_model.IntervalVar]] = {}
        pick = {}
        for v in used:
            d, f, k = wish_of[v]
            y = pick[v] = model.new_bool_var("")
            for g in instance.groups_of(d):
                option = next(o for o in instance.options[g] if o.facility_id == f)
                every = self._starts(g, f, k)
                start = model.new_int_var_from_domain(cp_model.Domain.from_values(every), "")
                rooms.setdefault(f, []).append(
                    (model.new_optional_fixed_size_interval_var(start, option.duration, y, ""),
                     instance.groups[g].party))
                chosen = []
                for h in option.host_starts:
                    starts = self.offers.get((g, f, h, k))
                    if not starts:
                        continue
                    z = model.new_bool_var("")
                    chosen.append(z)
                    if len(starts) < len(every):
                        model.add_linear_expression_in_domain(
                            start, cp_model.Domain.from_values(starts)).only_enforce_if(z)
                    held.setdefault(h, []).append(
                        model.new_optional_fixed_size_interval_var(start, option.hold, z, ""))
                model.add(sum(chosen) == y)
        for f, visits in rooms.items():
            fixed = [(model.new_fixed_size_interval_var(s.start, s.end - s.start, ""), s.load)
                     for s in instance.existing[f]]
            everything = visits + fixed
            model.add_cumulative([i for i, _ in everything], [c for _, c in everything],
                                 instance.capacity[f])
        for intervals in held.values():
            if len(intervals) > 1:
                model.add_no_overlap(intervals)
        model.maximize(sum(weights[v] * y for v, y in pick.items()))
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = seconds
        solver.parameters.num_workers = 1
        status = solver.solve(model)
        if status == cp_model.OPTIMAL:
            return round(solver.objective_value)
        if status == cp_model.FEASIBLE:
            return math.floor(solver.best_objective_bound + 1e-9)
        return None

    def _feasible(self, values: list[bool]) -> bool:
        return all(low <= sum(c for v, c in terms if values[v]) <= high
                   for terms, low, high in self.program.rows)


def lp_bound(program: _Rows, gains: Terms) -> int:
    """The LP relaxation's bound, proven by weak duality in exact arithmetic from GLOP's
    dual values (any multipliers of the right signs bound the objective; the solver's
    rounding can only make the bound weaker, never wrong). Floor of it, as weights are
    integers."""
    return lp_solve(program, gains)[0]


def lp_solve(program: _Rows, gains: Terms) -> tuple[int, list[float] | None]:
    """`lp_bound` and the LP's optimal point (None if GLOP found none)."""
    total = sum(c for _, c in gains)
    solver = pywraplp.Solver.CreateSolver("GLOP")
    if solver is None:
        return total, None
    x = [solver.NumVar(0, 1, "") for _ in range(program.count)]
    rows = []
    for terms, low, high in program.rows:
        row = solver.RowConstraint(_low(solver, low), high, "")
        for v, c in terms:
            row.SetCoefficient(x[v], row.GetCoefficient(x[v]) + c)
        rows.append(row)
    objective = solver.Objective()
    for v, c in gains:
        objective.SetCoefficient(x[v], objective.GetCoefficient(x[v]) + c)
    objective.SetMaximization()
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return total, None
    duals = [row.dual_value() for row in rows]
    return min(
        _certified(program, gains, [sign * y for y in duals]) for sign in (1, -1)
    ), [v.solution_value() for v in x]


def _certified(program: _Rows, gains: Terms, duals: list[float]) -> int:
    """max c·x over 0 ≤ x ≤ 1 with low ≤ A x ≤ high is at most
    Σ_j max(0, (c − Aᵀy)_j) + Σ_i y_i × (high_i if y_i > 0 else low_i)."""
    scale = 10**9
    reduced: dict[int, Fraction] = {}
    for v, c in gains:
        reduced[v] = reduced.get(v, Fraction(0)) + c
    bound = Fraction(0)
    for (terms, low, high), dual in zip(program.rows, duals, strict=True):
        y = Fraction(round(dual * scale), scale)
        if y < 0 and low <= NO_LOW:
            y = Fraction(0)  # no lower side: only a non-negative multiplier is allowed
        if y == 0:
            continue
        bound += y * (high if y > 0 else low)
        for v, c in terms:
            reduced[v] = reduced.get(v, Fraction(0)) - y * c
    bound += sum((r for r in reduced.values() if r > 0), Fraction(0))
    return math.floor(bound)


def _day_of(instance: EventInstance, minute: int) -> int | None:
    for k, (low, high) in enumerate(instance.day_bounds):
        if low <= minute < high:
            return k
    return None


def _low(solver: pywraplp.Solver, low: int) -> float:
    """A row's lower side; none at all for "at most" rows (a huge finite one once made
    GLOP fail and HiGHS call a choice optimal that a better one beat)."""
    return -solver.infinity() if low <= NO_LOW else low


def _solve_highs(program: _Rows, gains: Terms, time_limit: float) -> list[bool] | None:
    """HiGHS's best choice (its bound is not used: on the WeGO bench it once called a
    choice optimal that a better one beat); None without HiGHS or a solution."""
    solver = pywraplp.Solver.CreateSolver("HIGHS")
    if solver is None:
        return None
    x = [solver.BoolVar("") for _ in range(program.count)]
    for terms, low, high in program.rows:
        row = solver.RowConstraint(_low(solver, low), high, "")
        for v, c in terms:
            row.SetCoefficient(x[v], row.GetCoefficient(x[v]) + c)
    objective = solver.Objective()
    for v, c in gains:
        objective.SetCoefficient(x[v], objective.GetCoefficient(x[v]) + c)
    objective.SetMaximization()
    solver.SuppressOutput()
    solver.SetTimeLimit(max(1, int(time_limit * 1000)))
    if solver.Solve() not in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE):
        return None
    return [v.solution_value() > 0.5 for v in x]


def _solve_cp_sat(program: _Rows, gains: Terms, time_limit: float,
                  workers: int) -> list[bool] | None:
    model = cp_model.CpModel()
    x = [model.new_bool_var("") for _ in range(program.count)]
    for terms, low, high in program.rows:
        expression = sum(c * x[v] for v, c in terms)
        model.add_linear_constraint(expression, max(low, NO_LOW), high)
    model.maximize(sum(c * x[v] for v, c in gains))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return [solver.boolean_value(v) for v in x]


def best_wishes(instance: EventInstance, time_limit: float, workers: int = 1,
                cancel: threading.Event | None = None) -> WishChoice:
    """The relaxation's best choice of wishes and its proven bound on any plan's weight."""
    return Relaxation(instance).solve(time_limit, workers, cancel)
