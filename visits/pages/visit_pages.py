"""The visit builder and the officer's page for one visit."""

from __future__ import annotations

from starlette.routing import Route


def routes() -> list[Route]:
    return []
