"""JSON endpoints for companions and the visits they go with (SPEC §7.4)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from visits.api.endpoint import api_route
from visits.api.present import assignment_out, companion_out
from visits.auth import Principal
from visits.contract.companions import (
    AssignmentOut,
    AssignmentsIn,
    CompanionCreate,
    CompanionOut,
    CompanionPatch,
    SuggestionOut,
    SuggestQuery,
)
from visits.errors import Invalid
from visits.services import companions

OFFICER = ("officer",)


async def create_companion(_: Request, who: Principal, body: CompanionCreate) -> CompanionOut:
    return companion_out(await companions.create_companion(who, body))


async def list_companions(_: Request, who: Principal) -> list[CompanionOut]:
    return [companion_out(c) for c in await companions.list_companions()]


async def get_companion(_: Request, who: Principal, id: int) -> CompanionOut:
    return companion_out(await companions.get_companion(id))


async def patch_companion(_: Request, who: Principal, id: int,
                          body: CompanionPatch) -> CompanionOut:
    return companion_out(await companions.update_companion(who, id, body))


async def delete_companion(_: Request, who: Principal, id: int) -> Response:
    await companions.delete_companion(who, id)
    return Response(status_code=204)


async def get_assignments(request: Request, who: Principal, id: int) -> list[AssignmentOut]:
    tz = request.app.state.settings.timezone
    return [assignment_out(a, tz) for a in await companions.visit_assignments(id)]


async def put_assignments(request: Request, who: Principal, id: int,
                          body: AssignmentsIn) -> list[AssignmentOut]:
    settings = request.app.state.settings
    rows = await companions.set_visit_companions(who, settings, id, body.root)
    return [assignment_out(a, settings.timezone) for a in rows]


async def suggest(request: Request, who: Principal, id: int,
                  query: SuggestQuery) -> SuggestionOut:
    if (query.start is None) != (query.end is None):
        raise Invalid("Give both start and end, or neither.", code="invalid_period",
                      field="end" if query.end is None else "start")
    if query.start and query.end and query.end <= query.start:
        raise Invalid("The end must come after the start.", code="end_before_start",
                      field="end")
    start, end, found = await companions.suggest(request.app.state.settings, id, query.start,
                                                 query.end)
    tz = request.app.state.settings.timezone
    return SuggestionOut(start=start and start.astimezone(tz), end=end and end.astimezone(tz),
                         companions=[companion_out(c) for c in found])


def routes() -> list[Route]:
    c, one, v = "/api/companions", "/{id:int}", "/api/visits/{id:int}/companions"
    return [
        api_route("POST", c, create_companion, roles=OFFICER, body=CompanionCreate,
                  response=CompanionOut, status=201, summary="Create a companion "
                  "(interpreter, escort, driver or vehicle)", errors=(422,)),
        api_route("GET", c, list_companions, roles=OFFICER, response=CompanionOut,
                  response_list=True, summary="List companions, by kind"),
        api_route("GET", c + one, get_companion, roles=OFFICER, response=CompanionOut,
                  summary="Get a companion", errors=(404,)),
        api_route("PATCH", c + one, patch_companion, roles=OFFICER, body=CompanionPatch,
                  response=CompanionOut, summary="Change a companion (lists sent replace)",
                  errors=(404, 422)),
        api_route("DELETE", c + one, delete_companion, roles=OFFICER, status=204,
                  summary="Remove a companion (409 while they go with a visit)",
                  errors=(404, 409)),
        api_route("GET", v, get_assignments, roles=OFFICER, response=AssignmentOut,
                  response_list=True, summary="The companions going with a visit",
                  errors=(404,)),
        api_route("PUT", v, put_assignments, roles=OFFICER, body=AssignmentsIn,
                  response=AssignmentOut, response_list=True,
                  summary="Set the companions going with a visit: [{companion_id, start, "
                  "end}]; 409 companion_busy, language_mismatch, capacity_exceeded, "
                  "companion_unavailable, companion_time_off", errors=(404, 409, 422)),
        api_route("GET", v + "/suggest", suggest, roles=OFFICER, query=SuggestQuery,
                  response=SuggestionOut, summary="Companions free for the visit (or "
                  "?start&end) who fit the delegation", errors=(404, 422)),
    ]
