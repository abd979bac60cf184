"""Event plans run as jobs (SPEC §7.8): start one, follow it, stop it keeping the best.

Officers share one office, so any officer may follow or stop any officer's job."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from visits.api.endpoint import api_route
from visits.auth import Principal
from visits.contract.event_jobs import EventJobCreated, EventJobError, EventJobOut
from visits.contract.planning import EventPlanRequest
from visits.services import event_jobs
from visits.wording import reader_language, say

OFFICER = ("officer",)


def job_out(request: Request, job: event_jobs.JobView) -> EventJobOut:
    error = None
    if job.status == "failed":
        lang = reader_language(request.headers.get("accept-language"))
        error = EventJobError(code=job.error_code,
                              message=say(event_jobs.failure(job.error_code), lang))
    return EventJobOut.model_validate({
        "id": job.id, "status": job.status, "elapsed_s": job.elapsed_s,
        "time_limit_s": job.time_limit_s, "best": job.best, "plan": job.plan,
        "error": error})


async def start_job(request: Request, who: Principal, body: EventPlanRequest) -> JSONResponse:
    runner: event_jobs.EventJobRunner = request.app.state.event_jobs
    job_id = await runner.start(who, body, request.app.state.settings.timezone)
    url = f"/api/events/jobs/{job_id}"
    return JSONResponse(EventJobCreated(id=job_id, url=url).model_dump(), status_code=202,
                        headers={"Location": url})


async def get_job(request: Request, who: Principal, job_id: str) -> EventJobOut:
    return job_out(request, await event_jobs.read_job(job_id))


async def stop_job(request: Request, who: Principal, job_id: str) -> EventJobOut:
    return job_out(request, await event_jobs.request_stop(job_id))


def routes() -> list[Route]:
    return [
        api_route("POST", "/api/events/jobs", start_job, roles=OFFICER, body=EventPlanRequest,
                  response=EventJobCreated, status=202, errors=(404, 422, 503),
                  summary="Plan an event as a job (the body of POST /api/events/plan): 202 "
                          "with its id and url at once; the request is checked first (422 "
                          "as for /api/events/plan). At most EVENT_JOBS jobs run at once "
                          "over every app process: past it 503 with Retry-After"),
        api_route("GET", "/api/events/jobs/{job_id}", get_job, roles=OFFICER,
                  response=EventJobOut, errors=(404,),
                  summary="Where a job stands, from any app process: status, seconds spent "
                          "of its time limit, the best plan so far in figures, and the plan "
                          "(the answer of POST /api/events/plan) once done or stopped"),
        api_route("POST", "/api/events/jobs/{job_id}/stop", stop_job, roles=OFFICER,
                  response=EventJobOut, errors=(404,),
                  summary="End the job's search and keep the best plan found (from any app "
                          "process); answers the job once it has stopped, or after 5 s as "
                          "it stands. A finished job is answered as it is"),
    ]
