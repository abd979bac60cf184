"""What every part of the contract shares: the base model, ids, weekly hours, periods."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from visits.contract.fields import ONE_LINE, Clock, Moment, OptionalLine, refuse

Id = Annotated[int, Field(ge=1, le=2**31 - 1, strict=True)]
# Lists a page at a time (SPEC §7.9).
DEFAULT_PAGE, MAX_PAGE = 50, 200
Limit = Annotated[int, Field(ge=1, le=MAX_PAGE, description=f"at most {MAX_PAGE} a page")]
Cursor = Annotated[str, ONE_LINE, StringConstraints(max_length=200),
                   Field(description="`next` of the page before; empty or absent: the first")]
NextCursor = Annotated[str | None, Field(
    description="cursor of the following page; null on the last")]
QueryId = Annotated[int, Field(ge=1, le=2**31 - 1)]
"""An id in a query string (text, so not strict)."""


class Model(BaseModel):
    model_config = ConfigDict(str_max_length=20_000)


class WeeklyWindow(Model):
    weekday: Annotated[int, Field(ge=0, le=6, strict=True, description="0 = Monday … 6 = Sunday")]
    start: Clock
    end: Clock

    @model_validator(mode="after")
    def _end_after_start(self) -> WeeklyWindow:
        if self.end <= self.start:
            raise refuse("end_before_start", "end must be after start", field="end")
        return self


class Period(Model):
    start: Moment
    end: Moment

    @model_validator(mode="after")
    def _end_after_start(self) -> Period:
        if self.end <= self.start:
            raise refuse("end_before_start", "end must be after start", field="end")
        return self


class Closure(Period):
    reason: OptionalLine = ""


WeeklyHours = Annotated[list[WeeklyWindow], Field(max_length=100)]
DEFAULT_OPEN_HOURS = [WeeklyWindow(weekday=d, start="09:00", end="18:00") for d in range(5)]
