"""The audit log: who changed what, when, with the state before and after; and the counter
of committed changes that caches of stored state are keyed by."""

from __future__ import annotations

from typing import Any

from tortoise.expressions import F

from visits.auth import Principal
from visits.models import AuditEvent, ChangeCounter


async def record_change(
    actor: Principal | None,
    entity: str,
    entity_id: int,
    action: str,
    *,
    before: Any = None,
    after: Any = None,
    visit_id: int | None = None,
) -> None:
    await bump_change_counter()
    await AuditEvent.create(
        actor_id=(actor.user_id or None) if actor else None,  # 0: a host without a user
        actor_email=actor.email if actor else "",
        entity=entity,
        entity_id=entity_id,
        action=action,
        visit_id=visit_id,
        before=before,
        after=after,
    )


async def bump_change_counter() -> None:
    """Inside the change's transaction: the counter moves exactly when the change commits."""
    if not await ChangeCounter.filter(id=1).update(value=F("value") + 1):
        await ChangeCounter.get_or_create(id=1, defaults={"value": 1})


async def change_count() -> int:
    values = await ChangeCounter.filter(id=1).values_list("value", flat=True)
    return int(values[0]) if values else 0
