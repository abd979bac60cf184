"""Validated field types for the HTTP edge: language tags, countries, text, clock times.

Text policy: markup, emoji and any script are stored verbatim (escaped on output); what is
refused is what can only do harm: control characters (NUL, C0, DEL, C1; tab and line breaks
only in paragraphs), bidi override/isolate controls (the "Trojan Source" trick), lone
surrogates and noncharacters. Every text type starts with ONE_LINE or MULTI_LINE, so a
control character is refused as such before any other check.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from functools import cache
from typing import Annotated

from babel import Locale
from pydantic import AfterValidator, AwareDatetime, BeforeValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError

_LANG_TAG = re.compile(
    r"^(?P<lang>[a-z]{2,3})(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?(-([a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*$",
    re.IGNORECASE,
)
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_ALLOWED_FORMAT = frozenset("\u200c\u200d\u200e\u200f")  # ZWNJ, ZWJ (scripts, emoji), LRM, RLM


def refuse(kind: str, english: str, **context: object) -> PydanticCustomError:
    """A refusal pydantic reports as error type `kind` with `context`, so that
    visits.wording can say it in any language; `english` may name the context's keys."""
    return PydanticCustomError(kind, english, context)


@cache
def _known_languages() -> frozenset[str]:
    return frozenset(code.lower() for code in Locale("en").languages)


@cache
def _known_countries() -> frozenset[str]:
    return frozenset(c for c in Locale("en").territories if len(c) == 2 and c.isalpha())


def normalise_lang_tag(tag: str) -> str:
    """Canonical case per BCP 47 (zh-hans → zh-Hans, pt-br → pt-BR)."""
    if not isinstance(tag, str) or not _LANG_TAG.match(tag):
        raise refuse("language_tag", "'{tag}' is not a BCP 47 language tag such as 'ja' or "
                     "'zh-Hans'", tag=tag if isinstance(tag, str) else repr(tag))
    parts = tag.split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())
        elif len(part) == 2 and part.isalpha():
            out.append(part.upper())
        else:
            out.append(part.lower())
    if out[0] not in _known_languages():
        raise refuse("unknown_language", "'{tag}' names no known language", tag=tag)
    return "-".join(out)


def check_country(code: str) -> str:
    code = code.upper()
    if code not in _known_countries():
        raise refuse("country", "'{code}' is not an ISO 3166-1 alpha-2 country code", code=code)
    return code


CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
"""C0 (NUL included), DEL and C1: PostgreSQL refuses NUL in text, the rest only does harm."""
_CONTROL_BUT_TAB_AND_BREAKS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _refuse_control_characters(value: object, *, multiline: bool) -> object:
    if not isinstance(value, str):
        return value  # the type check that follows says what is wrong
    found = (_CONTROL_BUT_TAB_AND_BREAKS if multiline else CONTROL_CHARACTERS).search(value)
    if found is None:
        return value
    if found.group() in "\r\n":
        raise refuse("line_break", "text may not contain line breaks")
    raise refuse("control_character", "text may not contain control characters")


def _one_line(value: object) -> object:
    return _refuse_control_characters(value, multiline=False)


def _multi_line(value: object) -> object:
    return _refuse_control_characters(value, multiline=True)


ONE_LINE = BeforeValidator(_one_line)
MULTI_LINE = BeforeValidator(_multi_line)
TEXT_GUARDS = frozenset({_one_line, _multi_line})
"""Every text field of the contract starts with one of these
(tests/integration/test_control_characters.py walks every input model to check)."""


def _clean_text(value: str, *, multiline: bool) -> str:
    value = unicodedata.normalize("NFC", value)
    for ch in value:
        cat = unicodedata.category(ch)
        if ch in "\n\t" and multiline:
            continue
        if cat == "Cc":
            if ch in "\r\n":
                raise refuse("line_break", "text may not contain line breaks")
            raise refuse("control_character", "text may not contain control characters")
        if ch in _BIDI_CONTROLS:
            raise refuse("bidi_control", "text may not contain bidirectional override characters")
        if cat in {"Cs", "Co", "Cn"} or (cat == "Cf" and ch not in _ALLOWED_FORMAT):
            raise refuse("forbidden_character", "text may not contain the character U+{point}",
                         point=f"{ord(ch):04X}")
    if not value.strip():
        raise refuse("blank", "text may not be blank")
    return value.strip()


def _line(value: str) -> str:
    return _clean_text(value, multiline=False)


def _paragraph(value: str) -> str:
    return _clean_text(value.replace("\r\n", "\n"), multiline=True)


def _optional_paragraph(value: str) -> str:
    return "" if value.strip() == "" else _paragraph(value)


def _optional_line(value: str) -> str:
    return "" if value.strip() == "" else _line(value)


Line = Annotated[str, ONE_LINE, StringConstraints(max_length=200), AfterValidator(_line)]
OptionalLine = Annotated[str, ONE_LINE, StringConstraints(max_length=200)]
PersonName = Annotated[str, ONE_LINE, StringConstraints(max_length=100), AfterValidator(_line)]
OptionalPersonName = Annotated[
    str, ONE_LINE, StringConstraints(max_length=100), AfterValidator(_optional_line)
]
"""A part of a person's name that may be left empty (someone with a single name)."""
OptionalDetail = Annotated[
    str, ONE_LINE, StringConstraints(max_length=200), AfterValidator(_optional_line)
]
"""A short line that may be empty, checked as every other text (a diet, access needs)."""
Paragraph = Annotated[
    str, MULTI_LINE, StringConstraints(max_length=5000), AfterValidator(_paragraph)
]
OptionalParagraph = Annotated[
    str, MULTI_LINE, StringConstraints(max_length=5000), AfterValidator(_optional_paragraph)
]
LangTag = Annotated[
    str, ONE_LINE, StringConstraints(max_length=35), AfterValidator(normalise_lang_tag)
]
TagKey = Annotated[str, ONE_LINE]
"""A key of multilingual text: its tag is checked (and normalised) with the whole object."""
Country = Annotated[
    str, ONE_LINE, StringConstraints(min_length=2, max_length=2), AfterValidator(check_country)
]
Email = Annotated[
    str,
    ONE_LINE,
    StringConstraints(max_length=254, pattern=r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$"),
    AfterValidator(str.lower),
]
LoginEmail = Annotated[str, ONE_LINE, StringConstraints(min_length=1, max_length=254)]
"""The e-mail one signs in with: any text, compared with the accounts as it is."""
Password = Annotated[str, ONE_LINE, StringConstraints(min_length=1, max_length=1024)]
Code = Annotated[str, ONE_LINE, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
Phone = Annotated[str, ONE_LINE, StringConstraints(max_length=32, pattern=r"^[0-9+()\- .]*$")]
PositiveInt = Annotated[int, Field(ge=1, le=100_000, strict=True)]
Minutes = Annotated[int, Field(ge=1, le=24 * 60, strict=True)]
NonNegativeMinutes = Annotated[int, Field(ge=0, le=24 * 60, strict=True)]


def _multilingual(value: dict[str, str]) -> dict[str, str]:
    if not value:
        raise refuse("no_language", "give the text in at least one language")
    if len(value) > 60:
        raise refuse("too_many_languages", "too many languages")
    out: dict[str, str] = {}
    for tag, text in value.items():
        out[normalise_lang_tag(tag)] = text
    return out


Multilingual = Annotated[dict[TagKey, Line], AfterValidator(_multilingual)]


def _optional_multilingual(value: dict[str, str]) -> dict[str, str]:
    return _multilingual(value) if value else {}


MultilingualParagraph = Annotated[
    dict[TagKey, Paragraph], AfterValidator(_optional_multilingual)
]


def _as_multilingual(value: object) -> object:
    """A bare string is text in an undetermined language: BCP 47's own tag 'und'."""
    if isinstance(value, str):
        return {"und": value} if value.strip() else {}
    return value


def as_given(text: dict[str, str]) -> dict[str, str] | str:
    """The inverse, for output: what was sent as a bare string comes back as one."""
    return text["und"] if set(text) == {"und"} else text


_STRING_OR_OBJECT = BeforeValidator(_as_multilingual, json_schema_input_type=str | dict[str, str])
Text = Annotated[dict[TagKey, Line], _STRING_OR_OBJECT, AfterValidator(_multilingual)]
"""Free text: one string, or an object of language tag → string; stored as the object."""
TextParagraph = Annotated[
    dict[TagKey, Paragraph], _STRING_OR_OBJECT, AfterValidator(_optional_multilingual)
]

FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2100, 12, 31)
"""The days the app schedules: far years overflow databases and time zone arithmetic."""
YEARS = (FIRST_DAY.year, LAST_DAY.year)
_DAYS_SAID = f"between {FIRST_DAY.isoformat()} and {LAST_DAY.isoformat()}"


def schedulable(day: date) -> bool:
    return FIRST_DAY <= day <= LAST_DAY


def _bounded_day(value: date) -> date:
    if not schedulable(value):
        raise refuse("date_range", "the date must be between {first} and {last}",
                     first=FIRST_DAY.isoformat(), last=LAST_DAY.isoformat())
    return value


def _bounded_moment(value: datetime) -> datetime:
    _bounded_day(value.date())
    return value


Day = Annotated[date, AfterValidator(_bounded_day), Field(description=f"a date {_DAYS_SAID}")]
"""A calendar date the app can schedule: every date of the contract is one."""

Moment = Annotated[AwareDatetime, AfterValidator(_bounded_moment),
                   Field(description=f"a date and time with its UTC offset, {_DAYS_SAID}")]
"""A datetime with an offset, on a day the app can schedule."""

Clock = Annotated[
    str, ONE_LINE, StringConstraints(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$", strict=True)
]
"""A wall-clock time "HH:MM" (24-hour); zero-padded, so string order is time order."""
