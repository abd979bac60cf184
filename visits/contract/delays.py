"""Running late (SPEC §7.5): `POST /api/visits/{id}/delay`."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from visits.contract.base import Model
from visits.contract.booking import VisitOut
from visits.contract.fields import Moment

MAX_DELAY_MIN = 240
DelayMinutes = Annotated[int, Field(ge=1, le=MAX_DELAY_MIN, strict=True,
                                    description="how late, in minutes (1–240)")]


class DelayRequest(Model):
    minutes: DelayMinutes
    from_: Moment | None = Field(
        default=None, alias="from",
        description="the stops (and programme items) starting at or after this moment move; "
                    "by default every stop not over yet")


class DelayOut(VisitOut):
    moved_stop_ids: list[int] = Field(description="the stops that moved, in time order")
    published_version: int | None = Field(
        description="the version published with the delay (on the visit's day, for a visit "
                    "its visitors already see), else null")
