"""Everything in a document that depends on the reader's language: the labels (gettext
catalogues under `locale/`), dates and times (CLDR through Babel), writing direction.

Catalogues are read from their `.po` files at first use (Babel's reader, a few ms each)
instead of compiled `.mo` files: there is no build step to forget and no binary that can
drift from its source.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from functools import cache
from pathlib import Path
from types import MappingProxyType

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_interval, format_skeleton, get_timezone_name
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "itinerary"

# Languages whose labels are translated; any other tag reads English labels.
LABEL_LANGUAGES = (
    "ko",
    "en",
    "ja",
    "zh-Hans",
    "zh-Hant",
    "ru",
    "es",
    "fr",
    "id",
    "ms",
    "th",
    "vi",
    "ar",
    "tr",
)

# Label key → msgid (the English text).
MESSAGES: Mapping[str, str] = MappingProxyType(
    {
        "title": "Visit itinerary",
        "schedule": "Schedule",
        "delegation": "Delegation",
        "date": "Date",
        "organisation": "Host organisation",
        "head": "Head of delegation",
        "members": "Members",
        "party_size": "Party size",
        "delegation_contact": "Delegation contact",
        "protocol_office": "Protocol office",
        "time": "Time",
        "host": "Host",
        "address": "Address",
        "phone": "Phone",
        "email": "Email",
        "map": "Map",
        "timezone_note": "All times are in {zone}.",
        "qr_caption": (
            "Scan the code to open this itinerary online and download the PDF and the "
            "calendar file."
        ),
        "to_be_confirmed": "to be confirmed",
        "cancelled": "This visit has been cancelled.",
        "no_stops": "No visits are scheduled yet.",
        # The visitor page (the share link) around the same itinerary.
        "download_pdf": "Download the itinerary (PDF)",
        "download_ics": "Add the whole visit to my calendar (.ics)",
        "add_to_calendar": "Add to calendar:",
        "language": "Language",
        "survey": "Tell us how the visit went (survey)",
        # What changed since the previous published version (page, PDF and mail).
        "version": "Version",
        "changes_since": "Changed since version {number}",
        "change_added": "Added: {place}, {time}",
        "change_removed": "Removed: {place}",
        "change_moved": "Moved: {place} {before} → {after}",
        "change_host_changed": "Host changed: {place}, {before} → {after}",
        "change_cancelled": "Cancelled: {place}",
        # Programme items beside the stops (SPEC §7.4), one label per kind.
        "item_arrival": "Arrival",
        "item_welcome": "Welcome",
        "item_briefing": "Briefing",
        "item_meal": "Meal",
        "item_transfer": "Transfer",
        "item_free": "Free time",
        "item_departure": "Departure",
        "item_other": "Programme",
        "place": "Place",
        # The mail to the delegation's contact when a version is published.
        "mail_subject": "Visit itinerary, version {number}",
        "mail_ready": (
            "Your visit itinerary is ready. Open it here to read it, download the PDF and add "
            "the visit to your calendar:"
        ),
        "mail_updated": "Your visit itinerary has been updated. The latest version is here:",
        # Who goes with the delegation (SPEC §7.4).
        "companions": "Accompanying staff",
        "kind_interpreter": "Interpreter",
        "kind_escort": "Escort",
        "kind_driver": "Driver",
        "kind_vehicle": "Vehicle",
    }
)

# 24-hour clock where CLDR says 12: Korean (CLDR's abbreviated day period is a Latin "AM",
# and Korean public-sector schedules are written in 24-hour time) and Traditional Chinese
# (its 上午/下午 are flexible day periods that Babel cannot put in an interval, so one
# schedule would mix both clocks).
HOUR_CYCLE_24 = frozenset({"ko", "zh-Hant"})

RTL_LANGUAGES = frozenset(
    {"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ps", "sd", "ug", "ur", "yi"}
)

_TAG = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*")


def normalise_tag(tag: str) -> str:
    """A BCP 47 tag in its canonical case ("zh_hant_tw" → "zh-Hant-TW"); "en" when `tag`
    is not a language tag at all (it arrives from a query string)."""
    tag = tag.strip().replace("_", "-")
    if not _TAG.fullmatch(tag):
        return "en"
    first, *rest = tag.split("-")
    parts = [first.lower()]
    for part in rest:
        if len(part) == 4 and part.isalpha():
            parts.append(part.title())
        elif (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
            parts.append(part.upper())
        else:
            parts.append(part.lower())
    return "-".join(parts)


def label_language(tag: str) -> str:
    """The catalogue that labels a column for a reader of `tag`: Chinese by script (or the
    region that implies it), others by base language, English when we have no catalogue."""
    parts = normalise_tag(tag).split("-")
    base = parts[0]
    if base == "zh":
        traditional = "Hant" in parts or any(p in parts for p in ("TW", "HK", "MO"))
        return "zh-Hant" if traditional and "Hans" not in parts else "zh-Hans"
    return base if base in LABEL_LANGUAGES else "en"


def is_rtl(tag: str) -> bool:
    return normalise_tag(tag).split("-")[0] in RTL_LANGUAGES


def direction(tag: str) -> str:
    return "rtl" if is_rtl(tag) else "ltr"


@cache
def babel_locale(label_lang: str) -> Locale:
    try:
        return Locale.parse(label_lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


@cache
def catalogue(label_lang: str) -> Mapping[str, str]:
    """msgid → translation for one catalogue language (empty for English)."""
    path = LOCALE_DIR / label_lang.replace("-", "_") / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.is_file():
        return MappingProxyType({})
    with path.open("rb") as handle:
        read = read_po(handle, locale=None, domain=DOMAIN)
    return MappingProxyType(
        {str(m.id): str(m.string) for m in read if m.id and m.string and not m.fuzzy}
    )


@cache
def labels(label_lang: str) -> Mapping[str, str]:
    """Label key → text in `label_lang`, English where a translation is missing."""
    found = catalogue(label_lang)
    return MappingProxyType({key: found.get(msgid, msgid) for key, msgid in MESSAGES.items()})


def format_day(day: date, label_lang: str) -> str:
    return format_date(day, "full", locale=babel_locale(label_lang))


def format_time_range(start: datetime, end: datetime, label_lang: str) -> str:
    """ "10:00–10:30", "10時00分～10時30分", "10:00 AM – 10:30 AM": the locale's own interval
    pattern and hour cycle. Both ends must already be in the zone to show."""
    locale = babel_locale(label_lang)
    skeleton = _clock_skeleton(label_lang)
    try:
        return format_interval(start, end, skeleton, tzinfo=start.tzinfo, locale=locale)
    except NotImplementedError:  # Babel and flexible day periods ("B"), as above
        return format_interval(start, end, "Hm", tzinfo=start.tzinfo, locale=locale)


def _clock_skeleton(label_lang: str) -> str:
    short = babel_locale(label_lang).time_formats["short"].pattern
    return "Hm" if label_lang in HOUR_CYCLE_24 or "H" in short else "hm"


def format_clock(moment: datetime, label_lang: str) -> str:
    """ "14:00", "午後2:00" → the locale's short time, on the same clock as the schedule."""
    locale = babel_locale(label_lang)
    try:
        return format_skeleton(_clock_skeleton(label_lang), moment, tzinfo=moment.tzinfo,
                               locale=locale)
    except NotImplementedError:  # flexible day periods, as in format_time_range
        return format_skeleton("Hm", moment, tzinfo=moment.tzinfo, locale=locale)


def format_short_day(day: date, label_lang: str) -> str:
    """ "Mar 9", "3月9日", "9 мар.": a day without its year."""
    return format_skeleton("MMMd", datetime.combine(day, datetime.min.time()),
                           locale=babel_locale(label_lang))


def zone_name(moment: datetime, label_lang: str) -> str:
    """ "Korean Standard Time (Asia/Seoul)", localised; the IANA name is kept for people who
    set their devices by it."""
    tz = moment.tzinfo
    key = getattr(tz, "key", str(tz))
    return f"{get_timezone_name(moment, 'long', locale=babel_locale(label_lang))} ({key})"


def format_count(count: int, label_lang: str) -> str:
    return format_decimal(count, locale=babel_locale(label_lang))


def language_name(tag: str, label_lang: str) -> str:
    """The name of the language of `tag` written in `label_lang` ("日本語" for ja in ja)."""
    try:
        name = Locale.parse(normalise_tag(tag).replace("-", "_")).get_display_name(
            babel_locale(label_lang)
        )
    except (UnknownLocaleError, ValueError):
        return tag
    return name or tag


def country_name(code: str, label_lang: str) -> str:
    return str(babel_locale(label_lang).territories.get(code.upper(), code))
