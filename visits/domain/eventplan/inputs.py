"""What the event planner is asked and what it answers (see `planner` for the model)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from visits.domain.rules import InvalidInterval, InvalidPartySize


@dataclass(frozen=True)
class EventDelegation:
    """A delegation of the event and the facilities it wishes to see, most wanted first.

    `days` are the event days it may come on (None: any of them).
    """

    id: int
    size: int
    language: str | None
    wishes: tuple[int, ...]
    days: tuple[date, ...] | None = None

    def __post_init__(self) -> None:
        if self.size < 1:
            raise InvalidPartySize(party_size=self.size)


@dataclass(frozen=True)
class EventLunch:
    """Every group lunches for `duration`, starting and ending inside [start, end]."""

    start: time
    end: time
    duration: timedelta

    def __post_init__(self) -> None:
        span = datetime.combine(date.min, self.end) - datetime.combine(date.min, self.start)
        if self.duration <= timedelta(0) or span < self.duration:
            raise InvalidInterval(problem="lunch_does_not_fit", start=self.start, end=self.end,
                                  length=self.duration)


@dataclass(frozen=True)
class EventStop:
    """One stop of the plan: a (sub-)group of a delegation at a facility with a host."""

    delegation_id: int
    group: int
    party_size: int
    facility_id: int
    host_id: int
    start: datetime
    end: datetime


@dataclass(frozen=True)
class EventLunchBreak:
    """When a (sub-)group lunches, for the itinerary."""

    delegation_id: int
    group: int
    start: datetime
    end: datetime


@dataclass(frozen=True)
class EventPlan:
    """The joint schedule, with how good it is and how good it could at best be.

    `objective` and `bound` are on the scale of `planner`'s objective; `bound` is
    the solver's proof that no plan scores more (equal to `objective` when OPTIMAL).
    Times are seconds since `plan_event` was called, candidate search included.
    """

    stops: tuple[EventStop, ...]
    unmet: tuple[tuple[int, int], ...]
    objective: int
    bound: int
    status: str
    wall_seconds: float
    first_solution_seconds: float | None
    lunches: tuple[EventLunchBreak, ...] = ()
