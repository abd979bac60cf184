"""Officer pages for companions (SPEC §7.4): a list and a form, managed as hosts are,
through the same services and the API's own models."""

from __future__ import annotations

import re
from typing import Any
from zoneinfo import ZoneInfo

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from visits.auth import Principal
from visits.contract.companions import CompanionCreate, CompanionPatch
from visits.pages.catalog import Catalogue, catalogue_routes
from visits.pages.catalog_forms import (
    HOST_LANGUAGES,
    N_,
    Draft,
    Values,
    default_hours,
    helpers,
    lingual_values,
    period_values,
    put_whole,
    read_lingual,
    read_periods,
    read_weekly,
    weekly_values,
)
from visits.pages.i18n import translations
from visits.pages.web import language_of, page_route, render
from visits.services import companions

OFFICER = ("officer",)
COMPANION_KINDS = {"interpreter": N_("Interpreter"), "escort": N_("Escort"),
                   "driver": N_("Driver"), "vehicle": N_("Vehicle")}


def companion_values(c: Any, zone: ZoneInfo) -> Values:
    values = lingual_values("name", c.name, ("ko", "en"))
    values.update({"kind": c.kind, "email": c.email, "phone": c.phone,
                   "seats": "" if c.seats is None else str(c.seats),
                   "languages": [t for t in c.languages if t in HOST_LANGUAGES],
                   "languages_other": ", ".join(t for t in c.languages
                                                if t not in HOST_LANGUAGES)})
    values.update(weekly_values("weekly", c.weekly))
    values.update(period_values("time_off", c.time_off, zone))
    return values


def new_companion_values() -> Values:
    return {"kind": "interpreter", "languages": ["ko"], **default_hours("weekly")}


def read_companion(values: Values, zone: ZoneInfo) -> Draft:
    draft = Draft()
    v = values.get
    data = draft.data
    data["name"] = read_lingual(values, draft, "name")
    if v("kind", "").strip():
        data["kind"] = v("kind", "").strip()
    data["email"] = v("email", "").strip()
    data["phone"] = v("phone", "").strip()
    if data.get("kind") == "vehicle":
        put_whole(data, "seats", v("seats", ""))
    others = [t for t in re.split(r"[\s,;]+", v("languages_other", "")) if t]
    data["languages"] = list(dict.fromkeys([*v("languages", []), *others]))
    data["weekly"] = read_weekly(values, draft, "weekly")
    data["time_off"] = read_periods(values, draft, "time_off", zone)
    return draft


async def kind_choices() -> dict[str, Any]:
    return {"companion_kinds": COMPANION_KINDS}


COMPANIONS = Catalogue(
    path="/companions", template="pages/catalog/companion_form.html",
    create=CompanionCreate, patch=CompanionPatch, read=read_companion,
    values_of=companion_values, blank=new_companion_values, load=companions.get_companion,
    add=companions.create_companion, change=companions.update_companion,
    saved=N_("Companion “%(name)s” saved."), context=kind_choices,
    labels={"name": N_("Name"), "kind": N_("Role"), "email": N_("Email"),
            "phone": N_("Phone"), "seats": N_("Seats"), "languages": N_("Languages spoken"),
            "weekly": N_("Weekly hours"), "time_off": N_("Time off")},
)


async def companion_list(request: Request, who: Principal) -> Response:
    gettext = translations(language_of(request)).gettext
    return render(request, "pages/catalog/companions.html",
                  companions=await companions.list_companions(),
                  kind_label=lambda kind: gettext(COMPANION_KINDS.get(kind) or kind),
                  **helpers(request, {}, {}))


def routes() -> list[Route]:
    return [page_route("/companions", companion_list, roles=OFFICER),
            *catalogue_routes(COMPANIONS)]

