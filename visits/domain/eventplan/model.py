"""The CP-SAT model of an event plan; `planner`'s docstring says what it states.

Variables, per delegation d, day k, group g, wished facility f and host h:
`day[d, k]`, `met[d, f]` (shared by all groups of d), `start[g, f]`, `host[g, f, h]`,
`arc[g, i, j]` (a tour's circuit, node 0 the group's day outside any stop), `lunch[g]`,
`after[g, f]` (lunch after the stop), and for the bound only `met_on[d, f, k]` (the wish
met on day k).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from visits.domain.eventplan.instance import EventInstance, StopOption, WeekRoom
from visits.domain.eventplan.schedule import (
    LANGUAGE_BONUS,
    PlacedStop,
    Schedule,
    day_of,
    met_wishes,
    wish_unit,
)

Literal = cp_model.IntVar
Node = tuple[int, int]
"""(group, facility id) of a stop that may happen."""


@dataclass(frozen=True)
class RoomVisit:
    """A possible stop as its facility sees it."""

    interval: cp_model.IntervalVar
    group: int
    delegation_id: int
    party: int
    duration: int


class EventModel:
    """The model, and the variables needed to hint and to read back a schedule."""

    def __init__(self, instance: EventInstance) -> None:
        self.instance = instance
        self.model = cp_model.CpModel()
        self.unit = wish_unit(instance)
        self.day: dict[tuple[int, int], Literal] = {}
        self.met: dict[tuple[int, int], Literal] = {}
        self.start: dict[Node, cp_model.IntVar] = {}
        self.host: dict[tuple[int, int, int], Literal] = {}
        self.arc: dict[tuple[int, int, int], Literal] = {}
        self.empty: dict[int, Literal] = {}
        self.lunch: dict[int, cp_model.IntVar] = {}
        self.after: dict[Node, Literal] = {}
        self._host_intervals: dict[int, list[cp_model.IntervalVar]] = {}
        self._room_visits: dict[int, list[RoomVisit]] = {}
        self._met_days: dict[tuple[int, int], dict[int, Literal]] = {}
        self._gains: list[tuple[Literal, int]] = []
        for delegation_id in instance.delegation_ids:
            self._add_delegation(delegation_id)
        self._add_shared_resources()
        self.model.maximize(sum(coefficient * literal for literal, coefficient in self._gains))

    def _add_delegation(self, delegation_id: int) -> None:
        instance, model = self.instance, self.model
        groups = instance.groups_of(delegation_id)
        if not groups or not instance.options[groups[0]]:
            return
        days = instance.groups[groups[0]].days
        for k in days:
            self.day[delegation_id, k] = model.new_bool_var(f"day[{delegation_id},{k}]")
        coming = [self.day[delegation_id, k] for k in days]
        model.add_at_most_one(coming)
        for option in instance.options[groups[0]]:
            met = model.new_bool_var(f"met[{delegation_id},{option.facility_id}]")
            self.met[delegation_id, option.facility_id] = met
            model.add(met <= sum(coming))
            weight = instance.wish_weight(delegation_id, option.facility_id)
            self._gains.append((met, self.unit * weight))
        for group in groups:
            for option in instance.options[group]:
                self._add_stop(group, option)
            self._add_tour(group)

    def _add_stop(self, group: int, option: StopOption) -> None:
        """A possible stop: engine-approved starts per host, inside the chosen day."""
        model, instance = self.model, self.instance
        spec = instance.groups[group]
        met = self.met[spec.delegation_id, option.facility_id]
        node = group, option.facility_id
        every = sorted({s for starts in option.host_starts.values() for s in starts})
        start = model.new_int_var_from_domain(
            cp_model.Domain.from_values(every), f"start[{group},{option.facility_id}]"
        )
        self.start[node] = start
        hosts = []
        for host_id, starts in option.host_starts.items():
            chosen = model.new_bool_var(f"host[{group},{option.facility_id},{host_id}]")
            self.host[group, option.facility_id, host_id] = chosen
            hosts.append(chosen)
            if len(starts) < len(every):
                model.add_linear_expression_in_domain(
                    start, cp_model.Domain.from_values(starts)
                ).only_enforce_if(chosen)
            held = model.new_optional_fixed_size_interval_var(start, option.hold, chosen, "")
            self._host_intervals.setdefault(host_id, []).append(held)
            if host_id in instance.speakers[group]:
                self._gains.append((chosen, LANGUAGE_BONUS))
        model.add(sum(hosts) == met)
        for k in spec.days:
            low, high = instance.day_bounds[k]
            inside = [self.day[spec.delegation_id, k], met]
            model.add(start >= low).only_enforce_if(inside)
            model.add(start + option.duration <= high).only_enforce_if(inside)
        visit = model.new_optional_fixed_size_interval_var(start, option.duration, met, "")
        self._room_visits.setdefault(option.facility_id, []).append(
            RoomVisit(visit, group, spec.delegation_id, spec.party, option.duration)
        )

    def _add_tour(self, group: int) -> None:
        """One circuit per group orders its stops and charges the travel between them."""
        model, instance = self.model, self.instance
        options = instance.options[group]
        delegation_id = instance.groups[group].delegation_id
        empty = self.empty[group] = model.new_bool_var(f"empty[{group}]")
        arcs: list[cp_model.ArcT] = [(0, 0, empty)]
        for i, first in enumerate(options, start=1):
            met = self.met[delegation_id, first.facility_id]
            arcs.append((i, i, ~met))
            for tail, head in ((0, i), (i, 0)):
                self.arc[group, tail, head] = literal = model.new_bool_var("")
                arcs.append((tail, head, literal))
            for j, second in enumerate(options, start=1):
                if i != j:
                    arcs.append((i, j, self._hop(group, first, second, i, j)))
        model.add_circuit(arcs)
        if instance.lunch_windows is not None:
            self._add_lunch(group)

    def _hop(self, group: int, first: StopOption, second: StopOption, i: int, j: int) -> Literal:
        """`second` right after `first`: it starts after the first ends plus the travel."""
        literal = self.arc[group, i, j] = self.model.new_bool_var("")
        travel = self.instance.travel[first.facility_id, second.facility_id]
        a, b = self.start[group, first.facility_id], self.start[group, second.facility_id]
        self.model.add(b >= a + first.duration + travel).only_enforce_if(literal)
        if travel:
            self._gains.append((literal, -travel))
        return literal

    def _add_lunch(self, group: int) -> None:
        """Lunch on the chosen day, off every stop; between two stops it adds to the travel."""
        model, instance = self.model, self.instance
        assert instance.lunch_windows is not None
        spec, options = instance.groups[group], instance.options[group]
        windows = [instance.lunch_windows[k] for k in spec.days]
        domain = cp_model.Domain.from_intervals([[low, high] for low, high in windows])
        lunch = self.lunch[group] = model.new_int_var_from_domain(domain, f"lunch[{group}]")
        for k, (low, high) in zip(spec.days, windows, strict=True):
            chosen = self.day[spec.delegation_id, k]
            model.add(lunch >= low).only_enforce_if(chosen)
            model.add(lunch <= high).only_enforce_if(chosen)
        length = instance.lunch_minutes
        for option in options:
            node = group, option.facility_id
            met = self.met[spec.delegation_id, option.facility_id]
            after = self.after[node] = model.new_bool_var("")
            start = self.start[node]
            model.add(lunch >= start + option.duration).only_enforce_if([after, met])
            model.add(lunch + length <= start).only_enforce_if([~after, met])
        for i, first in enumerate(options, start=1):
            for j, second in enumerate(options, start=1):
                if i == j:
                    continue
                travel = instance.travel[first.facility_id, second.facility_id]
                a = self.start[group, first.facility_id]
                b = self.start[group, second.facility_id]
                model.add(b >= a + first.duration + travel + length).only_enforce_if(
                    [
                        self.arc[group, i, j],
                        self.after[group, first.facility_id],
                        ~self.after[group, second.facility_id],
                    ]
                )

    def _add_shared_resources(self) -> None:
        """Hosts take one new stop at a time (buffer included); rooms hold their capacity
        counting the visitors already booked."""
        for intervals in self._host_intervals.values():
            if len(intervals) > 1:
                self.model.add_no_overlap(intervals)
        for facility_id, visits in self._room_visits.items():
            self._add_room(facility_id, visits)
        for facility_id, weeks in self.instance.week_room.items():
            self._add_week_quota(facility_id, weeks)

    def _add_week_quota(self, facility_id: int, weeks: Sequence[WeekRoom]) -> None:
        """SPEC §7.5: the groups visiting a facility in a week (each one a visit when
        booked) stay within what its weekly quota leaves."""
        instance = self.instance
        wishing = [d for d in instance.delegation_ids if (d, facility_id) in self.met]
        for week in weeks:
            load = [
                len(instance.groups_of(d)) * self._met_on(d, facility_id, k)
                for d in wishing
                for k in week.days
                if k in instance.groups[instance.groups_of(d)[0]].days
            ]
            if load:
                self.model.add(sum(load) <= week.left)

    def _add_room(self, facility_id: int, visits: list[RoomVisit]) -> None:
        model, capacity = self.model, self.instance.capacity[facility_id]
        fixed = [
            (model.new_fixed_size_interval_var(step.start, step.end - step.start, ""), step.load)
            for step in self.instance.existing[facility_id]
        ]
        peak = max((load for _, load in fixed), default=0)
        if sum(visit.party for visit in visits) + peak > capacity:
            everything = [(visit.interval, visit.party) for visit in visits] + fixed
            model.add_cumulative(
                [interval for interval, _ in everything],
                [demand for _, demand in everything],
                capacity,
            )
        crowds = [visit for visit in visits if 2 * visit.party > capacity]
        if len(crowds) > 1:
            self._add_crowd_limit(facility_id, crowds)

    def _add_crowd_limit(self, facility_id: int, crowds: list[RoomVisit]) -> None:
        """Redundant, for the bound: groups of more than half the room never share it, so
        each day their visits fit end to end in the time the room can take any of them.
        Without this the LP believes every wish of a popular small room can be met."""
        model, instance = self.model, self.instance
        model.add_no_overlap([visit.interval for visit in crowds])
        smallest = min(visit.party for visit in crowds)
        for k, minutes in enumerate(self._room_minutes(facility_id, smallest)):
            load = [
                visit.duration * self._met_on(visit.delegation_id, facility_id, k)
                for visit in crowds
                if k in instance.groups[visit.group].days
            ]
            if load:
                model.add(sum(load) <= minutes)

    def _met_on(self, delegation_id: int, facility_id: int, day: int) -> Literal:
        """A literal for "wish met on day `day`" (exact: the day literals sum to `met`)."""
        key = delegation_id, facility_id
        if key not in self._met_days:
            days = self.instance.groups[self.instance.groups_of(delegation_id)[0]].days
            self._met_days[key] = {k: self.model.new_bool_var("") for k in days}
            for k, literal in self._met_days[key].items():
                self.model.add_implication(literal, self.day[delegation_id, k])
            self.model.add(sum(self._met_days[key].values()) == self.met[key])
        return self._met_days[key][day]

    def _room_minutes(self, facility_id: int, party: int) -> list[int]:
        """Per day, the minutes from the room's first possible start to its last possible
        end in which the visitors already booked leave room for `party`."""
        instance = self.instance
        options = [o for opts in instance.options for o in opts if o.facility_id == facility_id]
        minutes = []
        for low, high in instance.day_bounds:
            ends = []
            for option in options:
                for starts in option.host_starts.values():
                    i, j = bisect_left(starts, low), bisect_left(starts, high)
                    if i < j:
                        ends += [starts[i], starts[j - 1] + option.duration]
            first, last = (min(ends), max(ends)) if ends else (low, low)
            full = sum(
                max(0, min(step.end, last) - max(step.start, first))
                for step in instance.existing[facility_id]
                if step.load + party > instance.capacity[facility_id]
            )
            minutes.append(last - first - full)
        return minutes

    def restrict_wishes(self, chosen: Iterable[tuple[int, int, int]], exactly: bool) -> None:
        """Restrict to plans meeting only these (delegation id, facility id, day index)
        wishes (all of them if `exactly`), each delegation on its chosen day: a much
        smaller search, whose plans are best in wishes when the relaxation's choice can
        all be scheduled."""
        on = {(d, f): k for d, f, k in chosen}
        for (d, f), met in self.met.items():
            if (d, f) not in on:
                self.model.add(met == 0)
            elif exactly:
                self.model.add(met == 1)
        for (d, _), k in on.items():
            self.model.add(self.day[d, k] == 1)

    def hint(self, schedule: Schedule) -> None:
        """Start the search from a known schedule (e.g. the greedy one)."""
        instance, model = self.instance, self.model
        met = met_wishes(instance, schedule.stops)
        for (delegation_id, facility_id), literal in self.met.items():
            model.add_hint(literal, (delegation_id, facility_id) in met)
        placed = {(s.group, s.facility_id): s for s in schedule.stops if self._kept(s, met)}
        coming = {
            instance.groups[g].delegation_id: day_of(instance, s.start)
            for (g, _), s in placed.items()
        }
        for (delegation_id, k), literal in self.day.items():
            model.add_hint(literal, coming.get(delegation_id) == k)
        for key, by_day in self._met_days.items():
            for k, literal in by_day.items():
                model.add_hint(literal, key in met and coming.get(key[0]) == k)
        for (group, facility_id, host_id), literal in self.host.items():
            stop = placed.get((group, facility_id))
            model.add_hint(literal, stop is not None and stop.host_id == host_id)
        for node, start in self.start.items():
            if node in placed:
                model.add_hint(start, placed[node].start)
        for group in range(len(instance.groups)):
            self._hint_tour(group, [s for (g, _), s in placed.items() if g == group], schedule)

    def _kept(self, stop: PlacedStop, met: set[tuple[int, int]]) -> bool:
        return (self.instance.groups[stop.group].delegation_id, stop.facility_id) in met

    def _hint_tour(self, group: int, stops: Sequence[PlacedStop], schedule: Schedule) -> None:
        if group not in self.empty:
            return
        model, options = self.model, self.instance.options[group]
        node_of = {o.facility_id: i for i, o in enumerate(options, start=1)}
        order = [0, *(node_of[s.facility_id] for s in sorted(stops, key=lambda s: s.start)), 0]
        used = set(zip(order, order[1:], strict=False)) if stops else set()
        model.add_hint(self.empty[group], not stops)
        nodes = range(len(options) + 1)  # only this group's arcs: all of them is quadratic
        for i in nodes:
            for j in nodes:
                literal = self.arc.get((group, i, j))
                if literal is not None:
                    model.add_hint(literal, (i, j) in used)
        lunch = schedule.lunches.get(group)
        if group in self.lunch and lunch is not None:
            model.add_hint(self.lunch[group], lunch)
            for stop in stops:
                duration = options[node_of[stop.facility_id] - 1].duration
                model.add_hint(self.after[group, stop.facility_id], lunch >= stop.start + duration)

    def read(self, solver: cp_model.CpSolver) -> Schedule:
        """The schedule of the solver's best solution."""
        stops = [
            PlacedStop(group, facility_id, host_id, solver.value(self.start[group, facility_id]))
            for (group, facility_id, host_id), literal in self.host.items()
            if solver.boolean_value(literal)
        ]
        with_stops = {stop.group for stop in stops}
        lunches = {g: solver.value(v) for g, v in self.lunch.items() if g in with_stops}
        return Schedule(tuple(sorted(stops, key=lambda s: (s.start, s.group))), lunches)
