"""The outbox of e-mails to hosts, readable by officers (the only copy without SMTP_URL)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.routing import Route

from visits.api.endpoint import api_route
from visits.auth import Principal
from visits.contract.system import OutboxEntry, OutboxQuery
from visits.models import OutboxMessage


async def list_outbox(_: Request, who: Principal, query: OutboxQuery) -> list[OutboxEntry]:
    messages = OutboxMessage.all().order_by("-id").limit(query.limit)
    if query.visit_id is not None:
        messages = messages.filter(visit_id=query.visit_id)
    return [
        OutboxEntry(id=m.id, created_at=m.created_at, to=m.to_email, subject=m.subject,
                    body=m.body, ics_method=m.ics_method, ics=m.ics, visit_id=m.visit_id,
                    stop_id=m.stop_id, attempts=m.attempts, sent_at=m.sent_at,
                    last_error=m.last_error)
        for m in await messages
    ]


def routes() -> list[Route]:
    return [
        api_route("GET", "/api/outbox", list_outbox, roles=("officer",), query=OutboxQuery,
                  response=OutboxEntry, response_list=True,
                  summary="E-mails to hosts, newest first, with their invite and delivery state"),
    ]
