"""Visit requests from the delegation's side (SPEC §7.2): a stranger's submission, the
officer's list, decline, and the delegation made from a request. One transaction each,
audit-logged as entity "request".

Nothing a stranger sends makes a user, a delegation or a visit: a request is its own row
until an officer makes the delegation from it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from itineraries.labels import label_language
from itineraries.model import pick_text
from visits import contact_mail, rate_limit, tracking
from visits.audit import record_change
from visits.auth import Principal
from visits.contract.catalog import DelegationCreate
from visits.contract.requests import RequestCreate
from visits.errors import BadRequest, Conflict, Invalid
from visits.models import FACILITY_KINDS, Delegation, Facility, VisitRequest
from visits.services import get_or_404
from visits.services.delegations import get_delegation, record_delegation
from visits.services.paging import Page
from visits.services.request_pages import page_of_requests
from visits.settings import Settings
from visits.store import transaction

__all__ = ["Page", "decline_request", "get_request", "list_requests", "make_delegation",
           "submit_request"]
CLOSED = ("confirmed", "declined", "withdrawn")


def office_of(settings: Settings) -> tuple[str, str, str]:
    return settings.org_name, settings.org_email, settings.org_phone


async def submit_request(settings: Settings, base_url: str, data: RequestCreate, *,
                         client_address: str, form_language: str | None = None,
                         ) -> tuple[VisitRequest, str]:
    """Record a stranger's request and mail its contact the secret tracking link:
    (the request, the link). Counted against the client address first (429 past
    PUBLIC_REQUESTS_PER_HOUR), whatever becomes of it."""
    await rate_limit.take_request(settings, client_address)
    if data.website.strip():
        raise BadRequest("The request looks automated and was not recorded.",
                         code="spam_suspected", field="website")
    _refuse_past_dates(settings, data.dates)
    await _refuse_unknown_interests(data.interests)
    async with transaction():
        request = await _create(data, label_language(form_language or data.language))
        token, _ = await tracking.create_tracking_link(settings.secret_key, request)
        url = tracking.tracking_url(base_url, token)
        await record_change(None, "request", request.id, "create",
                            after=snapshot_of_request(request))
        await contact_mail.queue_receipt(request.contact_email, request.form_language,
                                         request.id, data.dates, url, office_of(settings))
    return request, url


def _refuse_past_dates(settings: Settings, dates: list[date]) -> None:
    today = datetime.now(settings.timezone).date()
    for i, day in enumerate(dates):
        if day <= today:
            raise Invalid("{day} is not in the future: wish for dates after today.",
                          code="date_not_future", field=f"dates[{i}]", day=day.isoformat())


async def _refuse_unknown_interests(interests: list[str]) -> None:
    codes = set(await Facility.filter(code__in=interests, is_active=True)
                .values_list("code", flat=True))
    for i, interest in enumerate(interests):
        if interest not in FACILITY_KINDS and interest not in codes:
            raise Invalid("There is no kind of facility or facility code “{value}”.",
                          code="unknown_interest", field=f"interests[{i}]", value=interest)


async def _create(data: RequestCreate, form_language: str) -> VisitRequest:
    return await VisitRequest.create(
        organisation=data.organisation, country=data.country, city=data.city,
        language=data.language, size=data.size, contact_name=data.contact.name,
        contact_email=data.contact.email, contact_phone=data.contact.phone,
        members=[m.model_dump(mode="json") for m in data.members],
        dates=[d.isoformat() for d in data.dates], interests=data.interests,
        interpreter_needed=data.interpreter_needed, notes=data.notes,
        form_language=form_language,
    )


def snapshot_of_request(request: VisitRequest) -> dict[str, Any]:
    """What the audit log keeps of a request: no personal data (names, contact, notes),
    which the retention purge erases and the log must not keep for ever."""
    return {
        "status": request.status, "country": request.country, "city": request.city,
        "language": request.language, "size": request.size,
        "members": len(request.members), "dates": request.dates,
        "interests": request.interests, "interpreter_needed": request.interpreter_needed,
        "delegation_id": request.delegation_id,  # type: ignore[attr-defined]
    }


async def get_request(request_id: int) -> VisitRequest:
    request = await get_or_404(VisitRequest, request_id, "request")
    await request.fetch_related("request_notes")
    return request


async def list_requests(status: str | None, limit: int, cursor: str | None
                        ) -> Page[VisitRequest]:
    """New requests first, then the others; newest first within each (SPEC §7.9)."""
    return await page_of_requests(status, limit, cursor)


async def decline_request(settings: Settings, actor: Principal, request_id: int,
                          reason: str) -> VisitRequest:
    """Any open request → declined, its contact mailed the reason."""
    async with transaction():
        request = await _open_request(request_id, "declined")
        before = snapshot_of_request(request)
        request.status, request.decline_reason = "declined", reason
        await request.save()
        await record_change(actor, "request", request.id, "decline", before=before,
                            after={**snapshot_of_request(request), "reason": reason})
        await contact_mail.queue_decline(request.contact_email, request.form_language,
                                         request.id, reason, office_of(settings))
    return await get_request(request_id)


async def _open_request(request_id: int, wanted: str) -> VisitRequest:
    """The request, its row locked for the change (a conditional UPDATE, the first write),
    or 409 when it is closed already."""
    request = await get_or_404(VisitRequest, request_id, "request")
    now = datetime.now(UTC)
    if not await VisitRequest.filter(id=request_id).exclude(status__in=CLOSED).update(
            updated_at=now):
        request = await VisitRequest.get(id=request_id)
        raise Conflict("The request is {status}: it can no longer be {wanted}.",
                       code="request_closed", status=request.status, wanted=wanted)
    return await VisitRequest.get(id=request_id)


async def make_delegation(actor: Principal, request_id: int) -> Delegation:
    """The delegation the request describes, members copied; the request → in_review.
    Made once: a second call is 409 `already_made`, naming the delegation."""
    async with transaction():
        request = await _open_request(request_id, "in_review")
        if request.delegation_id is not None:  # type: ignore[attr-defined]
            made = await Delegation.get(id=request.delegation_id)  # type: ignore[attr-defined]
            raise Conflict("A delegation was already made from this request: {name} "
                           "(id {id}).", code="already_made", name=pick_text(made.name, "en"),
                           id=made.id)
        before = snapshot_of_request(request)
        delegation = await record_delegation(actor, delegation_of(request))
        request.delegation_id, request.status = delegation.id, "in_review"  # type: ignore[attr-defined]
        await request.save()
        await record_change(actor, "request", request.id, "make_delegation", before=before,
                            after=snapshot_of_request(request))
    return await get_delegation(delegation.id)


def delegation_of(request: VisitRequest) -> DelegationCreate:
    """The delegation a request describes: its organisation as the name (text of no
    stated language tagged with the request's language), its members in their order."""
    name = {(request.language if tag == "und" else tag): text
            for tag, text in request.organisation.items()}
    return DelegationCreate.model_validate({
        "name": name, "country": request.country, "city": request.city,
        "language": request.language, "size": request.size,
        "contact": {"name": request.contact_name, "email": request.contact_email},
        "members": request.members, "notes": request.notes,
    })
