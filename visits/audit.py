"""The audit log: who changed what, when, with the state before and after."""

from __future__ import annotations

from typing import Any

from visits.auth import Principal
from visits.models import AuditEvent


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
    await AuditEvent.create(
        actor_id=actor.user_id if actor else None,
        actor_email=actor.email if actor else "",
        entity=entity,
        entity_id=entity_id,
        action=action,
        visit_id=visit_id,
        before=before,
        after=after,
    )
