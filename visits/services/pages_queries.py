"""Read-only queries the officer's and the host's pages need beyond the shared services.

Nothing here decides a rule: it only loads names and relations to show.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from visits.models import Facility, Host, Stop


async def with_places(stops: list[Stop]) -> list[Stop]:
    """The stops with their facility and host loaded, in time order."""
    if stops:
        await Stop.fetch_for_list(stops, "facility", "host")
    return sorted(stops, key=lambda s: (s.start, s.position))


async def hosts_by_facility(facility_ids: Iterable[int]) -> dict[int, list[Host]]:
    """The hosts linked to each facility, by id: who a stop may be moved to."""
    wanted = set(facility_ids)
    out: dict[int, list[Host]] = {fid: [] for fid in wanted}
    facilities = await Facility.filter(id__in=wanted).prefetch_related("hosts")
    for facility in facilities:
        out[facility.id] = sorted(facility.hosts, key=lambda h: h.id)
    return out


async def names_of(
    facility_ids: Iterable[int], host_ids: Iterable[int]
) -> tuple[dict[int, Any], dict[int, Any]]:
    """Multilingual names of facilities and hosts (retired ones included), for the history."""
    facilities = dict(
        await Facility.filter(id__in=set(facility_ids)).values_list("id", "name")
    )
    hosts = dict(await Host.filter(id__in=set(host_ids)).values_list("id", "name"))
    return facilities, hosts
