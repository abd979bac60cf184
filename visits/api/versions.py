"""Publishing a visit to its visitors, and its versions (SPEC §7.3)."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from starlette.requests import Request
from starlette.routing import Route

from visits.api.endpoint import api_route
from visits.auth import Principal
from visits.contract.versions import ChangeOut, VersionOut
from visits.edge.hosts import public_base
from visits.services import versions

OFFICER = ("officer",)


def _change_out(change: dict[str, Any], tz: ZoneInfo) -> ChangeOut:
    out = ChangeOut.model_validate(change)
    for side in (out.before, out.after):
        if side is not None:
            side.start, side.end = side.start.astimezone(tz), side.end.astimezone(tz)
    return out


def version_out(version: versions.Version, tz: ZoneInfo) -> VersionOut:
    return VersionOut(version=version.number, published_at=version.published_at,
                      published_by=version.published_by,
                      changes=[_change_out(c, tz) for c in version.changes])


async def publish(request: Request, who: Principal, id: int) -> VersionOut:
    settings = request.app.state.settings
    version = await versions.publish_visit(who, settings, id, base_url=public_base(request))
    return version_out(version, settings.timezone)


async def list_versions(request: Request, who: Principal, id: int) -> list[VersionOut]:
    tz = request.app.state.settings.timezone
    return [version_out(v, tz) for v in await versions.list_versions(id)]


def routes() -> list[Route]:
    one = "/api/visits/{id:int}"
    return [
        api_route("POST", one + "/publish", publish, roles=OFFICER, response=VersionOut,
                  status=201, errors=(404, 409),
                  summary="Publish the visit as it is now to its visitors (share link, PDF, "
                          "calendar) with what changed since the last version, and mail the "
                          "delegation's contact; nothing changed → 409 nothing_to_publish"),
        api_route("GET", one + "/versions", list_versions, roles=OFFICER, response=VersionOut,
                  response_list=True, errors=(404,),
                  summary="Every published version of the visit with its changes"),
    ]
