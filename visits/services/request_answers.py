"""The contact's answers on the tracking page (SPEC §7.2): confirm the proposed programme,
ask for changes (a message), or withdraw the request.

An answer names the version it was given on: when a newer version was published since, or
the request's status no longer allows the answer, nothing changes (409 `stale_version`,
`not_answerable`) and the page says why. Each answer is one transaction behind the
visit's lock (as publishing and proposing are), audit-logged, acknowledged to the contact
and told to the office.
"""

from __future__ import annotations

from datetime import UTC, datetime

from itineraries.model import pick_text
from visits import contact_mail, office_mail, rate_limit, store
from visits.audit import record_change
from visits.errors import Conflict
from visits.models import RequestNote, VisitRequest, VisitVersion
from visits.services.requests import get_request, office_of, snapshot_of_request
from visits.settings import Settings

# answer → (the statuses that allow it, the status it leads to)
ANSWERS: dict[str, tuple[tuple[str, ...], str]] = {
    "confirmed": (("proposed",), "confirmed"),
    "changes": (("proposed",), "changes_requested"),
    "withdrawn": (("new", "in_review", "proposed", "changes_requested"), "withdrawn"),
}
STALE = ("Version {version} is no longer the latest: version {latest} of the programme was "
         "published since. Nothing was changed.")
NOT_ANSWERABLE = "The request is {status}: it can no longer be {wanted}."


async def latest_version(request: VisitRequest) -> int | None:
    """The number of the proposed visit's latest published version (None before one)."""
    visit_id = request.visit_id  # type: ignore[attr-defined]
    if visit_id is None:
        return None
    row = await VisitVersion.filter(visit_id=visit_id).order_by("-number").first()
    return row.number if row is not None else None


async def answer_request(settings: Settings, request_id: int, answer: str, *,
                         version: int | None, message: str, client_address: str,
                         tracking_url: str, base_url: str) -> VisitRequest:
    """`answer` is "confirmed", "changes" (with `message`) or "withdrawn" (any version)."""
    await rate_limit.take_answer(settings, client_address)
    allowed, target = ANSWERS[answer]
    async with store.transaction():
        request = await VisitRequest.get(id=request_id)
        visit_id = request.visit_id  # type: ignore[attr-defined]
        if visit_id is not None:
            await store.lock_visit(visit_id)
        latest = await latest_version(request)
        if answer != "withdrawn" and version != latest:
            raise Conflict(STALE, code="stale_version", version=version, latest=latest)
        before = snapshot_of_request(request)
        if not await VisitRequest.filter(id=request.id, status__in=allowed).update(
                status=target, updated_at=datetime.now(UTC)):
            now = await VisitRequest.get(id=request.id)
            raise Conflict(NOT_ANSWERABLE, code="not_answerable", status=now.status,
                           wanted=target)
        request = await VisitRequest.get(id=request.id)
        if message:
            await RequestNote.create(request=request, author="contact", text=message)
        await record_change(None, "request", request.id, answer, visit_id=visit_id,
                            before=before, after={**snapshot_of_request(request),
                                                  "version": latest,
                                                  "message_chars": len(message)})
        await contact_mail.queue_answer_receipt(request.contact_email, request.form_language,
                                                request.id, answer, tracking_url,
                                                office_of(settings))
        await office_mail.queue_office_answer(
            settings, request, answer, organisation=pick_text(request.organisation, "ko"),
            version=latest, message=message,
            visit_url=f"{base_url}/visits/{visit_id}" if visit_id else None)
    return await get_request(request.id)
