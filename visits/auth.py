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

from visits.database.reads import read_rows
from visits.errors import TooManyAttempts, Unauthorized
from visits.models import ApiToken, User, WebSession
from visits.settings import ThrottleLimits
from visits.throttle import claim_attempt, forgive, throttle_keys

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
    wait = await claim_attempt(keys, limits)
    if wait > 0:
        raise TooManyAttempts("Too many sign-in attempts: try again in {seconds} seconds.",
                              seconds=wait, retry_after=wait)
    user = await User.get_or_none(email=email, is_active=True)
    right = await password_matches(user.password_hash if user else _DUMMY_HASH, password)
    if user is None or not right:
        raise Unauthorized("Wrong email or password.", code="invalid_credentials")
    await forgive(keys, limits)
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


@dataclass(frozen=True)
class SignedIn:
    principal: Principal
    changes: int  # the change counter (visits.audit), read in the same statement


# The token, its user and the change counter in one statement (the ORM's select_related
# query cost more to build than to run, and the counter was a second round trip). Nothing
# is cached between requests: a token revoked, expired or whose user was disabled stops
# working at its next request, in every app process.
_SIGNED_IN_SQL = (
    "SELECT u.id, u.email, u.role, u.host_id, t.expires_at, "
    "(SELECT c.value FROM change_counter c WHERE c.id = 1) "
    "FROM api_token t JOIN app_user u ON u.id = t.user_id "
    "WHERE t.token_hash = {0} AND t.revoked_at IS NULL AND u.is_active"
)


async def signed_in_with(token: str) -> SignedIn | None:
    """Who the token signs in, with the change counter; None when it is unknown, revoked,
    expired or its user disabled."""
    if not token or len(token) > 200:
        return None
    rows = await read_rows(_SIGNED_IN_SQL, [_digest(token)])
    if not rows:
        return None
    user_id, email, role, host_id, expires_at, changes = rows[0]
    if _moment(expires_at) <= _now():
        return None
    return SignedIn(Principal(user_id, email, role, host_id), int(changes or 0))


def _moment(value: datetime | str) -> datetime:
    """PostgreSQL hands back datetimes; SQLite the ISO text Tortoise stored (in UTC)."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


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


_CHANGES_SEEN = "visits.changes_seen"


async def authenticate_bearer(request: Request) -> Principal:
    """The request's signed-in user; the change counter read with the token is kept for
    `changes_seen`."""
    token = bearer_token(request)
    if token is None:
        raise Unauthorized("Send Authorization: Bearer TOKEN (from POST /api/auth/token).")
    signed_in = await signed_in_with(token)
    if signed_in is None:
        raise Unauthorized("The token is unknown, expired or revoked.", code="invalid_token")
    request.scope[_CHANGES_SEEN] = signed_in.changes
    return signed_in.principal


def changes_seen(request: Request) -> int | None:
    """The change counter as read when the request's token was checked (before anything
    the request reads after it), or None for a request without one."""
    value = request.scope.get(_CHANGES_SEEN)
    return value if isinstance(value, int) else None
