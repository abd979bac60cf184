"""The visit page's programme (SPEC §7.4): the day in time order, stops and items together,
with forms to add an item (a meal at a named restaurant, the bus, …), move one and remove
one. The forms become the API's own models (`ItemCreate`, `ItemPatch`) and go to the same
service, so a page refuses exactly what the API refuses."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from pydantic import BaseModel

from visits.contract.programme import ItemCreate, ItemPatch
from visits.errors import Invalid
from visits.models import ProgrammeItem, Stop
from visits.pages.forms import Problem, form_day, form_number
from visits.pages.i18n import N_

KIND_WORDS = {"arrival": N_("Arrival"), "welcome": N_("Welcome"), "briefing": N_("Briefing"),
              "meal": N_("Meal"), "transfer": N_("Transfer"), "free": N_("Free time"),
              "departure": N_("Departure"), "other": N_("Other")}
FIELDS = ("kind", "title", "date", "start", "end", "place", "address", "lat", "lon", "notes")
# Where a refusal of the model's field shows on the form.
FORM_FIELD = {"kind": "kind", "title": "title", "start": "start", "end": "end",
              "place": "place", "address": "address", "lat": "lat", "lon": "lon",
              "notes": "notes"}


@dataclass
class ItemForm:
    """What the officer typed in an item form, and what was wrong with it."""

    values: dict[str, str]
    errors: dict[str, Problem] = field(default_factory=dict)

    def get(self, name: str) -> str:
        return self.values.get(name, "")


@dataclass(frozen=True)
class Entry:
    """One line of the day: a stop (`stop`) or a programme item (`item`)."""

    start: datetime
    end: datetime
    stop: Stop | None = None
    item: ProgrammeItem | None = None


def read_item_form(form: Any) -> ItemForm:
    return ItemForm({name: str(form.get(name, "")).strip() for name in FIELDS})


def item_form_of(item: ProgrammeItem, tz: Any) -> ItemForm:
    start, end = item.start.astimezone(tz), item.end.astimezone(tz)
    return ItemForm({"date": start.date().isoformat(), "start": f"{start:%H:%M}",
                     "end": f"{end:%H:%M}"})


def timeline(stops: list[Stop], items: list[ProgrammeItem]) -> list[Entry]:
    """The visit's day in time order; at one start an item (an arrival) first."""
    entries = [(s.start, 1, Entry(s.start, s.end, stop=s)) for s in stops]
    entries += [(i.start, 0, Entry(i.start, i.end, item=i)) for i in items]
    return [entry for _, _, entry in sorted(entries, key=lambda e: (e[0], e[1]))]


def _moment(day: date | None, clock: str, tz: Any) -> str | None:
    try:
        at = time.fromisoformat(clock)
    except ValueError:
        return None
    return datetime.combine(day, at, tz).isoformat() if day else None


def _korean(value: str) -> dict[str, str] | None:
    """Officers write in Korean: the page stores their text as Korean."""
    return {"ko": value} if value else None


def item_data(entry: ItemForm, tz: Any, *, moving: bool) -> dict[str, Any]:
    """The form as the API's body; a missing date or time is an error on the form."""
    day = form_day(entry.get("date"))
    start, end = _moment(day, entry.get("start"), tz), _moment(day, entry.get("end"), tz)
    if start is None or end is None:
        raise Invalid("Give a date, a start time and an end time.", code="missing",
                      field="start" if start is None else "end")
    if moving:
        return {"start": start, "end": end}
    data: dict[str, Any] = {"kind": entry.get("kind"), "title": _korean(entry.get("title")),
                            "start": start, "end": end, "notes": entry.get("notes")}
    if entry.get("title") == "":
        data["title"] = ""
    for name in ("place", "address"):
        if entry.get(name):
            data[name] = _korean(entry.get(name))
    for name in ("lat", "lon"):
        if entry.get(name):
            data[name] = form_number(entry.get(name))
    return data


def model_for(moving: bool) -> type[BaseModel]:
    return ItemPatch if moving else ItemCreate


def form_field(where: str) -> str:
    return FORM_FIELD.get(where.split(".", 1)[0], "start")
