"""Showing stored text and times on pages, in the interface language."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time

from itineraries.model import pick_text
from visits.pages.i18n import N_, translations
from visits.settings import Settings


def text(value: Any, lang: str) -> str:
    """Multilingual text in the interface language (Korean or English), else what exists."""
    if isinstance(value, dict | str):
        return pick_text(value, lang, fallback=("ko", "en") if lang == "ko" else ("en", "ko"))
    return "" if value is None else str(value)


# A member's role (SPEC §7.2 `role`) in words, in the order the forms offer them.
MEMBER_ROLES = {"head": N_("Head of delegation"), "member": N_("Member"),
                "interpreter": N_("Interpreter"), "press": N_("Press"), "staff": N_("Staff")}


def role_name(role: str, lang: str) -> str:
    label = MEMBER_ROLES.get(role)
    return translations(lang).gettext(label) if label else role


def local(moment: datetime, settings: Settings) -> datetime:
    return moment.astimezone(settings.timezone)


def clock(moment: datetime, settings: Settings) -> str:
    return format_time(local(moment, settings), "HH:mm", locale="en")


def day(moment: datetime, settings: Settings, lang: str) -> str:
    return format_date(local(moment, settings).date(), "full", locale=lang)


@cache
def language_name(tag: str, lang: str) -> str:
    """A language tag in words of the interface language ("ja" → "일본어")."""
    if tag == "und":
        return translations(lang).gettext("Undetermined language")
    try:
        return Locale.parse(tag, sep="-").get_display_name(lang) or tag
    except (ValueError, TypeError, UnknownLocaleError):
        return tag


@cache
def country_name(code: str, lang: str) -> str:
    return str(Locale.parse(lang).territories.get(code, code))
