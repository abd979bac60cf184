"""The visitor page (the share link): the same itinerary context and partial template as
the PDF, framed for a browser and a phone, with the downloads and add-to-calendar links."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC
from urllib.parse import urlencode

from markupsafe import Markup

from itineraries import fonts
from itineraries.labels import LABEL_LANGUAGES, language_name
from itineraries.model import Itinerary, StopInfo, pick_text
from itineraries.pdf import itinerary_context, languages, live_stops, template_environment


@dataclass(frozen=True)
class CalendarLinks:
    title: str
    google: str
    outlook: str


@dataclass(frozen=True)
class LanguageChoice:
    tag: str
    name: str
    current: bool


def _stop_title(stop: StopInfo, lang: str) -> str:
    korean, theirs = pick_text(stop.place.name, "ko"), pick_text(stop.place.name, lang)
    return korean if korean == theirs else f"{korean} / {theirs}"


def calendar_links(itinerary: Itinerary, lang: str) -> tuple[CalendarLinks, ...]:
    """Per stop: Google Calendar and Outlook on the web fill in a new event from the URL."""
    out = []
    for stop in live_stops(itinerary):
        title = _stop_title(stop, lang)
        where = pick_text(stop.place.address, lang)
        details = itinerary.share_url or ""
        start, end = stop.start.astimezone(UTC), stop.end.astimezone(UTC)
        google = "https://calendar.google.com/calendar/render?" + urlencode({
            "action": "TEMPLATE", "text": title, "location": where, "details": details,
            "dates": f"{start:%Y%m%dT%H%M%SZ}/{end:%Y%m%dT%H%M%SZ}",
        })
        outlook = "https://outlook.live.com/calendar/0/deeplink/compose?" + urlencode({
            "subject": title, "location": where, "body": details,
            "startdt": start.isoformat(), "enddt": end.isoformat(),
            "path": "/calendar/action/compose",
        })
        out.append(CalendarLinks(title, google, outlook))
    return tuple(out)


def language_choices(itinerary: Itinerary, lang: str) -> tuple[LanguageChoice, ...]:
    """The delegation's language first, then every language the labels are translated to."""
    tags = [itinerary.delegation.language] + [t for t in LABEL_LANGUAGES
                                              if t != itinerary.delegation.language]
    return tuple(LanguageChoice(t, language_name(t, t), t == lang) for t in tags)


def render_visitor_page(
    itinerary: Itinerary, lang: str, *, pdf_url: str, ics_url: str, static_url: str = "/static/",
    survey_url: str | None = None,
) -> str:
    """The visitor page; `survey_url` offers the survey after the visit when given."""
    context = itinerary_context(itinerary, lang)
    font_css = Markup(fonts.font_css(languages(context)))  # noqa: S704 -- constant rules
    return template_environment().get_template("itinerary/visitor.html").render(
        it=context, font_css=font_css, static_url=static_url, pdf_url=pdf_url,
        ics_url=ics_url, calendar_links=calendar_links(itinerary, lang),
        choices=language_choices(itinerary, lang), lang=lang, survey_url=survey_url,
    )


def render_visitor_section(itinerary: Itinerary, lang: str, *, pdf_url: str,
                           ics_url: str) -> tuple[Markup, Markup]:
    """(the visitor page's body, its font rules) for another page to frame: the request's
    tracking page shows the proposed version exactly as the visitor page does."""
    context = itinerary_context(itinerary, lang)
    font_css = Markup(fonts.font_css(languages(context)))  # noqa: S704 -- constant rules
    html = template_environment().get_template("itinerary/section.html").render(
        it=context, pdf_url=pdf_url, ics_url=ics_url,
        calendar_links=calendar_links(itinerary, lang), lang=lang,
    )
    return Markup(html), font_css  # noqa: S704 -- rendered with autoescape
