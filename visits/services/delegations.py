"""Delegations: who is coming, from where, speaking what, and how many."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from visits.api.schemas import DelegationCreate
from visits.audit import record_change
from visits.auth import Principal
from visits.models import Delegation, DelegationMember
from visits.services import get_or_404


async def get_delegation(delegation_id: int) -> Delegation:
    delegation = await get_or_404(Delegation, delegation_id, "delegation")
    await delegation.fetch_related("members")
    return delegation


async def list_delegations() -> list[Delegation]:
    return await Delegation.all().order_by("-id").prefetch_related("members")


async def create_delegation(actor: Principal | None, data: DelegationCreate) -> Delegation:
    async with in_transaction():
        delegation = await Delegation.create(
            name=data.name, country=data.country, city=data.city, language=data.language,
            size=data.size, contact_name=data.contact.name, contact_email=data.contact.email,
            notes=data.notes,
        )
        await DelegationMember.bulk_create(
            [
                DelegationMember(
                    delegation=delegation, position=i, name=m.name, title=m.title, head=m.head
                )
                for i, m in enumerate(data.members)
            ]
        )
        await record_change(
            actor, "delegation", delegation.id, "create", after=data.model_dump(mode="json")
        )
    return await get_delegation(delegation.id)
