"""How large an event plan may be, checked before anything is loaded or built.

The candidate search asks the availability engine for every grid start from the first
event day to the last, so its work (and the solver's domains) grow with the days between
them, not with how many days there are: days centuries apart once took 14 GB. An event
is a week or two; a month is the most an office plans in one go.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta

from visits.domain.calendar import Facility, Host
from visits.domain.eventplan.inputs import EventDelegation
from visits.domain.eventplan.instance import group_limit, split_party

MAX_EVENT_SPAN_DAYS = 31
"""The first and the last event day lie at most this many days apart (both counted)."""


def event_span_days(days: Sequence[date]) -> int:
    """Calendar days from the first event day to the last, both counted."""
    return (max(days) - min(days)).days + 1


MAX_EVENT_CANDIDATES = 400_000
"""The most candidate stops an event may have (see `candidate_stops`): about six times
bench/event.py's 40 delegations × 12 facilities × 3 days. Shapes near it (14 days × 2 or
20 hosts a facility; 120 delegations × 12 wishes) peaked at 150-450 MB in the solver
process and build in seconds; bench/event_plan_memory.py measures the worst over HTTP."""


ARC_WEIGHT = 10
"""What one arc of a group's circuit (wish i right before wish j) costs, in candidate
starts: a literal and two enforced constraints to build, where a start is one value of a
domain. Measured: 95,040 arcs took 6-10 s to build, 377,280 starts under 1 s."""


def candidate_stops(
    *,
    days: Sequence[date],
    delegations: Sequence[EventDelegation],
    facilities: Mapping[int, Facility],
    hosts: Sequence[Host],
    day_start: time,
    day_end: time,
    step: timedelta,
    max_group_size: int | None,
) -> int:
    """At most how many (group, wished facility, host, grid start) the candidate search can
    yield, plus each group's circuit arcs (weighted): from the request alone, what it costs
    to find them and to build the model on them. Cheap: nothing is asked of the engine."""
    window = datetime.combine(date.min, day_end) - datetime.combine(date.min, day_start)
    starts_per_day = max(0, window // step) + 1
    event_days = set(days)
    staffed = Counter(f for host in hosts for f in host.facility_ids)
    total = 0
    for delegation in delegations:
        wishes = tuple(dict.fromkeys(f for f in delegation.wishes if f in facilities))
        limit = group_limit(delegation.size, wishes, facilities, max_group_size)
        groups = len(split_party(delegation.size, limit))
        allowed = event_days if delegation.days is None else event_days & set(delegation.days)
        per_group = sum(staffed[f] for f in wishes) * len(allowed) * starts_per_day
        total += groups * (per_group + ARC_WEIGHT * len(wishes) ** 2)
    return total
