"""Erasing members' and contacts' personal data RETENTION_DAYS after a visit (issue 12).

A delegation is erased once everything about it lies further back than that: its visits'
last stops, the wished dates of the requests it was made from, its own recording. A request
likewise: its wished dates, its proposed visit, its delegation's visits. Erased: members'
names (each becomes "Member N", in precedence order), names in their own script, diets,
access needs; contacts' names, e-mails and phones; notes and the messages on a request; the
same in the audit log's copies; mail sent to those contacts. Kept, so that statistics stay
the same: country, city, language, party size, the number of members and their roles,
titles and languages, the organisation's name, facilities and dates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from visits.models import (
    AuditEvent,
    Delegation,
    DelegationMember,
    OutboxMessage,
    RequestNote,
    Stop,
    VisitRequest,
)
from visits.services.delegations import in_precedence
from visits.settings import Settings
from visits.store import transaction

PERSONAL_MEMBER_FIELDS = {"family_name": "", "given_name": "", "native_name": "", "diet": "",
                          "access": ""}


@dataclass(frozen=True)
class Erased:
    before: datetime  # activity older than this was erased
    delegations: int
    members: int
    requests: int


def anonymous_member(member: dict[str, Any], number: int) -> dict[str, Any]:
    """A member as the contract holds it, without what names the person."""
    return {**member, **PERSONAL_MEMBER_FIELDS, "name": f"Member {number}"}


async def purge_personal_data(settings: Settings, now: datetime | None = None) -> Erased:
    """Erase what is older than RETENTION_DAYS; once erased, a record is left alone."""
    before = (now or datetime.now(UTC)) - timedelta(days=settings.retention_days)
    async with transaction():
        recent = await _recent(before)
        delegations = await _erase_delegations(before, recent)
        requests = await _erase_requests(before, recent)
    return Erased(before, len(delegations), sum(delegations.values()), len(requests))


@dataclass(frozen=True)
class Recent:
    """What has happened since the cut-off: the records it keeps alive."""

    delegation_ids: set[int]
    visit_ids: set[int]


async def _recent(before: datetime) -> Recent:
    stops = await Stop.filter(end__gte=before).values_list("visit_id", "visit__delegation_id")
    delegation_ids = {d for _, d in stops}
    for request in await VisitRequest.filter(delegation_id__isnull=False):
        if _last_wished(request) >= before.date():
            delegation_ids.add(request.delegation_id)  # type: ignore[attr-defined]
    return Recent(delegation_ids, {v for v, _ in stops})


def _last_wished(request: VisitRequest) -> date:
    return max(date.fromisoformat(d) for d in request.dates)


async def _erase_delegations(before: datetime, recent: Recent) -> dict[int, int]:
    """Erased delegations → their number of members."""
    erased: dict[int, int] = {}
    stale = Delegation.filter(erased_at=None, created_at__lt=before)
    for delegation in await stale.prefetch_related("members"):
        if delegation.id not in recent.delegation_ids:
            erased[delegation.id] = await _erase_delegation(delegation, before)
    await _scrub_audit("delegation", erased)
    return erased


async def _erase_delegation(delegation: Delegation, before: datetime) -> int:
    members = in_precedence(delegation.members)
    for number, member in enumerate(members, 1):
        await DelegationMember.filter(id=member.id).update(
            name=f"Member {number}", **PERSONAL_MEMBER_FIELDS)
    await _forget_mail_to(delegation.contact_email, before)
    await Delegation.filter(id=delegation.id).update(
        contact_name="", contact_email="", notes="", erased_at=datetime.now(UTC))
    return len(members)


async def _erase_requests(before: datetime, recent: Recent) -> list[int]:
    erased = []
    for request in await VisitRequest.filter(erased_at=None, created_at__lt=before):
        if (_last_wished(request) >= before.date()
                or request.visit_id in recent.visit_ids  # type: ignore[attr-defined]
                or request.delegation_id in recent.delegation_ids):  # type: ignore[attr-defined]
            continue
        await _erase_request(request, before)
        erased.append(request.id)
    return erased


async def _erase_request(request: VisitRequest, before: datetime) -> None:
    ranked = sorted(enumerate(request.members),
                    key=lambda im: (im[1].get("rank") is None, im[1].get("rank") or 0, im[0]))
    members = list(request.members)
    for number, (position, member) in enumerate(ranked, 1):
        members[position] = anonymous_member(member, number)
    await RequestNote.filter(request_id=request.id).delete()
    await _forget_mail_to(request.contact_email, before)
    await VisitRequest.filter(id=request.id).update(
        members=members, contact_name="", contact_email="", contact_phone="", notes="",
        erased_at=datetime.now(UTC))


async def _forget_mail_to(email: str, before: datetime) -> None:
    """Mail to a contact from before the cut-off: its address and text name the person."""
    if email:
        await OutboxMessage.filter(to_email=email, created_at__lt=before).delete()


async def _scrub_audit(entity: str, ids: dict[int, int]) -> None:
    """The audit log's copies of erased records lose the same data."""
    if not ids:
        return
    for event in await AuditEvent.filter(entity=entity, entity_id__in=list(ids)):
        await AuditEvent.filter(id=event.id).update(before=_scrubbed(event.before),
                                                    after=_scrubbed(event.after))


def _scrubbed(snapshot: Any) -> Any:
    if not isinstance(snapshot, dict):
        return snapshot
    out = dict(snapshot)
    if isinstance(out.get("members"), list):
        out["members"] = [anonymous_member(m, i) if isinstance(m, dict) else m
                          for i, m in enumerate(out["members"], 1)]
    if "contact" in out:
        out["contact"] = {"name": "", "email": ""}
    if "notes" in out:
        out["notes"] = ""
    return out
