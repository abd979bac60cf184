"""Accounts: creating users (the command line, the demo and the tests use this)."""

from __future__ import annotations

from pydantic import TypeAdapter

from visits.auth import hash_password
from visits.contract.fields import PersonName
from visits.models import Host, User

_PERSON_NAME: TypeAdapter[str] = TypeAdapter(PersonName)


async def create_user(email: str, role: str, password: str, name: str | None = None) -> str:
    """Create or update a user; a host user is linked to the host with the same e-mail.
    `name` (None: keep the stored one) is how pages name the person; a bad one raises
    ValueError before anything is written.

    Answers a line saying what was done, for the command line."""
    clean_name = _PERSON_NAME.validate_python(name) if name is not None else None
    email = email.strip().lower()
    host = await Host.get_or_none(email=email) if role == "host" else None
    user, created = await User.get_or_none(email=email), False
    if user is None:
        user = User(email=email)
        created = True
    user.role = role
    user.password_hash = await hash_password(password)
    user.host = host
    user.failed_logins = 0
    user.locked_until = None
    if clean_name is not None:
        user.name = clean_name
    await user.save()
    linked = f", linked to host #{host.id}" if host else ""
    named = f" ({user.name})" if user.name else ""
    return f"{'created' if created else 'updated'} {role} {email}{named}{linked}"
