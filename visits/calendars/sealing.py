"""CalDAV passwords at rest: sealed with Fernet under the CALENDAR_KEY setting."""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken


def seal(key: str, password: str) -> str:
    return Fernet(key.encode()).encrypt(password.encode()).decode() if password else ""


def unseal(key: str, sealed: str) -> str:
    """The password, or "" when there is none or the key changed (the read then fails as
    unauthorised and the host is asked to type it again)."""
    if not sealed:
        return ""
    try:
        return Fernet(key.encode()).decrypt(sealed.encode()).decode()
    except (InvalidToken, ValueError):
        return ""
