"""Pydantic models of the programme's items (SPEC §7.4): arrival, welcome, meals, the bus."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field, model_validator

from visits.contract.base import Model
from visits.contract.fields import Moment, OptionalParagraph, Text, refuse

ItemKind = Literal["arrival", "welcome", "briefing", "meal", "transfer", "free", "departure",
                   "other"]
Latitude = Annotated[float, Field(ge=-90, le=90)]
Longitude = Annotated[float, Field(ge=-180, le=180)]


def check_coordinates(lat: float | None, lon: float | None) -> None:
    if (lat is None) != (lon is None):
        raise refuse("coordinates_pair", "give both lat and lon, or neither",
                     field="lon" if lon is None else "lat")


class ItemCreate(Model):
    kind: ItemKind
    title: Text
    start: Moment
    end: Moment
    place: Text | None = Field(default=None, description="the place's name, e.g. a restaurant")
    address: Text | None = None
    lat: Latitude | None = None
    lon: Longitude | None = None
    notes: OptionalParagraph = ""

    @model_validator(mode="after")
    def _sensible(self) -> ItemCreate:
        if self.end <= self.start:
            raise refuse("end_before_start", "end must be after start", field="end")
        check_coordinates(self.lat, self.lon)
        return self


class ItemPatch(Model):
    """What to change; a field left out stays. `place`, `address`, `lat` and `lon` may be
    null to clear them (lat and lon together)."""

    kind: ItemKind | None = None
    title: Text | None = None
    start: Moment | None = None
    end: Moment | None = None
    place: Text | None = None
    address: Text | None = None
    lat: Latitude | None = None
    lon: Longitude | None = None
    notes: OptionalParagraph | None = None

    @model_validator(mode="after")
    def _something_to_change(self) -> ItemPatch:
        if not self.model_fields_set:
            raise refuse("nothing_to_change_item", "give at least one field to change")
        if {"lat", "lon"} & self.model_fields_set:
            if not {"lat", "lon"} <= self.model_fields_set:
                raise refuse("coordinates_pair", "give both lat and lon, or neither",
                             field="lon" if "lat" in self.model_fields_set else "lat")
            check_coordinates(self.lat, self.lon)
        if self.start is not None and self.end is not None and self.end <= self.start:
            raise refuse("end_before_start", "end must be after start", field="end")
        return self


class ItemOut(Model):
    id: int
    visit_id: int
    kind: ItemKind
    title: dict[str, str] | str
    start: datetime
    end: datetime
    place: dict[str, str] | str | None
    address: dict[str, str] | str | None
    lat: float | None
    lon: float | None
    notes: str
    sequence: int
