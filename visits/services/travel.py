"""Travel times between facilities: explicit ones the officer sets, else the estimate."""

from __future__ import annotations

from itertools import combinations

from visits import domain, store
from visits.audit import record_change
from visits.auth import Principal
from visits.contract.booking import TravelTimeOut, TravelTimes
from visits.models import Facility, TravelTime
from visits.services import unknown
from visits.store import transaction


async def travel_matrix() -> list[TravelTimeOut]:
    ids = await Facility.filter(is_active=True).order_by("id").values_list("id", flat=True)
    facilities = await store.load_facilities(ids)
    explicit = await store.load_travel_table()
    return [
        TravelTimeOut(
            facility_a=a, facility_b=b, explicit=frozenset((a, b)) in explicit,
            minutes=domain.travel_minutes(facilities[a], facilities[b], explicit),
        )
        for a, b in combinations(sorted(facilities), 2)
    ]


async def set_travel_times(actor: Principal, body: TravelTimes) -> None:
    wanted = {i for item in body.items for i in (item.facility_a, item.facility_b)}
    known = set(await Facility.filter(id__in=wanted, is_active=True).values_list("id", flat=True))
    for index, item in enumerate(body.items):
        for name in ("facility_a", "facility_b"):
            if getattr(item, name) not in known:
                raise unknown("facility", getattr(item, name), f"items[{index}].{name}")
    async with transaction():
        for item in body.items:
            a, b = sorted((item.facility_a, item.facility_b))
            await TravelTime.filter(facility_a_id=a, facility_b_id=b).delete()
            if item.minutes is not None:
                await TravelTime.create(facility_a_id=a, facility_b_id=b, minutes=item.minutes)
        await record_change(actor, "travel_time", 0, "set",
                            after=body.model_dump(mode="json")["items"])
