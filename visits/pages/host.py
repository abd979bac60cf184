"""The host's pages: the inbox of requested stops, their hours, their calendar feed."""

from __future__ import annotations

from starlette.routing import Route


def routes() -> list[Route]:
    return []
