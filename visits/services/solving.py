"""Solves in child processes, where their time and memory are enforced and a stuck one can
be killed without taking the server with it.

One spawned process per solve (a fresh interpreter: nothing of the server's memory, and
whatever the solve grows is returned to the system when it ends). The child
- ends with the app process whatever kills it (`visits.children.die_with_parent`);
- may map at most `memory_mb` (RLIMIT_AS, set once the job's modules are imported):
  past it an allocation fails, the child dies or raises, and the request gets a 503,
  never a 500;
- sends back one plain picklable value.
The parent waits on the pipe and on the process's sentinel from the event loop (no thread
blocks, `/healthz` answers meanwhile), kills the child at `time_limit + grace` seconds of
wall clock from the moment it has loaded the solver (or after START_SECONDS if it never
does), and runs at most `processes` solves at once (a 503 with Retry-After past
that). `close()` (lifespan end) and SIGTERM/SIGINT kill every running solve, so a server
asked to stop does not wait for them.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import multiprocessing
import os
import resource
import threading
import time
from collections.abc import Callable, Mapping
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

from visits.children import die_with_parent
from visits.errors import ServiceUnavailable

T = TypeVar("T")
logger = logging.getLogger(__name__)
START_SECONDS = 60
"""A child that has not loaded its modules (OR-Tools, pandas: 2 s idle, 10 s on a loaded
machine) within this long is stuck."""


class SolverBusy(ServiceUnavailable):
    code = "solver_busy"


class SolverTimeout(ServiceUnavailable):
    code = "solver_timeout"


class SolverFailed(ServiceUnavailable):
    code = "solver_failed"


class SolverStopped(ServiceUnavailable):
    code = "solver_stopped"


# --- the child ---------------------------------------------------------------------------


def _limit_memory(memory_mb: int) -> None:
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _refusal(exc: Exception) -> tuple[str, Any]:
    """A domain refusal (a RuleViolation: a dataclass with keyword-only fields, which
    pickle's `cls(*args)` cannot rebuild) as its class and fields, to raise again."""
    fields = {f.name: getattr(exc, f.name) for f in dataclasses.fields(exc)  # type: ignore[arg-type]
              if f.init}
    return "refusal", (type(exc), fields)


def _child(conn: Connection, parent_pid: int, parent_main_thread: bool, memory_mb: int) -> None:
    die_with_parent(parent_pid, parent_main_thread=parent_main_thread)
    try:
        job, kwargs = conn.recv()  # imports the job's modules: not the solve's memory
        conn.send(("started", None))  # the solve's wall clock starts now
        _limit_memory(memory_mb)
        answer: tuple[str, Any] = ("ok", job(**kwargs))
    except Exception as exc:  # noqa: BLE001 - the parent answers for it
        # Past the memory limit anything may fail (MemoryError, "can't start new thread"),
        # so only refusals travel as themselves; the rest is a failed solve, in words.
        answer = _refusal(exc) if dataclasses.is_dataclass(exc) else (
            "failed", f"{type(exc).__name__}: {exc}")
    conn.send(answer)


# --- the parent --------------------------------------------------------------------------


async def _ready(*fds: int) -> None:
    """Until one of `fds` can be read, without blocking the event loop."""
    loop = asyncio.get_running_loop()
    ready: asyncio.Future[None] = loop.create_future()

    def wake() -> None:
        if not ready.done():
            ready.set_result(None)

    for fd in fds:
        loop.add_reader(fd, wake)
    try:
        await ready
    finally:
        for fd in fds:
            loop.remove_reader(fd)


class _Link:
    """Our end of the pipe to one child. Pickling and unpickling run in threads (they may
    take a while); the end is closed only once no thread uses it, since a closed fd
    number is soon reused."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._busy: set[asyncio.Future[Any]] = set()
        self._closing = False

    def in_thread(self, call: Callable[..., Any], *args: Any) -> asyncio.Future[Any]:
        """`call(*args)` in a thread; awaiting it through `shield` leaves it running."""
        future = asyncio.ensure_future(asyncio.to_thread(call, *args))
        self._busy.add(future)
        future.add_done_callback(self._done)
        return future

    def _done(self, future: asyncio.Future[Any]) -> None:
        self._busy.discard(future)
        if not future.cancelled():
            future.exception()  # a broken pipe to a killed child: expected, and retrieved
        if self._closing and not self._busy:
            self.conn.close()

    def close(self) -> None:
        self._closing = True
        if not self._busy:
            self.conn.close()


async def _message(link: _Link, process: BaseProcess) -> tuple[str, Any]:
    """The child's next message, or ("died", None) when it ended without one."""
    await _ready(link.conn.fileno(), process.sentinel)
    if not link.conn.poll():
        return "died", None
    # a cancelled wait (the deadline) must not cancel a thread using the pipe
    return await asyncio.shield(link.in_thread(link.conn.recv))


async def _answer_of(link: _Link, process: BaseProcess, question: Any,
                     seconds: float) -> tuple[str, Any]:
    """The child's answer to `question` within `seconds` of its start (the solver's modules
    loaded: seconds under load), or ("died", None) when it ended without one."""
    try:
        await asyncio.shield(link.in_thread(link.conn.send, question))
        verdict, value = await asyncio.wait_for(_message(link, process), START_SECONDS)
        if verdict != "started":
            return verdict, value
        return await asyncio.wait_for(_message(link, process), seconds)
    except TimeoutError:  # an OSError too, but the caller's to answer
        raise
    except (EOFError, OSError):  # the child died while we talked to it
        return "died", None


class SolverPool:
    """At most `processes` solves at once, each in its own child process."""

    def __init__(self, processes: int, memory_mb: int, grace: float) -> None:
        self.processes, self.memory_mb, self.grace = processes, memory_mb, grace
        self._running: dict[BaseProcess, float] = {}  # process → wall-clock deadline
        self._closed = False

    @property
    def running(self) -> int:
        return len(self._running)

    async def solve(self, job: Callable[..., T], kwargs: Mapping[str, Any],
                    time_limit: float) -> T:
        """`job(**kwargs)` in a child process, killed after `time_limit` + grace seconds.

        `job` is a module-level function (pickled by name); its answer must pickle."""
        self._check_free()
        conn, child_end = multiprocessing.get_context("spawn").Pipe()
        process = self._start(child_end, time_limit)
        link = _Link(conn)
        try:
            verdict, value = await _answer_of(link, process, (job, dict(kwargs)),
                                              time_limit + self.grace)
        except TimeoutError:
            raise self._stopped() or SolverTimeout(
                "The plan took longer than its time limit and was stopped: try again with "
                "fewer delegations or a longer time limit.") from None
        finally:
            self._end(process)
            link.close()
        return self._answer(verdict, value, process)  # type: ignore[no-any-return]

    def _check_free(self) -> None:
        stopped = self._stopped()
        if stopped:
            raise stopped
        if len(self._running) >= self.processes:
            busy = SolverBusy("Every planner is busy: try again in {seconds} seconds.",
                              seconds=self._seconds_to_free())
            busy.retry_after = busy.facts["seconds"]
            raise busy

    def _seconds_to_free(self) -> int:
        soonest = min(self._running.values(), default=time.monotonic())
        return max(1, round(soonest - time.monotonic()))

    def _start(self, child_end: Connection, time_limit: float) -> BaseProcess:
        on_main_thread = threading.current_thread() is threading.main_thread()
        process = multiprocessing.get_context("spawn").Process(
            target=_child, name="gyeonhak-solver", daemon=True,
            args=(child_end, os.getpid(), on_main_thread, self.memory_mb))
        process.start()
        child_end.close()
        self._running[process] = time.monotonic() + time_limit + self.grace
        return process

    def _end(self, process: BaseProcess) -> None:
        self._running.pop(process, None)
        if process.exitcode is None:
            process.kill()
        process.join(1)

    def _answer(self, verdict: str, value: Any, process: BaseProcess) -> Any:
        if verdict == "ok":
            return value
        if verdict == "refusal":
            kind, fields = value
            raise kind(**fields)
        stopped = self._stopped()
        if stopped:
            raise stopped
        logger.warning("solver process %s failed (exit code %s): %s", process.pid,
                       process.exitcode, value or "ended without an answer")
        raise SolverFailed("The planner stopped without a plan (out of memory or another "
                           "failure): plan fewer delegations or days at once.")

    def _stopped(self) -> SolverStopped | None:
        if not self._closed:
            return None
        return SolverStopped("The server is restarting: try again in a moment.")

    def kill_all(self) -> None:
        """End every running solve now; the requests waiting for them get a 503."""
        self._closed = True
        for process in list(self._running):
            if process.exitcode is None:
                process.kill()

    def close(self) -> None:
        """Kill every running solve (at shutdown, and on SIGTERM via visits.shutdown)."""
        self.kill_all()
