"""Signing in and out, and the interface language."""

from __future__ import annotations

import math
from datetime import timedelta
from urllib.parse import urlsplit

from babel.dates import format_timedelta
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from visits.auth import Principal, check_password, client_address
from visits.edge.sessions import renew_session, secure_cookies
from visits.errors import TooManyAttempts, Unauthorized
from visits.pages.i18n import LANGUAGES
from visits.pages.web import language_of, page_route, read_form, redirect, render

HOME = {"officer": "/dashboard", "host": "/inbox"}


def _safe_next(target: str | None, fallback: str) -> str:
    """Only a path on this site: never an open redirect to somewhere else."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return fallback
    parts = urlsplit(target)
    return fallback if parts.scheme or parts.netloc else target


async def login_form(request: Request, who: Principal | None) -> Response:
    if who is not None:
        return redirect(HOME[who.role])
    return render(request, "pages/login.html", next=request.query_params.get("next", ""),
                  email="", error=None)


async def login(request: Request, who: Principal | None) -> Response:
    form = await read_form(request)
    email = str(form.get("email", ""))[:254]
    password = str(form.get("password", ""))[:1024]
    target = str(form.get("next", ""))
    try:
        user = await check_password(email, password, client_address(request),
                                    request.app.state.settings.sign_in_limits)
    except (Unauthorized, TooManyAttempts) as exc:
        return _login_refused(request, exc, target, email)
    request.session.clear()
    request.session["user_id"] = user.id
    renew_session(request)  # a new key: no fixation of one planted before signing in
    return redirect(_safe_next(target, HOME[user.role]))


def _login_refused(request: Request, error: Unauthorized | TooManyAttempts, target: str,
                   email: str) -> Response:
    wait = error.retry_after or 0
    page = render(request, "pages/login.html", status=error.status, next=target, email=email,
                  error=error, wait=wait_in_words(wait, language_of(request)))
    if error.retry_after is not None:
        page.headers["Retry-After"] = str(error.retry_after)
    return page


def wait_in_words(seconds: int, lang: str) -> str:
    """"15초", "4분", "1시간": seconds up to two minutes, then whole minutes rounded up, so
    the page never promises less than the real wait."""
    if seconds > 120:
        seconds = math.ceil(seconds / 60) * 60
    return format_timedelta(timedelta(seconds=seconds), threshold=2, locale=lang)


async def logout(request: Request, who: Principal | None) -> Response:
    await read_form(request)
    request.session.clear()  # deletes the session's row: a copy of the cookie opens nothing
    return redirect("/login")


async def set_language(request: Request, who: Principal | None) -> Response:
    form = await read_form(request)
    lang = str(form.get("lang", ""))
    response = redirect(_safe_next(str(form.get("next", "")), "/"))
    if lang in LANGUAGES:
        response.set_cookie("lang", lang, max_age=365 * 24 * 3600, samesite="lax",
                            httponly=True, secure=secure_cookies(
                                request.scope, request.app.state.settings.public_url))
    return response


async def home(request: Request, who: Principal | None) -> Response:
    return redirect(HOME[who.role] if who else "/login")


def routes() -> list[Route]:
    return [
        page_route("/", home, roles=None),
        page_route("/login", login_form, roles=None),
        page_route("/login", login, roles=None, methods=("POST",)),
        page_route("/logout", logout, roles=None, methods=("POST",)),
        page_route("/language", set_language, roles=None, methods=("POST",)),
    ]
