"""What the officer picked in the visit builder, read from its form (kept as typed)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from visits.pages.forms import Data, form_day, form_int

STEPS = (15, 30, 60)
MEAL_FIELDS = ("start", "end", "place", "lat", "lon")
DEFAULT_STEP = 30


@dataclass
class Choice:
    """What the officer picked: step 1 (who, when, where), step 2 (a time per facility)."""

    delegation_id: int | None = None
    day: date | None = None
    facility_ids: list[int] = field(default_factory=list)
    step: int = DEFAULT_STEP
    starts: dict[int, str] = field(default_factory=dict)
    hosts: dict[int, str] = field(default_factory=dict)
    # The planner's extras ("Propose a day"): facilities visited only if they fit, lunch.
    optional_ids: list[int] = field(default_factory=list)
    lunch: LunchChoice = field(default_factory=lambda: LunchChoice())
    added: list[int] = field(default_factory=list)  # optional facilities the plan placed
    # The planner's lunch at its place, carried to the booking (start, end, place, lat, lon).
    meal: dict[str, str] = field(default_factory=dict)


@dataclass
class LunchChoice:
    """The lunch window the officer typed, kept as typed so a mistake can be shown."""

    start: str = "12:00"
    end: str = "13:30"
    minutes: str = "60"
    skip: bool = False
    place: str = ""  # a restaurant's name: the plan then holds a meal there
    lat: str = ""
    lon: str = ""




def form_ids(data: Data, name: str) -> list[int]:
    ids: list[int] = []
    for raw in data.getlist(name):
        fid = form_int(raw)
        if fid is not None and fid not in ids:
            ids.append(fid)
    return ids


def read_choice(data: Data) -> Choice:
    ids = form_ids(data, "facility")
    day = form_day(data.get("date"))
    step = form_int(data.get("step"))
    defaults = LunchChoice()
    lunch = LunchChoice(
        start=str(data.get("lunch_start", defaults.start))[:10],
        end=str(data.get("lunch_end", defaults.end))[:10],
        minutes=str(data.get("lunch_min", defaults.minutes))[:10],
        skip=data.get("no_lunch") == "1",
        place=str(data.get("lunch_place", ""))[:200].strip(),
        lat=str(data.get("lunch_lat", ""))[:40].strip(),
        lon=str(data.get("lunch_lon", ""))[:40].strip(),
    )
    return Choice(
        delegation_id=form_int(data.get("delegation")), day=day, facility_ids=ids,
        step=step if step in STEPS else DEFAULT_STEP,
        starts={f: str(data.get(f"slot_{f}")) for f in ids if data.get(f"slot_{f}")},
        hosts={f: str(data.get(f"host_{f}", "")) for f in ids},
        optional_ids=[f for f in form_ids(data, "optional") if f not in ids], lunch=lunch,
        meal={name: str(data.get(f"meal_{name}", ""))[:200] for name in MEAL_FIELDS}
        if data.get("meal_start") else {},
    )
