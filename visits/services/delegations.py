"""Delegations: who is coming, from where, speaking what, and how many."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tortoise import connections

from visits.audit import record_change
from visits.auth import Principal
from visits.contract.catalog import DelegationCreate, DelegationPatch, Member
from visits.errors import Invalid
from visits.models import Delegation, DelegationMember
from visits.services import MAX_ID, get_or_404
from visits.services.paging import Page, bad_cursor, decode_cursor, encode_cursor
from visits.services.visit_lists import Sql, text_filter
from visits.store import transaction


async def get_delegation(delegation_id: int) -> Delegation:
    delegation = await get_or_404(Delegation, delegation_id, "delegation")
    await delegation.fetch_related("members")
    return delegation


async def page_of_delegations(text: str | None, limit: int, cursor: str | None,
                              *, members: bool = True) -> Page[Delegation]:
    """Newest first, a page at a time (SPEC §7.9); `text` in their names or members'.
    A delegation recorded meanwhile has a higher id: it never shifts the pages after."""
    before = None
    if cursor:
        kind, last = decode_cursor(cursor, 2)
        before = int(last) if last.isdigit() and len(last) <= 10 else 0
        if kind != "d" or not 1 <= before <= MAX_ID:
            raise bad_cursor()
    db = connections.get("default")
    sql = Sql(db.capabilities.dialect)
    where = ["1 = 1"]
    if before is not None:
        where.append(f"d.id < {sql(before)}")
    if text:
        where.append(text_filter(sql, text))
    _, rows = await db.execute_query(
        "SELECT d.id FROM delegation d WHERE " + " AND ".join(where) +  # noqa: S608
        f" ORDER BY d.id DESC LIMIT {sql(limit + 1)}", sql.params)
    ids = [int(row[0]) for row in rows]
    query = Delegation.filter(id__in=ids[:limit]).order_by("-id")
    found = await (query.prefetch_related("members") if members else query)
    following = encode_cursor("d", ids[limit - 1]) if len(ids) > limit else None
    return Page(list(found), following)


async def create_delegation(actor: Principal | None, data: DelegationCreate) -> Delegation:
    async with transaction():
        delegation = await record_delegation(actor, data)
    return await get_delegation(delegation.id)


async def record_delegation(actor: Principal | None, data: DelegationCreate) -> Delegation:
    """The delegation, its members and its audit event, in the caller's transaction."""
    delegation = await Delegation.create(
        name=data.name, country=data.country, city=data.city, language=data.language,
        size=data.size, contact_name=data.contact.name, contact_email=data.contact.email,
        notes=data.notes,
    )
    await _replace_members(delegation, [member_record(m) for m in data.members])
    await record_change(
        actor, "delegation", delegation.id, "create", after=data.model_dump(mode="json")
    )
    return delegation


async def _replace_members(delegation: Delegation, rows: list[dict[str, Any]]) -> None:
    await DelegationMember.filter(delegation=delegation).delete()
    await DelegationMember.bulk_create(
        [DelegationMember(delegation=delegation, position=i, **row) for i, row in enumerate(rows)]
    )


def keeping_protocol(sent: list[Member], recorded: Iterable[DelegationMember]
                     ) -> list[dict[str, Any]]:
    """The rows of the members sent. One sent bare (`{name, title, head}`, as the
    delegation page's form sends them) keeps what was recorded of the member of that name:
    an edit of titles must not erase native names, ranks, roles, diets or access needs."""
    by_name = {m.name: m for m in recorded}
    rows = []
    for member in sent:
        row, old = member_record(member), by_name.get(member.name or "")
        if old is not None and member.sent_bare:
            role = "head" if member.head else ("member" if old.role == "head" else old.role)
            row = {**member_fields(old), "title": member.title, "head": member.head,
                   "role": role}
        rows.append(row)
    return rows


MEMBER_FIELDS = ("family_name", "given_name", "native_name", "name", "title", "role", "head",
                 "rank", "languages", "diet", "access")


def member_record(member: Member) -> dict[str, Any]:
    """A validated member as the columns of its row (and the contract's output shape)."""
    return member.model_dump(include=set(MEMBER_FIELDS))


def member_fields(member: DelegationMember) -> dict[str, Any]:
    return {name: getattr(member, name) for name in MEMBER_FIELDS}


def in_precedence(members: Iterable[DelegationMember]) -> list[DelegationMember]:
    """Ranked members by rank, then the others; ties as they were listed."""
    return sorted(members, key=lambda m: (m.rank is None, m.rank or 0, m.position))


def _snapshot(delegation: Delegation) -> dict[str, Any]:
    """The delegation as the API takes it, for the audit log."""
    return {
        "name": delegation.name, "country": delegation.country, "city": delegation.city,
        "language": delegation.language, "size": delegation.size,
        "contact": {"name": delegation.contact_name, "email": delegation.contact_email},
        "members": [member_fields(m) for m in in_precedence(delegation.members)],
        "notes": delegation.notes,
    }


async def update_delegation(
    actor: Principal, delegation_id: int, data: DelegationPatch
) -> Delegation:
    """Change what was sent; members, when sent, replace the list (the party may shrink
    only to the members it still lists)."""
    delegation = await get_delegation(delegation_id)
    size = data.size if data.size is not None else delegation.size
    count = len(data.members) if data.members is not None else len(delegation.members)
    if count > size:
        field = "members" if data.members is not None else "size"
        raise Invalid("More members are listed than the party size.", code="invalid_field",
                      field=field)
    async with transaction():
        before = _snapshot(delegation)
        for name in ("name", "country", "city", "language", "size", "notes"):
            if getattr(data, name) is not None:
                setattr(delegation, name, getattr(data, name))
        if data.contact is not None:
            delegation.contact_name = data.contact.name
            delegation.contact_email = data.contact.email
        await delegation.save()
        if data.members is not None:
            await _replace_members(delegation, keeping_protocol(data.members,
                                                                delegation.members))
        delegation = await get_delegation(delegation.id)
        await record_change(
            actor, "delegation", delegation.id, "update", before=before,
            after=_snapshot(delegation),
        )
    return delegation
