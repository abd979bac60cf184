"""What every public visitor page shares (the request form now, the tracking page later):
the visitor's language with Korean beside it, its direction and fonts, the language links.

The officers' frame (`visits.pages.web.render`) speaks Korean or English; this one speaks
the 14 label languages of the itinerary from the `visitor` domain.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse

from itineraries import fonts
from itineraries.labels import babel_locale, direction
from visits.pages.visitor_i18n import (
    choose_visitor_language,
    language_links,
    pair,
    say,
)
from visits.pages.web import ENVIRONMENT, csrf_token


def visitor_language(request: Request) -> str:
    return choose_visitor_language(request.query_params.get("lang"),
                                   request.headers.get("accept-language", ""))


def render_visitor(request: Request, template: str, lang: str, status: int = 200,
                   **context: Any) -> HTMLResponse:
    """A visitor page in `lang`: `both(msg)` is the message with Korean beside it, `t(msg)`
    the message alone (for attributes and option text)."""
    settings = request.app.state.settings
    html = ENVIRONMENT.get_template(template).render(
        request=request, lang=lang, dir=direction(lang), locale=babel_locale(lang),
        csrf_token=csrf_token(request), org_name=settings.org_name,
        both=lambda message, **values: pair(message, lang, **values),
        t=lambda message, **values: say(message, lang, **values),
        languages=language_links(lang),
        # Constant rules (no user input): each language's own face, Korean's too.
        font_css=Markup(fonts.font_css({lang, "ko"})),  # noqa: S704
        **context,
    )
    headers = {"Cache-Control": "no-store", "Content-Language": lang}
    return HTMLResponse(html, status_code=status, headers=headers)
