"""What every part of the contract shares: the base model, ids, weekly hours, periods."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from visits.contract.fields import Clock, Moment, OptionalLine, refuse

Id = Annotated[int, Field(ge=1, le=2**31 - 1, strict=True)]


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
