"""Choosing a delegation by searching for it, with or without JavaScript (issue 15): the
pages that need a delegation show a search field and the few delegations that match,
never every delegation in one select box. `/delegations/search` answers the list alone
for static/picker.js."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from visits.auth import Principal
from visits.models import Delegation
from visits.pages.forms import form_int
from visits.pages.text import country_name
from visits.pages.web import language_of, page_route, render
from visits.services import MAX_ID, delegations

OFFICER = ("officer",)
SHOWN = 8  # matches listed at once: type more to find the others
MAX_QUERY = 100


def query_of(value: Any) -> str:
    text = " ".join(str(value or "").split())[:MAX_QUERY]
    return "".join(c for c in text if c.isprintable())


async def picker_context(request: Request, query: Any, chosen_id: int | None
                         ) -> dict[str, Any]:
    """What the picker shows: the delegation chosen (kept on top) and the matches."""
    text = query_of(query)
    page = await delegations.page_of_delegations(text or None, SHOWN, None, members=False)
    chosen = None
    if chosen_id is not None and 1 <= chosen_id <= MAX_ID:
        chosen = next((d for d in page.items if d.id == chosen_id), None) or (
            await Delegation.get_or_none(id=chosen_id))
    lang = language_of(request)
    return {"picker_found": page.items, "picker_chosen": chosen, "picker_query": text,
            "picker_more": page.next is not None,
            "country": lambda code: country_name(code, lang)}


@dataclass(frozen=True)
class Choices:
    """One form row's options: its delegation first, then the newest that match its search."""

    options: list[Delegation]
    more: bool  # more delegations match than are shown


async def row_choices(queries: list[str], chosen: list[str]) -> list[Choices]:
    """The options of each row of a form that picks several delegations (the event
    planner): never every delegation, a few per search, each search looked up once."""
    found = {}
    for text in dict.fromkeys(queries):
        found[text] = await delegations.page_of_delegations(text or None, SHOWN, None,
                                                            members=False)
    ids = {int(c) for c in chosen if c.isdigit() and 1 <= int(c) <= MAX_ID}
    by_id = {d.id: d for d in await Delegation.filter(id__in=ids)} if ids else {}
    rows = []
    for text, choice in zip(queries, chosen, strict=True):
        mine = by_id.get(int(choice)) if choice.isdigit() else None
        page = found[text]
        rows.append(Choices([*([mine] if mine else []),
                             *(d for d in page.items if mine is None or d.id != mine.id)],
                            page.next is not None))
    return rows


async def search(request: Request, who: Principal) -> Response:
    params = request.query_params
    context = await picker_context(request, params.get("q"), form_int(params.get("chosen")))
    page = render(request, "pages/delegation_results.html", **context)
    return HTMLResponse(page.body, headers={"Cache-Control": "no-store",
                                            "Content-Language": language_of(request)})


def routes() -> list[Route]:
    return [page_route("/delegations/search", search, roles=OFFICER)]
