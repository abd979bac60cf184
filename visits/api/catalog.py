"""JSON endpoints for facilities, hosts and delegations."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from visits.api.endpoint import api_route
from visits.api.present import delegation_out, facility_out, host_out
from visits.auth import Principal
from visits.contract.catalog import (
    DelegationCreate,
    DelegationOut,
    DelegationPage,
    DelegationPatch,
    DelegationsQuery,
    FacilityCreate,
    FacilityOut,
    FacilityPatch,
    HostAvailability,
    HostCreate,
    HostOut,
    HostPatch,
)
from visits.errors import Forbidden
from visits.services import delegations, facilities, facility_listing, hosts

OFFICER = ("officer",)
ANYONE = ("officer", "host")


async def create_facility(_: Request, who: Principal, body: FacilityCreate) -> FacilityOut:
    return facility_out(await facilities.create_facility(who, body))


async def list_facilities(_: Request, who: Principal) -> list[FacilityOut]:
    return await facility_listing.active_facilities()


async def get_facility(_: Request, who: Principal, id: int) -> FacilityOut:
    return facility_out(await facilities.get_facility(id))


async def patch_facility(_: Request, who: Principal, id: int, body: FacilityPatch) -> FacilityOut:
    return facility_out(await facilities.update_facility(who, id, body))


async def delete_facility(_: Request, who: Principal, id: int) -> Response:
    await facilities.delete_facility(who, id)
    return Response(status_code=204)


async def create_host(_: Request, who: Principal, body: HostCreate) -> HostOut:
    return host_out(await hosts.create_host(who, body))


async def list_hosts(_: Request, who: Principal) -> list[HostOut]:
    if not who.is_officer:
        return [host_out(await hosts.get_host(who.host_id))] if who.host_id else []
    return [host_out(h) for h in await hosts.list_hosts()]


async def get_host(_: Request, who: Principal, id: int) -> HostOut:
    if not who.is_officer and who.host_id != id:
        raise Forbidden("Hosts see only their own record.")
    return host_out(await hosts.get_host(id))


async def patch_host(_: Request, who: Principal, id: int, body: HostPatch) -> HostOut:
    return host_out(await hosts.update_host(who, id, body))


async def put_availability(
    _: Request, who: Principal, id: int, body: HostAvailability
) -> HostOut:
    return host_out(await hosts.set_availability(who, id, body))


async def create_delegation(_: Request, who: Principal, body: DelegationCreate) -> DelegationOut:
    return delegation_out(await delegations.create_delegation(who, body))


async def list_delegations(_: Request, who: Principal, query: DelegationsQuery
                           ) -> DelegationPage:
    page = await delegations.page_of_delegations(query.q, query.limit, query.cursor)
    return DelegationPage(items=[delegation_out(d) for d in page.items], next=page.next)


async def get_delegation(_: Request, who: Principal, id: int) -> DelegationOut:
    return delegation_out(await delegations.get_delegation(id))


async def patch_delegation(
    _: Request, who: Principal, id: int, body: DelegationPatch
) -> DelegationOut:
    return delegation_out(await delegations.update_delegation(who, id, body))


def routes() -> list[Route]:
    f, h, d = "/api/facilities", "/api/hosts", "/api/delegations"
    one = "/{id:int}"
    return [
        api_route("POST", f, create_facility, roles=OFFICER, body=FacilityCreate,
                  response=FacilityOut, status=201, summary="Create a facility",
                  errors=(409, 422)),
        api_route("GET", f, list_facilities, roles=ANYONE, response=FacilityOut,
                  response_list=True, summary="List facilities"),
        api_route("GET", f + one, get_facility, roles=ANYONE, response=FacilityOut,
                  summary="Get a facility", errors=(404,)),
        api_route("PATCH", f + one, patch_facility, roles=OFFICER, body=FacilityPatch,
                  response=FacilityOut, summary="Change a facility", errors=(404, 409, 422)),
        api_route("DELETE", f + one, delete_facility, roles=OFFICER, status=204,
                  summary="Retire a facility (409 while it has live stops)",
                  errors=(404, 409)),
        api_route("POST", h, create_host, roles=OFFICER, body=HostCreate, response=HostOut,
                  status=201, summary="Create a host", errors=(409, 422)),
        api_route("GET", h, list_hosts, roles=ANYONE, response=HostOut, response_list=True,
                  summary="List hosts (a host sees only themself)"),
        api_route("GET", h + one, get_host, roles=ANYONE, response=HostOut,
                  summary="Get a host", errors=(403, 404)),
        api_route("PATCH", h + one, patch_host, roles=OFFICER, body=HostPatch,
                  response=HostOut, summary="Change a host (lists sent replace the old)",
                  errors=(404, 409, 422)),
        api_route("PUT", h + one + "/availability", put_availability, roles=ANYONE,
                  body=HostAvailability, response=HostOut,
                  summary="Replace a host's weekly hours and time off (officer or that host)",
                  errors=(403, 404, 422)),
        api_route("POST", d, create_delegation, roles=OFFICER, body=DelegationCreate,
                  response=DelegationOut, status=201, summary="Record a delegation",
                  errors=(422,)),
        api_route("GET", d, list_delegations, roles=OFFICER, query=DelegationsQuery,
                  response=DelegationPage, errors=(422,),
                  summary="Delegations, newest first, a page at a time (`next` is the cursor "
                          "of the following page); `q`: text in their or their members' "
                          "names"),
        api_route("GET", d + one, get_delegation, roles=OFFICER, response=DelegationOut,
                  summary="Get a delegation", errors=(404,)),
        api_route("PATCH", d + one, patch_delegation, roles=OFFICER, body=DelegationPatch,
                  response=DelegationOut,
                  summary="Change a delegation (members, when sent, replace the list)",
                  errors=(404, 422)),
    ]
