"""The programme's items (SPEC §7.4): add, move, change and remove them, each checked
against the visit's live stops with `visits.domain.check_programme`.

A change to a visit's items or stops first writes the visit's row (`lock_visit`), so an
item added and a stop moved at once on one visit are decided one after the other, in one
process or several.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import Any

from visits import domain, store
from visits.audit import record_change
from visits.auth import Principal
from visits.contract.programme import ItemCreate, ItemPatch
from visits.errors import Conflict, NotFound
from visits.models import LIVE_STOP_STATUSES, Facility, ProgrammeItem, Stop, Visit
from visits.services import get_or_404

EDITABLE = ("kind", "title", "start", "end", "place", "address", "lat", "lon", "notes")
CLEARABLE = ("place", "address", "lat", "lon")  # null empties these; the others stay


def item_snapshot(item: ProgrammeItem) -> dict[str, Any]:
    return {"kind": item.kind, "title": item.title, "start": item.start.isoformat(),
            "end": item.end.isoformat(), "place": item.place, "address": item.address,
            "lat": item.lat, "lon": item.lon}


def domain_item(item: ProgrammeItem) -> domain.Item:
    return domain.Item(item.id, item.title, item.start, item.end, item.lat, item.lon)


def item_fields(body: ItemCreate) -> dict[str, Any]:
    """The model's columns of a new item."""
    fields = body.model_dump()
    fields["place"], fields["address"] = fields["place"] or {}, fields["address"] or {}
    return fields


def new_item(body: ItemCreate) -> domain.Item:
    return domain.Item(None, body.title, body.start, body.end, body.lat, body.lon)


async def lock_visit(visit_id: int) -> None:
    """The leading write of a change to a visit's programme (see the module docstring)."""
    await store.lock_visit(visit_id)


async def stop_times(stops: Iterable[Stop]) -> list[domain.StopTime]:
    """Live stops as the programme's rule reads them (their facility's coordinates)."""
    live = [s for s in stops if s.status in LIVE_STOP_STATUSES]
    # Only where they are matters here (rule 5); a facility since closed still has a place.
    rows = await Facility.filter(
        id__in={s.facility_id for s in live}).values_list("id", "lat", "lon")  # type: ignore[attr-defined]
    facilities = {i: domain.Facility(i, capacity=1, buffer=timedelta(0), lat=lat, lon=lon)
                  for i, lat, lon in rows}
    return [domain.StopTime(facilities[s.facility_id], s.start, s.end)  # type: ignore[attr-defined]
            for s in live]


async def check_against_stops(items: Sequence[domain.Item], stops: Iterable[Stop],
                              field: str | None = None) -> None:
    """Refuse (409) items that break the programme's rule; `field` blames one input."""
    try:
        domain.check_programme(items, await stop_times(stops))
    except domain.RuleViolation as violation:
        raise violation.at(field) if field else violation from None


async def visit_items(visit_id: int) -> list[ProgrammeItem]:
    return await ProgrammeItem.filter(visit_id=visit_id).order_by("start", "id")


async def list_items(visit_id: int) -> list[ProgrammeItem]:
    await get_or_404(Visit, visit_id, "visit")
    return await visit_items(visit_id)


async def add_item(actor: Principal, visit_id: int, body: ItemCreate) -> ProgrammeItem:
    visit = await get_or_404(Visit, visit_id, "visit")
    async with store.transaction():
        await lock_visit(visit.id)
        await _refuse_cancelled(visit)
        item = ProgrammeItem(visit_id=visit.id, **item_fields(body))
        await check_against_stops([domain_item(item)], await Stop.filter(visit_id=visit.id),
                                  "start")
        await item.save()
        await record_change(actor, "item", item.id, "create", visit_id=visit.id,
                            after=item_snapshot(item))
    return item


async def change_item(actor: Principal, visit_id: int, item_id: int, body: ItemPatch
                      ) -> ProgrammeItem:
    visit = await get_or_404(Visit, visit_id, "visit")
    await _item_of_visit(visit_id, item_id)
    async with store.transaction():
        await lock_visit(visit.id)
        await _refuse_cancelled(visit)
        item = await _item_of_visit(visit_id, item_id)
        before = item_snapshot(item)
        length = item.end - item.start
        for name in EDITABLE:
            value = getattr(body, name)
            if name in body.model_fields_set and (value is not None or name in CLEARABLE):
                setattr(item, name, {} if value is None and name in ("place", "address")
                        else value)
        if "start" in body.model_fields_set and "end" not in body.model_fields_set:
            item.end = item.start + length  # moved by its start: it keeps its length
        if item.end <= item.start:
            raise domain.InvalidInterval(problem="end_not_after_start", start=item.start,
                                         end=item.end, field="end")
        await check_against_stops([domain_item(item)], await Stop.filter(visit_id=visit.id),
                                  "start")
        item.sequence += 1
        await item.save()
        await record_change(actor, "item", item.id, "change", visit_id=visit.id,
                            before=before, after=item_snapshot(item))
    return item


async def remove_item(actor: Principal, visit_id: int, item_id: int) -> None:
    await get_or_404(Visit, visit_id, "visit")
    await _item_of_visit(visit_id, item_id)
    async with store.transaction():
        await lock_visit(visit_id)
        item = await _item_of_visit(visit_id, item_id)
        await item.delete()
        await record_change(actor, "item", item.id, "delete", visit_id=visit_id,
                            before=item_snapshot(item))


async def _item_of_visit(visit_id: int, item_id: int) -> ProgrammeItem:
    item = await get_or_404(ProgrammeItem, item_id, "item")
    if item.visit_id != visit_id:  # type: ignore[attr-defined]
        raise NotFound("There is no programme item with id {id}.", id=item_id)
    return item


async def _refuse_cancelled(visit: Visit) -> None:
    await visit.refresh_from_db(fields=["cancelled"])
    if visit.cancelled:
        raise Conflict("The visit is cancelled: its programme can no longer change.",
                       code="visit_cancelled")
