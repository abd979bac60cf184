"""The officer's start page: this week's visits, answers awaited, declines to handle."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from visits.auth import Principal
from visits.models import Delegation
from visits.pages.forms import form_day
from visits.pages.i18n import translations
from visits.pages.requests_inbox import status_word
from visits.pages.web import flash, language_of, page_route, read_form, redirect, render
from visits.services import closing, counters, outbox, overview, reminders, visits
from visits.services.visit_lists import VisitFilter, page_of_visits

OFFICER = ("officer",)
UPCOMING = timedelta(days=90)
UPCOMING_SHOWN = 20  # the rest on the visit list
STOPS_SHOWN = 20  # stops awaiting an answer, and declined: the soonest; the rest on the list


def _week_start(request: Request, today: date) -> date:
    chosen = form_day(request.query_params.get("week")) or today
    return chosen - timedelta(days=chosen.weekday())


async def dashboard(request: Request, who: Principal) -> Response:
    settings = request.app.state.settings
    today = datetime.now(settings.timezone).date()
    monday = _week_start(request, today)
    days = [monday + timedelta(days=i) for i in range(7)]
    stops = await overview.week_lines(settings, days[0], days[-1])
    by_day: dict[date, list[object]] = {d: [] for d in days}
    for stop in stops:
        by_day[stop.start.astimezone(settings.timezone).date()].append(stop)
    coming = await page_of_visits(
        who, settings, VisitFilter(first=today, last=today + UPCOMING, live=True),
        UPCOMING_SHOWN, None)
    upcoming = coming.items
    names = {d.id: d.name for d in await Delegation.filter(
        id__in=[v.delegation_id for v, _ in upcoming])}  # type: ignore[attr-defined]
    return render(
        request, "pages/dashboard.html", days=days, by_day=by_day, today=today,
        upcoming=upcoming, more_upcoming=coming.next is not None,
        upcoming_until=today + UPCOMING, delegation_names=names, visit_status=visits.visit_status,
        previous=monday - timedelta(days=7), following=monday + timedelta(days=7),
        awaiting=await overview.soonest_lines("requested", STOPS_SHOWN + 1),
        declined=await overview.soonest_lines("declined", STOPS_SHOWN + 1), shown=STOPS_SHOWN,
        undelivered=await outbox.undelivered(), new_requests=await overview.new_requests(),
        answered=await overview.answered_requests(),
        countered=await counters.countered_stops(),
        overdue=await reminders.overdue_stops(settings),
        request_status_label=lambda status: status_word(status, language_of(request)),
        settings=settings,
        mail_server=bool(settings.smtp_url),
        waiting_to_close=await closing.waiting_to_close(settings),
    )


async def retry_mail(request: Request, who: Principal, id: int) -> Response:
    """The dashboard's "send again now": one attempt, its outcome as a flash message."""
    await read_form(request)
    mail = await outbox.send_now(request.app.state.settings, id)
    _ = translations(language_of(request)).gettext
    if mail.sent_at is not None:
        flash(request, _("The mail to %(to)s was delivered.") % {"to": mail.to_email})
    else:
        flash(request, _("The mail to %(to)s was not delivered: %(error)s")
              % {"to": mail.to_email, "error": mail.last_error}, "error")
    return redirect("/dashboard#undelivered-mail")


def routes() -> list[Route]:
    return [
        page_route("/dashboard", dashboard, roles=OFFICER),
        page_route("/outbox/{id:int}/retry", retry_mail, roles=OFFICER, methods=("POST",)),
    ]
