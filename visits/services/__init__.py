"""Use cases: load, decide with visits.domain, persist; one transaction each."""

from __future__ import annotations

from typing import TypeVar

from tortoise.models import Model

from visits.errors import NotFound

M = TypeVar("M", bound=Model)
MAX_ID = 2**31 - 1


async def get_or_404(model: type[M], object_id: int, what: str, **filters: object) -> M:
    """Ids past the int4 range would make PostgreSQL raise: they simply do not exist."""
    found = None
    if 1 <= object_id <= MAX_ID:
        found = await model.get_or_none(id=object_id, **filters)
    if found is None:
        raise NotFound(f"no {what} with id {object_id}")
    return found
