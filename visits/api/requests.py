"""Visit requests (SPEC §7.2): the public submission, and the officer's list, decline,
delegation and tracking links."""

from __future__ import annotations

from starlette.requests import Request
from starlette.routing import Route

from visits import tracking
from visits.api.endpoint import api_route
from visits.api.present import delegation_out
from visits.auth import Principal
from visits.contract.catalog import DelegationOut
from visits.contract.documents import RevokeOut
from visits.contract.requests import (
    DeclineBody,
    ProposalOut,
    RequestCreate,
    RequestCreated,
    RequestListQuery,
    RequestOut,
    RequestPage,
    TrackingOut,
)
from visits.edge.hosts import public_base
from visits.edge.public_limits import client_address
from visits.services import proposals, requests
from visits.services.request_views import describe_request, describe_requests

OFFICER = ("officer",)


async def submit(request: Request, _: None, body: RequestCreate) -> RequestCreated:
    created, url = await requests.submit_request(
        request.app.state.settings, public_base(request), body,
        client_address=client_address(request))
    return RequestCreated(id=created.id, status=created.status, url=url)


async def list_requests(request: Request, who: Principal, query: RequestListQuery
                        ) -> RequestPage:
    page = await requests.list_requests(query.status, query.limit, query.cursor)
    items = await describe_requests(request.app.state.settings, page.items,
                                    request.app.state.room_cache)
    return RequestPage(items=items, next=page.next)


async def get_request(request: Request, who: Principal, id: int) -> RequestOut:
    return await describe_request(request.app.state.settings, await requests.get_request(id),
                                  request.app.state.room_cache)


async def decline(request: Request, who: Principal, id: int, body: DeclineBody) -> RequestOut:
    settings = request.app.state.settings
    declined = await requests.decline_request(settings, who, id, body.reason)
    return await describe_request(settings, declined)


async def make_delegation(request: Request, who: Principal, id: int) -> DelegationOut:
    return delegation_out(await requests.make_delegation(who, id))


async def new_link(request: Request, who: Principal, id: int) -> TrackingOut:
    visit_request = await requests.get_request(id)
    token, expires_at = await tracking.create_tracking_link(
        request.app.state.settings.secret_key, visit_request)
    return TrackingOut(url=tracking.tracking_url(public_base(request), token),
                       expires_at=expires_at)


async def revoke_links(request: Request, who: Principal, id: int) -> RevokeOut:
    visit_request = await requests.get_request(id)
    return RevokeOut(revoked=await tracking.revoke_tracking_links(visit_request))


async def propose(request: Request, who: Principal, id: int) -> ProposalOut:
    settings = request.app.state.settings
    proposal = await proposals.propose_visit(who, settings, id, base_url=public_base(request))
    described = await describe_request(settings, proposal.request)
    return ProposalOut(**described.model_dump(), version=proposal.version)


def routes() -> list[Route]:
    r, one = "/api/requests", "/api/requests/{id:int}"
    return [
        api_route("POST", r, submit, roles=None, body=RequestCreate, response=RequestCreated,
                  status=201, errors=(400, 422, 429),
                  summary="Ask for a visit (public, no token): answers the contact's secret "
                          "tracking link; PUBLIC_REQUESTS_PER_HOUR per client address"),
        api_route("GET", r, list_requests, roles=OFFICER, query=RequestListQuery,
                  response=RequestPage, errors=(422,),
                  summary="Visit requests, new ones first, then newest first, a page at "
                          "a time (`next` is the cursor of the following page)"),
        api_route("GET", one, get_request, roles=OFFICER, response=RequestOut, errors=(404,),
                  summary="A visit request, with the room each wished facility has on each "
                          "wished date"),
        api_route("POST", one + "/decline", decline, roles=OFFICER, body=DeclineBody,
                  response=RequestOut, errors=(404, 409, 422),
                  summary="Decline a request with a reason (its contact is mailed)"),
        api_route("POST", one + "/delegation", make_delegation, roles=OFFICER,
                  response=DelegationOut, status=201, errors=(404, 409),
                  summary="Make the delegation the request describes (members copied); "
                          "the request goes in review"),
        api_route("POST", one + "/link", new_link, roles=OFFICER, response=TrackingOut,
                  errors=(404,), creates=True,
                  summary="A new secret tracking link for the request's contact"),
        api_route("POST", "/api/visits/{id:int}/propose", propose, roles=OFFICER,
                  response=ProposalOut, errors=(404, 409),
                  summary="Propose the visit to the contact of the request its delegation "
                          "was made from: publishes it (an unchanged visit keeps its "
                          "version), the request goes `proposed`, the contact is mailed the "
                          "tracking page, which shows the version with Confirm and Ask for "
                          "changes"),
        api_route("DELETE", one + "/link", revoke_links, roles=OFFICER, response=RevokeOut,
                  errors=(404,), summary="Withdraw every tracking link of the request"),
    ]
