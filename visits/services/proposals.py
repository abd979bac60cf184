"""Proposing a visit to the contact who asked for it (SPEC §7.2): the officer's side.

`propose_visit` publishes the visit (the version the contact sees on the tracking page),
moves the request to `proposed`, keeps the tracking links alive until a week after the
visit, and mails the contact, in one transaction behind the visit's lock (as publishing
is), so a proposal and its version never part.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from visits import contact_mail, store, tracking
from visits.audit import record_change
from visits.auth import Principal
from visits.errors import Conflict
from visits.models import Stop, Visit, VisitRequest
from visits.services import get_or_404, versions
from visits.services.requests import get_request, office_of, snapshot_of_request
from visits.settings import Settings

PROPOSABLE = ("in_review", "proposed", "changes_requested")


@dataclass(frozen=True)
class Proposal:
    request: VisitRequest
    version: int


async def request_behind(visit: Visit) -> VisitRequest | None:
    """The request the visit's delegation was made from (the newest, should there be
    several), or None for a delegation an officer typed in."""
    return await VisitRequest.filter(
        delegation_id=visit.delegation_id).order_by("-id").first()  # type: ignore[attr-defined]


async def propose_visit(actor: Principal, settings: Settings, visit_id: int, *,
                        base_url: str) -> Proposal:
    visit = await get_or_404(Visit, visit_id, "visit")
    async with store.transaction():
        await store.lock_visit(visit.id)
        visit = await Visit.get(id=visit.id)
        if visit.cancelled:
            raise Conflict("Visit {id} is cancelled: there is nothing to propose.",
                           code="visit_cancelled", id=visit.id)
        request = await _proposable(await request_behind(visit))
        before = snapshot_of_request(request)
        version = await versions.publish_visit(actor, settings, visit.id, base_url=base_url,
                                               mail_contact=False, unchanged_ok=True)
        request = await _mark_proposed(request, visit)
        url = await _tracking_url(settings, request, base_url)
        await _keep_links_until_after(request, visit)
        await record_change(actor, "request", request.id, "propose", visit_id=visit.id,
                            before=before, after={**snapshot_of_request(request),
                                                  "version": version.number})
        await contact_mail.queue_proposal(request.contact_email, request.form_language,
                                          request.id, version.number, url, office_of(settings))
    return Proposal(await get_request(request.id), version.number)


async def _proposable(request: VisitRequest | None) -> VisitRequest:
    if request is None:
        raise Conflict("This visit's delegation was not made from a visit request: there is "
                       "no contact to propose it to.", code="no_request")
    if request.status not in PROPOSABLE:
        raise Conflict("The request is {status}: it can no longer be {wanted}.",
                       code="request_closed", status=request.status, wanted="proposed")
    return request


async def _mark_proposed(request: VisitRequest, visit: Visit) -> VisitRequest:
    """A conditional UPDATE: a contact withdrawing at the same moment wins or loses whole."""
    if not await VisitRequest.filter(id=request.id, status__in=PROPOSABLE).update(
            status="proposed", visit_id=visit.id, updated_at=datetime.now(UTC)):
        now = await VisitRequest.get(id=request.id)
        raise Conflict("The request is {status}: it can no longer be {wanted}.",
                       code="request_closed", status=now.status, wanted="proposed")
    return await VisitRequest.get(id=request.id)


async def _keep_links_until_after(request: VisitRequest, visit: Visit) -> None:
    last = await Stop.filter(visit_id=visit.id).order_by("-end").first()
    if last is not None:
        await tracking.extend_tracking_links(request, last.end.astimezone(UTC))


async def _tracking_url(settings: Settings, request: VisitRequest, base_url: str) -> str:
    """The newest live link (the one the contact has), or a new one when every link was
    withdrawn or has run out."""
    token = await tracking.current_tracking_token(settings.secret_key, request)
    if token is None:
        token, _ = await tracking.create_tracking_link(settings.secret_key, request)
    return tracking.tracking_url(base_url, token)
