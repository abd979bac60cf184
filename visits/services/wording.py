"""Rule messages in words an officer knows: "facility 3" becomes the facility's name.

The domain names facilities and hosts by id (it knows nothing else); the edges replace the
ids with names before a person reads the message."""

from __future__ import annotations

import copy
import re
from typing import Any

from itineraries.model import pick_text
from visits.domain import RuleViolation
from visits.models import Facility, Host


def text(value: Any, lang: str) -> str:
    return pick_text(value, lang) if isinstance(value, dict | str) else str(value)


FACILITY_WORDS = re.compile(r"\b([Ff]acilit(?:y|ies)) (\d+(?:(?:, | and )\d+)*)")
HOST_WORDS = re.compile(r"\b([Hh]ost) (\d+)")


def in_words(message: str, places: dict[int, Any], people: dict[int, Any], lang: str) -> str:
    """The message with names instead of ids ("facility 3" → "facility “CCTV”")."""

    def facility(found: re.Match[str]) -> str:
        ids = re.split(r", | and ", found.group(2))
        named = [f"“{text(places[int(i)], lang)}”" if int(i) in places else i for i in ids]
        joined = named[0] if len(named) == 1 else f"{', '.join(named[:-1])} and {named[-1]}"
        return f"{found.group(1)} {joined}"

    def host(found: re.Match[str]) -> str:
        ident = int(found.group(2))
        return f"{found.group(1)} {text(people[ident], lang)}" if ident in people else found[0]

    return HOST_WORDS.sub(host, FACILITY_WORDS.sub(facility, message))


async def named(violation: RuleViolation, lang: str = "en") -> RuleViolation:
    """A copy of the violation whose message names the facilities and hosts it mentions."""
    facility_ids = {int(i) for found in FACILITY_WORDS.finditer(violation.message)
                    for i in re.split(r", | and ", found.group(2))}
    host_ids = {int(found.group(2)) for found in HOST_WORDS.finditer(violation.message)}
    if not facility_ids and not host_ids:
        return violation
    places = dict(await Facility.filter(id__in=facility_ids).values_list("id", "name"))
    people = dict(await Host.filter(id__in=host_ids).values_list("id", "name"))
    worded = copy.copy(violation)
    worded.message = in_words(violation.message, places, people, lang)
    worded.args = (worded.message,)
    return worded
