"""The visitors' survey behind the share link (SPEC §7.6): `{share url}/survey` asks three
questions (overall satisfaction 1–5, the most useful stop, a comment) in the visitor's
language, with Korean and English beside, from the visit's day on.

A device is known by a random cookie of its own (kept a year, only its SHA-256 is
stored): one answer per share link and device, which the device may change for a week.
The page works without JavaScript; a wrong, revoked or expired link is a plain 404 page.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from markupsafe import Markup
from pydantic import TypeAdapter, ValidationError
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from itineraries.labels import format_day, label_language
from itineraries.model import pick_text
from visits import sharing
from visits.auth import Principal
from visits.contract.after import MAX_SURVEY_COMMENT, SurveyComment, SurveyIn
from visits.edge.public_limits import limit_views
from visits.edge.sessions import secure_cookies
from visits.errors import Conflict, Forbidden, NotFound
from visits.models import ShareLink, SurveyAnswer
from visits.pages.forms import form_int
from visits.pages.tracking_page import not_found
from visits.pages.visitor_frame import render_visitor
from visits.pages.visitor_i18n import pair, say
from visits.pages.web import check_csrf, page_route, read_unchecked_form, redirect
from visits.services import surveys
from visits.wording import survey_words as w
from visits.wording.visitor_text import VisitorText

PAGE = "visitor/survey.html"
DEVICE_COOKIE = "gyeonhak_device"
DEVICE_KEPT = timedelta(days=365)
NOTICE = "survey_saved"
_comment: TypeAdapter[str] = TypeAdapter(SurveyComment)


def trio(message: VisitorText | str, lang: str, **values: Any) -> Markup:
    """The visitor's language with Korean beside it, and English too for anyone else."""
    shown = pair(message, lang, **values)
    if lang == "en":
        return shown
    return shown + Markup(' <span class="en" lang="en" dir="ltr">{0}</span>').format(
        say(message, "en", **values))


async def _link(request: Request, token: str) -> ShareLink | None:
    await limit_views(request)
    try:
        return await sharing.share_link_for_token(request.app.state.settings.secret_key, token)
    except NotFound:
        return None


async def _language(request: Request, link: ShareLink) -> str:
    asked = request.query_params.get("lang")
    if asked:
        return label_language(asked)
    await link.visit.fetch_related("delegation")
    return label_language(link.visit.delegation.language)


async def survey(request: Request, who: Principal | None, token: str) -> Response:
    link = await _link(request, token)
    if link is None:
        return not_found(request)
    saved = request.session.pop(NOTICE, None) == token
    return await _show(request, token, link, notice=w.SAVED if saved else None)


async def _show(request: Request, token: str, link: ShareLink, *, status: int = 200,
                notice: VisitorText | None = None, refusal: VisitorText | None = None,
                typed: dict[str, Any] | None = None) -> Response:
    settings = request.app.state.settings
    lang = await _language(request, link)
    device = request.cookies.get(DEVICE_COOKIE) or secrets.token_urlsafe(24)
    answer = await surveys.answer_of(link, device)
    stops = await surveys.useful_stops(link.visit.id)
    editable = surveys.still_editable(answer)
    until = (answer.created_at + surveys.EDITABLE_FOR).astimezone(settings.timezone).date() \
        if answer is not None else None
    page = render_visitor(
        request, PAGE, lang, status=status, w=w, trio=lambda m, **v: trio(m, lang, **v),
        base=f"/v/{token}", is_open=await surveys.is_open(settings, link.visit),
        editable=editable, answer=answer, chosen=_chosen(answer, typed),
        stops=[(s.id, pick_text(s.facility.name, lang)) for s in stops],
        until=(lambda tag: format_day(until, label_language(tag))) if until else None,
        notice=trio(notice, lang) if notice else None,
        refusal=trio(refusal, lang) if refusal else None, max_comment=MAX_SURVEY_COMMENT)
    page.headers["Referrer-Policy"] = "no-referrer"
    _keep_device(request, page, device)
    return page


def _chosen(answer: SurveyAnswer | None, typed: dict[str, Any] | None) -> dict[str, Any]:
    if typed is not None:
        return typed
    if answer is None:
        return {"overall": None, "useful": None, "comment": ""}
    return {"overall": answer.overall, "useful": answer.useful_stop_id,  # type: ignore[attr-defined]
            "comment": answer.comment}


def _keep_device(request: Request, response: Response, device: str) -> None:
    if request.cookies.get(DEVICE_COOKIE) == device:
        return
    response.set_cookie(
        DEVICE_COOKIE, device, max_age=int(DEVICE_KEPT.total_seconds()), path="/v/",
        httponly=True, samesite="lax",
        secure=secure_cookies(request.scope, request.app.state.settings.public_url))


def _read(form: FormData) -> tuple[dict[str, Any], SurveyIn | None, VisitorText | None]:
    typed = {"overall": form_int(form.get("overall")), "useful": form_int(form.get("useful")),
             "comment": str(form.get("comment") or "")}
    if typed["overall"] is None or not 1 <= typed["overall"] <= 5:
        return typed, None, w.CHOOSE_SCORE
    try:
        comment = _comment.validate_python(typed["comment"])
    except ValidationError as exc:
        kind = exc.errors()[0]["type"]
        refused = w.TOO_LONG.filled(max_length=MAX_SURVEY_COMMENT) if kind == "string_too_long" \
            else w.BAD_TEXT
        return typed, None, refused
    return typed, SurveyIn(overall=typed["overall"], useful_stop_id=typed["useful"],
                           comment=comment), None


async def answer_survey(request: Request, who: Principal | None, token: str) -> Response:
    link = await _link(request, token)
    if link is None:
        return not_found(request)
    form = await read_unchecked_form(request)
    typed, body, refused = _read(form)
    try:
        check_csrf(request, form)
    except Forbidden:
        return await _show(request, token, link, status=403, refusal=w.EXPIRED, typed=typed)
    if body is None:
        return await _show(request, token, link, status=422, refusal=refused, typed=typed)
    stops = {s.id for s in await surveys.useful_stops(link.visit.id)}
    if body.useful_stop_id not in stops:
        body = body.model_copy(update={"useful_stop_id": None})
    device = request.cookies.get(DEVICE_COOKIE) or secrets.token_urlsafe(24)
    lang = await _language(request, link)
    try:
        await surveys.save_answer(request.app.state.settings, link, device, body, lang)
    except Conflict as exc:
        why = w.NOT_YET if exc.code == "survey_not_open" else w.CLOSED
        page = await _show(request, token, link, status=409, refusal=why, typed=typed)
        _keep_device(request, page, device)
        return page
    request.session[NOTICE] = token
    response = redirect(f"/v/{token}/survey?lang={lang}")
    _keep_device(request, response, device)
    return response


def routes() -> list[Route]:
    one = "/v/{token}/survey"
    return [page_route(one, survey, roles=None),
            page_route(one, answer_survey, roles=None, methods=("POST",))]
