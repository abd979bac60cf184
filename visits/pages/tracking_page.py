"""The contact's tracking page (SPEC §7.2): `GET /track/{token}` shows the request in its
form's language beside Korean — its status, what was asked, the messages — and, once a
visit is proposed, the latest published version exactly as the visitor page shows it
(`itineraries.page.render_visitor_section`), with Confirm, Ask for changes and Withdraw.

Downloads of the version shown go through token-based routes of their own
(`/track/{token}/itinerary.pdf|ics`) rather than the visit's share link: a page view
must not make share links, and the tracking link is the contact's alone, so it is put in
no document (no QR code, no calendar note) that may be forwarded.

Each answer form carries the version it was shown with: a newer version published since,
or a status that no longer allows the answer, changes nothing and the page says why. A
wrong, revoked or expired token is a 404 page that tells nothing more.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import TypeAdapter, ValidationError
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from itineraries.labels import format_day, label_language
from visits import tracking
from visits.auth import Principal
from visits.contract.requests import MAX_CHANGES_MESSAGE, ChangesMessage
from visits.edge.downloads import download
from visits.edge.hosts import public_base
from visits.edge.public_limits import client_address, limit_views
from visits.errors import Conflict, Forbidden, NotFound, TooManyRequests
from visits.models import Visit, VisitRequest
from visits.pages.forms import form_int
from visits.pages.request_page import _wait_in_words
from visits.pages.visitor_frame import render_visitor
from visits.pages.visitor_i18n import pair, say
from visits.pages.web import check_csrf, page_route, read_unchecked_form, redirect
from visits.services import documents, request_answers
from visits.services.requests import get_request
from visits.wording import tracking_words as w
from visits.wording.visitor_refusals import refusal_of
from visits.wording.visitor_text import VisitorText
from visits.wording.visitor_words import REQUEST_STATUS_WORDS

PAGE = "visitor/tracking.html"
GONE = "visitor/not_found.html"
NOTICE = "tracking_notice"  # the answer just given, shown once after the redirect
SHOWN_WITH_PROPOSAL = ("proposed", "confirmed", "changes_requested")
ANSWER_PATHS = {"confirm": "confirmed", "changes": "changes", "withdraw": "withdrawn"}
_message = TypeAdapter(ChangesMessage)


async def _tracked(request: Request, token: str) -> VisitRequest | None:
    """The request behind the token, or None for any token that is not a live link."""
    await limit_views(request)
    try:
        found = await tracking.request_for_tracking_token(
            request.app.state.settings.secret_key, token)
    except NotFound:
        return None
    return await get_request(found.id)


def _language(request: Request, visit_request: VisitRequest) -> str:
    asked = request.query_params.get("lang")
    return label_language(asked or visit_request.form_language)


def not_found(request: Request) -> Response:
    lang = label_language(request.query_params.get("lang") or "en")
    return render_visitor(request, GONE, lang, status=404, w=w)


async def track(request: Request, who: Principal | None, token: str) -> Response:
    visit_request = await _tracked(request, token)
    if visit_request is None:
        return not_found(request)
    notice = request.session.pop(NOTICE, None)
    done = w.DONE.get(notice) if isinstance(notice, str) else None
    return await show(request, token, visit_request, notice=done)


async def show(request: Request, token: str, visit_request: VisitRequest, *,
               status: int = 200, notice: VisitorText | None = None,
               refusal: VisitorText | None = None, message: str = "") -> Response:
    lang = _language(request, visit_request)
    base = f"/track/{token}"
    proposal = await _proposal(request, base, visit_request, lang)
    allowed_to_withdraw = request_answers.ANSWERS["withdrawn"][0]
    page = render_visitor(
        request, PAGE, lang, status=status, r=visit_request, base=base, w=w,
        status_words=pair(REQUEST_STATUS_WORDS[visit_request.status], lang),
        days=[format_day(date.fromisoformat(d), lang) for d in visit_request.dates],
        notes=list(visit_request.request_notes), proposal=proposal,
        can_answer=proposal is not None and visit_request.status == "proposed",
        can_withdraw=visit_request.status in allowed_to_withdraw,
        notice=pair(notice, lang) if notice else None,
        refusal=pair(refusal, lang) if refusal else None,
        message=message, max_message=MAX_CHANGES_MESSAGE,
        tz=request.app.state.settings.timezone,
    )
    page.headers["Referrer-Policy"] = "no-referrer"
    return page


async def _proposal(request: Request, base: str, visit_request: VisitRequest, lang: str
                    ) -> dict[str, Any] | None:
    visit_id = visit_request.visit_id  # type: ignore[attr-defined]
    if visit_id is None or visit_request.status not in SHOWN_WITH_PROPOSAL:
        return None
    section = await documents.proposal_section(
        request.app.state.settings, visit_id, lang,
        pdf_url=f"{base}/itinerary.pdf?lang={lang}", ics_url=f"{base}/itinerary.ics")
    if section is None:
        return None
    version, html, font_css = section
    return {"version": version, "html": html, "font_css": font_css}


# ---------------------------------------------------------------- answers

async def answer(request: Request, who: Principal | None, token: str, action: str
                 ) -> Response:
    visit_request = await _tracked(request, token)
    if visit_request is None or action not in ANSWER_PATHS:
        return not_found(request)
    form = await read_unchecked_form(request)
    typed = str(form.get("message") or "")
    try:
        check_csrf(request, form)
    except Forbidden as exc:
        return await show(request, token, visit_request, status=403,
                          refusal=refusal_of(exc)[1], message=typed)
    given = ANSWER_PATHS[action]
    message, refused = _read_message(typed) if given == "changes" else ("", None)
    if refused is not None:
        return await show(request, token, visit_request, status=422, refusal=refused,
                          message=typed)
    return await _give(request, token, visit_request, given, form_int(form.get("version")),
                       message, typed)


def _read_message(typed: str) -> tuple[str, VisitorText | None]:
    try:
        return _message.validate_python(typed), None
    except ValidationError as exc:
        kind = exc.errors()[0]["type"]
    if kind == "too_long":
        return "", w.MESSAGE_TOO_LONG.filled(max_length=MAX_CHANGES_MESSAGE)
    if kind in ("blank", "missing", "string_too_short"):
        return "", w.MESSAGE_MISSING
    return "", w.MESSAGE_BAD_CHARACTERS


async def _give(request: Request, token: str, visit_request: VisitRequest, given: str,
                version: int | None, message: str, typed: str) -> Response:
    base = public_base(request)
    try:
        await request_answers.answer_request(
            request.app.state.settings, visit_request.id, given, version=version,
            message=message, client_address=client_address(request),
            tracking_url=tracking.tracking_url(base, token), base_url=base)
    except TooManyRequests as exc:
        seconds = exc.retry_after or 1
        wait = refusal_of(exc, wait=lambda tag: _wait_in_words(seconds, tag))[1]
        page = await show(request, token, visit_request, status=429, refusal=wait,
                          message=typed)
        page.headers["Retry-After"] = str(seconds)
        return page
    except Conflict as exc:
        current = await get_request(visit_request.id)
        return await show(request, token, current, status=409,
                          refusal=_why_nothing_changed(exc, current), message=typed)
    request.session[NOTICE] = given
    lang = _language(request, visit_request)
    return redirect(f"/track/{token}?lang={lang}")


def _why_nothing_changed(exc: Conflict, current: VisitRequest) -> VisitorText:
    if exc.code == "stale_version":
        return w.STALE
    return w.NOT_ANSWERABLE.filled(status=lambda lang: _status_word(current.status, lang))


def _status_word(status: str, lang: str) -> str:
    return say(REQUEST_STATUS_WORDS[status], lang)


# ---------------------------------------------------------------- downloads

async def document(request: Request, who: Principal | None, token: str, kind: str
                   ) -> Response:
    """The PDF or calendar of the version the page shows (the latest published)."""
    visit_request = await _tracked(request, token)
    visit_id = visit_request.visit_id if visit_request else None  # type: ignore[attr-defined]
    if visit_request is None or visit_id is None or kind not in ("pdf", "ics") or \
            visit_request.status not in SHOWN_WITH_PROPOSAL:
        return not_found(request)
    settings, renderer = request.app.state.settings, request.app.state.renderer
    visit = await Visit.get(id=visit_id)
    if kind == "pdf":
        lang = request.query_params.get("lang")
        return download(request, await documents.itinerary_pdf(
            settings, renderer, visit, label_language(lang) if lang else None, None,
            documents.PUBLISHED))
    return download(request, await documents.visit_calendar(
        settings, renderer, visit, None, documents.PUBLISHED))


def routes() -> list[Route]:
    one = "/track/{token}"
    return [
        page_route(one, track, roles=None),
        page_route(one + "/itinerary.{kind}", document, roles=None),
        page_route(one + "/{action}", answer, roles=None, methods=("POST",)),
    ]

