"""The visit page's "running late" control (SPEC §7.5): +10, +20, +30 minutes or another
value, from a chosen stop or for every stop not over yet; a form without JavaScript, posted
to the same service as `POST /api/visits/{id}/delay`."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from visits.auth import Principal
from visits.contract.delays import DelayRequest
from visits.domain import RuleViolation
from visits.edge.hosts import public_base
from visits.errors import ApiError
from visits.pages.forms import form_int, form_model, gettext_for, said
from visits.pages.web import flash, read_form, redirect
from visits.services import delays, visits

QUICK_DELAYS = (10, 20, 30)


def _minutes(form: Any) -> int | str:
    raw = str(form.get("minutes", ""))
    if raw == "other":
        raw = str(form.get("other", ""))
    raw = raw.strip()
    return int(raw) if raw.isdigit() and len(raw) <= 6 else raw


async def delay(request: Request, who: Principal, id: int) -> Response:
    form = await read_form(request)
    _ = gettext_for(request)
    _visit, stops = await visits.get_visit(who, id)
    data: dict[str, Any] = {"minutes": _minutes(form)}
    chosen = form_int(form.get("from", ""))
    start = next((s.start for s in stops if s.id == chosen), None)
    if start is not None:
        data["from"] = start.isoformat()
    body, invalid = form_model(DelayRequest, data)
    try:
        if invalid is not None:
            raise invalid
        assert isinstance(body, DelayRequest)
        done = await delays.delay_visit(who, request.app.state.settings, id, body,
                                        base_url=public_base(request))
    except (ApiError, RuleViolation) as refused:
        flash(request, _("Nothing was moved.") + " " + await said(request, refused), "error")
        return redirect(f"/visits/{id}")
    told = _("Stops moved %(minutes)d minutes later: %(count)d. Their hosts have been mailed "
             "the new times.") % {"minutes": body.minutes, "count": len(done.moved)}
    if done.version is not None:
        told += " " + _("The delegation's page shows them already (version %(number)d)."
                        ) % {"number": done.version}
    flash(request, told)
    return redirect(f"/visits/{id}")
