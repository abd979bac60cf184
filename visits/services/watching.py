"""A solve you can watch and stop: one spawned child process, as in `visits.services.solving`
(the same memory limit, death with the app process, kill at the deadline), that also sends
progress while it works and takes a request to stop and keep its best answer.

The conversation over the pipe:
  parent → child: (job, kwargs); child → ("started", None) once its modules are loaded;
  child → ("progress", {...}) at each better answer; parent → child: "stop", any time;
  child → ("ok", answer) | ("refusal", (class, fields)) | ("failed", words), once.
`job(**kwargs, on_progress=..., cancel=...)` runs in the child: `on_progress(figures)`
sends the figures (a dataclass or a dict) on, and `cancel` is a `threading.Event` set when
the parent asks to stop (the event planner then ends its search, keeping its best plan).
"""

from __future__ import annotations

import asyncio
import dataclasses
import multiprocessing
import os
import threading
from collections.abc import AsyncIterator, Callable, Mapping
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from visits.children import die_with_parent
from visits.services.solving import START_SECONDS, _limit_memory, _Link, _ready, _refusal

STOP = "stop"


def _listen(conn: Connection, stop: threading.Event) -> None:
    """Until the parent asks to stop (or goes)."""
    try:
        while conn.recv() != STOP:
            pass
    except (EOFError, OSError):
        pass
    stop.set()


def _child(conn: Connection, parent_pid: int, parent_main_thread: bool, memory_mb: int) -> None:
    die_with_parent(parent_pid, parent_main_thread=parent_main_thread)
    sending = threading.Lock()
    stop = threading.Event()

    def report(figures: Any) -> None:
        if dataclasses.is_dataclass(figures) and not isinstance(figures, type):
            figures = dataclasses.asdict(figures)
        with sending:
            conn.send(("progress", figures))

    try:
        job, kwargs = conn.recv()
        threading.Thread(target=_listen, args=(conn, stop), daemon=True).start()
        with sending:
            conn.send(("started", None))
        _limit_memory(memory_mb)
        answer: tuple[str, Any] = ("ok", job(**kwargs, on_progress=report, cancel=stop))
    except Exception as exc:  # noqa: BLE001 - the parent answers for it
        answer = _refusal(exc) if dataclasses.is_dataclass(exc) else (
            "failed", f"{type(exc).__name__}: {exc}")
    with sending:
        conn.send(answer)


class Watched:
    """The parent's end of one watched solve."""

    def __init__(self, job: Callable[..., Any], kwargs: Mapping[str, Any],
                 memory_mb: int) -> None:
        context = multiprocessing.get_context("spawn")
        conn, child_end = context.Pipe()
        on_main_thread = threading.current_thread() is threading.main_thread()
        self.process: BaseProcess = context.Process(
            target=_child, name="gyeonhak-event-job", daemon=True,
            args=(child_end, os.getpid(), on_main_thread, memory_mb))
        self.process.start()
        child_end.close()
        self.link = _Link(conn)
        self._question = (job, dict(kwargs))
        self._stop_sent = False

    async def messages(self) -> AsyncIterator[tuple[str, Any]]:
        """Every message of the child, "died" last if it ended without an answer. The
        first ("started") must come within START_SECONDS; the caller bounds the rest."""
        try:
            await asyncio.shield(self.link.in_thread(self.link.conn.send, self._question))
            first = await asyncio.wait_for(self._next(), START_SECONDS)
            yield first
            while first[0] in ("started", "progress"):
                first = await self._next()
                yield first
        except (EOFError, OSError):
            yield "died", None

    async def _next(self) -> tuple[str, Any]:
        await _ready(self.link.conn.fileno(), self.process.sentinel)
        if not self.link.conn.poll():
            return "died", None
        return await asyncio.shield(self.link.in_thread(self.link.conn.recv))

    async def stop(self) -> None:
        """Ask the child to stop and answer with its best so far (once)."""
        if self._stop_sent or self.process.exitcode is not None:
            return
        self._stop_sent = True
        try:
            await asyncio.shield(self.link.in_thread(self.link.conn.send, STOP))
        except (EOFError, OSError):
            pass

    def kill(self) -> None:
        if self.process.exitcode is None:
            self.process.kill()

    def end(self) -> None:
        self.kill()
        self.process.join(1)
        self.link.close()
