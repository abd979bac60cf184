"""The host's briefing: one A4 page in Korean on who comes to their stop and what they need.

It answers what a host asks before a visit: who is coming (members in precedence order,
with names in their own script, titles and roles), what they want to see, which language
they speak and whether an interpreter comes, when and where, how many, any diet or access
needs, and what earlier delegations from the same country saw.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import Markup

from itineraries import fonts, labels
from itineraries.model import Text, pick_text
from itineraries.pdf import Run, template_environment, write_pdf
from itineraries.protocol import ROLES_KO, Attendee, Briefing

if TYPE_CHECKING:
    from itineraries.fetcher import StaticFileFetcher

# Facility kinds (as a request names its interests) in Korean.
KINDS_KO = {
    "control_center": "통합관제센터",
    "kiosk": "무인민원발급기",
    "volunteer_program": "자원봉사 프로그램",
    "classroom": "정보화 교실",
    "portal_demo": "포털 시연",
    "broadcast": "인터넷 방송국",
    "courtesy_call": "예방",
    "other": "기타",
}


@dataclass(frozen=True)
class MemberLine:
    rank: int  # 1, 2, … in precedence order
    native: Run | None
    romanized: str
    title: Run | None
    role: str  # in Korean


@dataclass(frozen=True)
class NeedLine:
    who: Run
    diet: Run | None
    access: Run | None


@dataclass(frozen=True)
class EarlierLine:
    day: str
    delegation: Run
    places: str


@dataclass(frozen=True)
class BriefingContext:
    title_place: str
    organisation: str
    delegation: Run
    country: str
    city: Run
    language: str  # named in Korean
    interpreter: str  # "필요" / "필요 없음" / "" (no request behind the delegation)
    host_languages: str  # named in Korean
    host_covers: bool  # the host speaks the delegation's language
    day: str
    time: str
    place: str
    address: str
    party_size: str
    members: tuple[MemberLine, ...]
    interests: tuple[str, ...]
    needs: tuple[NeedLine, ...]
    earlier: tuple[EarlierLine, ...]


def _ko(text: Text | str) -> str:
    return pick_text(text, "ko", fallback=("ko", "en"))


def _own(text: str, lang: str) -> Run | None:
    return Run(text, lang, labels.direction(lang)) if text.strip() else None


def _named(text: Text | str, lang: str) -> Run:
    """Korean when the text has it, else the delegation's own."""
    if not isinstance(text, str) and "ko" in text:
        return Run(text["ko"], "ko", "ltr")
    value = pick_text(text, lang)
    return Run(value, lang, labels.direction(lang))


def _member_line(rank: int, member: Attendee, lang: str) -> MemberLine:
    return MemberLine(
        rank=rank, native=_own(member.native_name, lang), romanized=member.name,
        title=_own(member.title, lang), role=ROLES_KO.get(member.role, member.role),
    )


def _needs(members: tuple[Attendee, ...], lang: str) -> tuple[NeedLine, ...]:
    return tuple(
        NeedLine(Run(m.shown_name, lang, labels.direction(lang)), _own(m.diet, lang),
                 _own(m.access, lang))
        for m in members if m.diet.strip() or m.access.strip()
    )


def _base(tag: str) -> str:
    return labels.normalise_tag(tag).split("-")[0]


def _interests(briefing: Briefing) -> tuple[str, ...]:
    kinds = (KINDS_KO.get(k, k) for k in briefing.interest_kinds)
    return tuple(dict.fromkeys([*kinds, *(_ko(p) for p in briefing.interest_places)]))


def _interpreter(needed: bool | None, assigned: tuple[str, ...]) -> str:
    """The interpreter by name when one is assigned, else whether the request asked."""
    if assigned:
        return ", ".join(assigned)
    return "" if needed is None else ("필요" if needed else "필요 없음")


def briefing_context(briefing: Briefing) -> BriefingContext:
    lang = labels.normalise_tag(briefing.language)
    stop, zone = briefing.stop, briefing.timezone
    start, end = stop.start.astimezone(zone), stop.end.astimezone(zone)
    spoken = {_base(t) for t in briefing.host_languages}
    return BriefingContext(
        title_place=_ko(stop.place.name), organisation=_ko(briefing.organisation),
        delegation=_named(briefing.delegation_name, lang),
        country=labels.country_name(briefing.country, "ko") if briefing.country else "",
        city=Run(briefing.city, lang, labels.direction(lang)),
        language=labels.language_name(lang, "ko"),
        interpreter=_interpreter(briefing.interpreter_needed, briefing.interpreters),
        host_languages=", ".join(labels.language_name(t, "ko") for t in briefing.host_languages),
        host_covers=_base(lang) in spoken,
        day=labels.format_day(start.date(), "ko"),
        time=labels.format_time_range(start, end, "ko"),
        place=_ko(stop.place.name), address=_ko(stop.place.address),
        party_size=f"{labels.format_count(stop.party_size, 'ko')}명",
        members=tuple(_member_line(i, m, lang) for i, m in enumerate(briefing.members, 1)),
        interests=_interests(briefing), needs=_needs(briefing.members, lang),
        earlier=tuple(
            EarlierLine(labels.format_day(e.day, "ko"), _named(e.delegation_name, lang),
                        ", ".join(_ko(p) for p in e.places))
            for e in briefing.earlier
        ),
    )


def _languages(context: BriefingContext, lang: str) -> frozenset[str]:
    return frozenset({"ko", lang, context.delegation.lang, "und-Latn"})


def render_briefing_html(briefing: Briefing) -> str:
    context = briefing_context(briefing)
    lang = labels.normalise_tag(briefing.language)
    font_css = Markup(fonts.font_css(_languages(context, lang)))  # noqa: S704 -- constant rules
    template = template_environment().get_template("protocol/briefing.html")
    return template.render(b=context, font_css=font_css)


def render_briefing_pdf(
    briefing: Briefing, *, url_fetcher: StaticFileFetcher | None = None
) -> bytes:
    """A4, Korean, through the itinerary's renderer (`write_pdf`)."""
    return write_pdf(render_briefing_html(briefing), url_fetcher=url_fetcher)
