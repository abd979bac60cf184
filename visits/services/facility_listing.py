"""`GET /api/facilities` as three plain reads (issue 15): the active facilities, their
closures, and which hosts serve them. The ORM's many-to-many prefetch built a query per
relation and a model per row, and held the endpoint to about 65 answers a second; these
are the same facts, in the same order, as `api.present.facility_out` gives them."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from visits.contract.base import Closure, WeeklyWindow
from visits.contract.catalog import FacilityOut
from visits.contract.fields import as_given
from visits.database.reads import read_rows

_FACILITIES = (
    "SELECT id, code, kind, name, description, address, lat, lon, capacity, duration_min, "
    "buffer_min, max_visits_per_week, open_hours FROM facility WHERE is_active = {0} "
    "ORDER BY id"
)
_CLOSURES = (
    'SELECT c.facility_id, c.start, c."end", c.reason FROM facility_closure c '
    "JOIN facility f ON f.id = c.facility_id WHERE f.is_active = {0} "
    "ORDER BY c.facility_id, c.start, c.id"
)
_HOSTS = (
    "SELECT l.facility_id, l.host_id FROM host_facility l "
    "JOIN facility f ON f.id = l.facility_id WHERE f.is_active = {0} "
    "ORDER BY l.facility_id, l.host_id"
)


def _json(value: Any) -> Any:
    """SQLite keeps JSON as text; PostgreSQL's driver hands jsonb back as text too."""
    return json.loads(value) if isinstance(value, str) else value


def _moment(value: datetime | str) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return (moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)).astimezone(UTC)


async def active_facilities() -> list[FacilityOut]:
    closures: dict[int, list[Closure]] = {}
    for facility_id, start, end, reason in await read_rows(_CLOSURES, [True]):
        closures.setdefault(facility_id, []).append(
            Closure(start=_moment(start), end=_moment(end), reason=reason))
    hosts: dict[int, list[int]] = {}
    for facility_id, host_id in await read_rows(_HOSTS, [True]):
        hosts.setdefault(facility_id, []).append(host_id)
    return [_out(row, closures.get(row[0], []), hosts.get(row[0], []))
            for row in await read_rows(_FACILITIES, [True])]


def _out(row: tuple[Any, ...], closures: list[Closure], host_ids: list[int]) -> FacilityOut:
    (ident, code, kind, name, description, address, lat, lon, capacity, duration_min,
     buffer_min, max_per_week, open_hours) = row
    return FacilityOut(
        id=ident, code=code, kind=kind, name=_json(name),
        description=as_given(_json(description)), address=as_given(_json(address)),
        lat=lat, lon=lon, capacity=capacity, duration_min=duration_min,
        buffer_min=buffer_min, max_visits_per_week=max_per_week,
        open_hours=[WeeklyWindow(**w) for w in _json(open_hours)],
        closures=closures, host_ids=host_ids,
    )
