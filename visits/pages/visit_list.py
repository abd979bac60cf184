"""The officer's list of visits (SPEC §7.9): every visit ever booked, a page at a time,
filtered by the first stop's dates, country, delegation, facility, status and text in the
delegation's or its members' names. A plain GET form: it works without JavaScript, and
each page is a link that can be kept."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from visits.auth import Principal
from visits.contract.booking import VisitsQuery
from visits.errors import ApiError
from visits.models import Delegation, Facility
from visits.pages.forms import form_model, said
from visits.pages.text import country_name
from visits.pages.web import language_of, page_route, render
from visits.services import visits
from visits.services.visit_lists import VisitFilter, page_of_visits

OFFICER = ("officer",)
STATUSES = ("requested", "confirmed", "needs_attention", "cancelled")
FILTERS = ("from", "to", "country", "delegation_id", "facility_id", "status", "q", "order")


def _asked(request: Request) -> dict[str, str]:
    """The filters given, blanks left out (an empty field of the form means "any")."""
    params = request.query_params
    asked = {name: params[name].strip() for name in (*FILTERS, "cursor", "limit")
             if params.get(name, "").strip()}
    asked.setdefault("order", "desc")
    return asked


async def visit_list(request: Request, who: Principal) -> Response:
    asked = _asked(request)
    query, refused = form_model(VisitsQuery, asked)
    problem, items, following = None, [], None
    if refused is None:
        assert isinstance(query, VisitsQuery)
        wanted = VisitFilter(first=query.from_, last=query.to, country=query.country,
                             delegation_id=query.delegation_id, facility_id=query.facility_id,
                             status=query.status, text=query.q, order=query.order)
        try:
            page = await page_of_visits(who, request.app.state.settings, wanted, query.limit,
                                        query.cursor)
            items, following = page.items, page.next
        except ApiError as exc:
            refused = exc
    if refused is not None:
        problem = await said(request, refused)
    kept = {name: value for name, value in asked.items() if name in FILTERS}
    names = {d.id: d.name for d in await Delegation.filter(
        id__in={v.delegation_id for v, _ in items} | (  # type: ignore[attr-defined]
            {int(kept["delegation_id"])} if kept.get("delegation_id", "").isdigit() else set()))}
    return render(
        request, "pages/visits/index.html", status=422 if problem else 200, items=items,
        problem=problem, asked=kept, names=names, visit_status=visits.visit_status,
        next_url=_next_url(kept, asked.get("limit"), following) if following else None,
        statuses=STATUSES, facilities=await Facility.all().order_by("id"),
        countries=await _countries(language_of(request)),
    )


def _next_url(kept: dict[str, str], limit: str | None, cursor: str) -> str:
    params: dict[str, Any] = {**kept, **({"limit": limit} if limit else {}), "cursor": cursor}
    return "/visits?" + urlencode(params)


async def _countries(lang: str) -> list[tuple[str, str]]:
    """The countries delegations came from, by name: what the filter can find."""
    codes = await Delegation.all().distinct().values_list("country", flat=True)
    return sorted(((c, country_name(c, lang)) for c in codes), key=lambda pair: pair[1])


def routes() -> list[Route]:
    return [page_route("/visits", visit_list, roles=OFFICER)]
