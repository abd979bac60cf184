"""Officer pages for delegations, facilities and hosts: lists and forms.

A posted form becomes the API's own pydantic model (`DelegationCreate`, `FacilityPatch`, …)
and goes to the same services, so pages and API share every rule. Inputs are named after
the API's field paths with the *form's* row numbers (`members[3].name`); a `Draft` maps the
model's row numbers back to them, since blank rows are left out of what is validated.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from babel.dates import get_day_names
from pydantic import BaseModel
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from visits.auth import Principal
from visits.contract.catalog import (
    DelegationCreate,
    DelegationPatch,
    FacilityCreate,
    FacilityPatch,
    HostCreate,
    HostPatch,
)
from visits.domain import RuleViolation
from visits.edge.errors import outcome
from visits.errors import ApiError, Conflict
from visits.pages.catalog_forms import (
    N_,
    Draft,
    Values,
    _values,
    delegation_values,
    facility_values,
    helpers,
    host_values,
    new_facility_values,
    new_host_values,
    read_delegation,
    read_facility,
    read_host,
)
from visits.pages.delegation_picker import query_of
from visits.pages.forms import form_model, said
from visits.pages.i18n import translations
from visits.pages.text import language_name, text
from visits.pages.web import flash, language_of, page_route, read_form, redirect, render
from visits.services import calendars, delegations, facilities, hosts
from visits.wording.calendars import stale_calendar

OFFICER = ("officer",)
PAGE = 50  # delegations a page
@dataclass(frozen=True)
class Catalogue:
    path: str
    template: str
    create: type[BaseModel]
    patch: type[BaseModel]
    read: Callable[[Values, ZoneInfo], Draft]
    values_of: Callable[[Any, ZoneInfo], Values]
    blank: Callable[[], Values]
    load: Callable[[int], Awaitable[Any]]
    add: Callable[[Principal, Any], Awaitable[Any]]
    change: Callable[[Principal, int, Any], Awaitable[Any]]
    saved: str
    context: Callable[[], Awaitable[dict[str, Any]]]
    labels: dict[str, str]  # the form's fields and groups, for the list of errors


def title_of(where: str, labels: dict[str, str], lang: str) -> str:
    """Where an error is, said as the form says it: "Members 4", "Opening hours · Wednesday"."""
    _ = translations(lang).gettext
    found = re.match(r"(contact\.\w+|[a-z_]+)(?:\[(\d+)\])?(?:\[\d+\])?(?:\.([\w-]+))?", where)
    if found is None or found.group(1) not in labels:
        return ""
    base, row, tag = found.groups()
    title = _(labels[base])
    if row is not None and base in ("open_hours", "weekly"):
        return f"{title} · {get_day_names('wide', locale=lang)[int(row)]}"
    if row is not None:
        return f"{title} {int(row) + 1}"
    if tag and tag not in ("own", "extra") and "." not in base:
        return f"{title} ({language_name(tag, lang)})"
    return title


async def show_form(request: Request, kind: Catalogue, values: Values, record: Any = None,
                    errors: dict[str, str] | None = None, status: int = 200,
                    **extra: Any) -> Response:
    lang = language_of(request)
    titles = {name: title_of(name, kind.labels, lang) for name in errors or {}}
    context = {**helpers(request, values, errors or {}), **await kind.context(), **extra,
               "titles": titles}
    return render(request, kind.template, status=status, record=record, **context)


async def validate_and_save(request: Request, who: Principal, kind: Catalogue,
                            record_id: int | None) -> tuple[Values, dict[str, str], Any]:
    """An edit form holds the whole record, so it is checked as a creation would be, then
    sent as a patch: a field emptied on purpose is refused, never silently kept."""
    _ = translations(language_of(request)).gettext
    values = _values(await read_form(request))
    draft = kind.read(values, zone_of(request))
    models = (kind.create,) if record_id is None else (kind.create, kind.patch)
    saved, refused = None, None
    for model_type in models:
        model, refused = form_model(model_type, draft.data)
        if model is None:
            break
    else:
        try:
            saved = await (kind.add(who, model) if record_id is None
                           else kind.change(who, record_id, model))
        except (ApiError, RuleViolation) as exc:
            refused = exc
    if refused is None:
        return values, {}, saved
    where = draft.locate(outcome(refused)[2] or "_")
    return values, {where: await said(request, refused)}, saved


def zone_of(request: Request) -> ZoneInfo:
    return request.app.state.settings.timezone  # type: ignore[no-any-return]


def catalogue_routes(kind: Catalogue) -> list[Route]:

    async def new(request: Request, who: Principal) -> Response:
        return await show_form(request, kind, kind.blank())

    async def edit(request: Request, who: Principal, id: int) -> Response:
        record = await kind.load(id)
        return await show_form(request, kind, kind.values_of(record, zone_of(request)), record)

    async def save(request: Request, who: Principal, id: int | None = None) -> Response:
        record = await kind.load(id) if id is not None else None
        values, errors, saved = await validate_and_save(request, who, kind, id)
        if errors:
            return await show_form(request, kind, values, record, errors, status=422)
        _ = translations(language_of(request)).gettext
        flash(request, _(kind.saved) % {"name": text(saved.name, language_of(request))})
        return redirect(kind.path)

    one = kind.path + "/{id:int}/edit"
    return [
        page_route(kind.path + "/new", new, roles=OFFICER),
        page_route(kind.path + "/new", save, roles=OFFICER, methods=("POST",)),
        page_route(one, edit, roles=OFFICER),
        page_route(one, save, roles=OFFICER, methods=("POST",)),
    ]


async def no_context() -> dict[str, Any]:
    return {}


async def facility_choices() -> dict[str, Any]:
    return {"facilities": await facilities.list_facilities()}


DELEGATIONS = Catalogue(
    path="/delegations", template="pages/catalog/delegation_form.html",
    create=DelegationCreate, patch=DelegationPatch, read=read_delegation,
    values_of=delegation_values, blank=dict, load=delegations.get_delegation,
    add=delegations.create_delegation, change=delegations.update_delegation,
    saved=N_("Delegation “%(name)s” saved."), context=no_context,
    labels={"name": N_("Delegation name"), "country": N_("Country"),
            "city": N_("City or organisation"), "language": N_("Language"),
            "size": N_("Party size"), "contact.name": N_("Contact name"),
            "contact.email": N_("Contact email"), "members": N_("Members"),
            "notes": N_("Notes")},
)
FACILITIES = Catalogue(
    path="/facilities", template="pages/catalog/facility_form.html",
    create=FacilityCreate, patch=FacilityPatch, read=read_facility,
    values_of=facility_values, blank=new_facility_values, load=facilities.get_facility,
    add=facilities.create_facility, change=facilities.update_facility,
    saved=N_("Facility “%(name)s” saved."), context=no_context,
    labels={"code": N_("Code"), "kind": N_("Kind"), "name": N_("Facility name"),
            "description": N_("Description"), "address": N_("Address"),
            "lat": N_("Latitude"), "lon": N_("Longitude"), "capacity": N_("Capacity"),
            "duration_min": N_("Duration"), "buffer_min": N_("Clean-up time"),
            "max_visits_per_week": N_("Visits per week"), "open_hours": N_("Opening hours"),
            "closures": N_("Closures")},
)
HOSTS = Catalogue(
    path="/hosts", template="pages/catalog/host_form.html",
    create=HostCreate, patch=HostPatch, read=read_host,
    values_of=host_values, blank=new_host_values, load=hosts.get_host,
    add=hosts.create_host, change=hosts.update_host,
    saved=N_("Host “%(name)s” saved."), context=facility_choices,
    labels={"name": N_("Name"), "email": N_("Email"), "phone": N_("Phone"),
            "facility_ids": N_("Receives visitors at"), "languages": N_("Languages spoken"),
            "weekly": N_("Weekly hours"), "time_off": N_("Time off")},
)


# -- lists and retiring -------------------------------------------------------------------

async def delegation_list(request: Request, who: Principal) -> Response:
    """Newest first, a page at a time, or those whose names hold what was searched for."""
    params = request.query_params
    query = query_of(params.get("q"))
    page = await delegations.page_of_delegations(query or None, PAGE, params.get("cursor"))
    following = "/delegations?" + urlencode(
        {**({"q": query} if query else {}), "cursor": page.next}) if page.next else None
    return render(request, "pages/catalog/delegations.html", delegations=page.items,
                  query=query, next_url=following, **helpers(request, {}, {}))


async def facility_list(request: Request, who: Principal) -> Response:
    found = await facilities.list_facilities()
    return render(request, "pages/catalog/facilities.html", facilities=found,
                  **helpers(request, {}, {}))


async def host_list(request: Request, who: Principal) -> Response:
    found = await hosts.list_hosts()
    settings = request.app.state.settings
    lang = "ko" if language_of(request) == "ko" else "en"
    return render(request, "pages/catalog/hosts.html", hosts=found,
                  stale=await calendars.stale_calendars(settings),
                  stale_note=stale_calendar(settings.calendars.stale_hours, lang),
                  **helpers(request, {}, {}))


async def retire_facility(request: Request, who: Principal, id: int) -> Response:
    await read_form(request)
    facility = await facilities.get_facility(id)
    _ = translations(language_of(request)).gettext
    try:
        await facilities.delete_facility(who, id)
    except Conflict as exc:
        values = facility_values(facility, zone_of(request))
        return await show_form(request, FACILITIES, values, facility, status=exc.status,
                               retire_error=exc, blocking=await facilities.live_stops(id))
    flash(request, _("Facility “%(name)s” retired.") % {
        "name": text(facility.name, language_of(request))})
    return redirect("/facilities")


def routes() -> list[Route]:
    return [
        page_route("/delegations", delegation_list, roles=OFFICER),
        page_route("/facilities", facility_list, roles=OFFICER),
        page_route("/hosts", host_list, roles=OFFICER),
        *catalogue_routes(DELEGATIONS), *catalogue_routes(FACILITIES), *catalogue_routes(HOSTS),
        page_route("/facilities/{id:int}/retire", retire_facility, roles=OFFICER,
                   methods=("POST",)),
    ]
