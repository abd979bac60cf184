"""Command line: `python -m visits migrate | seed-demo | create-user | disable-user |
check-deploy | backup | restore | purge-personal-data`."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

from pydantic import ValidationError
from tortoise import Tortoise
from tortoise.migrations.api.migrate import migrate as tortoise_migrate

from visits.backup import TIMEOUT_SECONDS, BackupError, backup, database_has_rows, restore
from visits.deploy import check_deploy
from visits.services.accounts import create_user, disable_user
from visits.services.retention import Erased, purge_personal_data
from visits.settings import Settings, SettingsError, load_settings


async def run_migrations(settings: Settings) -> None:
    """Apply every pending migration; used by the release step, `make run` and the tests."""
    try:
        await tortoise_migrate(config=settings.tortoise_config())
    finally:
        await Tortoise.close_connections()


async def _with_orm(settings: Settings, action: Callable[[], Awaitable[int]]) -> int:
    await Tortoise.init(config=settings.tortoise_config())
    try:
        return await action()
    finally:
        await Tortoise.close_connections()


def _first_error(exc: ValueError) -> str:
    errors = exc.errors() if isinstance(exc, ValidationError) else []
    return str(errors[0]["msg"]) if errors else str(exc)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m visits", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="apply database migrations")
    sub.add_parser("check-deploy", help="refuse (exit 2) a deployment without PUBLIC_URL")
    seed = sub.add_parser("seed-demo", help="load the Guro-gu demo data")
    seed.add_argument("--if-empty", action="store_true",
                      help="only when the database has no facilities yet")
    user = sub.add_parser("create-user", help="create or update a user")
    user.add_argument("email")
    user.add_argument("--role", choices=["officer", "host"], required=True)
    user.add_argument("--password", required=True)
    user.add_argument("--name", help="the person's name as pages show it (e.g. 박지현); "
                      "a host user goes by the host's name")
    disable = sub.add_parser("disable-user", help="stop a user signing in and end every "
                             "session and token they hold (create-user brings them back)")
    disable.add_argument("email")
    _backup_commands(sub)
    sub.add_parser("purge-personal-data", help="erase members' and contacts' personal data "
                   "of visits and requests older than RETENTION_DAYS (run it daily)")
    return parser


def said_in_korean(erased: Erased, days: int) -> str:
    since = f"보존 기간 {days}일: {erased.before:%Y-%m-%d} 이전"
    if not (erased.delegations or erased.requests):
        return f"{since}에 끝난 방문과 요청 중 지울 개인정보가 없습니다."
    return (f"{since}에 끝난 방문과 요청의 개인정보를 지웠습니다. 대표단 {erased.delegations}곳"
            f"(구성원 {erased.members}명), 견학 요청 {erased.requests}건.")


async def _purge(settings: Settings) -> int:
    print(said_in_korean(await purge_personal_data(settings), settings.retention_days))
    return 0


async def _disable(email: str) -> int:
    try:
        print(await disable_user(email))
    except LookupError:
        print(f"there is no user {email}", file=sys.stderr)
        return 2
    return 0


def _backup_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    save = sub.add_parser("backup", help="write a consistent copy of the database to FILE "
                          "(safe while the app runs)")
    save.add_argument("file", type=Path)
    load = sub.add_parser("restore", help="replace the database's content with FILE "
                          "(stop the app first)")
    load.add_argument("file", type=Path)
    load.add_argument("--force", action="store_true",
                      help="overwrite a database that already holds data")
    for command in (save, load):
        command.add_argument("--timeout", type=float, default=TIMEOUT_SECONDS,
                             help="give up after this many seconds (default %(default)s)")


def _run_backup(args: argparse.Namespace, settings: Settings) -> int:
    try:
        if args.command == "backup":
            backup(settings, args.file, args.timeout)
            print(f"백업했습니다 / Backed up: {args.file}")
            return 0
        if not args.force and asyncio.run(database_has_rows(settings)):
            raise BackupError(
                "데이터베이스가 비어 있지 않습니다. 덮어쓰려면 --force를 붙이세요.",
                "The database is not empty: add --force to overwrite it.")
        restore(settings, args.file, args.timeout)
        print(f"복원했습니다 / Restored: {args.file}")
        return 0
    except BackupError as exc:
        print(exc, file=sys.stderr)
        return 1


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "check-deploy":
        return check_deploy(dict(os.environ))
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"설정 오류 (settings error): {exc}", file=sys.stderr)
        return 2
    if args.command == "migrate":
        asyncio.run(run_migrations(settings))
        return 0
    if args.command in {"backup", "restore"}:
        return _run_backup(args, settings)
    if args.command == "create-user":
        if len(args.password) < 8:
            print("the password needs at least 8 characters", file=sys.stderr)
            return 2

        async def _create() -> int:
            try:
                print(await create_user(args.email, args.role, args.password, args.name))
            except ValueError as exc:
                print(f"the name is not usable: {_first_error(exc)}", file=sys.stderr)
                return 2
            return 0

        return asyncio.run(_with_orm(settings, _create))
    if args.command == "disable-user":
        return asyncio.run(_with_orm(settings, lambda: _disable(args.email)))
    if args.command == "purge-personal-data":
        return asyncio.run(_with_orm(settings, lambda: _purge(settings)))
    from visits.demo import seed_demo

    async def _seed() -> int:
        for line in await seed_demo(settings, only_if_empty=args.if_empty):
            print(line)
        return 0

    return asyncio.run(_with_orm(settings, _seed))
