"""Companions and their assignments to visits, as the contract shows them (SPEC §7.4)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field, RootModel, model_validator

from visits.contract.base import Id, Model, Period, WeeklyHours, WeeklyWindow
from visits.contract.fields import Email, LangTag, Moment, Phone, Text, refuse
from visits.models import COMPANION_KINDS

CompanionKind = Literal[COMPANION_KINDS]  # type: ignore[valid-type]
Seats = Annotated[int, Field(ge=1, le=100, strict=True)]
Languages = Annotated[list[LangTag], Field(max_length=30)]
TimeOff = Annotated[list[Period], Field(max_length=1000)]


class CompanionCreate(Model):
    name: Text
    kind: CompanionKind
    email: Email | Literal[""] = ""
    phone: Phone = ""
    languages: Languages = []
    seats: Seats | None = None
    weekly: WeeklyHours
    time_off: TimeOff = []

    @model_validator(mode="after")
    def _vehicles_have_seats(self) -> CompanionCreate:
        if self.kind == "vehicle" and self.seats is None:
            raise refuse("seats_required", "a vehicle needs seats", field="seats")
        return self


class CompanionPatch(Model):
    """Only the fields sent change; languages, weekly and time_off replace."""

    name: Text | None = None
    email: Email | Literal[""] | None = None
    phone: Phone | None = None
    languages: Languages | None = None
    seats: Seats | None = None
    weekly: WeeklyHours | None = None
    time_off: TimeOff | None = None


class CompanionOut(Model):
    id: int
    name: dict[str, str] | str
    kind: str
    email: str
    phone: str
    languages: list[str]
    seats: int | None
    weekly: list[WeeklyWindow]
    time_off: list[Period]


class AssignmentIn(Model):
    companion_id: Id
    start: Moment
    end: Moment

    @model_validator(mode="after")
    def _end_after_start(self) -> AssignmentIn:
        if self.end <= self.start:
            raise refuse("end_before_start", "end must be after start", field="end")
        return self


class AssignmentsIn(RootModel[Annotated[list[AssignmentIn], Field(max_length=50)]]):
    """The visit's companions as they should be: a list of `{companion_id, start, end}`."""


class AssignmentOut(Model):
    id: int
    companion_id: int
    name: dict[str, str] | str
    kind: str
    start: datetime
    end: datetime


class SuggestQuery(Model):
    start: Moment | None = None
    end: Moment | None = None


class SuggestionOut(Model):
    start: datetime | None
    end: datetime | None
    companions: list[CompanionOut]
