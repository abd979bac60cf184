"""One frozen settings object, read from the environment once.

Every environment variable the app reads is here; the README's configuration table lists them.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tortoise.backends.base.config_generator import expand_db_url

ROOT = Path(__file__).resolve().parent.parent
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]"})
_HOST = re.compile(r"^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+)(:[0-9]{1,5})?$")


class SettingsError(ValueError):
    """A setting in the environment is malformed; raised at start-up, never at request time."""


def _read_secret_key(data_dir: Path) -> str:
    """Generate the key into the data directory on first run so restarts keep sessions valid."""
    path = data_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


# The range each whole-number setting must lie in: a value outside it (a typo such as
# MIN_NOTICE_MINUTES=-5400000) stops the start with a message saying what is allowed.
INT_RANGES: dict[str, tuple[int, int]] = {
    "PORT": (1, 65535),
    "TOKEN_TTL_HOURS": (1, 24 * 366),
    "MIN_NOTICE_MINUTES": (0, 60 * 24 * 366),
    "MAX_BODY_BYTES": (1024, 100_000_000),
    "RENDER_WORKERS": (1, 64),
    "SIGN_IN_FREE_PER_ACCOUNT": (1, 1000),
    "SIGN_IN_FREE_PER_ADDRESS": (1, 10_000_000),
    "MAIL_RETRY_FIRST_SECONDS": (1, 86400),
    "MAIL_RETRY_MAX_SECONDS": (1, 7 * 86400),
    "SOLVER_PROCESSES": (1, 256),
    "SOLVER_MEMORY_MB": (256, 1_048_576),
    "SOLVER_GRACE_SECONDS": (0, 3600),
    "EVENT_JOBS": (1, 64),
    "MAX_REQUESTS_IN_FLIGHT": (1, 100_000),
    "PUBLIC_REQUESTS_PER_HOUR": (1, 10_000_000),
    "PUBLIC_VIEWS_PER_MINUTE": (1, 10_000_000),
    "RETENTION_DAYS": (1, 36500),
    "DOCUMENT_STORE_MAX_MB": (1, 1_048_576),
}


def _int(env: dict[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if raw == "":
        return default
    low, high = INT_RANGES.get(name, (-(2**63), 2**63 - 1))
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        raise SettingsError(
            f"{name}: {low}에서 {high}까지의 정수여야 합니다. 지금 값: {raw!r} "
            f"({name} must be a whole number from {low} to {high}, got {raw!r})")
    return value


def _seconds(env: dict[str, str], name: str, default: float) -> float:
    raw = env.get(name, "")
    if raw == "":
        return default
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds < 86400:
        raise SettingsError(
            f"{name}: 0보다 크고 86400보다 작은 초 단위 숫자여야 합니다. 지금 값: {raw!r} "
            f"({name} must be a number of seconds above 0 and below 86400, got {raw!r})")
    return seconds


@dataclass(frozen=True)
class DatabaseTimeouts:
    """How long a request may wait on the database before it is answered 503."""

    lock: float = 3.0  # for a row, table or SQLite write lock
    statement: float = 15.0  # for one statement (PostgreSQL)
    connection: float = 5.0  # for a pool connection, connecting included


@dataclass(frozen=True)
class ThrottleLimits:
    """How many failed sign-ins are free before each further one doubles the wait."""

    free_per_account: int = 5  # from one client address for one account
    free_per_address: int = 20  # from one client address, whatever the accounts
    first_wait: timedelta = timedelta(seconds=15)
    longest_wait: timedelta = timedelta(hours=1)
    # A counter whose last failure is older than this starts again from zero.
    forget_after: timedelta = timedelta(hours=24)


@dataclass(frozen=True)
class CalendarSettings:
    """How hosts' own calendars are read (SPEC §7.7)."""

    key: str = field(default="", repr=False)  # Fernet key sealing CalDAV passwords
    horizon_days: int = 120  # busy times kept from now on
    refresh_min: int = 15  # each calendar re-read this often
    stale_hours: int = 24  # past this without a good read, the officer is warned
    timeout_seconds: float = 20.0  # a whole read, however slowly the server trickles
    max_bytes: int = 5 * 1024 * 1024
    max_events: int = 20_000  # busy times kept from one calendar
    allowed_hosts: frozenset[str] = frozenset()  # non-public hosts that may be read anyway
    reader: bool = True  # this process runs the background reader (CALENDAR_READER=0: not)
    poll_seconds: float = 30.0  # how often the reader looks for calendars whose turn came


def calendar_key(env: dict[str, str], secret_key: str) -> str:
    """CALENDAR_KEY (a Fernet key), else one derived from the secret key."""
    raw = env.get("CALENDAR_KEY", "").strip()
    if raw:
        try:
            if len(base64.urlsafe_b64decode(raw.encode())) == 32:
                return raw
        except ValueError:
            pass
        raise SettingsError("CALENDAR_KEY must be a Fernet key (32 bytes, url-safe base64)")
    digest = hashlib.sha256(b"calendar-key:" + secret_key.encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()


def _calendar_settings(env: dict[str, str], secret_key: str) -> CalendarSettings:
    allowed = {host_name(h) for h in env.get("CALENDAR_ALLOWED_HOSTS", "").split(",")
               if h.strip()}
    return CalendarSettings(
        key=calendar_key(env, secret_key),
        horizon_days=max(1, _int(env, "CALENDAR_HORIZON_DAYS", 120)),
        refresh_min=max(1, _int(env, "CALENDAR_REFRESH_MIN", 15)),
        stale_hours=max(1, _int(env, "CALENDAR_STALE_HOURS", 24)),
        timeout_seconds=_seconds(env, "CALENDAR_TIMEOUT_SECONDS", 20.0),
        max_bytes=max(1024, _int(env, "CALENDAR_MAX_BYTES", 5 * 1024 * 1024)),
        max_events=max(1, _int(env, "CALENDAR_MAX_EVENTS", 20_000)),
        allowed_hosts=frozenset(allowed),
        reader=env.get("CALENDAR_READER", "1") not in {"0", "false", "no"},
        poll_seconds=_seconds(env, "CALENDAR_POLL_SECONDS", 30.0),
    )


@dataclass(frozen=True)
class Settings:
    database_url: str
    data_dir: Path
    secret_key: str = field(repr=False)
    org_name: str
    timezone: ZoneInfo
    port: int
    token_ttl: timedelta
    min_notice: timedelta
    holiday_country: str
    max_body_bytes: int
    org_email: str
    org_phone: str
    public_url: str  # empty: links are built from the request's own address
    smtp_url: str = field(repr=False)
    render_workers: int
    render_timeout: float
    render_prewarm: bool
    sign_in_limits: ThrottleLimits
    mail_retry_first: timedelta = timedelta(seconds=15)
    mail_retry_cap: timedelta = timedelta(hours=1)
    solver_processes: int = 1
    solver_memory_mb: int = 2048
    solver_grace: float = 10.0
    event_jobs: int = 2  # event plans solving at once as jobs, over every app process
    allowed_hosts: frozenset[str] = LOOPBACK_HOSTS
    database_timeouts: DatabaseTimeouts = DatabaseTimeouts()
    max_requests_in_flight: int = 64
    public_requests_per_hour: int = 10  # visit requests one client address may send
    public_views_per_minute: int = 120  # public pages and downloads by secret link
    retention_days: int = 365  # members' and contacts' personal data kept after a visit
    answer_remind_after: timedelta = timedelta(hours=24)  # one reminder to a silent host
    answer_escalate_after: timedelta = timedelta(hours=48)  # overdue: the office is mailed
    reminder_every: float = 60.0  # seconds between two rounds of the reminder worker
    gift_report_krw: int = 100_000  # a received gift worth this or more must be reported
    calendars: CalendarSettings = CalendarSettings()
    prerender: bool = True  # render a changed visit's itinerary before it is asked for
    prerender_poll: float = 0.5  # seconds between two looks for committed changes
    document_store_max_bytes: int = 256 * 1024 * 1024  # the shared document store's bound

    @property
    def is_postgres(self) -> bool:
        return self.database_url.startswith(("postgres://", "postgresql://", "asyncpg://"))

    def tortoise_config(self) -> dict[str, object]:
        return tortoise_config(self.database_url, self.database_timeouts)


def database_connection(url: str, timeouts: DatabaseTimeouts) -> dict[str, Any]:
    """Tortoise's connection for the URL, on the app's own clients (visits.database), with
    every wait bounded."""
    connection = expand_db_url(url)
    credentials = connection["credentials"]
    if connection["engine"] == "tortoise.backends.sqlite":
        connection["engine"] = "visits.database.sqlite_client"
        # Processes wait for each other's write lock, up to the lock timeout.
        credentials.setdefault("busy_timeout", int(timeouts.lock * 1000))
        credentials["lock_timeout"] = timeouts.lock
    elif connection["engine"] == "tortoise.backends.asyncpg":
        connection["engine"] = "visits.database.asyncpg_client"
        credentials["server_settings"] = {
            "lock_timeout": f"{int(timeouts.lock * 1000)}ms",
            "statement_timeout": f"{int(timeouts.statement * 1000)}ms",
        }
        credentials.setdefault("timeout", timeouts.connection)  # connecting
        credentials["acquire_timeout"] = timeouts.connection
    return connection


def tortoise_config(database_url: str,
                    timeouts: DatabaseTimeouts = DatabaseTimeouts()) -> dict[str, object]:
    """The Tortoise config shared by the app, the CLI and the migration runner."""
    return {
        "connections": {"default": database_connection(database_url, timeouts)},
        "apps": {
            "visits": {
                "models": ["visits.models"],
                "default_connection": "default",
                "migrations": "visits.migrations",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


def _holiday_country(env: dict[str, str]) -> str:
    country = (env.get("HOLIDAY_COUNTRY", "KR") or "").upper()
    if country not in {"", "KR"}:
        raise SettingsError("HOLIDAY_COUNTRY supports KR (Korean public holidays) or empty")
    return country


def host_name(netloc: str) -> str:
    """The host of a Host header or URL authority, lower case, without port or user
    ("[::1]:8000" → "[::1]")."""
    host = netloc.rpartition("@")[2].strip().lower()
    if host.startswith("["):
        return host.partition("]")[0] + "]"
    return host.partition(":")[0]


def _public_url(env: dict[str, str]) -> str:
    url = (env.get("PUBLIC_URL") or "").strip().rstrip("/")
    parts = urlsplit(url)
    if url and (parts.scheme not in {"http", "https"} or not parts.hostname
                or parts.query or parts.fragment):
        raise SettingsError(f"PUBLIC_URL must be http(s)://host[:port][/path], got {url!r}")
    return url


def _allowed_hosts(env: dict[str, str], public_url: str) -> frozenset[str]:
    """ALLOWED_HOSTS (a comma list; loopback names when unset), and PUBLIC_URL's host."""
    raw = env.get("ALLOWED_HOSTS", "")
    items = [h.strip() for h in raw.split(",") if h.strip()]
    if not all(_HOST.match(h) for h in items):
        raise SettingsError(f"ALLOWED_HOSTS must list host names (a.example,[::1]), got {raw!r}")
    listed = {host_name(h) for h in items} if items else set(LOOPBACK_HOSTS)
    public = {host_name(urlsplit(public_url).netloc)} if public_url else set()
    return frozenset(listed | public)


def load_settings(env: dict[str, str] | None = None) -> Settings:
    env = dict(os.environ if env is None else env)
    data_dir = Path(env.get("DATA_DIR") or ROOT / "data")
    default_db = f"sqlite://{data_dir / 'gyeonhak.sqlite3'}"
    database_url = env.get("DATABASE_URL") or default_db
    if database_url.startswith("sqlite://"):
        db_path = database_url.removeprefix("sqlite://")
        if db_path != ":memory:":
            Path(db_path).parent.mkdir(parents=True, exist_ok=True)
    public_url = _public_url(env)
    secret_key = env.get("SECRET_KEY") or _read_secret_key(data_dir)
    tz_name = env.get("ORG_TIMEZONE") or "Asia/Seoul"
    try:
        timezone = ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(f"ORG_TIMEZONE {tz_name!r} is not a known time zone") from None
    return Settings(
        database_url=database_url,
        data_dir=data_dir,
        secret_key=secret_key,
        org_name=env.get("ORG_NAME") or "구로구청 Guro-gu Office",
        timezone=timezone,
        port=_int(env, "PORT", 8000),
        token_ttl=timedelta(hours=_int(env, "TOKEN_TTL_HOURS", 12)),
        min_notice=timedelta(minutes=_int(env, "MIN_NOTICE_MINUTES", 0)),
        holiday_country=_holiday_country(env),
        max_body_bytes=_int(env, "MAX_BODY_BYTES", 1_000_000),
        org_email=env.get("ORG_EMAIL") or "protocol@guro.example.kr",
        org_phone=env.get("ORG_PHONE") or "02-860-2114",
        public_url=public_url,
        smtp_url=env.get("SMTP_URL") or "",
        render_workers=max(1, _int(env, "RENDER_WORKERS", min(2, os.cpu_count() or 1))),
        render_timeout=_seconds(env, "RENDER_TIMEOUT_SECONDS", 60.0),
        render_prewarm=env.get("RENDER_PREWARM", "1") not in {"0", "false", "no"},
        sign_in_limits=ThrottleLimits(
            free_per_account=max(1, _int(env, "SIGN_IN_FREE_PER_ACCOUNT", 5)),
            free_per_address=max(1, _int(env, "SIGN_IN_FREE_PER_ADDRESS", 20))),
        mail_retry_first=timedelta(seconds=_int(env, "MAIL_RETRY_FIRST_SECONDS", 15)),
        mail_retry_cap=timedelta(seconds=_int(env, "MAIL_RETRY_MAX_SECONDS", 3600)),
        solver_processes=max(1, _int(env, "SOLVER_PROCESSES", os.cpu_count() or 1)),
        solver_memory_mb=max(256, _int(env, "SOLVER_MEMORY_MB", 2048)),
        solver_grace=float(max(0, _int(env, "SOLVER_GRACE_SECONDS", 10))),
        event_jobs=_int(env, "EVENT_JOBS", 2),
        allowed_hosts=_allowed_hosts(env, public_url),
        database_timeouts=DatabaseTimeouts(
            lock=_seconds(env, "DB_LOCK_TIMEOUT_SECONDS", 3.0),
            statement=_seconds(env, "DB_STATEMENT_TIMEOUT_SECONDS", 15.0),
            connection=_seconds(env, "DB_CONNECTION_TIMEOUT_SECONDS", 5.0)),
        max_requests_in_flight=max(1, _int(env, "MAX_REQUESTS_IN_FLIGHT", 64)),
        public_requests_per_hour=max(1, _int(env, "PUBLIC_REQUESTS_PER_HOUR", 10)),
        public_views_per_minute=max(1, _int(env, "PUBLIC_VIEWS_PER_MINUTE", 120)),
        retention_days=max(1, _int(env, "RETENTION_DAYS", 365)),
        answer_remind_after=timedelta(hours=max(1, _int(env, "ANSWER_REMIND_HOURS", 24))),
        answer_escalate_after=timedelta(hours=max(1, _int(env, "ANSWER_ESCALATE_HOURS", 48))),
        reminder_every=_seconds(env, "REMINDER_EVERY_SECONDS", 60.0),
        gift_report_krw=_gift_report_krw(env),
        calendars=_calendar_settings(env, secret_key),
        prerender=env.get("PRERENDER", "1") not in {"0", "false", "no"},
        prerender_poll=_seconds(env, "PRERENDER_POLL_SECONDS", 0.5),
        document_store_max_bytes=_int(env, "DOCUMENT_STORE_MAX_MB", 256) * 1024 * 1024,
    )


def _gift_report_krw(env: dict[str, str]) -> int:
    value = _int(env, "GIFT_REPORT_KRW", 100_000)
    if not 1 <= value <= 10**12:
        raise SettingsError(f"GIFT_REPORT_KRW must be between 1 and 10^12 won, got {value}")
    return value
