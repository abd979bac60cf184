"""The visitor's language on public pages: the 14 label languages of the itinerary, read
from the `visitor` gettext domain, each message shown with Korean beside it.

Officer pages keep Korean and English from `visits.pages.i18n` (which leaves this domain
out); a visitor reads `?lang=` (else the browser's language, else English). Catalogues are
read like the officers' (Babel, no compiled files); a context (`VP_`) is kept as gettext
keeps it, `context\\x04msgid`.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from babel.messages.pofile import read_po
from markupsafe import Markup

from itineraries.labels import LABEL_LANGUAGES, direction, label_language, language_name
from visits.pages.i18n import LOCALE_DIR, VISITOR_DOMAIN, CatalogueTranslations
from visits.wording.visitor_text import VisitorText

VISITOR_LANGUAGES = LABEL_LANGUAGES
OFFICE_LANGUAGE = "ko"
SEPARATOR = "\x04"


def catalogue_path(lang: str) -> Any:
    return LOCALE_DIR / lang.replace("-", "_") / "LC_MESSAGES" / f"{VISITOR_DOMAIN}.po"


@cache
def visitor_translations(lang: str) -> CatalogueTranslations:
    """The visitor catalogue of one of the 14 languages (empty for any other: English)."""
    messages: dict[str, str] = {}
    path = catalogue_path(lang)
    if lang in VISITOR_LANGUAGES and path.is_file():
        with path.open("rb") as handle:
            catalogue = read_po(handle, domain=VISITOR_DOMAIN)
        for m in catalogue:
            if m.id and m.string and not m.fuzzy:
                key = f"{m.context}{SEPARATOR}{m.id}" if m.context else str(m.id)
                messages[key] = str(m.string)
    return CatalogueTranslations(messages)


def say(text: VisitorText | str, lang: str, **values: Any) -> str:
    """The message in `lang`, its placeholders filled (English when there is none). A
    value that is a function of the language (a wait in words) is said in `lang` too."""
    if isinstance(text, str):
        text = VisitorText(text)
    key = f"{text.context}{SEPARATOR}{text.message}" if text.context else text.message
    found = visitor_translations(lang).gettext(key)
    template = text.message if found == key else found
    filled = {name: value(lang) if callable(value) else value
              for name, value in {**text.values, **values}.items()}
    return template % filled if filled else template


def pair(text: VisitorText | str, lang: str, **values: Any) -> Markup:
    """The message in the visitor's language, then in Korean (smaller) beside it; once when
    the visitor reads Korean. Each part carries its language, so a screen reader switches
    voice and every script gets its own font."""
    own = say(text, lang, **values)
    shown = Markup('<span lang="{0}" dir="{1}">{2}</span>').format(lang, direction(lang), own)
    if lang == OFFICE_LANGUAGE:
        return shown
    korean = say(text, OFFICE_LANGUAGE, **values)
    return shown + Markup(' <span class="ko" lang="ko" dir="ltr">{0}</span>').format(korean)


def choose_visitor_language(asked: str | None, accept_language: str) -> str:
    """`?lang=` when it maps to one of the 14 catalogues, else the first of the browser's
    languages that does, else English."""
    if asked:
        return label_language(asked)
    for part in accept_language.split(","):
        tag = part.split(";")[0].strip()
        if not tag or tag == "*":
            continue
        lang = label_language(tag)
        if lang != "en" or tag.lower().startswith("en"):
            return lang
    return "en"


def language_links(current: str) -> list[dict[str, Any]]:
    """Korean and English first, then the other languages, each named in itself."""
    order: Iterable[str] = ("ko", "en", *(t for t in VISITOR_LANGUAGES if t not in ("ko", "en")))
    return [{"tag": tag, "name": language_name(tag, tag), "current": tag == current,
             "dir": direction(tag)} for tag in order]
