"""The host's personal answer link to one stop, `/answer/{token}` (SPEC §7.5).

The token is the stop's id with its `sequence` and host, signed with the secret key under
a salt of its own (a share or tracking token is never an answer token). itsdangerous
checks the signature with `hmac.compare_digest`, in constant time. Nothing is stored: a
link is valid exactly while its stop is as it was when the mail was written. Any change
(rescheduled, another host, cancelled: each bumps `sequence` or the host) makes it stale,
and once the stop is answered it is spent; the page then says why instead of acting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from visits.errors import NotFound
from visits.models import Stop
from visits.sharing import sign_link, unsign_link

ANSWER_SALT = "gyeonhak.answer-link"
ANSWER_PATH = "/answer/"
# What a link can find; only "open" lets the host act.
OPEN, ANSWERED, CHANGED, CANCELLED, PAST = "open", "answered", "changed", "cancelled", "past"


@dataclass(frozen=True)
class AnswerLink:
    stop: Stop
    state: str
    sequence: int  # the stop's sequence the link was made for


def answer_token(secret_key: str, stop_id: int, sequence: int, host_id: int) -> str:
    return sign_link(secret_key, ANSWER_SALT, stop_id, f"{sequence}.{host_id}")


def answer_url(base_url: str, token: str) -> str:
    return f"{base_url}{ANSWER_PATH}{token}"


async def link_for_token(secret_key: str, token: str, now: datetime | None = None
                         ) -> AnswerLink:
    """The stop a token names and what the link may do now; NotFound when the token is not
    one of ours (tampered, another kind of link, a stop that no longer exists)."""
    stop_id, version = unsign_link(secret_key, ANSWER_SALT, token)
    stop = await Stop.get_or_none(id=stop_id).select_related(
        "facility", "host", "visit__delegation")
    if stop is None:
        raise NotFound("This link is not valid.")
    sequence = version.partition(".")[0]
    return AnswerLink(stop, link_state(stop, version, now or datetime.now(UTC)),
                      int(sequence) if sequence.isdigit() else -1)


def link_state(stop: Stop, version: str, now: datetime) -> str:
    if stop.status == "cancelled" or stop.visit.cancelled:
        return CANCELLED
    if version != f"{stop.sequence}.{stop.host_id}":  # type: ignore[attr-defined]
        return CHANGED
    if stop.status != "requested":
        return ANSWERED
    if stop.start <= now:
        return PAST
    return OPEN
