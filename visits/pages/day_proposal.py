""""Propose a day": the day planner fills the visit builder in."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Any

from starlette.requests import Request

from visits.contract.planning import DayPlanRequest
from visits.domain import RuleViolation
from visits.domain.dayplan import MAX_FACILITIES
from visits.domain.dayplan.plan import DayPlan
from visits.errors import ApiError
from visits.pages.forms import Problem, form_model, form_number, gettext_for, refusal
from visits.pages.visit_choice import Choice
from visits.pages.web import language_of
from visits.services import (
    pages_queries,
    planning,
    refusals,
)


@dataclass(frozen=True)
class PlanLine:
    """One line of the proposed day: a stop (facility and host) or the lunch break."""

    start: datetime
    end: datetime
    facility: Any = None
    host: Any = None
    place: Any = None  # the lunch's place, when it names one


@dataclass
class Proposal:
    """What "Propose a day" found: a plan to show, or why there is none."""

    plan: DayPlan | None = None
    lines: list[PlanLine] = field(default_factory=list)
    unscheduled: list[Any] = field(default_factory=list)
    problem: Problem | None = None
    meal: planning.Meal | None = None  # the lunch at its place, booked with the stops
    interpreter: str = ""  # why an interpreter is needed, and who is free (SPEC §7.4)




# --- "Propose a day": the day planner fills the builder in --------------------------------



def lunch_of(request: Request, choice: Choice,
              errors: dict[str, Problem]) -> dict[str, Any] | None:
    """The lunch wish of the request, or None (no lunch); a mistake goes to `errors`."""
    lunch = choice.lunch
    if lunch.skip:
        return None
    _ = gettext_for(request)
    try:
        start, end = time.fromisoformat(lunch.start), time.fromisoformat(lunch.end)
    except ValueError:
        start = end = None
    minutes = int(lunch.minutes) if lunch.minutes.isdigit() and len(lunch.minutes) < 5 else 0
    if start is None or end is None or end <= start:
        errors["lunch"] = Problem(_("Give the lunch window as two times, the end after the start."))
        return None
    span = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    if not 1 <= minutes <= span:
        errors["lunch"] = Problem(_("Lunch lasts at least a minute and fits in its window."))
        return None
    wish: dict[str, Any] = {"start": f"{start:%H:%M}", "end": f"{end:%H:%M}",
                            "duration_min": minutes}
    if lunch.place:
        wish["place"] = {"name": {"ko": lunch.place}, "lat": form_number(lunch.lat),
                         "lon": form_number(lunch.lon)}
    return wish


async def propose_day(request: Request, choice: Choice, errors: dict[str, Problem]
                   ) -> tuple[int, Proposal | None]:
    """Ask the day planner; on success the plan's times and hosts become the choice."""
    _ = gettext_for(request)
    lunch = lunch_of(request, choice, errors)
    if len({*choice.facility_ids, *choice.optional_ids}) > MAX_FACILITIES:
        errors["optional"] = Problem(
            _("The planner takes at most %(num)d facilities in a day, optional ones included.")
            % {"num": MAX_FACILITIES})
    if errors:
        return 422, None
    assert choice.day is not None
    data: dict[str, Any] = {"delegation_id": choice.delegation_id, "date": choice.day,
                            "facility_ids": choice.facility_ids,
                            "optional_facility_ids": choice.optional_ids}
    if lunch is not None:
        data["lunch"] = lunch
    body, invalid = form_model(DayPlanRequest, data)
    settings = request.app.state.settings
    try:
        if invalid is not None:
            raise invalid
        assert isinstance(body, DayPlanRequest)
        proposed = await planning.propose_day(settings, body)
    except (ApiError, RuleViolation) as exc:
        status, where, shown = await refusal(request, exc)
        if where.startswith("lunch"):
            errors["lunch"] = shown
        return status, Proposal(problem=shown)
    plan = proposed.plan
    places, people = await pages_queries.names_of(
        {s.facility_id for s in plan.stops} | set(plan.unscheduled),
        {s.host_id for s in plan.stops})
    tz = settings.timezone
    for stop in plan.stops:
        choice.starts[stop.facility_id] = stop.start.astimezone(tz).isoformat()
        choice.hosts[stop.facility_id] = str(stop.host_id)
        if stop.facility_id not in choice.facility_ids:
            choice.added.append(stop.facility_id)
    lines = [PlanLine(s.start, s.end, places.get(s.facility_id), people.get(s.host_id))
             for s in plan.stops]
    if plan.lunch:
        meal = proposed.meal
        lines.append(PlanLine(*plan.lunch, place=meal.place if meal else None))
    lines.sort(key=lambda line: line.start)
    need = await planning.interpreter_for(settings, body.delegation_id, plan)
    note = await refusals.describe_interpreter(need, language_of(request), tz) if need else ""
    return 200, Proposal(plan, lines, [places.get(f) for f in plan.unscheduled],
                         meal=proposed.meal, interpreter=note)
