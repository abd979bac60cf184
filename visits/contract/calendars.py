"""Hosts' own calendars in the contract (SPEC §7.7)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, RootModel, StringConstraints

from visits.contract.base import Model
from visits.contract.fields import ONE_LINE, _optional_line, refuse


def _url(value: str) -> str:
    value = _optional_line(value)
    scheme = value.partition(":")[0].lower()
    if scheme not in {"http", "https", "webcal"} or "://" not in value:
        raise refuse("calendar_url_scheme", "the address must start with https://, http:// "
                     "or webcal://")
    return value


CalendarUrl = Annotated[str, ONE_LINE, StringConstraints(max_length=2000), AfterValidator(_url)]
Secret = Annotated[str, ONE_LINE, StringConstraints(max_length=500)]


class CalendarLink(Model):
    """One calendar to read: `password` (CalDAV app password) is kept when left out for a
    calendar already linked with the same kind, URL and user."""

    kind: Literal["ics", "caldav"]
    url: CalendarUrl
    username: Annotated[str, ONE_LINE, StringConstraints(max_length=254),
                        AfterValidator(_optional_line)] = ""
    password: Secret = Field(default="", json_schema_extra={"writeOnly": True})
    share_titles: bool = False


class CalendarLinks(RootModel[Annotated[list[CalendarLink], Field(max_length=20)]]):
    """The host's whole list: calendars left out are unlinked."""


class CalendarOut(Model):
    id: int
    kind: str
    url: str
    username: str
    share_titles: bool
    status: Literal["ok", "error", "pending"]
    last_read: datetime | None
    error: str | None = None
    error_code: str | None = None
    stale: bool = False
    busy_count: int = 0
