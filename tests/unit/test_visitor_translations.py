"""Visitors read their own language: every message of the `visitor` domain (the request
form, its refusals, the tracking page's words) has a translation in each of the 14 label
languages, keeps its placeholders, and is not left in English.

Messages are found as `pybabel extract` finds them, with the visitor domain's keywords:
`both()` and `t()` in templates/visitor/, `V_()` and `VP_(context, message)` in the code.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from tests.unit.test_translations import bare_english
from visits.pages.visitor_i18n import VISITOR_LANGUAGES, catalogue_path, pair, say
from visits.wording.visitor_refusals import MESSAGES, refusal_text
from visits.wording.visitor_text import VP_

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {"V_": None, "VP_": ((1, "c"), 2), "both": None, "t": None}
METHODS = [("templates/visitor/**.html", "jinja2.ext:babel_extract"), ("visits/**.py", "python")]
OPTIONS = {"templates/visitor/**.html": {"extensions": "jinja2.ext.i18n", "trim_blocks": "True",
                                         "lstrip_blocks": "True"}}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
TRANSLATED = [lang for lang in VISITOR_LANGUAGES if lang != "en"]
# Words that are the same in a language as in English (checked by a person once).
SAME_AS_ENGLISH: dict[str, set[str]] = {
    "fr": {"Organisation"}, "id": {"Status"}, "ms": {"Status"},
}

Key = tuple[str, str]  # (context or "", msgid)


def extracted(root: Path) -> dict[Key, str]:
    """(context, msgid) → where it was first found."""
    found: dict[Key, str] = {}
    for filename, line, message, _comments, context in extract_from_dir(
        root, method_map=METHODS, options_map=OPTIONS, keywords=KEYWORDS
    ):
        if isinstance(message, str) and message:
            found.setdefault((context or "", message), f"{filename}:{line}")
    return found


def catalogue(lang: str) -> dict[Key, tuple[str, bool]]:
    """(context, msgid) → (translation, fuzzy) of one language's visitor.po."""
    with catalogue_path(lang).open("rb") as handle:
        read = read_po(handle, abort_invalid=True)
    return {(m.context or "", str(m.id)): (str(m.string or ""), bool(m.fuzzy))
            for m in read if m.id}


@pytest.fixture(scope="module")
def used() -> dict[Key, str]:
    return extracted(ROOT)


def test_the_extractor_finds_the_visitor_messages(used: dict[Key, str]) -> None:
    assert ("", "Request a visit") in used
    assert ("", "Member %(num)d") in used
    assert ("contact.email/string_pattern_mismatch",
            "Please enter an e-mail address such as name@example.org.") in used
    assert ("", "Confirm") in used and ("", "Ask for changes") in used


@pytest.mark.parametrize("lang", VISITOR_LANGUAGES)
def test_catalogue_holds_exactly_the_messages_in_use(lang: str, used: dict[Key, str]) -> None:
    held = catalogue(lang)

    missing = sorted(f"{used[k]}: {k[1]!r}" + (f" (context {k[0]})" if k[0] else "")
                     for k in used if k not in held)
    stale = sorted(k[1] for k in held if k not in used)
    assert (missing, stale) == ([], []), f"{catalogue_path(lang)}"


@pytest.mark.parametrize("lang", VISITOR_LANGUAGES)
def test_every_message_is_translated(lang: str) -> None:
    empty = [k[1] for k, (text, fuzzy) in catalogue(lang).items() if not text.strip() or fuzzy]

    assert empty == []


@pytest.mark.parametrize("lang", VISITOR_LANGUAGES)
def test_translations_keep_every_placeholder(lang: str) -> None:
    wrong = []
    for (_context, msgid), (text, _fuzzy) in catalogue(lang).items():
        wanted = sorted(PLACEHOLDER.findall(msgid))
        if sorted(PLACEHOLDER.findall(text)) != wanted:
            wrong.append(f"{msgid!r} → {text!r}")
            continue
        try:
            text % dict.fromkeys(wanted, 1)
        except (ValueError, TypeError, KeyError) as exc:
            wrong.append(f"{msgid!r} → {text!r}: {exc}")

    assert wrong == []


@pytest.mark.parametrize("lang", TRANSLATED)
def test_translations_are_not_left_in_english(lang: str) -> None:
    same = {msgid for (_c, msgid), (text, _f) in catalogue(lang).items() if text == msgid}

    assert same <= SAME_AS_ENGLISH.get(lang, set())


def test_english_catalogue_is_the_messages_themselves() -> None:
    assert [k for k, (text, _f) in catalogue("en").items() if text != k[1]] == []


def test_visitor_templates_hold_no_unmarked_english() -> None:
    found = {str(p.relative_to(ROOT)): bare_english(p.read_text(encoding="utf-8"))
             for p in sorted((ROOT / "templates" / "visitor").rglob("*.html"))}

    assert {path: words for path, words in found.items() if words} == {}


def test_a_message_reads_in_the_visitor_language_with_korean_beside() -> None:
    shown = pair("Request a visit", "ja")

    assert shown.startswith('<span lang="ja" dir="ltr">')
    assert 'class="ko" lang="ko"' in shown
    assert "Request a visit" not in shown
    assert pair("Request a visit", "ko").count("<span") == 1


def test_a_refusal_is_found_by_field_and_code_then_by_code() -> None:
    email = refusal_text("contact.email", "string_pattern_mismatch")
    rank = refusal_text("members[4].rank", "greater_than_equal", {"ge": 1})
    other = refusal_text("city", "string_too_long", {"max_length": 200})
    unknown = refusal_text("city", "something_new")

    assert email.context == "contact.email/string_pattern_mismatch"
    assert rank.context == "members.rank/greater_than_equal"
    assert (other.context, say(other, "ja")) == ("*/string_too_long", say(
        VP_("*/string_too_long", "Please write at most %(max_length)s characters."), "ja",
        max_length=200))
    assert unknown.context == "*/*"
    assert all(text.context in MESSAGES for text in (email, rank, other, unknown))
