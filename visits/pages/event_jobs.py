"""The event plan while it is made (SPEC §7.8): the time spent of the limit, the best plan
so far in figures, and "Stop and keep the best"; then the plan, as the events page shows it.

Without JavaScript the page refreshes itself (a meta refresh inside <noscript>); with it,
static/event_job.js fetches the figures alone (`…/progress`) every half second and loads
the page again once the job has ended. Any app process answers: the job is a row.
"""

from __future__ import annotations

import math
from typing import Any

from babel.numbers import format_decimal
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from visits.auth import Principal
from visits.contract.planning import EventPlanOut, EventPlanRequest
from visits.pages.events import plan_outcome, result_page
from visits.pages.web import language_of, page_route, read_form, redirect, render
from visits.services import event_jobs, planning
from visits.wording import Lang, say

OFFICER = ("officer",)
REFRESH_SECONDS = 2
"""How often the page without JavaScript loads itself again while the job is live."""


def _percent(request: Request, gap: float) -> str:
    percent = math.ceil(gap * 1000) / 10  # never say better than it is
    return format_decimal(percent, format="0.0", locale=language_of(request))


def figures(request: Request, job: event_jobs.JobView) -> dict[str, Any]:
    """What the progress part shows, the same with or without JavaScript."""
    wishes = [d["wishes"] for d in job.request["delegations"]]
    best = job.best
    return {
        "spent": format_decimal(min(job.elapsed_s, job.time_limit_s), format="0.0",
                                locale=language_of(request)),
        "limit": format_decimal(job.time_limit_s, format="0.#", locale=language_of(request)),
        "elapsed": min(job.elapsed_s, job.time_limit_s),
        "delegations": len(wishes),
        "wishes": sum(len(w) for w in wishes),
        "placed": best["placed"] if best else None,
        "wishes_met": best["wishes_met"] if best else None,
        "gap": _percent(request, best["gap"]) if best else None,
    }


async def job_page(request: Request, who: Principal, job_id: str) -> Response:
    job = await event_jobs.read_job(job_id)
    context: dict[str, Any] = {"job": job, "figures": figures(request, job),
                               "refresh": REFRESH_SECONDS}
    if job.plan is not None:
        body = EventPlanRequest.model_validate(job.request)
        plan = planning.event_plan_of(EventPlanOut.model_validate(job.plan))
        outcome = await plan_outcome(request, plan, body)
        return await result_page(request, body, outcome, **context)
    if job.status == "failed":
        lang: Lang = "en" if language_of(request) == "en" else "ko"
        context["reason"] = say(event_jobs.failure(job.error_code), lang)
    return render(request, "pages/events/job.html", **context)


async def job_progress(request: Request, who: Principal, job_id: str) -> Response:
    """The progress part alone, for the script; its status in a header."""
    job = await event_jobs.read_job(job_id)
    response = render(request, "pages/events/_job_progress.html", job=job,
                      figures=figures(request, job))
    response.headers["X-Job-Status"] = job.status
    return response


async def stop_job(request: Request, who: Principal, job_id: str) -> Response:
    await read_form(request)
    await event_jobs.request_stop(job_id)
    return redirect(f"/events/jobs/{job_id}")


def routes() -> list[Route]:
    return [
        page_route("/events/jobs/{job_id}", job_page, roles=OFFICER),
        page_route("/events/jobs/{job_id}/progress", job_progress, roles=OFFICER),
        page_route("/events/jobs/{job_id}/stop", stop_job, roles=OFFICER, methods=("POST",)),
    ]
