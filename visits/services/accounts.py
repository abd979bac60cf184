"""Accounts: creating users (the command line, the demo and the tests use this), and how
pages and the API name the people who changed something."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import TypeAdapter

from visits.auth import Principal, end_sign_ins, hash_password, password_matches
from visits.contract.fields import PersonName
from visits.models import Host, User

_PERSON_NAME: TypeAdapter[str] = TypeAdapter(PersonName)


async def create_user(email: str, role: str, password: str, name: str | None = None) -> str:
    """Create or update a user; a host user is linked to the host with the same e-mail.
    `name` (None: keep the stored one) is how pages name the person; a bad one raises
    ValueError before anything is written. A changed password ends the sessions and tokens
    signed in with the old one.

    Answers a line saying what was done, for the command line."""
    clean_name = _PERSON_NAME.validate_python(name) if name is not None else None
    email = email.strip().lower()
    host = await Host.get_or_none(email=email) if role == "host" else None
    user, created = await User.get_or_none(email=email), False
    if user is None:
        user = User(email=email)
        created = True
    new_password = created or not await password_matches(user.password_hash, password)
    user.role = role
    user.password_hash = await hash_password(password)
    user.host = host
    user.is_active = True  # a disabled user comes back with the new password
    if clean_name is not None:
        user.name = clean_name
    await user.save()
    if new_password and not created:  # whoever signed in with the old password is out
        await end_sign_ins(user.id)
    linked = f", linked to host #{host.id}" if host else ""
    named = f" ({user.name})" if user.name else ""
    return f"{'created' if created else 'updated'} {role} {email}{named}{linked}"


async def disable_user(email: str) -> str:
    """The user may no longer sign in, and every session and token they hold ends now.

    Answers a line saying what was done, for the command line; LookupError if unknown."""
    email = email.strip().lower()
    user = await User.get_or_none(email=email)
    if user is None:
        raise LookupError(email)
    user.is_active = False
    await user.save(update_fields=["is_active", "updated_at"])
    await end_sign_ins(user.id)
    return f"disabled {user.role} {email}: its sessions and tokens ended"


async def people_names(user_ids: Iterable[int | None]) -> dict[int, dict[str, str] | str]:
    """user id → the person's name: a host user goes by the host's (multilingual) name as
    the catalogue keeps it, anyone else by their own name. Users with neither are left out:
    the caller falls back to the e-mail address."""
    wanted = {user_id for user_id in user_ids if user_id is not None}
    names: dict[int, dict[str, str] | str] = {}
    for user in await User.filter(id__in=wanted).prefetch_related("host"):
        host = user.host
        if host is not None and host.name:
            names[user.id] = host.name
        elif user.name:
            names[user.id] = user.name
    return names


async def host_as_actor(host: Host) -> Principal:
    """Who answers through a host's answer link (no sign-in): the host's own user when they
    have one, so the change log names them; else the host's e-mail alone."""
    user = await User.get_or_none(host_id=host.id, is_active=True)
    return Principal(user.id if user else 0, host.email, "host", host.id)
