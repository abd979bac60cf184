"""Use cases: load, decide with visits.domain, persist; one transaction each."""

from __future__ import annotations

from typing import TypeVar

from tortoise.models import Model

from visits.errors import Invalid, NotFound

M = TypeVar("M", bound=Model)
MAX_ID = 2**31 - 1


NOT_FOUND = {
    "visit": "There is no visit with id {id}.", "stop": "There is no stop with id {id}.",
    "facility": "There is no facility with id {id}.", "host": "There is no host with id {id}.",
    "delegation": "There is no delegation with id {id}.",
    "mail": "There is no mail with id {id}.",
    "request": "There is no visit request with id {id}.",
    "item": "There is no programme item with id {id}.",
    "companion": "There is no companion with id {id}.",
}
UNKNOWN = {  # an id in a request body that names nothing: 422, with the field
    "stop": "There is no stop with id {id}.",
    "facility": "There is no facility with id {id}.", "host": "There is no host with id {id}.",
    "delegation": "There is no delegation with id {id}.",
    "companion": "There is no companion with id {id}.",
}


async def get_or_404(model: type[M], object_id: int, what: str, **filters: object) -> M:
    """Ids past the int4 range would make PostgreSQL raise: they simply do not exist."""
    found = None
    if 1 <= object_id <= MAX_ID:
        found = await model.get_or_none(id=object_id, **filters)
    if found is None:
        raise NotFound(NOT_FOUND[what], id=object_id)
    return found


def unknown(what: str, ident: int, field: str) -> Invalid:
    """The 422 for an id in a request that names no `what`."""
    return Invalid(UNKNOWN[what], code=f"unknown_{what}", field=field, id=ident)
