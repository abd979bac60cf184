"""The officer's page for one visit: status, reschedule, cancel, share links, downloads,
history. Forms become the API's own models (`StopPatch`) and go to the same services."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from visits import sharing
from visits.auth import Principal
from visits.contract.booking import StopPatch
from visits.contract.documents import LangQuery
from visits.contract.programme import ItemCreate, ItemPatch
from visits.domain import RuleViolation
from visits.edge.downloads import download
from visits.edge.hosts import public_base
from visits.errors import ApiError
from visits.models import Delegation, Visit
from visits.pages import visit_companions, visit_programme
from visits.pages.forms import Problem, form_day, form_id, form_model, gettext_for, refusal
from visits.pages.text import country_name, language_name, role_name
from visits.pages.visit_after import after_visit
from visits.pages.visit_delay import delay
from visits.pages.visit_history import history_rows
from visits.pages.visit_programme import ItemForm
from visits.pages.visit_proposal import propose, request_behind
from visits.pages.visit_versions import publish, publishing
from visits.pages.web import flash, language_of, page_route, read_form, redirect, render
from visits.services import (
    counters,
    delegations,
    documents,
    pages_queries,
    programme,
    protocol_documents,
    versions,
    visits,
)

OFFICER = ("officer",)


@dataclass
class StopForm:
    """A stop's reschedule form: what the officer typed, and what was wrong with it."""

    day: str
    clock: str
    host: str
    errors: dict[str, Problem] = field(default_factory=dict)


async def _visit_page(request: Request, who: Principal, visit_id: int,
                      forms: dict[int, StopForm] | None = None, status: int = 200,
                      add_form: ItemForm | None = None,
                      move_forms: dict[int, ItemForm] | None = None,
                      companion_form: dict[str, str] | None = None,
                      companion_problem: Problem | None = None) -> Response:
    settings = request.app.state.settings
    visit, stops = await visits.get_visit(who, visit_id)
    stops = await pages_queries.with_places(stops)
    delegation = await delegations.get_delegation(visit.delegation_id)  # type: ignore[attr-defined]
    lang = language_of(request)
    forms = dict(forms or {})
    for stop in stops:
        start = stop.start.astimezone(settings.timezone)
        forms.setdefault(stop.id, StopForm(start.date().isoformat(), f"{start:%H:%M}",
                                           str(stop.host_id)))  # type: ignore[attr-defined]
    token = await sharing.current_share_token(settings.secret_key, visit)
    tags = list(dict.fromkeys([delegation.language, "en", "ko"]))
    items = await programme.visit_items(visit.id)
    move_forms = dict(move_forms or {})
    for item in items:
        move_forms.setdefault(item.id, visit_programme.item_form_of(item, settings.timezone))
    return render(
        request, "pages/visits/show.html", status=status, visit=visit, stops=stops,
        status_of_visit=visits.visit_status(visit, stops), delegation=delegation, forms=forms,
        hosts_of=await pages_queries.hosts_by_facility(s.facility_id for s in stops),  # type: ignore[attr-defined]
        share_url=f"{public_base(request)}/v/{token}" if token else None,
        downloads=[(tag, language_name(tag, lang)) for tag in tags],
        history=await history_rows(request, await visits.visit_history(visit.id)),
        publish=await publishing(request, visit),
        behind=await request_behind(request, visit),
        tz_name=settings.timezone.key, country=country_name(delegation.country, lang),
        members=delegations.in_precedence(delegation.members),
        role_label=lambda role: role_name(role, lang),
        language_label=lambda tag: language_name(tag, lang),
        day=visit_programme.timeline(stops, items), move_forms=move_forms,
        add_form=add_form or ItemForm({"kind": "meal"}),
        kinds=visit_programme.KIND_WORDS,
        **await visit_companions.companion_section(request, visit, companion_form,
                                                   companion_problem),
        after=await after_visit(settings, visit),
    )


async def show(request: Request, who: Principal, id: int) -> Response:
    return await _visit_page(request, who, id)



def _stop_start(form: StopForm, tz: Any) -> str | None:
    day = form_day(form.day)
    try:
        clock = time.fromisoformat(form.clock)
    except ValueError:
        return None
    return datetime.combine(day, clock, tz).isoformat() if day else None


async def reschedule(request: Request, who: Principal, id: int, stop_id: int) -> Response:
    form = await read_form(request)
    settings = request.app.state.settings
    _ = gettext_for(request)
    entry = StopForm(str(form.get("date", "")), str(form.get("time", "")),
                     str(form.get("host", "")))
    start = _stop_start(entry, settings.timezone)
    if start is None:
        entry.errors["start"] = Problem(_("Give a date and a time."))
        return await _visit_page(request, who, id, {stop_id: entry}, 422)
    data: dict[str, Any] = {"start": start}
    if entry.host:
        data["host_id"] = form_id(entry.host)
    body, invalid = form_model(StopPatch, data)
    try:
        if invalid is not None:
            raise invalid
        assert isinstance(body, StopPatch)
        await visits.reschedule_stop(who, settings, id, stop_id, body)
    except (ApiError, RuleViolation) as exc:
        status, where, shown = await refusal(request, exc)
        if status == 404:
            raise
        entry.errors["host" if where.startswith("host") else "start"] = shown
        return await _visit_page(request, who, id, {stop_id: entry}, status)
    flash(request, _("The stop was moved; its host has been asked again."))
    return redirect(f"/visits/{id}#stop-{stop_id}")


async def add_item(request: Request, who: Principal, id: int) -> Response:
    entry = visit_programme.read_item_form(await read_form(request))
    return await _save_item(request, who, id, None, entry)


async def move_item(request: Request, who: Principal, id: int, item_id: int) -> Response:
    entry = visit_programme.read_item_form(await read_form(request))
    return await _save_item(request, who, id, item_id, entry)


async def _save_item(request: Request, who: Principal, id: int, item_id: int | None,
                     entry: ItemForm) -> Response:
    """Add (`item_id` None) or move an item; a refusal shows the page again with the form
    as typed, the reason beside the field."""
    settings = request.app.state.settings
    _ = gettext_for(request)
    moving = item_id is not None
    try:
        data = visit_programme.item_data(entry, settings.timezone, moving=moving)
        body, invalid = form_model(visit_programme.model_for(moving), data)
        if invalid is not None:
            raise invalid
        if isinstance(body, ItemPatch) and item_id is not None:
            await programme.change_item(who, id, item_id, body)
        elif isinstance(body, ItemCreate):
            await programme.add_item(who, id, body)
    except (ApiError, RuleViolation) as exc:
        status, where, shown = await refusal(request, exc)
        if status == 404:
            raise
        entry.errors[visit_programme.form_field(where)] = shown
        if item_id is None:
            return await _visit_page(request, who, id, status=status, add_form=entry)
        return await _visit_page(request, who, id, status=status, move_forms={item_id: entry})
    flash(request, _("The programme item was moved.") if moving else
          _("The programme item was added."))
    return redirect(f"/visits/{id}#programme")


async def remove_item(request: Request, who: Principal, id: int, item_id: int) -> Response:
    await read_form(request)
    await programme.remove_item(who, id, item_id)
    _ = gettext_for(request)
    flash(request, _("The programme item was removed."))
    return redirect(f"/visits/{id}#programme")


async def add_companion(request: Request, who: Principal, id: int) -> Response:
    answer = await visit_companions.add(request, who, id)
    if isinstance(answer, Response):
        return answer
    status, typed, problem = answer
    return await _visit_page(request, who, id, status=status, companion_form=typed,
                             companion_problem=problem)


async def take_counter(request: Request, who: Principal, id: int, stop_id: int) -> Response:
    """The one button on a countered stop: move it to the host's proposed time."""
    await read_form(request)
    await visits.get_visit(who, id)
    stop = await visits._stop_of_visit(id, stop_id)
    _ = gettext_for(request)
    try:
        await counters.take_counter(who, request.app.state.settings, stop.id)
    except (ApiError, RuleViolation) as exc:
        status, _where, shown = await refusal(request, exc)
        if status == 404:
            raise
        start = stop.start.astimezone(request.app.state.settings.timezone)
        entry = StopForm(start.date().isoformat(), f"{start:%H:%M}",
                         str(stop.host_id), {"counter": shown})  # type: ignore[attr-defined]
        return await _visit_page(request, who, id, {stop_id: entry}, status)
    flash(request, _("The stop was moved to the time its host proposed, and is accepted."))
    return redirect(f"/visits/{id}#stop-{stop_id}")


async def cancel_form(request: Request, who: Principal, id: int) -> Response:
    visit, stops = await visits.get_visit(who, id)
    delegation = await Delegation.get(id=visit.delegation_id)  # type: ignore[attr-defined]
    return render(request, "pages/visits/cancel.html", visit=visit, delegation=delegation,
                  stops=await pages_queries.with_places(stops))


async def cancel(request: Request, who: Principal, id: int) -> Response:
    await read_form(request)
    await visits.cancel_visit(who, request.app.state.settings, id)
    _ = gettext_for(request)
    flash(request, _("The visit is cancelled; its hosts have been told."))
    return redirect(f"/visits/{id}")


async def _visit_of(who: Principal, id: int) -> Visit:
    visit, _ = await visits.get_visit(who, id)
    return visit


async def share(request: Request, who: Principal, id: int) -> Response:
    await read_form(request)
    await _visit_of(who, id)
    await versions.share_visit(who, request.app.state.settings, id,
                               base_url=public_base(request))
    _ = gettext_for(request)
    flash(request, _("A new share link was created."))
    return redirect(f"/visits/{id}#share")


async def revoke(request: Request, who: Principal, id: int) -> Response:
    await read_form(request)
    count = await sharing.revoke_share_links(await _visit_of(who, id))
    _ = gettext_for(request)
    flash(request, _("Share links withdrawn: %(count)d") % {"count": count})
    return redirect(f"/visits/{id}#share")


async def itinerary_pdf(request: Request, who: Principal, id: int) -> Response:
    query, invalid = form_model(LangQuery, dict(request.query_params))
    if invalid is not None:
        raise invalid
    assert isinstance(query, LangQuery)
    visit = await _visit_of(who, id)
    settings = request.app.state.settings
    share = await documents.share_url(settings, public_base(request), visit)
    return download(request, await documents.itinerary_pdf(
        settings, request.app.state.renderer, visit, query.lang, share))


async def name_cards_pdf(request: Request, who: Principal, id: int) -> Response:
    visit = await _visit_of(who, id)
    return download(request, await protocol_documents.name_cards(
        request.app.state.settings, request.app.state.renderer, visit))


async def itinerary_ics(request: Request, who: Principal, id: int) -> Response:
    visit = await _visit_of(who, id)
    settings = request.app.state.settings
    share = await documents.share_url(settings, public_base(request), visit)
    return download(request, await documents.visit_calendar(
        settings, request.app.state.renderer, visit, share))


def routes() -> list[Route]:
    one = "/visits/{id:int}"
    post = ("POST",)
    return [
        page_route(one, show, roles=OFFICER),
        page_route(one + "/stops/{stop_id:int}", reschedule, roles=OFFICER, methods=post),
        page_route(one + "/items", add_item, roles=OFFICER, methods=post),
        page_route(one + "/items/{item_id:int}", move_item, roles=OFFICER, methods=post),
        page_route(one + "/items/{item_id:int}/remove", remove_item, roles=OFFICER,
                   methods=post),
        page_route(one + "/companions", add_companion, roles=OFFICER, methods=post),
        page_route(one + "/companions/{assignment_id:int}/remove", visit_companions.remove,
                   roles=OFFICER, methods=post),
        page_route(one + "/stops/{stop_id:int}/take-counter", take_counter, roles=OFFICER,
                   methods=post),
        page_route(one + "/cancel", cancel_form, roles=OFFICER),
        page_route(one + "/cancel", cancel, roles=OFFICER, methods=post),
        page_route(one + "/publish", publish, roles=OFFICER, methods=post),
        page_route(one + "/delay", delay, roles=OFFICER, methods=post),
        page_route(one + "/propose", propose, roles=OFFICER, methods=post),
        page_route(one + "/share", share, roles=OFFICER, methods=post),
        page_route(one + "/share/revoke", revoke, roles=OFFICER, methods=post),
        page_route(one + "/itinerary.pdf", itinerary_pdf, roles=OFFICER),
        page_route(one + "/itinerary.ics", itinerary_ics, roles=OFFICER),
        page_route(one + "/name-cards.pdf", name_cards_pdf, roles=OFFICER),
    ]
