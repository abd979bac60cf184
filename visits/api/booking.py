"""JSON endpoints for booking: slots, visits, stops and their answers, travel times."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from visits.api.endpoint import api_route
from visits.audit import change_count
from visits.auth import Principal, changes_seen
from visits.contract.booking import (
    ClosuresQuery,
    Counter,
    Decline,
    HistoryEntry,
    OrgClosureOut,
    OrgClosures,
    SlotOut,
    SlotsOut,
    SlotsQuery,
    StopOut,
    StopPatch,
    TravelTimeOut,
    TravelTimes,
    VisitCreate,
    VisitOut,
    VisitPage,
    VisitsQuery,
)
from visits.contract.fields import as_given
from visits.models import AuditEvent, Stop, Visit
from visits.services import accounts, availability, closures, counters, travel, visits
from visits.services.visit_lists import VisitFilter, page_of_visits

OFFICER = ("officer",)
ANYONE = ("officer", "host")


def stop_out(stop: Stop, tz: ZoneInfo) -> StopOut:
    return StopOut(
        id=stop.id, position=stop.position, facility_id=stop.facility_id,  # type: ignore[attr-defined]
        host_id=stop.host_id, start=stop.start.astimezone(tz),  # type: ignore[attr-defined]
        end=stop.end.astimezone(tz), party_size=stop.party_size, status=stop.status,
        decline_reason=stop.decline_reason, sequence=stop.sequence,
        counter_start=stop.counter_start.astimezone(tz) if stop.counter_start else None,
        counter_reason=stop.counter_reason,
        attendance=stop.attendance,
    )


def visit_out(visit: Visit, stops: list[Stop], tz: ZoneInfo) -> VisitOut:
    return VisitOut(
        id=visit.id, status=visits.visit_status(visit, stops),
        delegation_id=visit.delegation_id,  # type: ignore[attr-defined]
        stops=[stop_out(s, tz) for s in stops], created_at=visit.created_at,
        updated_at=visit.updated_at, closed_at=visit.closed_at,
        closing_notes=visit.closing_notes,
    )


def _tz(request: Request) -> ZoneInfo:
    return request.app.state.settings.timezone  # type: ignore[no-any-return]


async def _present(request: Request, who: Principal, visit_id: int) -> VisitOut:
    visit, stops = await visits.get_visit(who, visit_id)
    return visit_out(visit, stops, _tz(request))


async def get_slots(request: Request, _: Principal, id: int, query: SlotsQuery) -> Response:
    """Cached by the change counter: any committed change (booking, answer, hours,
    closures…) moves it, and so does the clock's minute (minimum notice)."""
    settings = request.app.state.settings
    cache = request.app.state.slots_cache
    now = datetime.now(UTC).strftime("%Y%m%d%H%M")
    # The counter is read before the data (with the token, or here): a change committed
    # in between can only make the entry fresher than its key, never staler.
    changes = changes_seen(request)
    if changes is None:
        changes = await change_count()
    key = (f"{id}|{query.from_}|{query.to}|{query.duration}|{query.party_size}|"
           f"{query.step}|{changes}|{now}")
    body = cache.get(key)
    if body is None:
        slots = await availability.facility_slots(
            settings, id, query.from_, query.to, query.duration, query.party_size, query.step
        )
        body = SlotsOut(
            facility_id=id, timezone=settings.timezone.key,
            slots=[SlotOut(start=s.start, end=s.end, host_ids=list(s.host_ids))
                   for s in slots],
        ).model_dump_json().encode()
        cache.put(key, body)
    return Response(body, media_type="application/json")


async def create_visit(request: Request, who: Principal, body: VisitCreate) -> VisitOut:
    visit = await visits.create_visit(who, request.app.state.settings, body)
    return await _present(request, who, visit.id)


async def list_visits(request: Request, who: Principal, query: VisitsQuery) -> VisitPage:
    wanted = VisitFilter(first=query.from_, last=query.to, country=query.country,
                         delegation_id=query.delegation_id, facility_id=query.facility_id,
                         status=query.status, text=query.q, order=query.order)
    page = await page_of_visits(who, request.app.state.settings, wanted, query.limit,
                                query.cursor)
    return VisitPage(items=[visit_out(v, stops, _tz(request)) for v, stops in page.items],
                     next=page.next)


async def get_visit(request: Request, who: Principal, id: int) -> VisitOut:
    return await _present(request, who, id)


async def cancel_visit(request: Request, who: Principal, id: int) -> VisitOut:
    await visits.cancel_visit(who, request.app.state.settings, id)
    return await _present(request, who, id)


async def patch_stop(
    request: Request, who: Principal, id: int, stop_id: int, body: StopPatch
) -> VisitOut:
    await visits.reschedule_stop(who, request.app.state.settings, id, stop_id, body)
    return await _present(request, who, id)


async def accept_stop(request: Request, who: Principal, id: int) -> StopOut:
    return stop_out(await visits.answer_stop(who, id, accept=True), _tz(request))


async def decline_stop(request: Request, who: Principal, id: int, body: Decline) -> StopOut:
    stop = await visits.answer_stop(who, id, accept=False, reason=body.reason)
    return stop_out(stop, _tz(request))


async def counter_stop(request: Request, who: Principal, id: int, body: Counter) -> StopOut:
    stop = await counters.counter_stop(who, request.app.state.settings, id, body.start,
                                       body.reason)
    return stop_out(stop, _tz(request))


async def take_counter(request: Request, who: Principal, id: int) -> StopOut:
    stop = await counters.take_counter(who, request.app.state.settings, id)
    return stop_out(stop, _tz(request))


def history_entry(event: AuditEvent, name: dict[str, str] | str | None) -> HistoryEntry:
    return HistoryEntry(id=event.id, at=event.at, actor=event.actor_email or "system",
                        actor_name=as_given(name) if isinstance(name, dict) else name,
                        entity=event.entity, entity_id=event.entity_id, action=event.action,
                        before=event.before, after=event.after)


async def get_history(_: Request, who: Principal, id: int) -> list[HistoryEntry]:
    events = await visits.visit_history(id)
    names = await accounts.people_names(e.actor_id for e in events)  # type: ignore[attr-defined]
    return [history_entry(e, names.get(e.actor_id)) for e in events]  # type: ignore[attr-defined]


async def get_travel_times(_: Request, who: Principal) -> list[TravelTimeOut]:
    return await travel.travel_matrix()


async def put_travel_times(_: Request, who: Principal, body: TravelTimes) -> list[TravelTimeOut]:
    await travel.set_travel_times(who, body)
    return await travel.travel_matrix()


async def get_closures(request: Request, _: Principal, query: ClosuresQuery
                       ) -> list[OrgClosureOut]:
    return await closures.closed_days(request.app.state.settings, query.year)


async def put_closures(request: Request, who: Principal, body: OrgClosures
                       ) -> list[OrgClosureOut]:
    await closures.set_closures(who, body)
    years = sorted({d.day.year for d in body.days}) or [date.today().year]
    settings = request.app.state.settings
    return [c for year in years for c in await closures.closed_days(settings, year)]


def routes() -> list[Route]:
    v, one = "/api/visits", "/{id:int}"
    return [
        api_route("GET", "/api/facilities/{id:int}/slots", get_slots, roles=OFFICER,
                  query=SlotsQuery, response=SlotsOut, errors=(404, 422),
                  summary="Free slots of a facility: starts on a step grid from opening time, "
                          "`to` inclusive, at most 62 days"),
        api_route("POST", v, create_visit, roles=OFFICER, body=VisitCreate, response=VisitOut,
                  status=201, errors=(409,),
                  summary="Book a visit; any rule of SPEC §3 broken → 409 naming the rule, "
                          "nothing booked"),
        api_route("GET", v, list_visits, roles=ANYONE, query=VisitsQuery, response=VisitPage,
                  errors=(422,),
                  summary="Visits by first stop, a page at a time (`next` is the cursor of "
                          "the following page), filtered by the first stop's date, country, "
                          "delegation, facility, status and text in names; a host sees only "
                          "visits with their stops"),
        api_route("GET", v + one, get_visit, roles=ANYONE, response=VisitOut, errors=(404,),
                  summary="One visit (a host sees only their own stops)"),
        api_route("POST", v + one + "/cancel", cancel_visit, roles=OFFICER, response=VisitOut,
                  errors=(404,), summary="Cancel every stop of a visit and free their time"),
        api_route("PATCH", v + one + "/stops/{stop_id:int}", patch_stop, roles=OFFICER,
                  body=StopPatch, response=VisitOut, errors=(404, 409),
                  summary="Reschedule a stop (same rules); it goes back to requested"),
        api_route("GET", v + one + "/history", get_history, roles=OFFICER,
                  response=HistoryEntry, response_list=True, errors=(404,),
                  summary="The audit trail of a visit: who changed what, before and after"),
        api_route("POST", "/api/stops/{id:int}/accept", accept_stop, roles=ANYONE,
                  response=StopOut, errors=(403, 404, 409),
                  summary="The stop's host (or an officer) accepts a requested stop"),
        api_route("POST", "/api/stops/{id:int}/decline", decline_stop, roles=ANYONE,
                  body=Decline, response=StopOut, errors=(403, 404, 409),
                  summary="The stop's host (or an officer) declines a requested stop"),
        api_route("POST", "/api/stops/{id:int}/counter", counter_stop, roles=ANYONE,
                  body=Counter, response=StopOut, errors=(403, 404, 409, 422),
                  summary="The stop's host proposes another start among their free time: "
                          "the stop is countered, its visit needs attention"),
        api_route("POST", "/api/stops/{id:int}/take-counter", take_counter, roles=OFFICER,
                  response=StopOut, errors=(404, 409),
                  summary="Move a countered stop to its host's proposed start, accepted, when "
                          "every rule still holds (else 409, nothing changes)"),
        api_route("GET", "/api/travel-times", get_travel_times, roles=OFFICER,
                  response=TravelTimeOut, response_list=True,
                  summary="Travel minutes between every two facilities (explicit or estimated)"),
        api_route("PUT", "/api/travel-times", put_travel_times, roles=OFFICER,
                  body=TravelTimes, response=TravelTimeOut, response_list=True,
                  summary="Set or clear explicit travel times between facilities"),
        api_route("GET", "/api/closures", get_closures, roles=ANYONE, query=ClosuresQuery,
                  response=OrgClosureOut, response_list=True,
                  summary="Days every facility is closed in a year: public holidays and the "
                          "organisation's own closures"),
        api_route("PUT", "/api/closures", put_closures, roles=OFFICER, body=OrgClosures,
                  response=OrgClosureOut, response_list=True,
                  summary="Replace the organisation's own closed days"),
    ]
