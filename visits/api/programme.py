"""JSON endpoints of the programme's items (SPEC §7.4): /api/visits/{id}/items."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from visits.api.endpoint import api_route
from visits.auth import Principal
from visits.contract.fields import as_given
from visits.contract.programme import ItemCreate, ItemOut, ItemPatch
from visits.models import ProgrammeItem
from visits.services import programme

OFFICER = ("officer",)


def item_out(item: ProgrammeItem, tz: ZoneInfo) -> ItemOut:
    return ItemOut(
        id=item.id, visit_id=item.visit_id, kind=item.kind,  # type: ignore[attr-defined,arg-type]
        title=as_given(item.title), start=item.start.astimezone(tz),
        end=item.end.astimezone(tz), place=as_given(item.place) if item.place else None,
        address=as_given(item.address) if item.address else None, lat=item.lat, lon=item.lon,
        notes=item.notes, sequence=item.sequence,
    )


def _tz(request: Request) -> ZoneInfo:
    return request.app.state.settings.timezone  # type: ignore[no-any-return]


async def create_item(request: Request, who: Principal, id: int, body: ItemCreate) -> ItemOut:
    return item_out(await programme.add_item(who, id, body), _tz(request))


async def list_items(request: Request, _: Principal, id: int) -> list[ItemOut]:
    return [item_out(i, _tz(request)) for i in await programme.list_items(id)]


async def patch_item(request: Request, who: Principal, id: int, item_id: int,
                     body: ItemPatch) -> ItemOut:
    return item_out(await programme.change_item(who, id, item_id, body), _tz(request))


async def delete_item(_: Request, who: Principal, id: int, item_id: int) -> Response:
    await programme.remove_item(who, id, item_id)
    return Response(status_code=204)


def routes() -> list[Route]:
    items = "/api/visits/{id:int}/items"
    one = items + "/{item_id:int}"
    return [
        api_route("POST", items, create_item, roles=OFFICER, body=ItemCreate, response=ItemOut,
                  status=201, errors=(404, 409),
                  summary="Add a programme item (arrival, meal, transfer…); it never overlaps "
                          "a stop, and a located one leaves rule 5's travel time → else 409"),
        api_route("GET", items, list_items, roles=OFFICER, response=ItemOut,
                  response_list=True, errors=(404,),
                  summary="The visit's programme items in time order"),
        api_route("PATCH", one, patch_item, roles=OFFICER, body=ItemPatch, response=ItemOut,
                  errors=(404, 409),
                  summary="Move or change a programme item (same rules); null clears place, "
                          "address and coordinates"),
        api_route("DELETE", one, delete_item, roles=OFFICER, status=204, errors=(404,),
                  summary="Remove a programme item"),
    ]
