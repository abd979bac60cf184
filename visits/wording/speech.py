"""How things are said in Korean and in English: names, times, lengths, lists, particles.

Dates and weekdays come from Babel (CLDR), so they read as each language writes them;
Korean particles follow the last syllable of the word they attach to (통합관제센터는,
정보화교실은).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Literal
from zoneinfo import ZoneInfo

from babel.dates import format_skeleton, get_day_names

from itineraries.model import pick_text

Lang = Literal["ko", "en"]
LANGUAGES: tuple[Lang, ...] = ("ko", "en")
Text = Mapping[str, str] | str

UNKNOWN = {
    "facility": {"ko": "알 수 없는 시설", "en": "an unknown facility"},
    "host": {"ko": "알 수 없는 담당자", "en": "an unknown host"},
    "visit": {"ko": "다른 방문", "en": "another visit"},
    "companion": {"ko": "알 수 없는 수행 인력", "en": "an unknown companion"},
}


@dataclass(frozen=True)
class Names:
    """What the reader knows things by: names for the ids a refusal mentions, and the
    organisation's time zone for its times. A visit is named by its delegation."""

    tz: tzinfo = field(default_factory=lambda: ZoneInfo("Asia/Seoul"))
    facilities: Mapping[int, Text] = field(default_factory=dict)
    hosts: Mapping[int, Text] = field(default_factory=dict)
    visits: Mapping[int, Text] = field(default_factory=dict)
    companions: Mapping[int, Text] = field(default_factory=dict)

    def of(self, kind: str, ident: int | None, lang: Lang) -> str:
        table: Mapping[int, Text] = {"facility": self.facilities, "host": self.hosts,
                                     "visit": self.visits, "companion": self.companions}[kind]
        found = table.get(ident) if ident is not None else None
        if found is None:
            return UNKNOWN[kind][lang]
        fallback = ("ko", "en") if lang == "ko" else ("en", "ko")
        return pick_text(found, lang, fallback=fallback)


# --- Korean particles ------------------------------------------------------------------------

_DIGIT_HAS_FINAL = {"0": True, "1": True, "2": False, "3": True, "4": False, "5": False,
                    "6": True, "7": True, "8": True, "9": False}
_DIGIT_FINAL_RIEUL = {"1", "7", "8"}  # 일, 칠, 팔


def _final(word: str) -> tuple[bool, bool] | None:
    """(has a final consonant, that consonant is ㄹ) of the word's last sound, if known."""
    trimmed = word.rstrip(" )]}»”’\"'.")
    if not trimmed:
        return None
    last = trimmed[-1]
    if "가" <= last <= "힣":
        final = (ord(last) - 0xAC00) % 28
        return final != 0, final == 8
    if last in _DIGIT_HAS_FINAL:
        return _DIGIT_HAS_FINAL[last], last in _DIGIT_FINAL_RIEUL
    return None


PARTICLES = {  # with a final consonant / without
    "은": ("은", "는"), "이": ("이", "가"), "을": ("을", "를"), "과": ("과", "와"),
    "으로": ("으로", "로"), "이라": ("이라", "라"), "입니다": ("입니다", "입니다"),
}


def josa(word: str, particle: str) -> str:
    """The word with its particle: josa("통합관제센터", "은") → "통합관제센터는"."""
    with_final, without = PARTICLES[particle]
    sound = _final(word)
    if sound is None:
        return f"{word}{with_final}({without})"
    has_final, rieul = sound
    if particle == "으로" and rieul:
        return word + without
    return word + (with_final if has_final else without)


# --- lists, times, lengths -------------------------------------------------------------------


def listing(items: Sequence[str], lang: Lang) -> str:
    """"A, B and C" / "A, B와 C"."""
    if len(items) <= 1:
        return "".join(items)
    if lang == "ko":
        return ", ".join([*items[:-2], josa(items[-2], "과")]) + " " + items[-1]
    return f"{', '.join(items[:-1])} and {items[-1]}"


def clock(moment: datetime | time) -> str:
    return f"{moment:%H:%M}"


def day(value: date, lang: Lang) -> str:
    """"2027년 3월 9일 (화)" / "Tue, Mar 9, 2027"."""
    return format_skeleton("yMMMEd", value, locale=lang)


def moment(value: datetime, names: Names, lang: Lang) -> str:
    local = value.astimezone(names.tz)
    return f"{day(local.date(), lang)} {clock(local)}"


def period(start: datetime, end: datetime, names: Names, lang: Lang) -> str:
    """From one moment to another; on one day the date is said once."""
    a, b = start.astimezone(names.tz), end.astimezone(names.tz)
    if a.date() == b.date():
        return f"{day(a.date(), lang)} {clock(a)}–{clock(b)}"
    joiner = "부터 " if lang == "ko" else " to "
    tail = "까지" if lang == "ko" else ""
    return f"{moment(a, names, lang)}{joiner}{moment(b, names, lang)}{tail}"


def weekday(number: int, lang: Lang) -> str:
    return str(get_day_names("wide", locale=lang)[number])


def windows(spans: Sequence[tuple[time, time]]) -> str:
    return ", ".join(f"{clock(a)}–{clock(b)}" for a, b in spans)


def length(value: timedelta, lang: Lang) -> str:
    """"1시간 30분" / "1 h 30 min"; whole days as days."""
    minutes = -(-int(value.total_seconds()) // 60)
    days, rest = divmod(minutes, 24 * 60)
    if days and not rest:
        return f"{days}일" if lang == "ko" else (f"{days} day" if days == 1 else f"{days} days")
    hours, mins = divmod(minutes, 60)
    if lang == "ko":
        return " ".join(p for p in (f"{hours}시간" if hours else "",
                                    f"{mins}분" if mins or not hours else "") if p)
    return " ".join(p for p in (f"{hours} h" if hours else "",
                                f"{mins} min" if mins or not hours else "") if p)


def people(count: int, lang: Lang) -> str:
    return f"{count}명" if lang == "ko" else (f"{count} visitor" if count == 1
                                             else f"{count} visitors")
