"""Running late (SPEC §7.5): `POST /api/visits/{id}/delay`."""

from __future__ import annotations

from starlette.requests import Request
from starlette.routing import Route

from visits.api.booking import visit_out
from visits.api.endpoint import api_route
from visits.auth import Principal
from visits.contract.delays import DelayOut, DelayRequest
from visits.edge.hosts import public_base
from visits.services import delays

OFFICER = ("officer",)


async def delay(request: Request, who: Principal, body: DelayRequest, id: int) -> DelayOut:
    settings = request.app.state.settings
    done = await delays.delay_visit(who, settings, id, body, base_url=public_base(request))
    shown = visit_out(done.visit, done.stops, settings.timezone)
    return DelayOut(**shown.model_dump(), moved_stop_ids=done.moved,
                    published_version=done.version)


def routes() -> list[Route]:
    return [
        api_route("POST", "/api/visits/{id:int}/delay", delay, roles=OFFICER, body=DelayRequest,
                  response=DelayOut, errors=(404, 409), creates=True,
                  summary="Running late: move the visit's later stops (by default those not "
                          "over yet; `from`: those starting then or later) `minutes` later "
                          "when every rule still holds, else 409 naming the first blocker "
                          "and nothing moves; hosts get updated invites and a short mail, "
                          "and on the visit's day a published visit is published again"),
    ]
