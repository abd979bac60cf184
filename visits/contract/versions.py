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


class ChangeOut(Model):
    kind: ChangeKind
    item: ChangeItem
    before: StopSide | None = Field(default=None, description="null for added")
    after: StopSide | None = Field(
        default=None, description="null for a stop no longer in the visit")


class VersionOut(Model):
    version: int = Field(description="1, 2, … within the visit")
    published_at: datetime
    published_by: Text | None = Field(
        description="who published it: their name (a host user's is multilingual), else "
                    "their e-mail; null when the account is gone")
    changes: list[ChangeOut] = Field(
        description="since the version before (version 1: every stop added)")
