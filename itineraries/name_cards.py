"""Table tents: one folded A4 card per person at the table, in precedence order.

Protocol practice, followed here: the delegation's cards first, in its precedence order
(rank, then as listed), then the Korean hosts' cards in the order the delegation meets
them. A card is one A4 landscape page folded in half along its long side: the lower half
reads upright to the people facing the card, the upper half carries the same face turned
180° for the people behind it.

A face shows the name in its own script, large enough to read across a table (never
below `MIN_NAME_PT`; long names are set smaller, down to that size, then wrap), the
romanized name under it where the script is not Latin, the title, then a Korean line
beside a line in the delegation's language: the role and the delegation (or, for a host,
the places they receive the delegation at).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import Markup

from itineraries import fonts, labels
from itineraries.model import Text, pick_text
from itineraries.pdf import Run, template_environment, write_pdf
from itineraries.protocol import (
    ROLES_KO,
    Attendee,
    HostAtVisit,
    NameCardSet,
    romanized_beside,
)

if TYPE_CHECKING:
    from itineraries.fetcher import StaticFileFetcher

MIN_NAME_PT = 28.0
MAX_NAME_PT = 60.0
# The width a name may take on a face: A4 landscape (842 pt) less the margins.
NAME_WIDTH_PT = 760.0


@dataclass(frozen=True)
class Face:
    """What one side of a card shows."""

    name: Run
    name_pt: float
    romanized: Run | None
    title: Run | None
    korean: Run  # the role (or "host") and the delegation (or the places), in Korean
    foreign: Run | None  # the same in the delegation's language; None for a Korean party


def _run(text: str, lang: str) -> Run:
    return Run(text, lang, labels.direction(lang))


def _latin_run(text: str) -> Run:
    return Run(text, "und-Latn", "ltr")


def _em_width(char: str) -> float:
    """A rough advance of one character in em: wide (CJK, Hangul) 1, others about half."""
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1.0
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0.0
    return 0.62 if char.isupper() else 0.55


def name_size(name: str) -> float:
    """The largest size (pt, between the bounds) at which `name` fits one line, roughly."""
    width = sum(_em_width(c) for c in name) or 1.0
    return max(MIN_NAME_PT, min(MAX_NAME_PT, NAME_WIDTH_PT / width))


def _text(value: Text | str, lang: str) -> str:
    return pick_text(value, lang, fallback=("en", "ko"))


def _joined(*parts: str) -> str:
    return " · ".join(p for p in parts if p.strip())


def member_face(member: Attendee, cards: NameCardSet, reader: str | None) -> Face:
    own = labels.normalise_tag(cards.language)
    shown = member.shown_name
    romanized = romanized_beside(member.native_name, member.name)
    korean_name = cards.delegation_name
    korean = _joined(ROLES_KO.get(member.role, ""),
                     korean_name.get("ko", "") if not isinstance(korean_name, str) else "")
    foreign = None
    if reader is not None:
        head = labels.labels(reader)["head"] if member.role == "head" else ""
        foreign = _run(_joined(head, _text(cards.delegation_name, own)), reader)
    return Face(
        name=_run(shown, own), name_pt=name_size(shown),
        romanized=_latin_run(romanized) if romanized else None,
        title=_run(member.title, own) if member.title.strip() else None,
        korean=_run(korean, "ko"), foreign=foreign,
    )


def host_face(host: HostAtVisit, cards: NameCardSet, reader: str | None) -> Face:
    name = _text(host.person.name, "ko")
    other = _text(host.person.name, reader or "en")
    places_ko = ", ".join(dict.fromkeys(_text(p.name, "ko") for p in host.places))
    foreign = None
    if reader is not None:
        places = ", ".join(dict.fromkeys(_text(p.name, reader) for p in host.places))
        foreign = _run(_joined(labels.labels(reader)["host"], places), reader)
    return Face(
        name=_run(name, "ko"), name_pt=name_size(name),
        romanized=_run(other, reader or "en") if other != name else None,
        title=_run(_text(cards.organisation, "ko"), "ko"),
        korean=_run(_joined(labels.labels("ko")["host"], places_ko), "ko"), foreign=foreign,
    )


def card_faces(cards: NameCardSet) -> tuple[Face, ...]:
    """One face per card, in the order the cards print."""
    lab = labels.label_language(cards.language)
    reader = None if lab == "ko" else lab
    return (*(member_face(m, cards, reader) for m in cards.members),
            *(host_face(h, cards, reader) for h in cards.hosts))


def _languages(faces: tuple[Face, ...]) -> frozenset[str]:
    runs = [r for f in faces for r in (f.name, f.romanized, f.title, f.korean, f.foreign) if r]
    return frozenset(r.lang for r in runs) | {"ko"}


def render_name_cards_html(cards: NameCardSet) -> str:
    faces = card_faces(cards)
    font_css = Markup(fonts.font_css(_languages(faces)))  # noqa: S704 -- constant rules
    template = template_environment().get_template("protocol/name_cards.html")
    return template.render(faces=faces, font_css=font_css,
                           delegation=_text(cards.delegation_name, "ko"))


def render_name_cards_pdf(
    cards: NameCardSet, *, url_fetcher: StaticFileFetcher | None = None
) -> bytes:
    """One A4 landscape page per card, through the itinerary's renderer (`write_pdf`)."""
    return write_pdf(render_name_cards_html(cards), url_fetcher=url_fetcher)
