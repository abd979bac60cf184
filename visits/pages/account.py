"""Signing in and out, and the interface language."""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from visits.auth import Principal, check_password
from visits.contract.fields import CONTROL_CHARACTERS
from visits.contract.system import TokenRequest
from visits.errors import Unauthorized
from visits.pages.forms import form_model
from visits.pages.i18n import LANGUAGES
from visits.pages.web import page_route, read_form, redirect, render

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
    _, refused = form_model(TokenRequest, {"email": email, "password": password})
    if refused is not None and refused.code == "control_character":
        return render(request, "pages/login.html", status=400, next=target,
                      email=CONTROL_CHARACTERS.sub("", email), error=refused)
    try:
        user = await check_password(email, password)
    except Unauthorized as exc:
        return render(request, "pages/login.html", status=401, next=target, email=email,
                      error=exc)
    request.session.clear()  # a fresh session: no fixation of a pre-login id
    request.session["user_id"] = user.id
    request.session["auth_version"] = user.password_hash[-16:]
    return redirect(_safe_next(target, HOME[user.role]))


async def logout(request: Request, who: Principal | None) -> Response:
    await read_form(request)
    request.session.clear()
    return redirect("/login")


async def set_language(request: Request, who: Principal | None) -> Response:
    form = await read_form(request)
    lang = str(form.get("lang", ""))
    response = redirect(_safe_next(str(form.get("next", "")), "/"))
    if lang in LANGUAGES:
        response.set_cookie("lang", lang, max_age=365 * 24 * 3600, samesite="lax",
                            httponly=True)
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
