"""Visit requests from the delegation's side (SPEC §7.2) and their officer's list (§7.9)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import Field, StrictBool, StringConstraints, ValidationInfo, field_validator

from visits.contract.base import DEFAULT_PAGE, Cursor, Limit, Model, NextCursor
from visits.contract.catalog import MAX_MEMBERS, ContactOut, Member, MemberOut, check_members
from visits.contract.fields import (
    ONE_LINE,
    Code,
    Country,
    Day,
    Email,
    LangTag,
    Line,
    OptionalParagraph,
    Paragraph,
    Phone,
    Text,
    refuse,
)
from visits.models import NOTE_AUTHORS, REQUEST_STATUSES

RequestStatus = Literal[REQUEST_STATUSES]  # type: ignore[valid-type]
NoteAuthor = Literal[NOTE_AUTHORS]  # type: ignore[valid-type]
MAX_WISHED_DATES = 3
MAX_INTERESTS = 50


class RequestContact(Model):
    name: Line
    email: Email
    phone: Phone = ""


def _distinct_dates(dates: list[date]) -> list[date]:
    for i, day in enumerate(dates):
        if day in dates[:i]:
            raise refuse("duplicate_date", "{day} is wished twice", day=day.isoformat())
    return dates


WishedDates = Annotated[
    list[Day], Field(min_length=1, max_length=MAX_WISHED_DATES,
                     description="1 to 3 dates, in order of preference")]
Interest = Annotated[Code, Field(description="a facility kind or a facility's code")]
Honeypot = Annotated[str, ONE_LINE, StringConstraints(max_length=5000)]


class RequestCreate(Model):
    """What a delegation's contact sends: the public form and `POST /api/requests`."""

    organisation: Text
    country: Country
    city: Line
    language: LangTag
    size: Annotated[int, Field(ge=1, le=1000, strict=True)]
    contact: RequestContact
    members: Annotated[list[Member], Field(max_length=MAX_MEMBERS)] = []
    dates: WishedDates
    interests: Annotated[list[Interest], Field(min_length=1, max_length=MAX_INTERESTS)]
    interpreter_needed: StrictBool = False
    notes: OptionalParagraph = ""
    website: Honeypot = Field("", description="leave empty (a field people never see)")

    @field_validator("dates")
    @classmethod
    def _no_date_twice(cls, dates: list[date]) -> list[date]:
        return _distinct_dates(dates)

    @field_validator("interests")
    @classmethod
    def _each_interest_once(cls, interests: list[str]) -> list[str]:
        return list(dict.fromkeys(interests))

    @field_validator("members")
    @classmethod
    def _one_head_at_most(cls, members: list[Member], info: ValidationInfo) -> list[Member]:
        check_members(members, info.data.get("size"))
        return members


class RequestContactOut(ContactOut):
    phone: str


class RequestCreated(Model):
    id: int
    status: str
    url: str = Field(description="the contact's secret tracking page")


class FacilityRoom(Model):
    facility_id: int
    code: str
    name: dict[str, str]
    room: bool = Field(description="a slot of the facility's usual length fits the party")


class DateAvailability(Model):
    date: date
    facilities: list[FacilityRoom]
    all_room: bool


class RequestNoteOut(Model):
    author: str
    text: str
    created_at: datetime


class RequestOut(Model):
    id: int
    status: str
    organisation: dict[str, str] | str
    country: str
    city: str
    language: str
    form_language: str
    size: int
    contact: RequestContactOut
    members: list[MemberOut]
    dates: list[date]
    interests: list[str]
    interpreter_needed: bool
    notes: str
    decline_reason: str
    delegation_id: int | None
    visit_id: int | None
    created_at: datetime
    updated_at: datetime
    messages: list[RequestNoteOut] = Field(description="the contact's and officers' notes")
    availability: list[DateAvailability] = Field(
        description="for each wished date, whether each wished facility has room")


class ProposalOut(RequestOut):
    version: int = Field(description="the published version of the visit proposed")


class RequestPage(Model):
    items: list[RequestOut]
    next: NextCursor


class RequestListQuery(Model):
    status: RequestStatus | None = None
    limit: Limit = DEFAULT_PAGE
    cursor: Cursor | None = None


class DeclineBody(Model):
    reason: Paragraph


MAX_CHANGES_MESSAGE = 2000
ChangesMessage = Annotated[Paragraph, Field(max_length=MAX_CHANGES_MESSAGE)]
"""What a contact asks to change on the tracking page."""


class TrackingOut(Model):
    url: str
    expires_at: datetime
