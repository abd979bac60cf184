"""Facilities, hosts and delegations as the contract shows them (SPEC §5)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field, ValidationInfo, field_validator

from visits.contract.base import (
    Closure,
    Id,
    Model,
    Period,
    WeeklyHours,
    WeeklyWindow,
)
from visits.contract.fields import (
    Code,
    Country,
    Email,
    LangTag,
    Line,
    Minutes,
    Multilingual,
    NonNegativeMinutes,
    OptionalLine,
    OptionalParagraph,
    Phone,
    PositiveInt,
    Text,
    TextParagraph,
    refuse,
)
from visits.models import FACILITY_KINDS

FacilityKind = Literal[FACILITY_KINDS]  # type: ignore[valid-type]


def _require_ko_en(name: dict[str, str]) -> None:
    missing = [tag for tag in ("ko", "en") if tag not in name]
    if missing:
        raise refuse("name_languages", "name needs {missing}", missing=" and ".join(missing))


class FacilityFields(Model):
    code: Code | None = None
    kind: FacilityKind | None = None
    name: Multilingual | None = None
    description: TextParagraph | None = None
    address: Text | None = None
    lat: Annotated[float, Field(ge=-90, le=90)] | None = None
    lon: Annotated[float, Field(ge=-180, le=180)] | None = None
    capacity: PositiveInt | None = None
    duration_min: Minutes | None = None
    buffer_min: NonNegativeMinutes | None = None
    open_hours: WeeklyHours | None = None
    closures: Annotated[list[Closure], Field(max_length=1000)] | None = None

    @field_validator("name")
    @classmethod
    def _name_has_ko_and_en(cls, name: dict[str, str] | None) -> dict[str, str] | None:
        if name is not None:
            _require_ko_en(name)
        return name


class FacilityPatch(FacilityFields):
    """Only the fields sent change; closures and open_hours, when sent, replace the old."""


class FacilityCreate(FacilityFields):
    code: Code
    kind: FacilityKind
    name: Multilingual
    address: Text
    capacity: PositiveInt
    duration_min: Minutes


class FacilityOut(Model):
    id: int
    code: str
    kind: str
    name: dict[str, str]
    description: dict[str, str] | str
    address: dict[str, str] | str
    lat: float | None
    lon: float | None
    capacity: int
    duration_min: int
    buffer_min: int
    open_hours: list[WeeklyWindow]
    closures: list[Closure]
    host_ids: list[int]


class HostAvailability(Model):
    weekly: WeeklyHours
    time_off: Annotated[list[Period], Field(max_length=1000)] = []


class HostCreate(HostAvailability):
    name: Text
    email: Email
    phone: Phone = ""
    facility_ids: Annotated[list[Id], Field(max_length=100)]
    languages: Annotated[list[LangTag], Field(min_length=1, max_length=30)]


class HostPatch(Model):
    """Only the fields sent change; facility_ids, languages, weekly and time_off replace."""

    name: Text | None = None
    email: Email | None = None
    phone: Phone | None = None
    facility_ids: Annotated[list[Id], Field(max_length=100)] | None = None
    languages: Annotated[list[LangTag], Field(min_length=1, max_length=30)] | None = None
    weekly: WeeklyHours | None = None
    time_off: Annotated[list[Period], Field(max_length=1000)] | None = None


class HostOut(Model):
    id: int
    name: dict[str, str] | str
    email: str
    phone: str
    facility_ids: list[int]
    languages: list[str]
    weekly: list[WeeklyWindow]
    time_off: list[Period]


class Contact(Model):
    name: Line
    email: Email


class Member(Model):
    name: Line
    title: OptionalLine = ""
    head: bool = False


class DelegationCreate(Model):
    name: Text
    country: Country
    city: Line
    language: LangTag
    size: Annotated[int, Field(ge=1, le=1000, strict=True)]
    contact: Contact
    members: Annotated[list[Member], Field(max_length=200)] = []
    notes: OptionalParagraph = ""

    @field_validator("members")
    @classmethod
    def _one_head_at_most(cls, members: list[Member], info: ValidationInfo) -> list[Member]:
        check_members(members, info.data.get("size"))
        return members


def check_members(members: list[Member], size: int | None) -> None:
    if sum(m.head for m in members) > 1:
        raise refuse("one_head", "only one member can head the delegation")
    if size is not None and len(members) > size:
        raise refuse("members_over_size", "More members are listed than the party size.")


class DelegationPatch(Model):
    """Only the fields sent change; members, when sent, replace the whole list."""

    name: Text | None = None
    country: Country | None = None
    city: Line | None = None
    language: LangTag | None = None
    size: Annotated[int, Field(ge=1, le=1000, strict=True)] | None = None
    contact: Contact | None = None
    members: Annotated[list[Member], Field(max_length=200)] | None = None
    notes: OptionalParagraph | None = None

    @field_validator("members")
    @classmethod
    def _one_head_at_most(
        cls, members: list[Member] | None, info: ValidationInfo
    ) -> list[Member] | None:
        if members is not None:
            check_members(members, info.data.get("size"))
        return members


class DelegationOut(Model):
    id: int
    name: dict[str, str] | str
    country: str
    city: str
    language: str
    size: int
    contact: Contact
    members: list[Member]
    notes: str
    created_at: datetime
