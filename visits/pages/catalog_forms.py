"""Officer catalogue forms: posted text ↔ the API's pydantic input, row by row.

Inputs are named after the API's field paths with the *form's* row numbers
(`members[3].name`); a `Draft` maps the model's row numbers back to them, since blank rows
are left out of what is validated."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import get_day_names
from starlette.requests import Request

from itineraries.labels import LABEL_LANGUAGES, babel_locale
from itineraries.labels import language_name as label_language_name
from visits.contract.base import DEFAULT_OPEN_HOURS
from visits.contract.fields import check_country, normalise_lang_tag
from visits.models import FACILITY_KINDS
from visits.pages.i18n import translations
from visits.pages.text import MEMBER_ROLES, country_name, language_name
from visits.pages.web import language_of
from visits.services.delegations import in_precedence

Values = dict[str, Any]  # input name → posted text (a list for checkbox groups)
LIST_FIELDS = ("facility_ids", "languages")
COMMON_LANGUAGES = ("ko", "en", "ja", "zh-Hans", "zh-Hant", "vi", "th", "id", "ms", "mn",
                    "km", "ru", "uz", "ar", "fr", "es", "pt", "de")
HOST_LANGUAGES = ("ko", "en", "ja", "zh-Hans", "zh-Hant", "vi", "th", "ru", "ar", "fr", "es")
CLOCK = "%Y-%m-%dT%H:%M"
LIST_SEPARATORS = re.compile(r"[,;、，،]")
MEMBER_LANGUAGE = re.compile(r"\.languages\[\d+\]$")


def N_(message: str) -> str:
    """Marks a message for translation where it is defined; `_()` translates it later."""
    return message


KIND_NAMES = {
    "control_center": N_("Control center"), "kiosk": N_("Civil-document kiosk"),
    "volunteer_program": N_("Volunteer programme"), "classroom": N_("Classroom"),
    "portal_demo": N_("Portal demonstration"), "broadcast": N_("Broadcasting station"),
    "courtesy_call": N_("Courtesy call"), "other": N_("Other"),
}
@dataclass
class Draft:
    """The API's data read from a form, and which input each model path came from."""

    data: dict[str, Any] = field(default_factory=dict)
    paths: dict[str, str] = field(default_factory=dict)

    def came_from(self, model_path: str, form_path: str) -> None:
        self.paths[model_path] = form_path

    def locate(self, where: str) -> str:
        """The input a refusal of the model's field `where` belongs to (a member's list of
        languages is one input)."""
        for model in sorted(self.paths, key=len, reverse=True):
            if where == model or where.startswith((model + ".", model + "[")):
                return MEMBER_LANGUAGE.sub(".languages", self.paths[model] + where[len(model):])
        group = where.split("[", 1)[0]
        return group if group in LIST_FIELDS else where


def _values(form: Any) -> Values:
    values: Values = {k: v if isinstance(v, str) else "" for k, v in form.items()}
    for name in LIST_FIELDS:
        values[name] = [v for v in form.getlist(name) if isinstance(v, str)]
    return values


def indices(values: Values, prefix: str) -> list[int]:
    """Row numbers present in the form under `prefix[n]`."""
    pattern = re.compile(re.escape(prefix) + r"\[(\d{1,4})\]")
    return sorted({int(m.group(1)) for k in values if (m := pattern.match(k))})


def row_count(values: Values, prefix: str, spare: int) -> int:
    """Rows to show: up to the last one filled in, and `spare` blank ones after it."""
    pattern = re.compile(re.escape(prefix) + r"\[(\d{1,4})\]")
    filled = [int(m.group(1)) for k, v in values.items()
              if isinstance(v, str) and v.strip() and (m := pattern.match(k))]
    return max(filled, default=-1) + 1 + spare


def whole(raw: str) -> Any:
    """A whole number if it reads as one, else the text (for the model to refuse)."""
    try:
        return int(raw.strip())
    except ValueError:
        return raw


def decimal(raw: str) -> Any:
    if not raw.strip():
        return None
    try:
        return float(raw.strip())
    except ValueError:
        return raw


def put_whole(data: dict[str, Any], key: str, raw: str) -> None:
    """A blank required number is left out, so the model says it is required."""
    if raw.strip():
        data[key] = whole(raw)


def aware(raw: str, zone: ZoneInfo) -> str:
    """datetime-local input, read in the organisation's time zone."""
    try:
        moment = datetime.fromisoformat(raw.strip())
    except ValueError:
        return raw
    return (moment if moment.tzinfo else moment.replace(tzinfo=zone)).isoformat()


def local_input(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime(CLOCK)


def canonical_tag(tag: str) -> str:
    try:
        return normalise_lang_tag(tag.strip())
    except ValueError:
        return tag.strip()


# -- multilingual text, weekly hours and periods: the same shapes in every form --------------

def lingual_values(prefix: str, value: Any, fixed: Sequence[str]) -> Values:
    given = {"und": value} if isinstance(value, str) else dict(value or {})
    values: Values = {f"{prefix}.{tag}": given.get(tag, "") for tag in fixed}
    extra = [(t, v) for t, v in given.items() if t not in fixed]
    for i, (tag, content) in enumerate(extra):
        values[f"{prefix}.extra[{i}].tag"], values[f"{prefix}.extra[{i}].text"] = tag, content
    return values


def read_lingual(values: Values, draft: Draft, prefix: str,
                 own: str | None = None) -> dict[str, str]:
    """`prefix.TAG` inputs (in form order), then `prefix.own` in the language `own`, then the
    rows of free tag and text; a blank text is no text."""
    fixed = re.compile(re.escape(prefix) + r"\.([A-Za-z0-9-]{1,35})$")
    rows = [(m.group(1), k) for k in values if (m := fixed.match(k)) and m.group(1) != "own"]
    if own:  # without a language the row waits: the language field says what is missing
        rows.append((own, f"{prefix}.own"))
    rows += [(values.get(f"{prefix}.extra[{i}].tag", ""), f"{prefix}.extra[{i}].text")
             for i in indices(values, f"{prefix}.extra")]
    out: dict[str, str] = {}
    for tag, name in rows:
        content, key = values.get(name, ""), canonical_tag(tag)
        if content.strip() and key not in out:
            out[key] = content
            draft.came_from(f"{prefix}.{key}", name)
    return out


def weekly_values(prefix: str, windows: Sequence[Any]) -> Values:
    values: Values = {}
    per_day: dict[int, int] = {}
    for window in sorted(windows, key=lambda w: (w["weekday"], w["start"])):
        day = window["weekday"]
        n = per_day[day] = per_day.get(day, -1) + 1
        values[f"{prefix}[{day}][{n}].start"] = window["start"]
        values[f"{prefix}[{day}][{n}].end"] = window["end"]
    return values


def window_count(values: Values, prefix: str) -> int:
    pattern = re.compile(re.escape(prefix) + r"\[\d\]\[(\d{1,2})\]")
    return max([2, *(int(m.group(1)) + 1 for k in values if (m := pattern.match(k)))])


def read_weekly(values: Values, draft: Draft, prefix: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for day in range(7):
        for n in range(window_count(values, prefix)):
            row = f"{prefix}[{day}][{n}]"
            start, end = (values.get(f"{row}.{x}", "").strip()[:5] for x in ("start", "end"))
            if start or end:
                draft.came_from(f"{prefix}[{len(out)}]", row)
                out.append({"weekday": day, "start": start, "end": end})
    return out


def period_values(prefix: str, periods: Sequence[Any], zone: ZoneInfo) -> Values:
    values: Values = {}
    for i, period in enumerate(sorted(periods, key=lambda p: p.start)):
        values[f"{prefix}[{i}].start"] = local_input(period.start, zone)
        values[f"{prefix}[{i}].end"] = local_input(period.end, zone)
        if hasattr(period, "reason"):
            values[f"{prefix}[{i}].reason"] = period.reason
    return values


def read_periods(values: Values, draft: Draft, prefix: str, zone: ZoneInfo,
                 reason: bool = False) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for i in indices(values, prefix):
        row = f"{prefix}[{i}]"
        start, end = values.get(f"{row}.start", ""), values.get(f"{row}.end", "")
        note = values.get(f"{row}.reason", "") if reason else ""
        if start.strip() or end.strip() or note.strip():
            draft.came_from(f"{prefix}[{len(out)}]", row)
            period = {"start": aware(start, zone), "end": aware(end, zone)}
            out.append({**period, "reason": note.strip()} if reason else period)
    return out


# -- languages typed as names or tags -----------------------------------------------------

def language_tags(typed: str, lang: str) -> list[str]:
    """"日本語、英語", "Japanese, English" or "ja, en" → ["ja", "en"]: a language named in
    the form's language, in Korean (printed beside it), in any label language or in
    itself, or its tag; anything else is passed on as typed for the contract to refuse."""
    names = _language_names(lang)
    tokens = [t.strip() for t in LIST_SEPARATORS.split(typed) if t.strip()]
    return [names.get(t.casefold(), t) for t in tokens]


@cache
def _language_names(lang: str) -> dict[str, str]:
    names: dict[str, str] = {}
    for reader in (lang, "ko", "en", *LABEL_LANGUAGES):
        for tag in offered_tags():
            names.setdefault(label_language_name(tag, reader).casefold(), tag)
            names.setdefault(label_language_name(tag, tag).casefold(), tag)
    for code, name in babel_locale(lang).languages.items():  # every other language too
        names.setdefault(str(name).casefold(), code.replace("_", "-"))
    return names


def offered_tags() -> tuple[str, ...]:
    return tuple(dict.fromkeys((*LABEL_LANGUAGES, *COMMON_LANGUAGES)))



# -- delegations --------------------------------------------------------------------------

def delegation_values(d: Any, zone: ZoneInfo) -> Values:
    values = lingual_values("name", d.name, name_tags(d))
    values.update({"country": d.country, "city": d.city, "language": d.language,
                   "size": str(d.size), "contact.name": d.contact_name,
                   "contact.email": d.contact_email, "notes": d.notes, "head": ""})
    for i, m in enumerate(in_precedence(d.members)):
        row = f"members[{i}]"
        for key in MEMBER_TEXT:
            values[f"{row}.{key}"] = getattr(m, key) or ""
        values[f"{row}.role"] = "" if m.head else m.role
        values[f"{row}.rank"] = "" if m.rank is None else str(m.rank)
        values[f"{row}.languages"] = ", ".join(m.languages)
        values["head"] = str(i) if m.head else values["head"]
    return values


# What the officer types of a member, as the protocol record's fields; the role select
# offers every role but the head's, which the "heads the delegation" choice gives.
MEMBER_TEXT = ("family_name", "given_name", "name", "native_name", "title", "diet", "access")
MEMBER_ROLES_OFFERED = ("member", "interpreter", "press", "staff")


def _member_typed(values: Values, row: str) -> bool:
    return any(str(values.get(f"{row}.{key}", "")).strip()
               for key in (*MEMBER_TEXT, "rank", "languages"))


def _member_record(values: Values, row: str, head: bool) -> dict[str, Any]:
    """A member row as the contract's protocol record (blank name: the contract makes it
    from the given and family names). Languages may be typed as names in Korean, English
    or any label language, or as tags."""
    v = values.get
    member: dict[str, Any] = {key: str(v(f"{row}.{key}", "")).strip() for key in MEMBER_TEXT}
    if not member["name"]:
        del member["name"]
    role = str(v(f"{row}.role", "")) or "member"
    member["role"] = "head" if head else ("member" if role == "head" else role)
    put_whole(member, "rank", str(v(f"{row}.rank", "")))
    member["languages"] = language_tags(str(v(f"{row}.languages", "")), "ko")
    return member


def name_tags(delegation: Any) -> tuple[str, ...]:
    """A new delegation's name has a row for "its own language"; an existing one has a row
    in that language by name."""
    own = delegation.language if delegation else ""
    return ("ko", "en") + ((own,) if own and own not in ("ko", "en") else ())


def read_delegation(values: Values, zone: ZoneInfo) -> Draft:
    draft = Draft()
    v = values.get
    language = v("language", "").strip()
    data = draft.data
    data["name"] = read_lingual(values, draft, "name", own=language)
    for key in ("country", "city"):
        if v(key, "").strip():
            data[key] = v(key, "")
    if language:
        data["language"] = language
    put_whole(data, "size", v("size", ""))
    data["contact"] = {k: v(f"contact.{k}", "") for k in ("name", "email")}
    data["members"] = []
    for i in indices(values, "members"):
        row, head = f"members[{i}]", v("head", "") == str(i)
        if _member_typed(values, row) or head:
            draft.came_from(f"members[{len(data['members'])}]", row)
            data["members"].append(_member_record(values, row, head))
    data["notes"] = v("notes", "")
    return draft


# -- facilities ---------------------------------------------------------------------------

FACILITY_NAMES = ("ko", "en", "ja", "zh-Hans")


def facility_values(f: Any, zone: ZoneInfo) -> Values:
    values: Values = {"code": f.code, "kind": f.kind, "capacity": str(f.capacity),
                      "duration_min": str(f.duration_min), "buffer_min": str(f.buffer_min),
                      "lat": "" if f.lat is None else str(f.lat),
                      "lon": "" if f.lon is None else str(f.lon),
                      "max_visits_per_week": "" if f.max_visits_per_week is None
                      else str(f.max_visits_per_week)}
    values.update(lingual_values("name", f.name, FACILITY_NAMES))
    values.update(lingual_values("description", f.description, ("ko", "en")))
    values.update(lingual_values("address", f.address, ("ko", "en")))
    values.update(weekly_values("open_hours", f.open_hours))
    values.update(period_values("closures", f.closures, zone))
    return values


def default_hours(prefix: str) -> Values:
    return weekly_values(prefix, [w.model_dump() for w in DEFAULT_OPEN_HOURS])


def new_facility_values() -> Values:
    return default_hours("open_hours")


def read_facility(values: Values, zone: ZoneInfo) -> Draft:
    draft = Draft()
    v = values.get
    data = draft.data
    for key in ("code", "kind"):
        if v(key, "").strip():
            data[key] = v(key, "").strip()
    data["name"] = read_lingual(values, draft, "name")
    data["description"] = read_lingual(values, draft, "description")
    data["address"] = read_lingual(values, draft, "address")
    data["lat"], data["lon"] = decimal(v("lat", "")), decimal(v("lon", ""))
    for key in ("capacity", "duration_min"):
        put_whole(data, key, v(key, ""))
    data["buffer_min"] = whole(v("buffer_min", "")) if v("buffer_min", "").strip() else 0
    quota = v("max_visits_per_week", "").strip()
    data["max_visits_per_week"] = whole(quota) if quota else None  # blank: no weekly cap
    data["open_hours"] = read_weekly(values, draft, "open_hours")
    data["closures"] = read_periods(values, draft, "closures", zone, reason=True)
    return draft


# -- hosts --------------------------------------------------------------------------------

def host_values(h: Any, zone: ZoneInfo) -> Values:
    values = lingual_values("name", h.name, ("ko", "en"))
    values.update({"email": h.email, "phone": h.phone,
                   "facility_ids": [str(f.id) for f in h.facilities if f.is_active],
                   "languages": [t for t in h.languages if t in HOST_LANGUAGES],
                   "languages_other": ", ".join(t for t in h.languages
                                                if t not in HOST_LANGUAGES)})
    values.update(weekly_values("weekly", h.weekly))
    values.update(period_values("time_off", h.time_off, zone))
    return values


def new_host_values() -> Values:
    return {"languages": ["ko"], **default_hours("weekly")}


def read_host(values: Values, zone: ZoneInfo) -> Draft:
    draft = Draft()
    v = values.get
    data = draft.data
    data["name"] = read_lingual(values, draft, "name")
    if v("email", "").strip():
        data["email"] = v("email", "").strip()
    data["phone"] = v("phone", "").strip()
    data["facility_ids"] = [whole(i) for i in v("facility_ids", [])]
    others = [t for t in re.split(r"[\s,;]+", v("languages_other", "")) if t]
    data["languages"] = list(dict.fromkeys([*v("languages", []), *others]))
    data["weekly"] = read_weekly(values, draft, "weekly")
    data["time_off"] = read_periods(values, draft, "time_off", zone)
    return draft


# -- what the templates are given ---------------------------------------------------------

NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"})


def _sort_key(name: str) -> str:
    """Accents ignored, so Côte d’Ivoire sorts among the C's."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@cache
def countries(lang: str) -> list[tuple[str, str]]:
    names = Locale.parse(lang).territories
    found = []
    for code in names:
        if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES:
            try:
                found.append((check_country(code), str(names[code])))
            except ValueError:
                continue
    return sorted(found, key=lambda pair: _sort_key(pair[1]))


def country_options(lang: str, chosen: Any) -> list[tuple[str, str]]:
    """Every country, and whatever the record or the user has, so nothing is lost."""
    options = countries(lang)
    if isinstance(chosen, str) and chosen and chosen not in dict(options):
        options = [(chosen, chosen), *options]
    return options


def helpers(request: Request, values: Values, errors: dict[str, str]) -> dict[str, Any]:
    lang = language_of(request)
    gettext = translations(lang).gettext
    day_names = get_day_names("wide", locale=lang)
    return {
        "values": values, "errors": errors,
        "fid": lambda name: "f-" + re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-"),
        "rows": lambda prefix, spare: range(row_count(values, prefix, spare)),
        "windows": lambda prefix: range(window_count(values, prefix)),
        "weekdays": [(d, day_names[d]) for d in range(7)],
        "language_name": lambda tag: language_name(tag, lang),
        "country_name": lambda code: country_name(code, lang),
        "name_tags": name_tags, "countries": country_options(lang, values.get("country")),
        "kinds": KIND_NAMES,
        "kind_options": [(k, gettext(KIND_NAMES.get(k, k))) for k in FACILITY_KINDS],
        "common_languages": COMMON_LANGUAGES, "host_languages": HOST_LANGUAGES,
        "member_roles": [(r, gettext(MEMBER_ROLES[r])) for r in MEMBER_ROLES_OFFERED],
    }


# -- the generic form flow: show, validate as the API does, save, say so ------------------
