"""The contact's secret tracking link to a visit request, made like the share links of
visits.sharing: the link's id and random nonce, signed with the secret key (a salt of its
own, so a share token is never a tracking token). A tampered token fails the signature,
a revoked or expired one the database check: either way NotFound, and the page a 404.

A link lives until 7 days after the request's last wished date (and, once a visit is
proposed, after that visit: see `link_expiry`).
"""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime, time, timedelta

from visits.errors import NotFound
from visits.models import TrackingLink, VisitRequest
from visits.sharing import sign_link, unsign_link

TRACKING_SALT = "gyeonhak.tracking-link"
LINK_LIFETIME_AFTER_LAST_DATE = timedelta(days=7)
TRACK_PATH = "/track/"


def tracking_url(base_url: str, token: str) -> str:
    return f"{base_url}{TRACK_PATH}{token}"


def link_expiry(request: VisitRequest, later_than: datetime | None = None) -> datetime:
    """7 days after the last wished date (from the end of that day in UTC), or after
    `later_than` (a proposed visit's end) when that is later."""
    last_day = max(date.fromisoformat(d) for d in request.dates)
    end = datetime.combine(last_day + timedelta(days=1), time.min, UTC)
    if later_than is not None and later_than > end:
        end = later_than
    return end + LINK_LIFETIME_AFTER_LAST_DATE


async def create_tracking_link(secret_key: str, request: VisitRequest) -> tuple[str, datetime]:
    """A new link (token, expiry); earlier links stay valid until revoked."""
    expires_at = link_expiry(request)
    link = await TrackingLink.create(request=request, nonce=secrets.token_urlsafe(24),
                                     expires_at=expires_at)
    return sign_link(secret_key, TRACKING_SALT, link.id, link.nonce), expires_at


async def current_tracking_token(secret_key: str, request: VisitRequest) -> str | None:
    """The token of the newest live link (signing is deterministic: same link, same URL)."""
    link = await TrackingLink.filter(
        request=request, revoked_at=None, expires_at__gt=datetime.now(UTC)
    ).order_by("-id").first()
    if link is None:
        return None
    return sign_link(secret_key, TRACKING_SALT, link.id, link.nonce)


async def extend_tracking_links(request: VisitRequest, until: datetime) -> int:
    """Live links expire no sooner than `until` + 7 days (a later helper: a proposed visit)."""
    return await TrackingLink.filter(
        request=request, revoked_at=None, expires_at__lt=until + LINK_LIFETIME_AFTER_LAST_DATE
    ).update(expires_at=link_expiry(request, until))


async def revoke_tracking_links(request: VisitRequest) -> int:
    return await TrackingLink.filter(request=request, revoked_at=None).update(
        revoked_at=datetime.now(UTC))


async def request_for_tracking_token(secret_key: str, token: str) -> VisitRequest:
    link_id, nonce = unsign_link(secret_key, TRACKING_SALT, token)
    link = await TrackingLink.get_or_none(id=link_id, nonce=nonce).select_related("request")
    if link is None or link.revoked_at is not None or link.expires_at <= datetime.now(UTC):
        raise NotFound("This link has expired or was withdrawn.")
    return link.request
