"""What the protocol documents need to know: plain, frozen, already resolved and ordered.

The table tents (`name_cards.py`) and the host's briefing (`briefing.py`) read these; the
web app builds them from its records, members already in precedence order.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from itineraries.model import Person, Place, StopInfo, Text

# Member roles in Korean (SPEC §7.2 `role`): the briefing is read by Korean hosts.
ROLES_KO = {
    "head": "단장",
    "member": "단원",
    "interpreter": "통역",
    "press": "기자",
    "staff": "수행원",
}


def is_latin(text: str) -> bool:
    """Every letter of `text` is a Latin one (accents included)."""
    return all(not c.isalpha() or "LATIN" in unicodedata.name(c, "") for c in text)


def romanized_beside(native: str, romanized: str) -> str:
    """The romanized name to show beside a name in its own script: only where that script
    is not Latin and the two differ; "" otherwise (the shown name says it all)."""
    native, romanized = native.strip(), romanized.strip()
    if not native or is_latin(native) or romanized == native:
        return ""
    return romanized


@dataclass(frozen=True)
class Attendee:
    """A member of the delegation as the protocol record has them."""

    name: str  # romanized, "given family" or as given
    native_name: str = ""  # in its own script; "" when only the romanized name is known
    title: str = ""
    role: str = "member"  # head | member | interpreter | press | staff
    diet: str = ""
    access: str = ""

    @property
    def shown_name(self) -> str:
        """The name in its own script, else the romanized one."""
        return self.native_name.strip() or self.name


@dataclass(frozen=True)
class HostAtVisit:
    """A Korean host who receives the delegation, with the places they receive it at."""

    person: Person
    places: tuple[Place, ...]


@dataclass(frozen=True)
class NameCardSet:
    """Table tents for one visit: the delegation's members in precedence order, then the
    Korean hosts in the order the delegation meets them."""

    visit_id: int
    organisation: Text | str  # the host organisation
    delegation_name: Text | str
    language: str  # the delegation's, BCP 47
    members: tuple[Attendee, ...]
    hosts: tuple[HostAtVisit, ...]


@dataclass(frozen=True)
class EarlierVisit:
    day: date
    delegation_name: Text | str
    places: tuple[Text | str, ...]  # facilities visited, in time order


@dataclass(frozen=True)
class Briefing:
    """One stop, as its host needs to know it beforehand."""

    stop: StopInfo
    timezone: ZoneInfo
    organisation: Text | str
    delegation_name: Text | str
    country: str  # ISO 3166-1 alpha-2
    city: str
    language: str  # BCP 47
    size: int
    members: tuple[Attendee, ...]  # in precedence order
    host_languages: tuple[str, ...]  # what the stop's host speaks
    interest_kinds: tuple[str, ...] = ()  # facility kinds named in the request
    interest_places: tuple[Text | str, ...] = ()  # facilities named in the request
    interpreter_needed: bool | None = None  # None: no request behind the delegation
    # Interpreters assigned to the visit during the stop (SPEC §7.4): "name (phone)".
    interpreters: tuple[str, ...] = ()
    earlier: tuple[EarlierVisit, ...] = ()  # same country, newest first
