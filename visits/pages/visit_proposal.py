"""The visit page's part about the request behind the visit (SPEC §7.2): its status in
words, the contact's messages, and the "Send the proposal" button's handler."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from visits.auth import Principal
from visits.edge.hosts import public_base
from visits.errors import Conflict
from visits.models import RequestNote, Visit
from visits.pages.forms import gettext_for, said
from visits.pages.requests_inbox import status_word
from visits.pages.web import flash, language_of, read_form, redirect
from visits.services import proposals, visits


@dataclass(frozen=True)
class RequestBehind:
    id: int
    status: str  # in words of the interface language
    proposable: bool  # "Send the proposal" may be pressed
    messages: list[RequestNote]  # the contact's and the office's, oldest first


async def request_behind(request: Request, visit: Visit) -> RequestBehind | None:
    found = await proposals.request_behind(visit)
    if found is None:
        return None
    await found.fetch_related("request_notes")
    return RequestBehind(found.id, status_word(found.status, language_of(request)),
                         found.status in proposals.PROPOSABLE and not visit.cancelled,
                         list(found.request_notes))


async def propose(request: Request, who: Principal, id: int) -> Response:
    await read_form(request)
    await visits.get_visit(who, id)
    _ = gettext_for(request)
    try:
        proposal = await proposals.propose_visit(who, request.app.state.settings, id,
                                                 base_url=public_base(request))
    except Conflict as refused:
        flash(request, await said(request, refused), "error")
        return redirect(f"/visits/{id}#request")
    flash(request, _("Proposal sent: version %(number)d. The contact is mailed the link to "
                     "confirm it or ask for changes.") % {"number": proposal.version})
    return redirect(f"/visits/{id}#request")
