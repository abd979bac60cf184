"""The visit page's 동행 인력 section: who goes with the delegation, who is free and fits
(the same suggestion as GET /api/visits/{id}/companions/suggest), assigning and removing.
The forms become the API's `AssignmentIn` and go to the same service."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from visits.auth import Principal
from visits.contract.companions import AssignmentIn
from visits.domain import RuleViolation
from visits.errors import ApiError
from visits.models import Visit
from visits.pages.companions import COMPANION_KINDS
from visits.pages.forms import Problem, form_day, form_id, form_model, gettext_for, refusal
from visits.pages.web import flash, read_form, redirect
from visits.services import companions


async def companion_section(request: Request, visit: Visit,
                            form: dict[str, str] | None = None,
                            problem: Problem | None = None) -> dict[str, Any]:
    """What the section shows: the assigned, the suggested, and the add form's values."""
    settings = request.app.state.settings
    tz = settings.timezone
    gettext = gettext_for(request)
    start, end, free = await companions.suggest(settings, visit.id, None, None)
    if form is None:
        first = (start or datetime.now(tz)).astimezone(tz)
        last = (end or first).astimezone(tz)
        form = {"companion_id": str(free[0].id) if free else "", "date": first.date().isoformat(),
                "start": f"{first:%H:%M}", "end": f"{last:%H:%M}"}
    return {"assigned": await companions.visit_assignments(visit.id), "suggested": free,
            "companion_form": form, "companion_problem": problem,
            "companion_kind": lambda kind: gettext(COMPANION_KINDS.get(kind, kind))}


def _moment(day: str, clock: str, tz: Any) -> str:
    parsed = form_day(day)
    try:
        at = time.fromisoformat(clock)
    except ValueError:
        return clock
    return datetime.combine(parsed, at, tz).isoformat() if parsed else day


Refused = tuple[int, dict[str, str], Problem]


async def add(request: Request, who: Principal, id: int) -> Response | Refused:
    """A redirect once assigned; else (status, what was typed, the problem) for the visit
    page to show again."""
    posted = await read_form(request)
    form = {key: str(posted.get(key, "")) for key in ("companion_id", "date", "start", "end")}
    tz = request.app.state.settings.timezone
    _ = gettext_for(request)
    data = {"companion_id": form_id(form["companion_id"]),
            "start": _moment(form["date"], form["start"], tz),
            "end": _moment(form["date"], form["end"], tz)}
    item, invalid = form_model(AssignmentIn, data)
    try:
        if invalid is not None:
            raise invalid
        assert isinstance(item, AssignmentIn)
        await companions.add_to_visit(who, request.app.state.settings, id, item)
    except (ApiError, RuleViolation) as exc:
        status, _where, shown = await refusal(request, exc)
        if status == 404 and "companion" not in _where:
            raise
        return status, form, shown
    flash(request, _("The companion goes with this visit; their invitation is on its way."))
    return redirect(f"/visits/{id}#companions")


async def remove(request: Request, who: Principal, id: int, assignment_id: int) -> Response:
    await read_form(request)
    await companions.remove_from_visit(who, request.app.state.settings, id, assignment_id)
    _ = gettext_for(request)
    flash(request, _("The companion no longer goes with this visit; they have been told."))
    return redirect(f"/visits/{id}#companions")
