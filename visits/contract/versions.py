"""Published versions of a visit and what changed between them (SPEC §7.3)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from visits.contract.base import Model
from visits.contract.booking import StopStatus

ChangeKind = Literal["added", "removed", "moved", "host_changed", "cancelled"]
Text = dict[str, str] | str


class ChangeItem(Model):
    """The stop a change is about, named by its facility."""

    stop_id: int
    facility_id: int
    facility_name: Text = Field(description="the facility's multilingual name")


class StopSide(Model):
    """The stop as one version shows it."""

    start: datetime
    end: datetime
    host_id: int
    host_name: Text
    status: StopStatus


class ProgrammeChangeItem(Model):
    """The programme item (SPEC §7.4) a change is about, named by its title."""

    item_id: int
    title: Text = Field(description="the item's title as given")


class ItemSide(Model):
    """The programme item as one version shows it."""

    start: datetime
    end: datetime


class ChangeOut(Model):
    kind: ChangeKind
    item: ChangeItem | ProgrammeChangeItem = Field(
        description="a stop (stop_id) or a programme item (item_id)")
    before: StopSide | ItemSide | None = Field(default=None, description="null for added")
    after: StopSide | ItemSide | None = Field(
        default=None, description="null for a stop or item no longer in the visit")


class VersionOut(Model):
    version: int = Field(description="1, 2, … within the visit")
    published_at: datetime
    published_by: Text | None = Field(
        description="who published it: their name (a host user's is multilingual), else "
                    "their e-mail; null when the account is gone")
    changes: list[ChangeOut] = Field(
        description="since the version before (version 1: every stop added)")
