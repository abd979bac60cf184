"""The host's answer page, `/answer/{token}` (SPEC §7.5): no sign-in, phone first, Korean
with English beside. Accept, decline with a reason, or propose another time among the
host's own free slots (`availability.counter_choices`, the one engine). Each answer goes
through the same services as the API, for the stop exactly as the link was made for
(its `sequence`): a link whose stop changed or was answered shows why (410) and offers no
action; a token that is not ours is a plain 404. Pages and answers count against
`PUBLIC_VIEWS_PER_MINUTE` like the other secret links.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from babel.dates import format_date
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from visits import answer_links
from visits.answer_links import AnswerLink
from visits.auth import Principal
from visits.contract.booking import Counter, Decline
from visits.domain import RuleViolation
from visits.edge.errors import outcome
from visits.edge.public_limits import limit_views
from visits.errors import ApiError, NotFound
from visits.pages.forms import form_model
from visits.pages.i18n import N_, translations
from visits.pages.text import text
from visits.pages.web import (
    ENVIRONMENT,
    check_csrf,
    csrf_token,
    page_route,
    read_unchecked_form,
    redirect,
)
from visits.services import accounts, availability, counters, visits
from visits.services.refusals import describe

NOTICE = "answer_notice"  # the answer just given, shown once after the redirect
ACTIONS = ("accept", "decline", "counter")
DONE = {"accept": N_("Thank you: you accepted this visit."),
        "decline": N_("Thank you: you declined this visit. The protocol office will plan "
                      "again."),
        "counter": N_("Thank you: your proposed time was sent. The protocol office confirms "
                      "it by mail.")}
GONE = {answer_links.ANSWERED: (N_("You have already answered"),
                                N_("This request was answered: it is now %(status)s. To "
                                   "change the answer, call or write to the protocol "
                                   "office.")),
        answer_links.CHANGED: (N_("The request has changed"),
                               N_("The visit was changed after this mail was sent. Open the "
                                  "link in the newest mail about it, or call the protocol "
                                  "office.")),
        answer_links.CANCELLED: (N_("The visit was cancelled"),
                                 N_("Nothing more is needed from you for this visit.")),
        answer_links.PAST: (N_("This visit has already taken place"),
                            N_("The time for answering has passed.")),
        "not_found": (N_("This link does not work"),
                      N_("Check that the whole address from the mail was opened, or call "
                         "the protocol office."))}
STATUS_WORDS = {"requested": N_("Requested"), "accepted": N_("Accepted"),
                "declined": N_("Declined"), "countered": N_("Another time proposed"),
                "cancelled": N_("Cancelled")}


def both(message: str, **values: Any) -> Markup:
    """Korean first, the English beside it (smaller), each part in its own language. A
    value given as a (Korean, English) pair is said in each part's own language."""
    korean = translations("ko").gettext(message)
    english = message
    if values:
        korean %= {k: v[0] if isinstance(v, tuple) else v for k, v in values.items()}
        english %= {k: v[1] if isinstance(v, tuple) else v for k, v in values.items()}
    return Markup('<span lang="ko">{0}</span> <span class="en" lang="en">{1}</span>').format(
        korean, english)


def _page(request: Request, template: str, status: int = 200, **context: Any) -> Response:
    settings = request.app.state.settings
    tz = settings.timezone

    def day(moment: datetime | date) -> Markup:
        value = moment.astimezone(tz).date() if isinstance(moment, datetime) else moment
        return Markup('{0} <span class="en" lang="en">{1}</span>').format(
            format_date(value, "full", locale="ko"), format_date(value, "EEE, MMM d", locale="en"))

    html = ENVIRONMENT.get_template(template).render(
        request=request, csrf_token=csrf_token(request), both=both, N_=N_, day=day,
        hhmm=lambda moment: f"{moment.astimezone(tz):%H:%M}", names=text,
        org_name=settings.org_name, org_phone=settings.org_phone, org_email=settings.org_email,
        **context)
    headers = {"Cache-Control": "no-store", "Content-Language": "ko",
               "Referrer-Policy": "no-referrer"}
    return Response(html, status_code=status, headers=headers, media_type="text/html")


async def _link(request: Request, token: str) -> AnswerLink | None:
    """The link behind the token, counted against the public views' limit."""
    await limit_views(request)
    return await _resolve(request, token)


async def _resolve(request: Request, token: str) -> AnswerLink | None:
    try:
        return await answer_links.link_for_token(request.app.state.settings.secret_key, token)
    except NotFound:
        return None


def _gone(request: Request, link: AnswerLink | None) -> Response:
    state = link.state if link else "not_found"
    title, why = GONE[state]
    label = STATUS_WORDS.get(link.stop.status, "") if link else ""
    status_word = (translations("ko").gettext(label), label.lower())
    return _page(request, "pages/answer/gone.html", status=410 if link else 404, title=title,
                 why=why, status_word=status_word, link=link)


async def show(request: Request, who: Principal | None, token: str) -> Response:
    link = await _link(request, token)
    notice = request.session.pop(NOTICE, None)
    if link is not None and isinstance(notice, list) and notice[:1] == [link.stop.id] \
            and notice[1] in DONE:
        return _page(request, "pages/answer/done.html", done=DONE[notice[1]], stop=link.stop)
    if link is None or link.state != answer_links.OPEN:
        return _gone(request, link)
    return await _open(request, token, link)


async def _open(request: Request, token: str, link: AnswerLink, status: int = 200,
                problem: Markup | None = None, reason: str = "", action: str = "") -> Response:
    choices = await availability.counter_choices(request.app.state.settings, link.stop)
    return _page(request, "pages/answer/open.html", status=status, stop=link.stop,
                 base=f"/answer/{token}", choices=choices, problem=problem, reason=reason,
                 action=action)


async def answer(request: Request, who: Principal | None, token: str, action: str
                 ) -> Response:
    link = await _link(request, token)
    if link is None or action not in ACTIONS:
        return _gone(request, None)
    form = await read_unchecked_form(request)
    reason = str(form.get("reason") or "")
    if link.state != answer_links.OPEN:
        return _gone(request, link)
    try:
        check_csrf(request, form)
        await _give(request, link, action, form, reason)
    except (ApiError, RuleViolation) as exc:
        if isinstance(exc, ApiError) and exc.status == 404:
            return _gone(request, None)
        fresh = await _resolve(request, token)  # as it is now: answered or changed meanwhile?
        if fresh is None or fresh.state != answer_links.OPEN:
            return _gone(request, fresh)
        status = outcome(exc)[0]
        return await _open(request, token, fresh, status, await _said(request, exc), reason,
                           action)
    request.session[NOTICE] = [link.stop.id, action]
    return redirect(f"/answer/{token}")


async def _give(request: Request, link: AnswerLink, action: str, form: Any, reason: str
                ) -> None:
    settings = request.app.state.settings
    actor = await accounts.host_as_actor(link.stop.host)
    if action == "accept":
        await visits.answer_stop(actor, link.stop.id, accept=True, sequence=link.sequence)
        return
    if action == "decline":
        body, invalid = form_model(Decline, {"reason": reason})
        if invalid is not None:
            raise invalid
        assert isinstance(body, Decline)
        await visits.answer_stop(actor, link.stop.id, accept=False, reason=body.reason,
                                 sequence=link.sequence)
        return
    counter, invalid = form_model(Counter, {"start": str(form.get("start") or ""),
                                            "reason": reason})
    if invalid is not None:
        raise invalid
    assert isinstance(counter, Counter)
    await counters.counter_stop(actor, settings, link.stop.id, counter.start, counter.reason,
                                sequence=link.sequence)


async def _said(request: Request, exc: ApiError | RuleViolation) -> Markup:
    tz = request.app.state.settings.timezone
    korean = await describe(exc, "ko", tz, with_field=False)
    english = await describe(exc, "en", tz, with_field=False)
    return Markup('<span lang="ko">{0}</span> <span class="en" lang="en">{1}</span>').format(
        korean, english)


def routes() -> list[Route]:
    one = "/answer/{token}"
    return [
        page_route(one, show, roles=None),
        page_route(one + "/{action}", answer, roles=None, methods=("POST",)),
    ]
