"""Statistics for officers: charts and CSV."""

from __future__ import annotations

from starlette.routing import Route


def routes() -> list[Route]:
    return []
