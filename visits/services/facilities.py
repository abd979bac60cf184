"""Facilities: the places delegations visit, with their hours, closures and capacity."""

from __future__ import annotations

from typing import Any

from tortoise.exceptions import IntegrityError

from visits.audit import record_change
from visits.auth import Principal
from visits.contract.base import DEFAULT_OPEN_HOURS
from visits.contract.catalog import FacilityCreate, FacilityPatch
from visits.errors import Conflict
from visits.models import LIVE_STOP_STATUSES, Facility, FacilityClosure, Stop
from visits.services import get_or_404
from visits.store import transaction

_SIMPLE_FIELDS = (
    "code", "kind", "name", "description", "address", "lat", "lon", "capacity",
    "duration_min", "buffer_min", "max_visits_per_week",
)


async def get_facility(facility_id: int) -> Facility:
    facility = await get_or_404(Facility, facility_id, "facility", is_active=True)
    await facility.fetch_related("closures", "hosts")
    return facility


async def list_facilities() -> list[Facility]:
    return await Facility.filter(is_active=True).order_by("id").prefetch_related(
        "closures", "hosts"
    )


async def snapshot(facility: Facility) -> dict[str, Any]:
    """The facility as plain JSON, for the audit log."""
    data = {name: getattr(facility, name) for name in _SIMPLE_FIELDS}
    data["open_hours"] = facility.open_hours
    closures = await FacilityClosure.filter(facility=facility).order_by("start")
    data["closures"] = [
        {"start": c.start.isoformat(), "end": c.end.isoformat(), "reason": c.reason}
        for c in closures
    ]
    return data


async def _ensure_code_free(code: str, exclude_id: int | None = None) -> None:
    clash = Facility.filter(code=code)
    if exclude_id is not None:
        clash = clash.exclude(id=exclude_id)
    if await clash.exists():
        raise Conflict("Another facility already has the code “{value}”.", code="duplicate_code",
                       field="code", value=code)


async def _replace_closures(facility: Facility, closures: list[Any]) -> None:
    await FacilityClosure.filter(facility=facility).delete()
    await FacilityClosure.bulk_create(
        [FacilityClosure(facility=facility, start=c.start, end=c.end, reason=c.reason)
         for c in closures]
    )


async def create_facility(actor: Principal | None, data: FacilityCreate) -> Facility:
    await _ensure_code_free(data.code)
    values = data.model_dump(include=set(_SIMPLE_FIELDS), exclude_none=True)
    values.setdefault("description", {})
    values.setdefault("buffer_min", 0)
    hours = data.open_hours if data.open_hours is not None else DEFAULT_OPEN_HOURS
    try:
        async with transaction():
            facility = await Facility.create(
                **values, open_hours=[w.model_dump() for w in hours]
            )
            await _replace_closures(facility, data.closures or [])
            await record_change(
                actor, "facility", facility.id, "create", after=await snapshot(facility)
            )
    except IntegrityError:
        raise Conflict("Another facility already has the code “{value}”.", code="duplicate_code",
                       field="code", value=data.code) from None
    return await get_facility(facility.id)


async def update_facility(actor: Principal, facility_id: int, data: FacilityPatch) -> Facility:
    facility = await get_facility(facility_id)
    if data.code is not None:
        await _ensure_code_free(data.code, exclude_id=facility.id)
    changes = data.model_dump(include=set(_SIMPLE_FIELDS), exclude_unset=True)
    nullable = {"lat", "lon", "max_visits_per_week"}  # null clears these; others stay
    nulls = [k for k, v in changes.items() if v is None and k not in nullable]
    for key in nulls:
        del changes[key]
    try:
        async with transaction():
            before = await snapshot(facility)
            facility.update_from_dict(changes)
            if data.open_hours is not None:
                facility.open_hours = [w.model_dump() for w in data.open_hours]
            await facility.save()
            if data.closures is not None:
                await _replace_closures(facility, data.closures)
            await record_change(
                actor, "facility", facility.id, "update", before=before,
                after=await snapshot(facility),
            )
    except IntegrityError:
        raise Conflict("Another facility already has the code “{value}”.", code="duplicate_code",
                       field="code", value=data.code) from None
    return await get_facility(facility.id)


async def live_stops(facility_id: int) -> list[Stop]:
    """The requested and accepted stops that keep a facility from being retired."""
    return await Stop.filter(
        facility_id=facility_id, status__in=LIVE_STOP_STATUSES
    ).order_by("start").prefetch_related("visit__delegation", "host")


async def delete_facility(actor: Principal, facility_id: int) -> None:
    """Deactivate rather than delete: past visits still name the facility."""
    facility = await get_facility(facility_id)
    async with transaction():
        live = await Stop.filter(facility=facility, status__in=LIVE_STOP_STATUSES).count()
        if live:
            raise Conflict(
                "The facility has {count} requested or accepted stop(s): cancel or move them "
                "first.", code="facility_in_use", count=live,
            )
        before = await snapshot(facility)
        # Free the code so a new facility may take it.
        facility.code = f"{facility.code}~deleted~{facility.id}"[:64]
        facility.is_active = False
        await facility.save(update_fields=["code", "is_active", "updated_at"])
        await facility.hosts.clear()
        await record_change(actor, "facility", facility.id, "delete", before=before)
