"""The visit builder: pick a delegation, a day and facilities, see free slots, book.

Forms become the API's own pydantic models (`VisitCreate`) and go to the same services,
so a page books exactly what the API would, and refuses it the same way."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from visits.auth import Principal
from visits.contract.booking import VisitCreate
from visits.domain import RuleViolation
from visits.domain.dayplan.plan import DayPlan
from visits.errors import ApiError
from visits.models import Delegation, Facility, Host
from visits.pages.day_proposal import Proposal, propose_day
from visits.pages.delegation_picker import picker_context
from visits.pages.forms import (
    Problem,
    form_id,
    form_model,
    form_number,
    gettext_for,
    refusal,
)
from visits.pages.visit_choice import STEPS, Choice, read_choice
from visits.pages.web import flash, page_route, read_form, redirect, render
from visits.services import (
    availability,
    facilities,
    planning,
    visits,
)


@dataclass(frozen=True)
class SlotOption:
    value: str
    start: datetime
    end: datetime
    host_names: list[Any]
    free: bool = True

OFFICER = ("officer",)


@dataclass
class FacilityBlock:
    facility: Facility
    options: list[SlotOption]
    hosts: list[Host]
    error: Problem | None = None




async def _block(request: Request, facility: Facility, delegation: Delegation, choice: Choice,
                 plan: DayPlan | None = None) -> FacilityBlock:
    settings = request.app.state.settings
    hosts = sorted(facility.hosts, key=lambda h: h.id)
    names = {h.id: h.name for h in hosts}
    block = FacilityBlock(facility, [], hosts)
    assert choice.day is not None
    try:
        slots = await availability.facility_slots(
            settings, facility.id, choice.day, choice.day, None, delegation.size, choice.step)
    except (ApiError, RuleViolation) as exc:
        block.error = await refusal(request, exc)[2]
        slots = []
    for slot in slots:
        value = slot.start.astimezone(settings.timezone).isoformat()
        block.options.append(SlotOption(value, slot.start, slot.end,
                                        [names[h] for h in slot.host_ids if h in names]))
    chosen = choice.starts.get(facility.id)
    planned = next((p for p in plan.stops if p.facility_id == facility.id), None) if plan else None
    if chosen and chosen not in {o.value for o in block.options} and planned is not None:
        # The planner works on a 15-minute grid: its start may fall between the shown ones.
        block.options.append(SlotOption(chosen, planned.start, planned.end,
                                        [names[planned.host_id]] if planned.host_id in names
                                        else []))
        block.options.sort(key=lambda o: o.start)
    elif chosen and chosen not in {o.value for o in block.options}:
        block.options.append(_gone_option(chosen, facility))
    return block


def _gone_option(value: str, facility: Facility) -> SlotOption:
    """The officer's pick that is no longer free, kept so their input is not lost."""
    try:
        start = datetime.fromisoformat(value)
    except ValueError:
        start = datetime.now(UTC)
    return SlotOption(value, start, start, [], free=False)


async def _builder(request: Request, choice: Choice, errors: dict[str, Problem],
                   status: int = 200, proposal: Proposal | None = None) -> Response:
    picker = await picker_context(request, request.query_params.get("delegation_q"),
                                  choice.delegation_id)
    places = await facilities.list_facilities()
    delegation = picker["picker_chosen"]
    blocks = []
    plan = proposal.plan if proposal else None
    if delegation is not None and choice.day is not None:
        shown = [f for f in places if f.id in {*choice.facility_ids, *choice.added}]
        if plan is not None:  # in the order of the proposed day
            shown.sort(key=lambda f: _sort_key(choice.starts.get(f.id, "")))
        blocks = [await _block(request, f, delegation, choice, plan) for f in shown]
    settings = request.app.state.settings
    return render(
        request, "pages/visits/new.html", status=status, choice=choice, errors=errors,
        facilities=places, delegation=delegation, blocks=blocks, **picker,
        steps=STEPS, today=datetime.now(settings.timezone).date(),
        propose=request.query_params.get("propose") == "1", proposal=proposal,
    )



async def new_visit(request: Request, who: Principal) -> Response:
    query = request.query_params
    choice = read_choice(query)
    errors: dict[str, Problem] = {}
    _ = gettext_for(request)
    # Step 1 was submitted (a bare ?delegation= only preselects; "Search" only looks for
    # a delegation, keeping what was typed in the other fields).
    if "date" in query and "find" not in query:
        if choice.delegation_id is None:
            errors["delegation"] = Problem(_("Choose a delegation."))
        if choice.day is None:
            errors["date"] = Problem(_("Give the date of the visit."))
        if not choice.facility_ids:
            errors["facility"] = Problem(_("Tick at least one facility."))
    status, proposal = 422 if errors else 200, None
    if "date" in query and "find" not in query and query.get("propose") == "1" and not errors:
        status, proposal = await propose_day(request, choice, errors)
    return await _builder(request, choice, errors, status, proposal)


def _sort_key(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return datetime.max.replace(tzinfo=UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _field_of(where: str, order: list[int]) -> str:
    """The service's field ("stops[1].host_id", "delegation_id") → the builder's field."""
    found = re.match(r"stops\[(\d+)\]", where)
    if found and int(found.group(1)) < len(order):
        return f"f{order[int(found.group(1))]}"
    if where.startswith("items"):  # the planner's lunch, booked as a meal
        return "lunch"
    return {"delegation_id": "delegation"}.get(where, "_")


def _meal_items(choice: Choice) -> list[dict[str, Any]]:
    """The planner's lunch at its place, as the programme item booked with the stops."""
    meal = choice.meal
    if not meal:
        return []
    return [{"kind": "meal", "title": planning.LUNCH_TITLE, "start": meal["start"],
             "end": meal["end"], "place": {"ko": meal["place"]} if meal["place"] else None,
             "lat": form_number(meal["lat"]), "lon": form_number(meal["lon"])}]


async def create(request: Request, who: Principal) -> Response:
    form = await read_form(request)
    choice = read_choice(form)
    known = {f.id for f in await facilities.list_facilities()}
    choice.facility_ids = [f for f in choice.facility_ids if f in known]
    _ = gettext_for(request)
    errors: dict[str, Problem] = {}
    if choice.delegation_id is None:
        errors["delegation"] = Problem(_("Choose a delegation."))
    if not choice.facility_ids:
        errors["facility"] = Problem(_("Tick at least one facility."))
    for fid in choice.facility_ids:
        if fid not in choice.starts:
            errors[f"f{fid}"] = Problem(_("Choose a time for this facility, or untick it."))
    if errors:
        return await _builder(request, choice, errors, 422)
    order = sorted(choice.facility_ids, key=lambda f: _sort_key(choice.starts[f]))
    stops = [{"facility_id": f, "start": choice.starts[f],
              **({"host_id": form_id(choice.hosts[f])} if choice.hosts.get(f) else {})}
             for f in order]
    body, invalid = form_model(VisitCreate, {"delegation_id": choice.delegation_id,
                                             "stops": stops, "items": _meal_items(choice)})
    try:
        if invalid is not None:
            raise invalid
        assert isinstance(body, VisitCreate)
        visit = await visits.create_visit(who, request.app.state.settings, body)
    except (ApiError, RuleViolation) as exc:
        status, where, shown = await refusal(request, exc)
        return await _builder(request, choice, {_field_of(where, order): shown}, status)
    flash(request, _("The visit is booked; the hosts have been asked."))
    return redirect(f"/visits/{visit.id}")



def routes() -> list[Route]:
    return [
        page_route("/visits/new", new_visit, roles=OFFICER),
        page_route("/visits/new", create, roles=OFFICER, methods=("POST",)),
    ]
