"""Pydantic models of what happens after the visit (SPEC §7.6): closing, the gifts
register, the survey and the annual report's year."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import Field, model_validator

from visits.contract.base import Id, Model
from visits.contract.fields import YEARS, Day, Line, OptionalParagraph, refuse
from visits.contract.requests import Cursor

GiftDirection = Literal["received", "given"]
Headcount = Annotated[int, Field(ge=0, le=100_000, strict=True)]
Krw = Annotated[int, Field(ge=0, le=10**12, strict=True, description="value in Korean won")]
Year = Annotated[int, Field(ge=YEARS[0], le=YEARS[1])]
MAX_PAGE, DEFAULT_PAGE = 200, 50


class Attendance(Model):
    stop_id: Id
    count: Headcount


class VisitClose(Model):
    attendance: list[Attendance] = Field(max_length=200)
    notes: OptionalParagraph = ""

    @model_validator(mode="after")
    def _each_stop_once(self) -> VisitClose:
        seen: set[int] = set()
        for i, entry in enumerate(self.attendance):
            if entry.stop_id in seen:
                raise refuse("duplicate_stop", "the attendance of stop {id} is given twice",
                             field=f"attendance[{i}].stop_id", id=entry.stop_id)
            seen.add(entry.stop_id)
        return self


class GiftCreate(Model):
    direction: GiftDirection
    description: Line
    giver: Line
    recipient: Line
    value_krw: Krw | None = None
    date: Day | None = Field(default=None, description="when it changed hands; default: "
                             "the visit's first day")


class GiftOut(Model):
    id: int
    visit_id: int
    direction: GiftDirection
    description: str
    giver: str
    recipient: str
    value_krw: int | None
    date: date
    report_required: bool = Field(description="a received gift worth GIFT_REPORT_KRW or "
                                  "more: to be reported under the public-service ethics rules")
    created_at: datetime


class GiftPage(Model):
    items: list[GiftOut]
    next: str | None = Field(description="cursor of the following page; null on the last")


class GiftsQuery(Model):
    year: Year | None = None
    limit: Annotated[int, Field(ge=1, le=MAX_PAGE)] = DEFAULT_PAGE
    cursor: Cursor | None = None


class GiftsCsvQuery(Model):
    year: Year | None = None


MAX_SURVEY_COMMENT = 2000
SurveyComment = Annotated[OptionalParagraph, Field(max_length=MAX_SURVEY_COMMENT)]


class SurveyIn(Model):
    overall: Annotated[int, Field(ge=1, le=5)]
    useful_stop_id: Id | None = None
    comment: SurveyComment = ""


class Breakdown(Model):
    key: str = Field(description="country code, continent code, month 1-12, facility "
                     "code or facility kind")
    visits: int = Field(description="visits (for facilities and interests: stops)")
    visitors: int


class GiftTotals(Model):
    received: int
    received_krw: int
    given: int
    given_krw: int
    report_required: int


class ReportOut(Model):
    year: int
    visits: int
    delegations: int
    visitors: int
    cancelled_visits: int
    countries: list[Breakdown]
    continents: list[Breakdown]
    months: list[Breakdown]
    facilities: list[Breakdown]
    interests: list[Breakdown]
    satisfaction: list[int] = Field(description="answers scoring 1, 2, 3, 4 and 5")
    satisfaction_average: float | None
    gifts: GiftTotals
