"""`python -m visits check-deploy`: what a deployment must configure, checked before the
server starts (the Procfile runs it first), so a missing address fails loudly at start-up
instead of links quietly taking whatever Host header a client sends."""

from __future__ import annotations

import sys

from visits.settings import SettingsError, load_settings

NO_PUBLIC_URL = (
    "PUBLIC_URL is not set: a deployment must name its public address (e.g. "
    "PUBLIC_URL=https://visits.guro.go.kr), since share links, calendar feeds and QR codes "
    "are built from it. Not starting."
)


def deployment_problems(env: dict[str, str]) -> list[str]:
    try:
        settings = load_settings(env)
    except SettingsError as exc:
        return [f"{exc}. Not starting."]
    return [] if settings.public_url else [NO_PUBLIC_URL]


def check_deploy(env: dict[str, str]) -> int:
    problems = deployment_problems(env)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 2 if problems else 0
