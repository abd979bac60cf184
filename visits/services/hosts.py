"""Hosts: who receives visitors, where, in which languages, and when they are available."""

from __future__ import annotations

from typing import Any

from tortoise.exceptions import IntegrityError

from visits.audit import record_change
from visits.auth import Principal
from visits.contract.base import Period
from visits.contract.catalog import HostAvailability, HostCreate, HostPatch
from visits.errors import Conflict, Forbidden
from visits.models import Facility, Host, HostTimeOff, User
from visits.services import get_or_404, unknown
from visits.store import transaction


async def get_host(host_id: int) -> Host:
    host = await get_or_404(Host, host_id, "host")
    await host.fetch_related("facilities", "time_off")
    return host


async def list_hosts() -> list[Host]:
    return await Host.all().order_by("id").prefetch_related("facilities", "time_off")


async def _snapshot(host: Host) -> dict[str, Any]:
    time_off = await HostTimeOff.filter(host=host).order_by("start")
    return {
        "name": host.name,
        "email": host.email,
        "phone": host.phone,
        "weekly": host.weekly,
        "languages": host.languages,
        "facility_ids": sorted(f.id for f in await host.facilities.all()),
        "time_off": [{"start": t.start.isoformat(), "end": t.end.isoformat()} for t in time_off],
    }


EMAIL_TAKEN = "Another host already has this email address."


async def _facilities(ids: list[int]) -> list[Facility]:
    unique = list(dict.fromkeys(ids))
    found = {f.id: f for f in await Facility.filter(id__in=unique, is_active=True)}
    for index, facility_id in enumerate(ids):
        if facility_id not in found:
            raise unknown("facility", facility_id, f"facility_ids[{index}]")
    return [found[i] for i in unique]


async def _replace_time_off(host: Host, periods: list[Period]) -> None:
    await HostTimeOff.filter(host=host).delete()
    await HostTimeOff.bulk_create(
        [HostTimeOff(host=host, start=p.start, end=p.end) for p in periods]
    )


async def create_host(actor: Principal | None, data: HostCreate) -> Host:
    if await Host.filter(email=data.email).exists():
        raise Conflict(EMAIL_TAKEN, code="duplicate_email", field="email")
    facilities = await _facilities(data.facility_ids)
    try:
        async with transaction():
            host = await Host.create(
                name=data.name, email=data.email, phone=data.phone,
                languages=list(dict.fromkeys(data.languages)),
                weekly=[w.model_dump() for w in data.weekly],
            )
            if facilities:
                await host.facilities.add(*facilities)
            await _replace_time_off(host, data.time_off)
            # A host account created before its host record gets linked now.
            await User.filter(email=data.email, role="host", host_id=None).update(host_id=host.id)
            await record_change(actor, "host", host.id, "create", after=await _snapshot(host))
    except IntegrityError:
        raise Conflict(EMAIL_TAKEN, code="duplicate_email", field="email") from None
    return await get_host(host.id)


def ensure_may_edit_host(actor: Principal, host_id: int) -> None:
    if not actor.is_officer and actor.host_id != host_id:
        raise Forbidden("Hosts may change only their own availability.")


async def set_availability(actor: Principal, host_id: int, data: HostAvailability) -> Host:
    ensure_may_edit_host(actor, host_id)
    host = await get_host(host_id)
    async with transaction():
        before = await _snapshot(host)
        host.weekly = [w.model_dump() for w in data.weekly]
        await host.save(update_fields=["weekly", "updated_at"])
        await _replace_time_off(host, data.time_off)
        await record_change(
            actor, "host", host.id, "availability", before=before, after=await _snapshot(host)
        )
    return await get_host(host.id)


async def update_host(actor: Principal, host_id: int, data: HostPatch) -> Host:
    """Change what was sent; facilities, languages, hours and time off, when sent, replace."""
    host = await get_host(host_id)
    if data.email is not None and await Host.filter(email=data.email).exclude(id=host.id).exists():
        raise Conflict(EMAIL_TAKEN, code="duplicate_email", field="email")
    facilities = await _facilities(data.facility_ids) if data.facility_ids is not None else None
    try:
        async with transaction():
            before = await _snapshot(host)
            for name in ("name", "email", "phone"):
                if getattr(data, name) is not None:
                    setattr(host, name, getattr(data, name))
            if data.languages is not None:
                host.languages = list(dict.fromkeys(data.languages))
            if data.weekly is not None:
                host.weekly = [w.model_dump() for w in data.weekly]
            await host.save()
            if facilities is not None:
                await host.facilities.clear()
                if facilities:
                    await host.facilities.add(*facilities)
            if data.time_off is not None:
                await _replace_time_off(host, data.time_off)
            await User.filter(email=host.email, role="host", host_id=None).update(host_id=host.id)
            await record_change(
                actor, "host", host.id, "update", before=before, after=await _snapshot(host)
            )
    except IntegrityError:
        raise Conflict(EMAIL_TAKEN, code="duplicate_email", field="email") from None
    return await get_host(host.id)
