"""What the locked Babel says (its CLDR data), for tests to compare our output with.

CLDR changes between Babel releases: Babel 2.19 names Asia/Seoul "한국 표준시" where
earlier releases said "대한민국 표준시", and writes a Russian time range with an em dash.
So a test never copies a name, date or time range from one release. It asks Babel here,
with the arguments our code is meant to use (the reader's locale, the "full" date, the
24-hour skeleton, ...), and checks what must hold in any release separately. A wrong
locale, pattern, skeleton or zone in our code still fails such a test.
"""

from __future__ import annotations

from datetime import date, datetime

from babel import Locale
from babel.dates import format_date, format_interval, get_day_names, get_timezone_name


def locale(lang: str) -> Locale:
    return Locale.parse(lang.replace("-", "_"))


def full_date(day: date, lang: str) -> str:
    """ "Tuesday, March 9, 2027" in `lang`: CLDR's full date pattern."""
    return format_date(day, "full", locale=locale(lang))


def time_range(start: datetime, end: datetime, lang: str, skeleton: str) -> str:
    """The locale's interval pattern for `skeleton` ("Hm": 24-hour, "hm": 12-hour)."""
    return format_interval(start, end, skeleton, tzinfo=start.tzinfo, locale=locale(lang))


def zone_name(moment: datetime, lang: str) -> str:
    """The long localised name of the zone of `moment` ("Korean Standard Time")."""
    return get_timezone_name(moment, "long", locale=locale(lang))


def language_name(tag: str, lang: str) -> str:
    """CLDR's name of language `tag` written in `lang` ("日本語" for ja in ja)."""
    return str(locale(lang).languages[tag])


def country_name(code: str, lang: str) -> str:
    """CLDR's name of territory `code` written in `lang` ("Japan", "일본")."""
    return str(locale(lang).territories[code])


def weekday_name(weekday: int, lang: str) -> str:
    """The wide name of `weekday` (0 = Monday) in `lang`."""
    return str(get_day_names("wide", locale=locale(lang))[weekday])
