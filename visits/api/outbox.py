"""The outbox of e-mails to hosts, readable by officers (the only copy without SMTP_URL),
and a way to send one again now."""

from __future__ import annotations

from starlette.requests import Request
from starlette.routing import Route

from visits.api.endpoint import api_route
from visits.auth import Principal
from visits.contract.system import OutboxEntry, OutboxQuery
from visits.models import OutboxMessage
from visits.services import outbox


def _entry(m: OutboxMessage) -> OutboxEntry:
    return OutboxEntry(id=m.id, created_at=m.created_at, to=m.to_email, subject=m.subject,
                       body=m.body, ics_method=m.ics_method, ics=m.ics, visit_id=m.visit_id,
                       stop_id=m.stop_id, attempts=m.attempts, sent_at=m.sent_at,
                       last_error=m.last_error, status=outbox.delivery_status(m),
                       next_attempt_at=m.next_attempt_at)


async def list_outbox(_: Request, who: Principal, query: OutboxQuery) -> list[OutboxEntry]:
    messages = await outbox.list_mail(query.status, query.visit_id, query.limit)
    return [_entry(m) for m in messages]


async def retry_mail(request: Request, who: Principal, id: int) -> OutboxEntry:
    return _entry(await outbox.send_now(request.app.state.settings, id))


def routes() -> list[Route]:
    return [
        api_route("GET", "/api/outbox", list_outbox, roles=("officer",), query=OutboxQuery,
                  response=OutboxEntry, response_list=True,
                  summary="E-mails to hosts, newest first, with their invite and delivery "
                          "state (?status=pending: never tried; failing: refused at least "
                          "once; sent)"),
        api_route("POST", "/api/outbox/{id:int}/retry", retry_mail, roles=("officer",),
                  response=OutboxEntry, errors=(404, 409),
                  summary="Try to send one undelivered mail now; 409 outbox_busy while a "
                          "sender holds it"),
    ]
