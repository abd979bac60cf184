"""Free slots of a facility: the same engine the booking checks use."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from visits import domain, store
from visits.errors import Invalid
from visits.services.facilities import get_facility
from visits.settings import Settings


async def facility_slots(
    settings: Settings, facility_id: int, first: date, last: date, duration_min: int | None,
    party_size: int, step_min: int,
) -> list[domain.Slot]:
    record = await get_facility(facility_id)
    facility = store.to_domain_facility(record)
    if party_size > facility.capacity:
        raise Invalid(
            "A party of {party_size} exceeds the facility's capacity of {capacity}.",
            code="party_too_large", field="party_size", party_size=party_size,
            capacity=facility.capacity,
        )
    hosts = await store.load_hosts(facility_ids={facility_id})
    tz = settings.timezone
    lo = datetime.combine(first - timedelta(days=1), time.min, tz)
    hi = datetime.combine(last + timedelta(days=2), time.min, tz)
    bookings = await store.load_bookings({facility_id}, hosts, lo, hi)
    policy = await store.load_policy(settings, first, last)
    return domain.free_slots(
        facility, sorted(hosts.values(), key=lambda h: h.id), bookings, policy, first, last,
        timedelta(minutes=duration_min or record.duration_min), party_size,
        timedelta(minutes=step_min),
    )
