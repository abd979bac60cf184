"""Companions (SPEC §7.4): who they are, and which visits they go with.

Assigning follows the hosts' no-double-booking guarantee: one transaction that first
locks the visit and the companions concerned (visits.store), checks every new assignment
with the one engine (visits.domain.check_companion), and on PostgreSQL the exclusion
constraint `companion_no_overlap` refuses what a race might still let through. Each new
assignment queues the companion's invite, each removed one its cancellation, in the same
transaction: mailed exactly when the change is committed, and once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from tortoise.exceptions import IntegrityError

from itineraries.model import pick_text
from visits import domain, mail, store
from visits.audit import record_change
from visits.auth import Principal
from visits.contract.base import Period
from visits.contract.companions import AssignmentIn, CompanionCreate, CompanionPatch
from visits.errors import Conflict
from visits.models import Companion, CompanionAssignment, CompanionTimeOff, Delegation, Stop, Visit
from visits.services import get_or_404, unknown
from visits.services.itineraries import build_itinerary, companion_info
from visits.settings import Settings

TAKEN_JUST_NOW = "{name} was assigned to another visit at that time just now."
STILL_ASSIGNED = "The companion still goes with visits: remove them from those visits first."
VISIT_CANCELLED = "The visit is cancelled: companions can no longer be assigned to it."
Key = tuple[int, datetime, datetime]


async def get_companion(companion_id: int) -> Companion:
    companion = await get_or_404(Companion, companion_id, "companion")
    await companion.fetch_related("time_off")
    return companion


async def list_companions() -> list[Companion]:
    return await Companion.all().order_by("kind", "id").prefetch_related("time_off")


def _snapshot(companion: Companion,
              time_off: Sequence[Period | CompanionTimeOff]) -> dict[str, Any]:
    return {
        "name": companion.name, "kind": companion.kind, "email": companion.email,
        "phone": companion.phone, "languages": companion.languages, "seats": companion.seats,
        "weekly": companion.weekly,
        "time_off": [{"start": t.start.isoformat(), "end": t.end.isoformat()} for t in time_off],
    }


async def _replace_time_off(companion: Companion, periods: list[Period]) -> None:
    await CompanionTimeOff.filter(companion=companion).delete()
    await CompanionTimeOff.bulk_create(
        [CompanionTimeOff(companion=companion, start=p.start, end=p.end) for p in periods])


async def create_companion(actor: Principal | None, data: CompanionCreate) -> Companion:
    async with store.transaction():
        companion = await Companion.create(
            name=data.name, kind=data.kind, email=data.email, phone=data.phone,
            languages=list(dict.fromkeys(data.languages)),
            seats=data.seats if data.kind == "vehicle" else None,
            weekly=[w.model_dump() for w in data.weekly],
        )
        await _replace_time_off(companion, data.time_off)
        await record_change(actor, "companion", companion.id, "create",
                            after=_snapshot(companion, data.time_off))
    return await get_companion(companion.id)


async def update_companion(actor: Principal, companion_id: int,
                           data: CompanionPatch) -> Companion:
    """Change what was sent. Assignments already made stay: the rules judge new ones."""
    companion = await get_companion(companion_id)
    async with store.transaction():
        before = _snapshot(companion, list(companion.time_off))
        for name in ("name", "email", "phone"):
            if getattr(data, name) is not None:
                setattr(companion, name, getattr(data, name))
        if data.languages is not None:
            companion.languages = list(dict.fromkeys(data.languages))
        if data.seats is not None and companion.kind == "vehicle":
            companion.seats = data.seats
        if data.weekly is not None:
            companion.weekly = [w.model_dump() for w in data.weekly]
        await companion.save()
        if data.time_off is not None:
            await _replace_time_off(companion, data.time_off)
        after = await get_companion(companion.id)
        await record_change(actor, "companion", companion.id, "update", before=before,
                            after=_snapshot(after, list(after.time_off)))
    return after


async def delete_companion(actor: Principal, companion_id: int) -> None:
    companion = await get_companion(companion_id)
    async with store.transaction():
        await store.lock_companions([companion.id])
        if await CompanionAssignment.filter(companion=companion, live=True).exists():
            raise Conflict(STILL_ASSIGNED, code="companion_assigned")
        before = _snapshot(companion, list(companion.time_off))
        await CompanionAssignment.filter(companion=companion).delete()
        await companion.delete()
        await record_change(actor, "companion", companion_id, "delete", before=before)


# --- assignments -----------------------------------------------------------------------------


async def visit_assignments(visit_id: int) -> list[CompanionAssignment]:
    await get_or_404(Visit, visit_id, "visit")
    return await CompanionAssignment.filter(visit_id=visit_id, live=True).order_by(
        "start", "id").select_related("companion")


def _key(a: CompanionAssignment | AssignmentIn) -> Key:
    return (a.companion_id, a.start, a.end)  # type: ignore[union-attr]


def _assignment_snapshot(rows: Sequence[CompanionAssignment]) -> list[dict[str, Any]]:
    return [{"companion_id": a.companion_id,  # type: ignore[attr-defined]
             "name": a.companion.name, "start": a.start.isoformat(),
             "end": a.end.isoformat()} for a in rows]


def _bounds(items: list[AssignmentIn]) -> tuple[datetime, datetime]:
    return (min(i.start for i in items) - timedelta(days=1),
            max(i.end for i in items) + timedelta(days=1))


async def _check_new(visit: Visit, party: domain.Party, policy: domain.Policy,
                     items: list[AssignmentIn], kept: list[CompanionAssignment]) -> None:
    """Every new item against the companions' other live assignments, the kept ones and
    the items before it; the first refusal is blamed on its index."""
    if not items:
        return
    ids = {i.companion_id for i in items}
    companions = await store.load_companions(ids)
    lo, hi = _bounds(items)
    held = [a for a in await store.load_assignments(ids, lo, hi) if a.visit_id != visit.id]
    held += [domain.Assignment(a.id, a.companion_id, visit.id, a.start, a.end)  # type: ignore[attr-defined]
             for a in kept]
    kept_keys = {_key(a) for a in kept}
    for index, item in enumerate(items):
        if _key(item) in kept_keys:
            continue
        try:
            domain.check_companion(companions[item.companion_id], party, held, policy,
                                   item.start, item.end)
        except domain.RuleViolation as violation:
            raise violation.at(f"[{index}]") from None
        held.append(domain.Assignment(-index - 1, item.companion_id, visit.id, item.start,
                                      item.end))


async def set_visit_companions(actor: Principal, settings: Settings, visit_id: int,
                               items: list[AssignmentIn]) -> list[CompanionAssignment]:
    """Make the visit's live assignments exactly `items`: unchanged ones stay (no mail),
    new ones are checked and invited, missing ones are cancelled."""
    visit = await get_or_404(Visit, visit_id, "visit")
    if visit.cancelled:
        raise Conflict(VISIT_CANCELLED, code="cancelled")
    ids = [i.companion_id for i in items]
    names = dict(await Companion.filter(id__in=ids).values_list("id", "name"))
    for index, item in enumerate(items):
        if item.companion_id not in names:
            raise unknown("companion", item.companion_id, f"[{index}].companion_id")
    delegation = await Delegation.get(id=visit.delegation_id)  # type: ignore[attr-defined]
    party = domain.Party(delegation.language, delegation.size)
    policy = await _policy(settings, items)  # read before the locks: they are held briefly
    async with store.transaction():
        await store.lock_visit(visit.id)  # first statement a write: see visits.store
        if await Visit.filter(id=visit.id, cancelled=True).exists():  # cancelled meanwhile
            raise Conflict(VISIT_CANCELLED, code="cancelled")
        await store.lock_companions(ids)
        current = await CompanionAssignment.filter(visit=visit, live=True).select_related(
            "companion")
        wanted = {_key(i) for i in items}
        kept = [a for a in current if _key(a) in wanted]
        removed = [a for a in current if _key(a) not in wanted]
        await _check_new(visit, party, policy, items, kept)
        added = await _write(visit, items, kept, removed, names)
        after = await visit_assignments(visit.id)
        if added or removed:
            await record_change(actor, "visit", visit.id, "companions", visit_id=visit.id,
                                before=_assignment_snapshot(current),
                                after=_assignment_snapshot(after))
            await _queue_mail(settings, visit, added + removed)
    return after


async def _policy(settings: Settings, items: list[AssignmentIn]) -> domain.Policy:
    lo, hi = _bounds(items) if items else (datetime.now(settings.timezone),) * 2
    tz = settings.timezone
    return await store.load_policy(settings, lo.astimezone(tz).date(), hi.astimezone(tz).date())


async def _write(visit: Visit, items: list[AssignmentIn], kept: list[CompanionAssignment],
                 removed: list[CompanionAssignment],
                 names: dict[int, Any]) -> list[CompanionAssignment]:
    for assignment in removed:
        assignment.live = False
        assignment.sequence += 1
        await assignment.save(update_fields=["live", "sequence", "updated_at"])
    kept_keys, added = {_key(a) for a in kept}, []
    for index, item in enumerate(items):
        if _key(item) in kept_keys:
            continue
        kept_keys.add(_key(item))
        try:
            row = await CompanionAssignment.create(
                visit=visit, companion_id=item.companion_id, start=item.start, end=item.end)
        except IntegrityError:
            # PostgreSQL's exclusion constraint: the database itself refused the overlap.
            raise Conflict(TAKEN_JUST_NOW, code="companion_busy", field=f"[{index}]",
                           name=pick_text(names[item.companion_id], "ko")) from None
        await row.fetch_related("companion")
        added.append(row)
    return added


async def _queue_mail(settings: Settings, visit: Visit,
                      changed: list[CompanionAssignment]) -> None:
    itinerary = await build_itinerary(settings, visit)
    for assignment in changed:
        await mail.queue_companion_mail(itinerary, companion_info(assignment))


async def release_visit(settings: Settings, visit: Visit) -> None:
    """Inside the caller's transaction (a cancelled visit): its companions go free and
    get their cancellations."""
    live = await CompanionAssignment.filter(visit=visit, live=True).select_related("companion")
    for assignment in live:
        assignment.live = False
        assignment.sequence += 1
        await assignment.save(update_fields=["live", "sequence", "updated_at"])
    if live:
        await _queue_mail(settings, visit, live)


# --- suggestions -----------------------------------------------------------------------------


async def visit_span(visit: Visit) -> tuple[datetime, datetime] | None:
    """From the first live stop's start to the last one's end."""
    stops = await Stop.filter(visit=visit, status__in=("requested", "accepted")).order_by("start")
    if not stops:
        return None
    return stops[0].start, max(s.end for s in stops)


async def suggest(settings: Settings, visit_id: int, start: datetime | None,
                  end: datetime | None) -> tuple[datetime | None, datetime | None,
                                                  list[Companion]]:
    """Companions free for [start, end) (default: the visit's span) who fit the delegation,
    not already going with this visit; by kind then id."""
    visit = await get_or_404(Visit, visit_id, "visit")
    if start is None or end is None:
        span = await visit_span(visit)
        if span is None:
            return None, None, []
        start, end = span
    delegation = await Delegation.get(id=visit.delegation_id)  # type: ignore[attr-defined]
    companions = await store.load_companions()
    held = await store.load_assignments(None, start, end)
    going = {a.companion_id for a in held if a.visit_id == visit.id}
    tz = settings.timezone
    policy = await store.load_policy(settings, start.astimezone(tz).date(),
                                     end.astimezone(tz).date())
    party = domain.Party(delegation.language, delegation.size)
    free = domain.free_companions(
        [c for c in companions.values() if c.id not in going], party, held, policy, start, end)
    rows = {c.id: c for c in await list_companions()}
    return start, end, [rows[c.id] for c in free]


def as_items(rows: Sequence[CompanionAssignment]) -> list[AssignmentIn]:
    return [AssignmentIn(companion_id=a.companion_id, start=a.start, end=a.end)  # type: ignore[attr-defined]
            for a in rows]


async def add_to_visit(actor: Principal, settings: Settings, visit_id: int,
                       item: AssignmentIn) -> list[CompanionAssignment]:
    """One more companion for the visit, the others kept (the visit page's form)."""
    current = await visit_assignments(visit_id)
    return await set_visit_companions(actor, settings, visit_id, [*as_items(current), item])


async def remove_from_visit(actor: Principal, settings: Settings, visit_id: int,
                            assignment_id: int) -> list[CompanionAssignment]:
    current = await visit_assignments(visit_id)
    rest = [a for a in current if a.id != assignment_id]
    return await set_visit_companions(actor, settings, visit_id, as_items(rest))
