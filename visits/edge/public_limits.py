"""Rate limits of the public addresses, per client address (visits.rate_limit): what the
API and the pages share."""

from __future__ import annotations

from starlette.requests import Request

from visits.rate_limit import take_view


def client_address(request: Request) -> str:
    """The address the ASGI server reports (behind a proxy: see FORWARDED_ALLOW_IPS)."""
    return request.client.host if request.client else "unknown"


async def limit_views(request: Request) -> None:
    """PUBLIC_VIEWS_PER_MINUTE: pages and downloads by secret link (share, tracking)."""
    await take_view(request.app.state.settings, client_address(request))
