"""Passwords (argon2), bearer tokens (random, stored as SHA-256, expiring, revocable),
signing in under the throttle of `visits.throttle`, and ending every sign-in of a user."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import Parameters, PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from visits.errors import TooManyAttempts, Unauthorized
from visits.models import ApiToken, User, WebSession
from visits.settings import ThrottleLimits
from visits.throttle import count_failure, forget_account_failures, seconds_to_wait, throttle_keys

_hasher = PasswordHasher()
# A real hash to verify against when the email is unknown, so timing does not tell
# which emails have accounts.
_DUMMY_HASH = _hasher.hash("no such user: constant-time filler")


def use_password_parameters(parameters: Parameters) -> None:
    """Swap argon2's cost; the test suite uses the cheapest profile to stay fast."""
    global _hasher, _DUMMY_HASH
    _hasher = PasswordHasher.from_parameters(parameters)
    _DUMMY_HASH = _hasher.hash("no such user: constant-time filler")


@dataclass(frozen=True)
class Principal:
    user_id: int
    email: str
    role: str
    host_id: int | None

    @property
    def is_officer(self) -> bool:
        return self.role == "officer"


def principal_of(user: User) -> Principal:
    return Principal(user.id, user.email, user.role, user.host_id)  # type: ignore[attr-defined]


async def hash_password(password: str) -> str:
    return await run_in_threadpool(_hasher.hash, password)


async def password_matches(hashed: str, password: str) -> bool:
    try:
        return await run_in_threadpool(_hasher.verify, hashed, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _now() -> datetime:
    return datetime.now(UTC)


async def check_password(email: str, password: str, client: str,
                         limits: ThrottleLimits) -> User:
    """The user for these credentials, or Unauthorized; TooManyAttempts while `client` (the
    address the request came from) must wait. Unknown and known e-mails are answered alike:
    same error, same argon2 work, same counting."""
    email = email.strip().lower()
    keys = throttle_keys(client, email)
    wait = await seconds_to_wait(keys)
    if wait > 0:
        raise TooManyAttempts("Too many sign-in attempts: try again in {seconds} seconds.",
                              seconds=wait, retry_after=wait)
    user = await User.get_or_none(email=email, is_active=True)
    right = await password_matches(user.password_hash if user else _DUMMY_HASH, password)
    if user is None or not right:
        await count_failure(keys, limits)
        raise Unauthorized("Wrong email or password.", code="invalid_credentials")
    await forget_account_failures(keys)
    return user


async def end_sign_ins(user_id: int) -> None:
    """Every browser session and API token of the user ends now, in every app process: both
    are looked up in the database on each request."""
    await WebSession.filter(user_id=user_id).delete()
    await ApiToken.filter(user_id=user_id, revoked_at=None).update(revoked_at=_now())


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def issue_token(user: User, ttl: timedelta) -> tuple[str, datetime]:
    token = secrets.token_urlsafe(32)
    expires_at = _now() + ttl
    await ApiToken.create(user=user, token_hash=_digest(token), expires_at=expires_at)
    return token, expires_at


async def revoke_token(token: str) -> None:
    await ApiToken.filter(token_hash=_digest(token), revoked_at=None).update(revoked_at=_now())


async def principal_for_token(token: str) -> Principal | None:
    if not token or len(token) > 200:
        return None
    record = await ApiToken.get_or_none(token_hash=_digest(token)).select_related("user")
    if record is None or record.revoked_at is not None or record.expires_at <= _now():
        return None
    if not record.user.is_active:
        return None
    return principal_of(record.user)


def client_address(request: Request) -> str:
    """The address the request came from, as the ASGI server saw it: behind a proxy, uvicorn
    puts the client's own address here from X-Forwarded-For when FORWARDED_ALLOW_IPS trusts
    the proxy (README, several processes behind a proxy)."""
    return request.client.host if request.client else "unknown"


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


async def authenticate_bearer(request: Request) -> Principal:
    token = bearer_token(request)
    if token is None:
        raise Unauthorized("Send Authorization: Bearer TOKEN (from POST /api/auth/token).")
    principal = await principal_for_token(token)
    if principal is None:
        raise Unauthorized("The token is unknown, expired or revoked.", code="invalid_token")
    return principal
