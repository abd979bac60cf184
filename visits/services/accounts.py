"""Accounts: creating users (the command line, the demo and the tests use this)."""

from __future__ import annotations

from visits.auth import hash_password
from visits.models import Host, User


async def create_user(email: str, role: str, password: str) -> str:
    """Create or update a user; a host user is linked to the host with the same e-mail.

    Answers a line saying what was done, for the command line."""
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
    await user.save()
    linked = f", linked to host #{host.id}" if host else ""
    return f"{'created' if created else 'updated'} {role} {email}{linked}"
