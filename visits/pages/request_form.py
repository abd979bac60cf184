"""The public request form, field by field: what the visitor typed ↔ the API's
`RequestCreate` body (SPEC §7.2), and what the form offers, in the visitor's language.

Inputs are named after the API's field paths with the form's own row numbers
(`members[3].family_name`, `dates[2]`); empty member rows and empty dates are left out of
what is validated, so a `Draft` maps the model's rows back to the form's inputs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from babel import Locale

from itineraries.labels import babel_locale, language_name
from visits.contract.fields import check_country
from visits.pages.catalog_forms import Draft, language_tags, offered_tags, whole
from visits.wording.visitor_text import V_, VisitorText

Values = dict[str, Any]  # input name → typed text ("interests": the ticked values)
MEMBER_FIELDS = ("family_name", "given_name", "native_name", "title", "role", "rank",
                 "languages", "diet", "access")
TEXT_FIELDS = ("organisation", "country", "city", "language", "notes", "website")
CONTACT_FIELDS = ("name", "email", "phone")
FIRST_ROWS = 3
MAX_ROWS = 200
MAX_DATES = 3
ROLES: dict[str, VisitorText] = {
    "member": V_("Member"), "head": V_("Head of the delegation"),
    "interpreter": V_("Interpreter"), "press": V_("Press"), "staff": V_("Staff"),
}
DEFAULT_ROLE = "member"
KIND_NAMES: dict[str, VisitorText] = {
    "control_center": V_("Control centres"), "kiosk": V_("Civil-document kiosks"),
    "volunteer_program": V_("Volunteer programmes"), "classroom": V_("Classrooms"),
    "portal_demo": V_("Online service demonstrations"),
    "broadcast": V_("Broadcasting stations"), "courtesy_call": V_("Courtesy calls"),
}
DATE_LABELS = (V_("First choice"), V_("Second choice"), V_("Third choice"))
# CLDR regions that are no country one comes from.
NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"})
_ROW = re.compile(r"members\[(\d{1,3})\]\.")


@dataclass(frozen=True)
class Shown:
    """Stored multilingual text as shown to the visitor, and the language it is in."""

    text: str
    lang: str


@dataclass(frozen=True)
class FacilityChoice:
    code: str
    name: Shown
    korean: str  # beside the name, when the name is not Korean already
    description: Shown | None


def read_values(form: Any) -> Values:
    """Everything posted as typed (text only), the ticked interests as a list."""
    values: Values = {k: v for k, v in form.items() if isinstance(v, str)}
    values["interests"] = [v for v in form.getlist("interests") if isinstance(v, str)]
    return values


def filled_rows(values: Values) -> list[int]:
    """Rows where something was typed (a role alone is the select's default, not typing)."""
    found = {int(m.group(1)) for k, v in values.items()
             if (m := _ROW.match(k)) and not k.endswith(".role") and str(v).strip()}
    return sorted(found)


def member_rows(values: Values, *, adding: bool = False) -> int:
    """Rows to show: as many as shown before (three at first, fewer for a smaller party),
    every filled one, one more when "Add a member row" was pressed."""
    shown = whole(str(values.get("member_rows", "")))
    if not isinstance(shown, int) or not 1 <= shown <= MAX_ROWS:
        size = whole(str(values.get("size", "")))
        shown = min(FIRST_ROWS, size) if isinstance(size, int) and size >= 1 else FIRST_ROWS
    last = max(filled_rows(values), default=-1) + 1
    return min(max(shown, last) + (1 if adding else 0), MAX_ROWS)


def request_data(values: Values, lang: str) -> Draft:
    """The body `POST /api/requests` would get: blanks left out, so the model says what
    is missing; numbers as numbers when they read as such, else the text to refuse."""
    draft = Draft()
    data = draft.data
    for name in TEXT_FIELDS:
        if str(values.get(name, "")).strip():
            data[name] = values[name]
    if str(values.get("size", "")).strip():
        data["size"] = whole(values["size"])
    data["contact"] = {k: values[f"contact.{k}"] for k in CONTACT_FIELDS
                       if str(values.get(f"contact.{k}", "")).strip()}
    data["members"] = [_member(values, row, lang, draft, n)
                       for n, row in enumerate(filled_rows(values))]
    data["dates"] = _dates(values, draft)
    data["interests"] = list(dict.fromkeys(values.get("interests", [])))
    data["interpreter_needed"] = values.get("interpreter_needed") == "1"
    return draft


def _member(values: Values, row: int, lang: str, draft: Draft, n: int) -> dict[str, Any]:
    draft.came_from(f"members[{n}]", f"members[{row}]")
    typed = {f: str(values.get(f"members[{row}].{f}", "")) for f in MEMBER_FIELDS}
    member: dict[str, Any] = {f: v for f, v in typed.items() if v.strip()}
    member.setdefault("role", DEFAULT_ROLE)
    if "rank" in member:
        member["rank"] = whole(member["rank"])
    if "languages" in member:
        member["languages"] = language_tags(member["languages"], lang)
    return member


def _dates(values: Values, draft: Draft) -> list[str]:
    dates = []
    for i in range(MAX_DATES):
        typed = str(values.get(f"dates[{i}]", "")).strip()
        if typed:
            draft.came_from(f"dates[{len(dates)}]", f"dates[{i}]")
            dates.append(typed)
    return dates


def input_of(where: str, draft: Draft) -> str:
    """The input (or group of inputs) a refusal of the model's field `where` belongs to."""
    return re.sub(r"^interests\[\d+\]$", "interests", draft.locate(where))


@cache
def languages_offered(lang: str) -> tuple[tuple[str, str], ...]:
    """(tag, "name in the form's language (name in itself)") of the delegation's language
    choices: the label languages first, the others after."""
    out = []
    for tag in offered_tags():
        name, own = language_name(tag, lang), language_name(tag, tag)
        out.append((tag, name if name == own else f"{name} ({own})"))
    return tuple(out)


@cache
def countries(lang: str) -> tuple[tuple[str, str], ...]:
    """(code, name in the form's language), in the order of the names."""
    territories = babel_locale(lang).territories
    found = []
    for code, name in territories.items():
        if len(code) != 2 or not code.isalpha() or code in NOT_COUNTRIES:
            continue
        try:
            check_country(code)
        except ValueError:
            continue
        found.append((code, str(name)))
    return tuple(sorted(found, key=lambda pair: pair[1].casefold()))


def shown_text(text: Any, lang: str, fallback: tuple[str, ...] = ("en", "ko")) -> Shown | None:
    """Stored text in the visitor's language, else in English (then Korean, then any)."""
    if isinstance(text, str):
        return Shown(text, "und") if text.strip() else None
    if not isinstance(text, dict) or not text:
        return None
    if lang in text:
        return Shown(text[lang], lang)
    base = Locale.parse(lang.replace("-", "_")).language
    same = [t for t in text if t == base or (t.startswith(base + "-") and base != "zh")]
    for tag in (*same, *fallback, "und", *text):
        if tag in text and str(text[tag]).strip():
            return Shown(str(text[tag]), tag)
    return None


def facility_choices(places: list[Any], lang: str) -> list[FacilityChoice]:
    out = []
    for place in places:
        name = shown_text(place.name, lang)
        if name is None:
            continue
        korean = place.name.get("ko", "") if isinstance(place.name, dict) else ""
        out.append(FacilityChoice(place.code, name, "" if name.lang == "ko" else korean,
                                  shown_text(place.description, lang)))
    return out


def kind_choices(places: list[Any]) -> list[tuple[str, VisitorText]]:
    """The kinds of facility the catalogue has, in the catalogue's order of kinds."""
    present = {place.kind for place in places}
    return [(kind, name) for kind, name in KIND_NAMES.items() if kind in present]
