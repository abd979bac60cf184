"""Event plans as jobs you can watch and stop (SPEC §7.8, issue 16.6).

A job is a row of `event_job`, so every app process answers for every job. The process
that accepted it owns it: it runs the planner in a child process of its own
(`visits.services.watching`: memory limit, killed at its time limit + grace, dies with
the app), writes the child's progress and a heartbeat to the row every POLL_SECONDS, and
reads the row's `stop_requested` as often, which any process may set. A live job whose
heartbeat is older than STALE_SECONDS lost its owner (killed, restarted): whoever reads it
marks it failed. At most `settings.event_jobs` jobs are live at once over all processes:
each holds one of that many `slot`s (a unique column), and a request finding none free is
answered 503 with Retry-After.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from tortoise.exceptions import IntegrityError

from visits.auth import Principal
from visits.contract.planning import EventPlanRequest
from visits.domain.eventplan.planner import EventPlan, plan_event
from visits.errors import ApiError, NotFound, ServiceUnavailable
from visits.models import LIVE_EVENT_JOB_STATUSES, EventJob
from visits.services import planning
from visits.services.solving import SolverFailed, SolverStopped, SolverTimeout
from visits.services.watching import Watched
from visits.settings import Settings

logger = logging.getLogger(__name__)
POLL_SECONDS = 0.5
"""How often the owner writes progress and its heartbeat, and looks for a stop request."""
STALE_SECONDS = 10.0
"""A live job whose owner has not written for this long has lost it."""
STOP_WAIT_SECONDS = 5.0
"""How long a stop request waits for the owner to answer with the best plan."""
LIVE = LIVE_EVENT_JOB_STATUSES


class EventJobsBusy(ServiceUnavailable):
    code = "event_jobs_busy"


class EventJobLost(ServiceUnavailable):
    code = "event_job_lost"


class EventPlanRefused(ServiceUnavailable):
    code = "event_plan_refused"


def failure(code: str) -> ApiError:
    """Why a job failed, as an error `visits.wording.say` puts in words."""
    if code == "solver_timeout":
        return SolverTimeout("The plan took longer than its time limit and was stopped: try "
                             "again with fewer delegations or a longer time limit.")
    if code == "solver_stopped":
        return SolverStopped("The server is restarting: try again in a moment.")
    if code == "event_job_lost":
        return EventJobLost("The app process planning this event stopped before it "
                            "finished: plan the event again.")
    if code == "event_plan_refused":
        return EventPlanRefused("The planner refused this request: check the days, the "
                                "delegations and the largest group, and plan again.")
    return SolverFailed("The planner stopped without a plan (out of memory or another "
                        "failure): plan fewer delegations or days at once.")


@dataclass(frozen=True)
class JobView:
    """A job as any process reads it."""

    id: str
    status: str
    elapsed_s: float
    time_limit_s: float
    best: dict[str, Any] | None
    plan: dict[str, Any] | None
    error_code: str
    request: dict[str, Any]
    stopping: bool = False  # asked to stop, its planner not yet answered

    @property
    def live(self) -> bool:
        return self.status in LIVE


def _now() -> datetime:
    return datetime.now(UTC)


def _view(row: EventJob) -> JobView:
    if row.started_at is None:
        elapsed = 0.0
    else:
        elapsed = ((row.finished_at or _now()) - row.started_at).total_seconds()
    return JobView(row.id, row.status, round(max(0.0, elapsed), 1), row.time_limit_s,
                   row.best, row.plan, row.error_code, row.request,
                   stopping=row.stop_requested and row.status in LIVE)


async def reap_lost(job_id: str | None = None) -> None:
    """Live jobs (one, or all) whose owner stopped writing: failed, their slot freed."""
    query = EventJob.filter(status__in=LIVE, heartbeat_at__lt=_now() - timedelta(
        seconds=STALE_SECONDS))
    if job_id is not None:
        query = query.filter(id=job_id)
    await query.update(status="failed", error_code="event_job_lost", slot=None,
                       finished_at=_now())


async def read_job(job_id: str) -> JobView:
    """The job, from any process; 404 for an id nobody made."""
    if len(job_id) > 32:
        raise NotFound("There is no event plan job {id}.", id=job_id[:40])
    row = await EventJob.get_or_none(id=job_id)
    if row is None:
        raise NotFound("There is no event plan job {id}.", id=job_id)
    if row.status in LIVE and row.heartbeat_at is not None and (
            row.heartbeat_at < _now() - timedelta(seconds=STALE_SECONDS)):
        await reap_lost(job_id)  # a write only then: the page asks twice a second
        row = await EventJob.get(id=job_id)
    return _view(row)


async def request_stop(job_id: str) -> JobView:
    """Ask the job's owner to stop and keep its best plan; waits up to STOP_WAIT_SECONDS
    for it to answer, then says where the job stands."""
    job = await read_job(job_id)
    if not job.live:
        return job
    await EventJob.filter(id=job_id, status__in=LIVE).update(stop_requested=True)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + STOP_WAIT_SECONDS
    while job.live and loop.time() < deadline:
        await asyncio.sleep(0.1)
        job = await read_job(job_id)
    return job


def _best_of(figures: dict[str, Any]) -> dict[str, Any]:
    return {"objective": round(figures["objective"]), "bound": round(figures["bound"]),
            "gap": round(max(0.0, figures["gap"]), 4), "placed": int(figures["placed"]),
            "wishes_met": int(figures["wishes_met"])}


def _final_best(plan: EventPlan, body: dict[str, Any]) -> dict[str, Any]:
    """The figures of the plan kept, counted as the planner counts them."""
    wished = sum(len(d["wishes"]) for d in body["delegations"])
    unmet: dict[int, int] = {}
    for delegation_id, _ in plan.unmet:
        unmet[delegation_id] = unmet.get(delegation_id, 0) + 1
    placed = sum(1 for d in body["delegations"]
                 if unmet.get(d["delegation_id"], 0) < len(d["wishes"]))
    gap = (plan.bound - plan.objective) / plan.bound if plan.bound > 0 else 0.0
    return {"objective": plan.objective, "bound": plan.bound, "gap": round(max(0.0, gap), 4),
            "placed": placed, "wishes_met": wished - len(plan.unmet)}


class EventJobRunner:
    """The jobs this app process owns."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.owner = f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(4)}"
        self._watched: dict[str, Watched] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._closed = False
        self._started = False  # has this process owned a job

    async def start(self, who: Principal, body: EventPlanRequest, tz: tzinfo) -> str:
        """A new job for the request (checked and read now: a refusal is the caller's),
        running in the background; its id."""
        if self._closed:
            raise SolverStopped("The server is restarting: try again in a moment.")
        question = await planning.event_question(self.settings, body)
        job_id = await self._claim(who, body)
        self._started = True
        task = asyncio.create_task(self._run(job_id, question, body, tz))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return job_id

    async def _claim(self, who: Principal, body: EventPlanRequest) -> str:
        await reap_lost()
        taken: set[Any] = set(
            await EventJob.filter(slot__isnull=False).values_list("slot", flat=True))
        job_id = uuid.uuid4().hex
        for slot in range(self.settings.event_jobs):
            if slot in taken:
                continue
            try:
                await EventJob.create(
                    id=job_id, user_id=who.user_id, status="queued",
                    request=body.model_dump(mode="json"), time_limit_s=body.time_limit_s,
                    slot=slot, owner=self.owner, heartbeat_at=_now())
                return job_id
            except IntegrityError:  # another process took this slot meanwhile
                continue
        raise await self._busy()

    async def _busy(self) -> EventJobsBusy:
        ends = [(r.started_at or r.created_at) + timedelta(seconds=r.time_limit_s)
                for r in await EventJob.filter(status__in=LIVE)]
        seconds = max(1, round((min(ends, default=_now()) - _now()).total_seconds()))
        busy = EventJobsBusy("Every planner is busy: try again in {seconds} seconds.",
                             seconds=seconds)
        busy.retry_after = seconds
        return busy

    async def _run(self, job_id: str, question: dict[str, object], body: EventPlanRequest,
                   tz: tzinfo) -> None:
        watched = Watched(plan_event, question, self.settings.solver_memory_mb)
        self._watched[job_id] = watched
        try:
            await self._watch(job_id, watched, body, tz)
        except Exception:  # noqa: BLE001 - a job must end, whatever went wrong
            logger.exception("event job %s failed", job_id)
            await self._finish(job_id, status="failed", error_code="solver_failed")
        finally:
            self._watched.pop(job_id, None)
            watched.end()

    async def _watch(self, job_id: str, watched: Watched, body: EventPlanRequest,
                     tz: tzinfo) -> None:
        queue: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()
        pump = asyncio.create_task(_pump(watched, queue))
        loop = asyncio.get_running_loop()
        deadline: float | None = None
        best: dict[str, Any] | None = None
        next_beat = loop.time()
        try:
            while True:
                try:
                    kind, value = await asyncio.wait_for(queue.get(), POLL_SECONDS)
                except TimeoutError:
                    kind, value = "tick", None
                if kind == "started":
                    deadline = loop.time() + body.time_limit_s + self.settings.solver_grace
                    await EventJob.filter(id=job_id, owner=self.owner).update(
                        status="running", started_at=_now(), heartbeat_at=_now())
                elif kind == "progress":
                    best = _best_of(value)
                elif kind != "tick":
                    await self._answered(job_id, watched, kind, value, body, tz)
                    return
                if deadline is not None and loop.time() > deadline:
                    watched.kill()
                    await self._finish(job_id, status="failed", error_code="solver_timeout")
                    return
                if loop.time() >= next_beat:
                    next_beat = loop.time() + POLL_SECONDS
                    if not await self._beat(job_id, watched, best):
                        watched.kill()  # someone marked it lost: nobody waits for it
                        return
        finally:
            pump.cancel()
            await asyncio.gather(pump, return_exceptions=True)

    async def _beat(self, job_id: str, watched: Watched, best: dict[str, Any] | None) -> bool:
        """Heartbeat and progress out, a stop request in; False once the job is not ours."""
        changes: dict[str, Any] = {"heartbeat_at": _now()}
        if best is not None:
            changes["best"] = best
        if not await EventJob.filter(id=job_id, owner=self.owner, status__in=LIVE).update(
                **changes):
            return False
        if await EventJob.filter(id=job_id, stop_requested=True).exists():
            await watched.stop()
        return True

    async def _answered(self, job_id: str, watched: Watched, kind: str, value: Any,
                        body: EventPlanRequest, tz: tzinfo) -> None:
        if kind == "ok":
            stopped = await EventJob.filter(id=job_id, stop_requested=True).exists()
            await self._finish(
                job_id, status="stopped" if stopped else "done",
                plan=planning.event_plan_out(value, tz).model_dump(mode="json"),
                best=_final_best(value, body.model_dump(mode="json")))
            return
        if self._closed:
            code = "solver_stopped"
        elif kind == "refusal":
            code = "event_plan_refused"
        else:
            logger.warning("event job %s: planner process ended (exit code %s): %s", job_id,
                           watched.process.exitcode, value or "without an answer")
            code = "solver_failed"
        await self._finish(job_id, status="failed", error_code=code)

    async def _finish(self, job_id: str, **changes: Any) -> None:
        await EventJob.filter(id=job_id, owner=self.owner, status__in=LIVE).update(
            slot=None, finished_at=_now(), heartbeat_at=_now(), **changes)

    def kill_all(self) -> None:
        """End every job's planner now (SIGTERM, shutdown): its job fails, said so."""
        self._closed = True
        for watched in list(self._watched.values()):
            watched.kill()

    async def close(self) -> None:
        """At shutdown: kill the planners and let each job write why it ended."""
        self.kill_all()
        if not self._started:
            return  # none of this process's: nothing to write (the database may be gone)
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=3)
        for task in set(self._tasks):
            task.cancel()
        try:  # whatever a task did not get to write: the job ended with this process
            await EventJob.filter(owner=self.owner, status__in=LIVE).update(
                status="failed", error_code="solver_stopped", slot=None, finished_at=_now())
        except Exception:  # noqa: BLE001 - the database may be gone too: readers reap them
            logger.warning("event jobs of %s left live at shutdown", self.owner)


async def _pump(watched: Watched, queue: asyncio.Queue[tuple[str, Any]]) -> None:
    try:
        async for message in watched.messages():
            await queue.put(message)
    except TimeoutError:  # the planner never loaded its modules
        watched.kill()
        await queue.put(("died", None))
