"""After the visit, on the officer's visit page (SPEC §7.6): the closing form (attendance
per stop, notes), the visit's gifts with the "report required" flag and a form to add one,
and what the visitors answered to the survey. Forms become the API's own models and go to
the same services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from visits.auth import Principal
from visits.contract.after import GiftCreate, VisitClose
from visits.domain import RuleViolation
from visits.errors import ApiError
from visits.models import Gift, Stop, Visit
from visits.pages.forms import form_model, gettext_for, refusal
from visits.pages.web import flash, page_route, read_form, redirect
from visits.services import closing, gifts, surveys
from visits.settings import Settings

OFFICER = ("officer",)


@dataclass(frozen=True)
class AfterVisit:
    """What the visit page shows below the stops once the visit's day has come."""

    day_reached: bool
    first_day: Any  # date | None
    gifts: list[tuple[Gift, bool]]  # each gift, and whether it must be reported
    survey: surveys.SurveySummary
    report_krw: int  # GIFT_REPORT_KRW


async def after_visit(settings: Settings, visit: Visit) -> AfterVisit:
    day = await closing.first_day(settings, visit)
    today = datetime.now(settings.timezone).date()
    return AfterVisit(
        day_reached=day is not None and day <= today, first_day=day,
        gifts=[(g, gifts.report_required(settings, g))
               for g in await gifts.gifts_of_visit(visit.id)],
        survey=await surveys.summary(visit.id), report_krw=settings.gift_report_krw)


def _attendance(form: FormData, stops: list[Stop]) -> list[dict[str, Any]]:
    out = []
    for stop in stops:
        raw = str(form.get(f"attendance-{stop.id}", "")).strip()
        if raw:
            out.append({"stop_id": stop.id, "count": int(raw) if raw.isdigit() and len(raw) < 7
                        else raw})
    return out


async def close(request: Request, who: Principal, id: int) -> Response:
    form = await read_form(request)
    _ = gettext_for(request)
    stops = await Stop.filter(visit_id=id)
    body, invalid = form_model(VisitClose, {"attendance": _attendance(form, stops),
                                            "notes": str(form.get("notes", ""))})
    try:
        if invalid is not None:
            raise invalid
        assert isinstance(body, VisitClose)
        await closing.close_visit(who, request.app.state.settings, id, body)
    except (ApiError, RuleViolation) as exc:
        return await _refused(request, exc, f"/visits/{id}#closing")
    flash(request, _("The visit is closed: attendance and notes are saved."))
    return redirect(f"/visits/{id}#closing")


async def _refused(request: Request, exc: ApiError | RuleViolation, back: str) -> Response:
    """The refusal in the page's language, shown at the form it came from (a 404 stays)."""
    status, _where, shown = await refusal(request, exc)
    if status == 404:
        raise exc
    flash(request, f"{shown.message} {shown.detail}".strip(), "error")
    return redirect(back)


async def add_gift(request: Request, who: Principal, id: int) -> Response:
    form = await read_form(request)
    _ = gettext_for(request)
    value = str(form.get("value_krw", "")).replace(",", "").strip()
    data: dict[str, Any] = {key: str(form.get(key, "")) for key in
                            ("direction", "description", "giver", "recipient")}
    if value:
        data["value_krw"] = int(value) if value.isdigit() and len(value) <= 13 else value
    if str(form.get("date", "")).strip():
        data["date"] = str(form.get("date")).strip()
    body, invalid = form_model(GiftCreate, data)
    try:
        if invalid is not None:
            raise invalid
        assert isinstance(body, GiftCreate)
        await gifts.add_gift(who, request.app.state.settings, id, body)
    except (ApiError, RuleViolation) as exc:
        return await _refused(request, exc, f"/visits/{id}#gifts")
    flash(request, _("The gift was added to the register."))
    return redirect(f"/visits/{id}#gifts")


def routes() -> list[Route]:
    one = "/visits/{id:int}"
    post = ("POST",)
    return [page_route(one + "/close", close, roles=OFFICER, methods=post),
            page_route(one + "/gifts", add_gift, roles=OFFICER, methods=post)]
