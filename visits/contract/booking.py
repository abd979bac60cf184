"""Pydantic models for booking: slots, visits and their stops, answers, travel times."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from visits.contract.base import DEFAULT_PAGE, Cursor, Id, Limit, Model, NextCursor, QueryId
from visits.contract.catalog import PositiveInt, SearchText
from visits.contract.fields import (
    YEARS,
    Country,
    Day,
    Line,
    Minutes,
    Moment,
    OptionalLine,
    refuse,
)
from visits.contract.programme import ItemCreate

VisitStatus = Literal["requested", "confirmed", "needs_attention", "cancelled", "completed"]
StopStatus = Literal["requested", "accepted", "declined", "countered", "cancelled"]
# Query strings arrive as text: these are the lax twins of the strict body types.
QueryMinutes = Annotated[int, Field(ge=1, le=24 * 60)]
QueryCount = Annotated[int, Field(ge=1, le=100_000)]
MAX_SLOT_DAYS = 62


class SlotsQuery(Model):
    from_: Day = Field(alias="from")
    to: Day
    duration: QueryMinutes | None = None
    party_size: QueryCount = 1
    step: QueryMinutes = 15

    @model_validator(mode="after")
    def _sensible_period(self) -> SlotsQuery:
        if self.to < self.from_:
            raise refuse("period_reversed", "to: must not be before from", field="to")
        if (self.to - self.from_).days + 1 > MAX_SLOT_DAYS:
            raise refuse("period_too_long", "to: ask for at most {days} days at once",
                         field="to", days=MAX_SLOT_DAYS)
        return self


class SlotOut(Model):
    start: datetime
    end: datetime
    host_ids: list[int]


class SlotsOut(Model):
    facility_id: int
    timezone: str
    slots: list[SlotOut]


class StopRequest(Model):
    facility_id: Id
    start: Moment
    duration_min: Minutes | None = None
    host_id: Id | None = None
    party_size: PositiveInt | None = None


class VisitCreate(Model):
    delegation_id: Id
    stops: Annotated[list[StopRequest], Field(min_length=1, max_length=20)]
    items: Annotated[list[ItemCreate], Field(max_length=20)] = Field(
        default_factory=list, description="programme items booked with the stops (the "
        "day planner's lunch); the rules of POST /api/visits/{id}/items hold")


class StopOut(Model):
    id: int
    position: int
    facility_id: int
    host_id: int
    start: datetime
    end: datetime
    party_size: int
    status: StopStatus
    decline_reason: str
    sequence: int
    counter_start: datetime | None = Field(
        default=None, description="the host's proposed start while the stop is countered")
    counter_reason: str = ""
    attendance: int | None = Field(default=None, description="people who came (closing)")


class VisitOut(Model):
    id: int
    status: VisitStatus
    delegation_id: int
    stops: list[StopOut]
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None = None
    closing_notes: str = ""


class VisitsQuery(Model):
    from_: Day | None = Field(default=None, alias="from",
                              description="first stop on or after this day")
    to: Day | None = Field(default=None, description="first stop on or before this day")
    status: VisitStatus | None = None
    country: Country | None = None
    delegation_id: QueryId | None = None
    facility_id: QueryId | None = Field(default=None, description="a stop at this facility")
    q: SearchText | None = None
    order: Literal["asc", "desc"] = Field(default="asc", description="by first stop")
    limit: Limit = DEFAULT_PAGE
    cursor: Cursor | None = None

    @model_validator(mode="after")
    def _sensible_period(self) -> VisitsQuery:
        if self.from_ is not None and self.to is not None and self.to < self.from_:
            raise refuse("period_reversed", "to: must not be before from", field="to")
        return self


class VisitPage(Model):
    items: list[VisitOut]
    next: NextCursor


class StopPatch(Model):
    start: Moment | None = None
    host_id: Id | None = None

    @model_validator(mode="after")
    def _something_to_change(self) -> StopPatch:
        if self.start is None and self.host_id is None:
            raise refuse("nothing_to_change", "give a new start, a new host_id, or both")
        return self


class Decline(Model):
    reason: Line


class Counter(Model):
    """The host's counter-proposal: another start among their own free slots (SPEC §7.5)."""

    start: Moment
    reason: OptionalLine = ""


class HistoryEntry(Model):
    id: int
    at: datetime
    actor: str = Field(description="the e-mail address of who made the change, or 'system'")
    actor_name: dict[str, str] | str | None = Field(
        default=None, description="that person's name: a host user's is the host's "
        "(multilingual) name; null when no name is known")
    entity: str
    entity_id: int
    action: str
    before: Any
    after: Any


class TravelTimeEntry(Model):
    facility_a: Id
    facility_b: Id
    minutes: Annotated[int, Field(ge=0, le=600, strict=True)] | None = Field(
        description="null removes the explicit time (back to the distance estimate)"
    )

    @model_validator(mode="after")
    def _two_facilities(self) -> TravelTimeEntry:
        if self.facility_a == self.facility_b:
            raise refuse("same_facility", "facility_b: travel within one facility is always 0",
                         field="facility_b")
        return self


class TravelTimes(Model):
    items: Annotated[list[TravelTimeEntry], Field(max_length=1000)]


class TravelTimeOut(Model):
    facility_a: int
    facility_b: int
    minutes: int
    explicit: bool


class OrgClosureEntry(Model):
    day: Day
    reason: Line


class OrgClosureOut(Model):
    day: date
    reason: str
    kind: Literal["public_holiday", "organisation"]


class ClosuresQuery(Model):
    year: Annotated[int, Field(ge=YEARS[0], le=YEARS[1])] = Field(
        default_factory=lambda: date.today().year)


class OrgClosures(Model):
    days: Annotated[list[OrgClosureEntry], Field(max_length=1000)]
