"""`python -m visits backup FILE` and `restore FILE`: the whole database in one file.

SQLite: SQLite's online backup API copies the database as one snapshot, consistent while
the app goes on writing (a reader in WAL mode blocks no writer); the copy is checked and
then moved into place, so FILE is never half written. PostgreSQL: `pg_dump -Fc` (one
repeatable-read snapshot) and `pg_restore --clean --if-exists` in a single transaction,
each bounded in time, the password handed over in PGPASSWORD, never in argv.

A restore refuses to overwrite a database that holds any row unless forced. Messages are
for the operator at a terminal: Korean, then English.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

from tortoise import Tortoise
from tortoise.exceptions import DBConnectionError, OperationalError
from tortoise.models import Model

from visits.settings import Settings

TIMEOUT_SECONDS = 600.0
BUSY_SECONDS = 15.0  # a writer holding SQLite's lock is waited for this long


class BackupError(Exception):
    """A backup or restore that did not happen; the message says why, in both languages."""

    def __init__(self, korean: str, english: str) -> None:
        super().__init__(f"{korean}\n{english}")


def backup(settings: Settings, target: Path, timeout: float = TIMEOUT_SECONDS) -> None:
    """Write a consistent copy of the database to `target` (replaced only once complete)."""
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        if settings.is_postgres:
            _pg_dump(settings.database_url, partial, timeout)
        else:
            _sqlite_copy(_sqlite_path(settings.database_url), partial)
            _check_sqlite_file(partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


async def database_has_rows(settings: Settings) -> bool:
    """Whether any table of the app holds a row (a database only migrated counts as empty)."""
    try:
        await Tortoise.init(config=settings.tortoise_config())
        try:
            return any([await _has_rows(model) for model in Tortoise.apps["visits"].values()])
        finally:
            await Tortoise.close_connections()
    except (OSError, DBConnectionError) as exc:
        raise BackupError(f"데이터베이스에 연결할 수 없습니다: {exc}",
                          f"Cannot reach the database: {exc}") from None


async def _has_rows(model: type[Model]) -> bool:
    try:
        return await model.exists()
    except OperationalError:  # the table is not there yet
        return False


def restore(settings: Settings, source: Path, timeout: float = TIMEOUT_SECONDS) -> None:
    """Replace the database's content with the backup in `source`. The caller decides
    whether a database with rows may be overwritten (see `database_has_rows`)."""
    if not source.is_file():
        raise BackupError(f"백업 파일이 없습니다: {source}", f"No backup file at {source}.")
    if settings.is_postgres:
        _pg_restore(settings.database_url, source, timeout)
    else:
        _check_sqlite_file(source)
        _sqlite_copy(source, _sqlite_path(settings.database_url))


# --- SQLite ----------------------------------------------------------------------------------

def _sqlite_path(database_url: str) -> Path:
    path = database_url.removeprefix("sqlite://").split("?", 1)[0]
    if path == ":memory:":
        raise BackupError("메모리 데이터베이스는 백업하거나 복원할 수 없습니다.",
                          "An in-memory database cannot be backed up or restored.")
    return Path(path)


def _sqlite_copy(source: Path, target: Path) -> None:
    """Copy every page of `source` into `target` as one snapshot of `source`; `target`'s
    other connections see the new content once the copy commits."""
    if not source.exists():
        raise BackupError(f"데이터베이스 파일이 없습니다: {source}",
                          f"No database file at {source}.")
    try:
        with _connect(source) as origin, _connect(target) as copy:
            origin.backup(copy)
    except sqlite3.Error as exc:
        raise BackupError(f"SQLite 복사에 실패했습니다: {exc}", f"SQLite copy failed: {exc}") \
            from None


def _connect(path: Path) -> closing[sqlite3.Connection]:
    """Closed on leaving the block (sqlite3's own context manager only commits)."""
    return closing(sqlite3.connect(path, timeout=BUSY_SECONDS))


def _check_sqlite_file(path: Path) -> None:
    try:
        with _connect(path) as db:
            verdict = db.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError:
        verdict = "not a database"
    if verdict != "ok":
        raise BackupError(f"SQLite 백업 파일이 아니거나 손상되었습니다: {path} ({verdict})",
                          f"Not a SQLite backup, or damaged: {path} ({verdict})")


# --- PostgreSQL ------------------------------------------------------------------------------

def libpq_url_and_env(database_url: str) -> tuple[str, dict[str, str]]:
    """The URL as libpq takes it, without password and options; the password goes in the
    environment of the child process only."""
    url = urlsplit(database_url)
    netloc = url.hostname or ""
    if ":" in netloc:
        netloc = f"[{netloc}]"
    if url.port:
        netloc += f":{url.port}"
    if url.username:
        netloc = f"{url.username}@{netloc}"
    env = {**os.environ}
    if url.password:
        env["PGPASSWORD"] = unquote(url.password)
    return urlunsplit(("postgresql", netloc, url.path, "", "")), env


def _pg_dump(database_url: str, target: Path, timeout: float) -> None:
    url, env = libpq_url_and_env(database_url)
    _check(_run(["pg_dump", "--format=custom", f"--file={target}", f"--dbname={url}"],
                env, timeout))


def _pg_restore(database_url: str, source: Path, timeout: float) -> None:
    url, env = libpq_url_and_env(database_url)
    if _run(["pg_restore", "--list", str(source)], env, timeout).returncode != 0:
        raise BackupError(f"pg_dump 백업 파일이 아닙니다: {source}",
                          f"Not a pg_dump backup: {source}")
    _check(_run(["pg_restore", "--clean", "--if-exists", "--single-transaction", "--no-owner",
                 "--no-privileges", f"--dbname={url}", str(source)], env, timeout))


def _run(command: list[str], env: dict[str, str], timeout: float
         ) -> subprocess.CompletedProcess[str]:
    program = shutil.which(command[0])
    if program is None:
        raise BackupError(f"{command[0]}이(가) 없습니다. postgresql-client를 설치하세요.",
                          f"{command[0]} not found: install postgresql-client.")
    try:
        # A fixed program and arguments, no shell; the password is in env only.
        return subprocess.run([program, *command[1:]], capture_output=True, text=True,  # noqa: S603
                              env=env, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise BackupError(f"{command[0]}이(가) {timeout:.0f}초 안에 끝나지 않았습니다.",
                          f"{command[0]} did not finish within {timeout:.0f} s.") from None


def _check(done: subprocess.CompletedProcess[str]) -> None:
    if done.returncode != 0:
        program = Path(done.args[0]).name
        reason = done.stderr.strip()[-2000:]
        raise BackupError(f"{program} 실패: {reason}", f"{program} failed: {reason}")
