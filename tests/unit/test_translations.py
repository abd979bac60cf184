"""No English left on a Korean page: every message the pages translate has Korean.

Messages are found as `pybabel extract` finds them: Jinja2's own extractor over the
templates, Babel's Python extractor over the code, with the keywords the code uses (`_`,
`gettext`, `ngettext`, and `N_` for module-level constants translated later). A message
counts as translated when one of visits/locale/ko/LC_MESSAGES/*.po gives it a non-empty,
non-fuzzy Korean string, read the way visits.pages.i18n reads them at run time. Text typed
straight into a page template, never marked, is caught separately.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po
from jinja2 import nodes

from visits.pages.i18n import LOCALE_DIR, VISITOR_DOMAIN
from visits.pages.web import ENVIRONMENT

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None}
METHODS = [("templates/**.html", "jinja2.ext:babel_extract"), ("visits/**.py", "python")]
# As visits.pages.web builds its Environment, so the extractor parses what the app parses.
OPTIONS = {"templates/**.html": {"extensions": "jinja2.ext.i18n", "trim_blocks": "True",
                                 "lstrip_blocks": "True"}}
PLACEHOLDER = re.compile(r"%\((\w+)\)")
# Names that read the same on a Korean page (the product is called so in Korean too).
SAME_IN_KOREAN = ("Outlook", "CalDAV", "ICS")
ATTRIBUTE = re.compile(r"""[\w:-]+=("[^"]*"|'[^']*')""")


@dataclass(frozen=True)
class Found:
    """A message as the extractor found it: where, and the English text (the msgid)."""

    where: str
    message: str


def extracted(root: Path) -> list[Found]:
    """Every translatable message under root (ngettext's singular and plural each count:
    the pages look both up as plain messages)."""
    found = []
    for filename, line, message, _comments, _context in extract_from_dir(
        root, method_map=METHODS, options_map=OPTIONS, keywords=KEYWORDS
    ):
        for text in message if isinstance(message, tuple) else (message,):
            if text:
                found.append(Found(f"{filename}:{line}", text))
    return found


def officer_catalogues(locale_dir: Path) -> list[Path]:
    """The Korean catalogues of the officers' interface; the visitors' own domain
    (visitor.po, 14 languages) is checked by test_visitor_translations.py."""
    return sorted(p for p in (locale_dir / "ko" / "LC_MESSAGES").glob("*.po")
                  if p.stem != VISITOR_DOMAIN)


def korean(locale_dir: Path) -> dict[str, list[tuple[str, str]]]:
    """msgid → [(catalogue, Korean)], every usable entry of every Korean catalogue."""
    entries: dict[str, list[tuple[str, str]]] = {}
    for path in officer_catalogues(locale_dir):
        with path.open("rb") as handle:
            for m in read_po(handle, domain=path.stem):
                if isinstance(m.id, str) and m.id and isinstance(m.string, str) and m.string \
                        and not m.fuzzy:
                    entries.setdefault(m.id, []).append((path.name, m.string))
    return entries


def untranslated(found: Iterable[Found], entries: dict[str, list[tuple[str, str]]]) -> list[str]:
    return sorted({f"{f.where}: {f.message!r}" for f in found if f.message not in entries})


def placeholder_mismatches(entries: dict[str, list[tuple[str, str]]]) -> list[str]:
    """A Korean string must use exactly the msgid's %(name)s placeholders and survive the
    same `%` formatting, or the page crashes or silently drops a value."""
    wrong = []
    for msgid, translations in entries.items():
        wanted = set(PLACEHOLDER.findall(msgid))
        for catalogue, string in translations:
            problem = ""
            if set(PLACEHOLDER.findall(string)) != wanted:
                problem = f"placeholders {sorted(PLACEHOLDER.findall(string))}, " \
                          f"msgid has {sorted(wanted)}"
            elif wanted:
                try:
                    string % dict.fromkeys(wanted, 1)
                except (ValueError, TypeError, KeyError) as exc:
                    problem = f"cannot be formatted: {exc}"
            if problem:
                wrong.append(f"{catalogue}: {msgid!r} → {string!r}: {problem}")
    return sorted(wrong)


def conflicts(entries: dict[str, list[tuple[str, str]]]) -> list[str]:
    """The catalogues are merged into one dictionary: two different Korean strings for one
    msgid means one of them silently never shows."""
    return sorted(f"{msgid!r}: " + "; ".join(f"{c} → {s!r}" for c, s in translations)
                  for msgid, translations in entries.items()
                  if len({s for _c, s in translations}) > 1)


def plural_entries(locale_dir: Path) -> list[str]:
    """visits.pages.i18n looks ngettext's two strings up as two plain entries: an entry
    with msgid_plural would never be found."""
    found = []
    for path in officer_catalogues(locale_dir):
        with path.open("rb") as handle:
            found += [f"{path.name}: {m.id!r}" for m in read_po(handle) if m.pluralizable]
    return found


class ShownText(HTMLParser):
    """What a reader sees or hears of a template's literal HTML: element text and the
    attributes shown or read out. Expressions are replaced by NUL: they are `_()` calls or
    data, never literal text."""

    SHOWN = frozenset({"title", "aria-label", "placeholder", "alt", "data-label", "data-done"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._hidden += tag in ("script", "style")
        shown = dict(attrs)
        if tag == "input" and shown.get("type") in ("submit", "button"):
            self.texts.append(shown.get("value") or "")
        self.texts += [value for key, value in attrs if key in self.SHOWN and value]

    def handle_endtag(self, tag: str) -> None:
        self._hidden = max(0, self._hidden - (tag in ("script", "style")))

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            # A macro may hold a tag's attributes as loose text (` aria-invalid="true"`).
            self.texts.append(ATTRIBUTE.sub(" ", data))


def bare_english(source: str) -> list[str]:
    """Words of literal template text (not `_()`), as they would show on every page."""
    template = ENVIRONMENT.parse(source)
    parser = ShownText()
    parser.feed(" \0 ".join(n.data for n in template.find_all(nodes.TemplateData)))
    parser.close()
    found = []
    for text in parser.texts:
        for name in SAME_IN_KOREAN:
            text = text.replace(name, " ")
        if re.search(r"[A-Za-z]{2,}", text):
            found.append(" ".join(text.replace("\0", " ").split()))
    return found


def test_every_translatable_message_has_korean() -> None:
    missing = untranslated(extracted(ROOT), korean(LOCALE_DIR))

    assert not missing, (
        "These messages show in English on Korean pages. Add a Korean msgstr to the .po file "
        "of their area in visits/locale/ko/LC_MESSAGES/:\n  " + "\n  ".join(missing))


def test_page_templates_hold_no_unmarked_english() -> None:
    """templates/itinerary/ is left out: the visitor page and the PDF take their labels
    from itineraries.labels, in the delegation's language beside Korean."""
    found = {str(path.relative_to(ROOT)): bare_english(path.read_text(encoding="utf-8"))
             for path in sorted((ROOT / "templates" / "pages").rglob("*.html"))}

    assert {path: words for path, words in found.items() if words} == {}


def test_korean_keeps_every_placeholder() -> None:
    assert placeholder_mismatches(korean(LOCALE_DIR)) == []


def test_no_message_is_translated_two_ways() -> None:
    assert conflicts(korean(LOCALE_DIR)) == []


def test_catalogues_have_no_plural_entries() -> None:
    assert plural_entries(LOCALE_DIR) == []


def test_the_extractor_sees_what_the_pages_translate() -> None:
    """Guards the guard: the ways the code marks text are all found (N_ constants, `_()`
    after `_ = gettext_for(request)`, ngettext in templates)."""
    messages = {f.message for f in extracted(ROOT)}

    assert {"Needs attention", "Stop rescheduled", "Courtesy call", "Status",
            "The visit is booked; the hosts have been asked.",
            "%(num)d person", "%(num)d people"} <= messages


def test_an_untranslated_string_is_reported_with_its_place(tmp_path: Path) -> None:
    (tmp_path / "templates" / "pages").mkdir(parents=True)
    (tmp_path / "templates" / "pages" / "new.html").write_text(
        '<h1>{{ _("Dashboard") }}</h1>\n'
        '<th>{{ _("Freshly added column") }}</th>\n'
        '{% trans %}A whole new paragraph{% endtrans %}\n', encoding="utf-8")
    (tmp_path / "visits").mkdir()
    (tmp_path / "visits" / "labels.py").write_text(
        'def N_(m):\n    return m\n\n\nLABELS = {"late": N_("The bus broke down")}\n'
        'def page(_):\n    return _("Saved at last")\n', encoding="utf-8")

    missing = untranslated(extracted(tmp_path), korean(LOCALE_DIR))

    assert missing == [
        "templates/pages/new.html:2: 'Freshly added column'",
        "templates/pages/new.html:3: 'A whole new paragraph'",
        "visits/labels.py:5: 'The bus broke down'",
        "visits/labels.py:7: 'Saved at last'",
    ]


def test_a_lost_or_broken_placeholder_is_reported() -> None:
    entries = {
        "Cancel the visit of %(name)s?": [("visits.po", "견학을 취소할까요?")],
        "Within %(gap)s %% of the best possible plan.": [("planner.po", "%(gap)s% 이내")],
        "%(num)d min": [("visits.po", "%(num)d분")],
    }

    wrong = placeholder_mismatches(entries)

    assert [line.split(":")[0] for line in wrong] == ["planner.po", "visits.po"]
    assert "msgid has ['name']" in wrong[1]


def test_a_message_translated_two_ways_is_reported() -> None:
    entries = {"Party size": [("catalog.po", "방문 인원"), ("visits.po", "인원")],
               "Date": [("visits.po", "날짜"), ("stats.po", "날짜")]}

    assert conflicts(entries) == ["'Party size': catalog.po → '방문 인원'; visits.po → '인원'"]


def test_unmarked_english_in_a_template_is_reported() -> None:
    source = (
        '{% macro flag(bad) %}{% if bad %} aria-invalid="true"{% endif %}{% endmacro %}\n'
        '<nav aria-label="Weeks"><a title="{{ _(\'Today\') }}">{{ _("Today") }}</a></nav>\n'
        '<table><tr><th>Status</th><th>{{ _("Date") }}</th><td>12 · –</td></tr></table>\n'
        '<input type="submit" value="Save"><button name="action" value="rows">→</button>\n'
        '<script>const label = "not shown";</script><p>Outlook</p>\n'
    )

    assert bare_english(source) == ["Weeks", "Status", "Save"]
