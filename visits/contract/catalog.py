"""Facilities, hosts and delegations as the contract shows them (SPEC §5)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import (
    Field,
    PrivateAttr,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from visits.contract.base import (
    DEFAULT_PAGE,
    Closure,
    Cursor,
    Id,
    Limit,
    Model,
    NextCursor,
    Period,
    WeeklyHours,
    WeeklyWindow,
)
from visits.contract.fields import (
    ONE_LINE,
    Code,
    Country,
    Email,
    LangTag,
    Line,
    Minutes,
    Multilingual,
    NonNegativeMinutes,
    OptionalDetail,
    OptionalLine,
    OptionalParagraph,
    OptionalPersonName,
    Phone,
    PositiveInt,
    Text,
    TextParagraph,
    refuse,
)
from visits.models import FACILITY_KINDS, MEMBER_ROLES

FacilityKind = Literal[FACILITY_KINDS]  # type: ignore[valid-type]
MemberRole = Literal[MEMBER_ROLES]  # type: ignore[valid-type]
Rank = Annotated[int, Field(ge=1, le=1000, strict=True, description="precedence, 1 first")]
MAX_MEMBERS = 200
PROTOCOL_FIELDS = frozenset({"family_name", "given_name", "native_name", "role", "rank",
                             "languages", "diet", "access"})


def _require_ko_en(name: dict[str, str]) -> None:
    missing = [tag for tag in ("ko", "en") if tag not in name]
    if missing:
        raise refuse("name_languages", "name needs {missing}", missing=" and ".join(missing))


WeeklyQuota = Annotated[int, Field(ge=1, le=1000, strict=True)]


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
    max_visits_per_week: WeeklyQuota | None = Field(
        default=None, description="At most this many visits a week (Monday to Sunday, in the "
        "organisation's time zone); null: no cap. A booking past it is 409 quota_exceeded.")

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
    max_visits_per_week: int | None
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


class ContactOut(Model):
    """A contact as recorded (empty once the retention purge has erased it)."""

    name: str
    email: str


class Member(Model):
    """A member as sent: the protocol record of SPEC §7.2 (`family_name`, `given_name`,
    `role`, …) or the bare `{name, title, head}` of §5. Once validated, `name` (the
    romanized display name), `role` and `head` are always set and agree."""

    family_name: OptionalPersonName | None = None
    given_name: OptionalPersonName | None = None
    native_name: OptionalPersonName = Field("", description="the name in its own script")
    name: Line | None = Field(None, description="romanized display name; given name and "
                              "family name when left out")
    title: OptionalLine = ""
    role: MemberRole | None = None
    head: bool | None = Field(None, description="role == head")
    rank: Rank | None = None
    languages: Annotated[list[LangTag], Field(max_length=20)] = []
    diet: OptionalDetail = ""
    access: OptionalDetail = Field("", description="access needs")
    _sent: frozenset[str] = PrivateAttr(frozenset())

    @property
    def sent_bare(self) -> bool:
        """Sent as `{name, title, head}` (SPEC §5), with nothing of the protocol record."""
        return not self._sent & PROTOCOL_FIELDS

    @model_validator(mode="after")
    def _complete(self) -> Member:
        self._sent = frozenset(self.model_fields_set)
        self.family_name, self.given_name = self.family_name or "", self.given_name or ""
        if self.name is None:
            parts = " ".join(p for p in (self.given_name, self.family_name) if p)
            if not parts:
                raise refuse("member_name", "give the member's family_name and given_name, "
                             "or a name", field="family_name")
            self.name = parts[:200]
        if self.role is None:
            self.role = "head" if self.head else "member"
        elif self.head is not None and self.head != (self.role == "head"):
            raise refuse("member_head_role", "head must be true exactly when role is head",
                         field="head")
        self.head = self.role == "head"
        return self


class MemberOut(Model):
    """A member as recorded, in precedence order in every list (rank, then as listed)."""

    family_name: str
    given_name: str
    native_name: str
    name: str
    title: str
    role: str
    head: bool
    rank: int | None
    languages: list[str]
    diet: str
    access: str


class DelegationCreate(Model):
    name: Text
    country: Country
    city: Line
    language: LangTag
    size: Annotated[int, Field(ge=1, le=1000, strict=True)]
    contact: Contact
    members: Annotated[list[Member], Field(max_length=MAX_MEMBERS)] = []
    notes: OptionalParagraph = ""

    @field_validator("members")
    @classmethod
    def _one_head_at_most(cls, members: list[Member], info: ValidationInfo) -> list[Member]:
        check_members(members, info.data.get("size"))
        return members


def check_members(members: list[Member], size: int | None) -> None:
    if sum(bool(m.head) for m in members) > 1:
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
    members: Annotated[list[Member], Field(max_length=MAX_MEMBERS)] | None = None
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
    contact: ContactOut
    members: list[MemberOut]
    notes: str
    created_at: datetime


class DelegationPage(Model):
    items: list[DelegationOut]
    next: NextCursor


SearchText = Annotated[str, ONE_LINE, StringConstraints(min_length=1, max_length=100),
                      Field(description="text in the delegation's or its members' names")]


class DelegationsQuery(Model):
    q: SearchText | None = None
    limit: Limit = DEFAULT_PAGE
    cursor: Cursor | None = None
