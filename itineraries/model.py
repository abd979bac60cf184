"""What a document needs to know about one visit: plain, frozen, already resolved.

Multilingual text is a mapping of BCP 47 tag → text (the tag "und" holds text given without
a language). `pick_text` chooses what to show for a language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

Text = Mapping[str, str]


def pick_text(text: Text | str, lang: str, *, fallback: tuple[str, ...] = ("en", "ko")) -> str:
    """The text in `lang` (or its base language: "zh" for "zh-Hans"), else a fallback
    language, else text of undetermined language, else any text at all."""
    if isinstance(text, str):
        return text
    if lang in text:
        return text[lang]
    base = lang.split("-", 1)[0]
    for tag, value in text.items():
        if tag.split("-", 1)[0] == base:
            return value
    for tag in (*fallback, "und"):
        if tag in text:
            return text[tag]
    return next(iter(text.values()), "")


@dataclass(frozen=True)
class Place:
    """A facility as the visitor meets it."""

    facility_id: int
    name: Text
    address: Text
    lat: float | None = None
    lon: float | None = None
    description: Text = field(default_factory=dict)


@dataclass(frozen=True)
class Person:
    """A host (receives the delegation at a stop)."""

    host_id: int
    name: Text | str
    email: str
    phone: str = ""


@dataclass(frozen=True)
class StopInfo:
    stop_id: int
    status: str  # requested | accepted | declined | cancelled
    sequence: int  # grows with every change: calendar clients replace older copies
    start: datetime  # aware
    end: datetime  # aware
    place: Place
    host: Person
    party_size: int


@dataclass(frozen=True)
class ItemInfo:
    """A programme item without a host (SPEC §7.4): arrival, a meal, the bus. `kind` is
    one of arrival, welcome, briefing, meal, transfer, free, departure, other."""

    item_id: int
    kind: str
    title: Text | str
    start: datetime  # aware
    end: datetime  # aware
    sequence: int = 0  # grows with every change, like a stop's
    place: Text | str = field(default_factory=dict)  # the place's name, e.g. a restaurant
    address: Text | str = field(default_factory=dict)
    lat: float | None = None
    lon: float | None = None
    notes: str = ""


@dataclass(frozen=True)
class CompanionInfo:
    """A companion going with the visit (SPEC §7.4): interpreter, escort, driver, vehicle."""

    assignment_id: int
    companion_id: int
    kind: str  # interpreter | escort | driver | vehicle
    name: Text | str
    start: datetime  # aware
    end: datetime  # aware
    email: str = ""
    phone: str = ""
    languages: tuple[str, ...] = ()
    seats: int | None = None
    sequence: int = 0  # grows with every change, as a stop's
    live: bool = True  # false once removed: its invite becomes a CANCEL


@dataclass(frozen=True)
class Member:
    name: str  # romanized
    title: str = ""
    head: bool = False
    native_name: str = ""  # in its own script; "" when only the romanized name is known


@dataclass(frozen=True)
class DelegationInfo:
    name: Text | str
    country: str  # ISO 3166-1 alpha-2
    city: str
    language: str  # BCP 47
    size: int
    contact_name: str
    contact_email: str
    members: tuple[Member, ...] = ()


@dataclass(frozen=True)
class StopVersion:
    """A stop as one published version showed it: one side of a change."""

    start: datetime  # aware
    end: datetime  # aware
    host: Text | str


@dataclass(frozen=True)
class ChangeNote:
    """One line of "changed since version N": what happened to which place."""

    kind: str  # added | removed | moved | host_changed | cancelled
    place: Text | str
    before: StopVersion | None = None  # missing for added
    after: StopVersion | None = None  # missing for a stop gone from the visit


@dataclass(frozen=True)
class Itinerary:
    """One visit, ready to render. `stops` are in time order; documents for visitors show
    only live ones (requested/accepted), invites handle cancelled ones."""

    visit_id: int
    status: str  # requested | confirmed | needs_attention | cancelled
    organisation: Text | str  # the host organisation's name
    organizer_email: str  # the protocol office's address (ORGANIZER of invites)
    uid_domain: str  # right-hand side of calendar UIDs, e.g. "gyeonhak.guro.example.kr"
    timezone: ZoneInfo  # the organisation's zone: every time is shown in it
    delegation: DelegationInfo
    stops: tuple[StopInfo, ...]
    share_url: str | None = None  # the visitor page, for the QR code
    contact_phone: str = ""  # the protocol office's phone
    version: int | None = None  # the published version shown (None: the live visit)
    changes: tuple[ChangeNote, ...] = ()  # since the version before `version`
    items: tuple[ItemInfo, ...] = ()  # the programme beyond the stops, in time order
    companions: tuple[CompanionInfo, ...] = ()  # live ones, in time order


def stop_uid(itinerary: Itinerary, stop: StopInfo) -> str:
    """Stable for the life of a stop: rescheduling keeps it, SEQUENCE tells versions apart."""
    return f"stop-{stop.stop_id}@{itinerary.uid_domain}"


def visit_uid(itinerary: Itinerary, stop: StopInfo) -> str:
    """The UID of a stop inside the visit calendar (differs from the host's invite UID so a
    host who also imports the visit calendar does not see the two fight)."""
    return f"visit-{itinerary.visit_id}-stop-{stop.stop_id}@{itinerary.uid_domain}"


def item_uid(itinerary: Itinerary, item: ItemInfo) -> str:
    """The UID of a programme item inside the visit calendar, stable across its changes."""
    return f"visit-{itinerary.visit_id}-item-{item.item_id}@{itinerary.uid_domain}"


def companion_uid(itinerary: Itinerary, companion: CompanionInfo) -> str:
    """Stable for the life of an assignment, as `stop_uid` is for a stop."""
    return f"companion-{companion.assignment_id}@{itinerary.uid_domain}"
