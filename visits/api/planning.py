"""Planner endpoints: propose a delegation's day; plan and book a whole event."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from starlette.requests import Request
from starlette.routing import Route

from visits import domain
from visits.api.booking import visit_out
from visits.api.endpoint import api_route
from visits.auth import Principal
from visits.contract.fields import as_given
from visits.contract.planning import (
    DayPlanOut,
    DayPlanRequest,
    EventBooked,
    EventBooking,
    EventPlanOut,
    EventPlanRequest,
    InterpreterOut,
    PlannedItemOut,
    PlannedStopOut,
)
from visits.models import Companion, Stop
from visits.services import planning, refusals, visits
from visits.wording import reader_language

OFFICER = ("officer",)


def _tz(request: Request) -> ZoneInfo:
    return request.app.state.settings.timezone  # type: ignore[no-any-return]


async def plan_visit(request: Request, who: Principal, body: DayPlanRequest) -> DayPlanOut:
    settings = request.app.state.settings
    proposed = await planning.propose_day(settings, body)
    plan, meal = proposed.plan, proposed.meal
    tz = _tz(request)
    items = [PlannedItemOut(
        kind="meal", title=as_given(meal.title), start=meal.start.astimezone(tz),
        end=meal.end.astimezone(tz), place=as_given(meal.place),
        address=as_given(meal.address) if meal.address else None, lat=meal.lat,
        lon=meal.lon)] if meal else []
    need = await planning.interpreter_for(settings, body.delegation_id, plan)
    return DayPlanOut(
        interpreter=await _interpreter_out(request, need),
        stops=[PlannedStopOut(facility_id=s.facility_id, host_id=s.host_id,
                              start=s.start.astimezone(tz), end=s.end.astimezone(tz))
               for s in plan.stops],
        unscheduled=list(plan.unscheduled), travel_min=plan.travel_min,
        idle_min=plan.idle_min,
        lunch=[m.astimezone(tz) for m in plan.lunch] if plan.lunch else None,
        items=items,
    )


async def _interpreter_out(request: Request,
                           need: domain.InterpreterNeed | None) -> InterpreterOut | None:
    if need is None:
        return None
    tz = _tz(request)
    lang = reader_language(request.headers.get("accept-language"))
    name = None
    if need.companion_id is not None:
        name = as_given((await Companion.get(id=need.companion_id)).name)
    return InterpreterOut(
        reason=await refusals.describe_interpreter(need, lang, tz),
        facility_ids=list(need.facility_ids), companion_id=need.companion_id, name=name,
        start=need.start.astimezone(tz), end=need.end.astimezone(tz))


async def plan_event(request: Request, who: Principal, body: EventPlanRequest) -> EventPlanOut:
    plan = await planning.propose_event(request.app.state.settings, body,
                                        request.app.state.solver)
    return planning.event_plan_out(plan, _tz(request))


async def book_event(request: Request, who: Principal, body: EventBooking) -> EventBooked:
    booked = await visits.create_visits(who, request.app.state.settings, body.visits)
    tz = _tz(request)
    out = []
    for visit in booked:
        stops = await Stop.filter(visit=visit).order_by("position")
        out.append(visit_out(visit, stops, tz))
    return EventBooked(visits=out)


def routes() -> list[Route]:
    return [
        api_route("POST", "/api/visits/plan", plan_visit, roles=OFFICER, body=DayPlanRequest,
                  response=DayPlanOut, errors=(404, 422),
                  summary="Propose the best day for a delegation (nothing is booked): every "
                          "required facility, then as many optional ones as fit, least travel, "
                          "then least idle time; 422 `infeasible` says what blocks it"),
        api_route("POST", "/api/events/plan", plan_event, roles=OFFICER, body=EventPlanRequest,
                  response=EventPlanOut, errors=(422, 503),
                  summary="Plan many delegations over an event's days with OR-Tools CP-SAT "
                          "within time_limit_s; reports the objective and the solver's bound. "
                          "Days more than 31 apart: 422 `event_span`; too large a model: 422 "
                          "`event_too_large`; every solver busy, or the solve past its time or "
                          "memory: 503 with Retry-After"),
        api_route("POST", "/api/events/book", book_event, roles=OFFICER, body=EventBooking,
                  response=EventBooked, status=201, errors=(409, 422),
                  summary="Book a whole event plan in one atomic step (all or nothing)"),
    ]
