"""Pydantic models for the planners: one delegation's day, and a whole event."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field, model_validator

from visits.contract.base import Id, Model
from visits.contract.booking import VisitCreate, VisitOut
from visits.contract.fields import Clock, Day, Minutes, Text, refuse
from visits.contract.programme import Latitude, Longitude, check_coordinates
from visits.domain.dayplan import MAX_FACILITIES


class LunchPlace(Model):
    """Where the delegation lunches (a restaurant): the plan then holds a `meal` item there,
    with rule 5's travel time to the stops before and after it."""

    name: Text
    address: Text | None = None
    lat: Latitude | None = None
    lon: Longitude | None = None

    @model_validator(mode="after")
    def _both_coordinates(self) -> LunchPlace:
        check_coordinates(self.lat, self.lon)
        return self


class LunchWish(Model):
    start: Clock
    end: Clock
    duration_min: Minutes
    place: LunchPlace | None = None

    @model_validator(mode="after")
    def _fits(self) -> LunchWish:
        if self.end <= self.start:
            raise refuse("lunch_reversed", "end: lunch window must end after it starts",
                         field="end")
        return self


class DayWindow(Model):
    day_start: Clock = "09:00"
    day_end: Clock = "18:00"
    lunch: LunchWish | None = None

    @model_validator(mode="after")
    def _window(self) -> DayWindow:
        if self.day_end <= self.day_start:
            raise refuse("day_reversed", "day_end: the day must end after it starts",
                         field="day_end")
        return self


FacilityIds = Annotated[list[Id], Field(max_length=MAX_FACILITIES)]


class DayPlanRequest(DayWindow):
    delegation_id: Id
    date: Day
    facility_ids: Annotated[list[Id], Field(min_length=1, max_length=MAX_FACILITIES)]
    optional_facility_ids: FacilityIds = []

    @model_validator(mode="after")
    def _within_the_planner_limit(self) -> DayPlanRequest:
        if len(set(self.facility_ids) | set(self.optional_facility_ids)) > MAX_FACILITIES:
            raise refuse("day_plan_limit", "optional_facility_ids: plan at most {limit} "
                         "facilities in a day", field="optional_facility_ids",
                         limit=MAX_FACILITIES)
        return self


class PlannedStopOut(Model):
    facility_id: int
    host_id: int
    start: datetime
    end: datetime


class PlannedItemOut(Model):
    """A programme item of the plan (the lunch at its place), as `POST /api/visits` takes
    it in `items`."""

    kind: str
    title: dict[str, str] | str
    start: datetime
    end: datetime
    place: dict[str, str] | str | None = None
    address: dict[str, str] | str | None = None
    lat: float | None = None
    lon: float | None = None


class InterpreterOut(Model):
    """No host of some stops speaks the delegation's language (SPEC §7.4): why, and a free
    interpreter who fits for the plan's span (`companion_id` null when nobody is free)."""

    reason: str
    facility_ids: list[int]
    companion_id: int | None
    name: dict[str, str] | str | None
    start: datetime
    end: datetime


class DayPlanOut(Model):
    stops: list[PlannedStopOut]
    unscheduled: list[int]
    travel_min: int
    idle_min: int
    lunch: list[datetime] | None = Field(
        description="the lunch [start, end]; with a place, the meal itself (the travel to "
                    "and from it is kept free around it)")
    items: list[PlannedItemOut] = Field(
        default_factory=list, description="the lunch at its place as a `meal` item")
    interpreter: InterpreterOut | None = None


class EventDelegationWish(Model):
    delegation_id: Id
    wishes: Annotated[list[Id], Field(min_length=1, max_length=12)]
    days: Annotated[list[Day], Field(max_length=14)] | None = None


class EventPlanRequest(DayWindow):
    days: Annotated[list[Day], Field(min_length=1, max_length=14)]
    delegations: Annotated[list[EventDelegationWish], Field(min_length=1, max_length=120)]
    max_group_size: Annotated[int, Field(ge=1, le=1000, strict=True)] | None = None
    time_limit_s: Annotated[float, Field(gt=0, le=120)] = 20.0


class EventStopOut(Model):
    delegation_id: int
    group: int
    party_size: int
    facility_id: int
    host_id: int
    start: datetime
    end: datetime


class EventLunchOut(Model):
    delegation_id: int
    group: int
    start: datetime
    end: datetime


class UnmetWish(Model):
    delegation_id: int
    facility_id: int


class EventPlanOut(Model):
    status: str
    objective: int
    bound: int
    gap: float
    wall_seconds: float
    first_solution_seconds: float | None
    stops: list[EventStopOut]
    lunches: list[EventLunchOut]
    unmet: list[UnmetWish]
    visits: list[VisitCreate] = Field(
        description="The plan as bookable visits, one per (delegation, group): post them "
                    "to /api/events/book as they are")


class EventBooking(Model):
    visits: Annotated[list[VisitCreate], Field(min_length=1, max_length=500)]


class EventBooked(Model):
    visits: list[VisitOut]
