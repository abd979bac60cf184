"""What every page shares: templates, the signed-in user, CSRF, forms, flash messages.

Pages call the same services as the JSON API. A form is turned into the API's pydantic
model, so a page and an integration see exactly the same validation and rules.
"""

from __future__ import annotations

import gettext
import hmac
import secrets
from collections.abc import Awaitable, Callable, Sequence
from functools import cache
from typing import Any
from urllib.parse import quote

import jinja2
from babel import Locale
from babel.dates import format_date
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from itineraries.protocol import romanized_beside
from visits import store
from visits.auth import Principal, principal_of
from visits.domain import RuleViolation
from visits.edge.address import refuse_control_characters
from visits.edge.bodies import read_body
from visits.edge.errors import outcome
from visits.errors import ApiError, Forbidden
from visits.models import User
from visits.pages.i18n import LANGUAGE_NAMES, N_, choose_language, translations
from visits.pages.text import clock, text
from visits.services.refusals import describe
from visits.settings import ROOT

PageHandler = Callable[..., Awaitable[Response]]
CSRF_FIELD = "csrf_token"
# Stop and visit statuses (English in the API, words in the pages: SPEC §7).
STATUS_LABELS = {
    "requested": N_("Requested"), "accepted": N_("Accepted"), "declined": N_("Declined"),
    "cancelled": N_("Cancelled"), "confirmed": N_("Confirmed"),
    "needs_attention": N_("Needs attention"), "countered": N_("Another time proposed"),
    "completed": N_("Completed"),
}


class LoginRequired(Exception):
    """Raised by `require_user`; turned into a redirect to /login."""


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(ROOT / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    env.globals["romanized_beside"] = romanized_beside
    return env


ENVIRONMENT = _environment()


def language_of(request: Request) -> str:
    return choose_language(request.cookies.get("lang"),
                           request.headers.get("accept-language", ""))


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def flash(request: Request, message: str, kind: str = "ok") -> None:
    request.session.setdefault("flash", []).append([kind, message])


def status_label(t: gettext.NullTranslations, status: str) -> str:
    """A stop's or a visit's status in words of the interface language."""
    label = STATUS_LABELS.get(status)
    return t.gettext(label) if label else status


@cache
def babel_locale(lang: str) -> Locale:
    """Parsed once per language: Babel parses a locale given by name on every call."""
    return Locale.parse(lang)


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    lang = language_of(request)
    t = translations(lang)
    settings = request.app.state.settings
    page = ENVIRONMENT.get_template(template)
    html = page.render(
        request=request, lang=lang, languages=LANGUAGE_NAMES, csrf_token=csrf_token(request),
        user=request.scope.get("principal"), flashes=request.session.pop("flash", []),
        gettext=t.gettext, ngettext=t.ngettext, _=t.gettext,
        txt=lambda value: text(value, lang),
        status_label=lambda status: status_label(t, status),
        hhmm=lambda moment: clock(moment, settings),
        fmt_day=lambda value, pattern="full": format_date(value, pattern,
                                                          locale=babel_locale(lang)),
        local=lambda moment: moment.astimezone(settings.timezone), **context,
    )
    headers = {"Cache-Control": "no-store", "Content-Language": lang}
    return HTMLResponse(html, status_code=status, headers=headers)


async def current_user(request: Request) -> Principal | None:
    user_id = request.session.get("user_id")
    if not isinstance(user_id, int):
        return None
    user = await User.get_or_none(id=user_id, is_active=True)
    if user is None:
        request.session.clear()
        return None
    return principal_of(user)


async def read_form(request: Request) -> FormData:
    """The posted form, after the CSRF check; a post without a valid token is refused."""
    form = await read_unchecked_form(request)
    check_csrf(request, form)
    return form


async def read_unchecked_form(request: Request) -> FormData:
    """The posted form (size-limited) before its CSRF check: for a form that shows what was
    typed again when the check fails, and changes nothing then."""
    limit = request.app.state.settings.max_body_bytes
    body = await read_body(request, limit)

    async def replay() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    return await Request(request.scope, replay).form()


def check_csrf(request: Request, form: FormData) -> None:
    sent = form.get(CSRF_FIELD)
    expected = request.session.get("csrf")
    if not isinstance(sent, str) or not isinstance(expected, str) or not hmac.compare_digest(
        sent, expected
    ):
        raise Forbidden("The form expired or did not come from this site: reload the page and "
                        "try again.", code="csrf")


def page_route(
    path: str, handler: PageHandler, *, roles: Sequence[str] | None,
    methods: Sequence[str] = ("GET",),
) -> Route:
    """A page: signs in (or redirects to /login), checks the role, renders errors as pages."""
    allowed = frozenset(roles) if roles is not None else None

    async def endpoint(request: Request) -> Response:
        principal = await current_user(request)
        request.scope["principal"] = principal
        try:
            refuse_control_characters(request)
            if allowed is not None:
                if principal is None:
                    raise LoginRequired
                if principal.role not in allowed:
                    raise Forbidden("This page is not for your role.")
            with store.watching_client(request.is_disconnected):
                return await handler(request, principal, **request.path_params)
        except LoginRequired:
            query = f"?{request.url.query}" if request.url.query else ""
            target = quote(request.url.path + query)
            return RedirectResponse(f"/login?next={target}", status_code=303)
        except (ApiError, RuleViolation) as exc:
            return await error_page(request, exc)

    return Route(path, endpoint, methods=list(methods), name=f"page {path} {','.join(methods)}")


async def error_page(request: Request, error: ApiError | RuleViolation) -> Response:
    """The refusal as a page, said in the interface language."""
    status = outcome(error)[0]
    message = await describe(error, language_of(request), request.app.state.settings.timezone,
                             with_field=False)
    page = render(request, "pages/error.html", status=status, code=status, message=message)
    if isinstance(error, ApiError) and error.retry_after is not None:
        page.headers["Retry-After"] = str(error.retry_after)
    return page


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)

