"""The pages' interface language: Korean or English, from gettext catalogues.

English is the msgid itself; `visits/locale/ko/LC_MESSAGES/*.po` hold Korean (one file per
area of the pages). Catalogues are read with Babel at first use: no compiled file to drift.
"""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
LANGUAGES = ("ko", "en")
DEFAULT_LANGUAGE = "ko"
LANGUAGE_NAMES = {"ko": "한국어", "en": "English"}
# The visitors' catalogues (14 languages, visits.pages.visitor_i18n) share the locale
# directory but are not the officers' interface: left out of it.
VISITOR_DOMAIN = "visitor"


def N_(message: str) -> str:
    """Marks a message for translation where it is defined (module-level constants, dicts);
    `_()` translates it where it is shown. Babel's extractor looks for this name."""
    return message


class CatalogueTranslations(gettext.NullTranslations):
    def __init__(self, messages: dict[str, str]) -> None:
        super().__init__()
        self._messages = messages

    def gettext(self, message: str) -> str:
        return self._messages.get(message) or message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """Every catalogue of the language merged (one .po file per area of the pages)."""
    messages: dict[str, str] = {}
    if lang in LANGUAGES:
        for path in sorted((LOCALE_DIR / lang / "LC_MESSAGES").glob("*.po")):
            if path.stem == VISITOR_DOMAIN:
                continue
            with path.open("rb") as handle:
                catalogue = read_po(handle, domain=path.stem)
            messages.update(
                {str(m.id): str(m.string) for m in catalogue if m.id and m.string and not m.fuzzy}
            )
    return CatalogueTranslations(messages)


def choose_language(cookie: str | None, accept_language: str) -> str:
    if cookie in LANGUAGES:
        return cookie  # type: ignore[return-value]
    for part in accept_language.split(","):
        tag = part.split(";")[0].strip().lower()[:2]
        if tag in LANGUAGES:
            return tag
    return DEFAULT_LANGUAGE
