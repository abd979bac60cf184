"""Child processes (render workers, solver runs) that never outlive the app process.

A child calls `die_with_parent()` first thing. Two guards, because neither alone covers
every way the parent ends:

- `PR_SET_PDEATHSIG` (Linux): the kernel sends SIGKILL the moment the parent dies, even
  while the child is deep in C code (a CP-SAT solve, a WeasyPrint layout). It fires when
  the *thread* that forked the child ends, so it is set only when that thread is the
  parent's main thread (`parent_main_thread=True`); a pool that replaces workers from a
  helper thread relies on the second guard.
- A daemon thread that checks every `WATCH_SECONDS` that the parent is still the one that
  started us (after kill -9 the child is re-parented to init or a subreaper) and ends the
  child with `os._exit` if not.

`spawn_context()` gives a multiprocessing context whose processes do this by themselves,
for `ProcessPoolExecutor(mp_context=spawn_context())` and for a single `Process`.

Spawn also starts multiprocessing's resource tracker. It needs no guard of its own: it
ends when the last holder of its pipe (the app process and every spawned child) is gone,
which these guards make happen.
"""

from __future__ import annotations

import ctypes
import multiprocessing.context
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1
WATCH_SECONDS = 0.5


def _set_parent_death_signal() -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass  # the watcher thread below still ends us


def _watch(parent: int) -> None:
    while True:
        time.sleep(WATCH_SECONDS)
        if os.getppid() != parent:
            os._exit(1)


def die_with_parent(parent_pid: int, parent_main_thread: bool = False) -> None:
    """Make this process end when `parent_pid` (the app process that started it) ends."""
    if parent_main_thread:
        _set_parent_death_signal()
    if os.getppid() != parent_pid:  # the parent died before we got here
        os._exit(1)
    threading.Thread(target=_watch, args=(parent_pid,), name="die-with-parent",
                     daemon=True).start()


class ParentBoundProcess(multiprocessing.context.SpawnProcess):
    """A spawned process that ends with the process (and thread) that started it."""

    _parent_pid: int
    _started_from_main_thread: bool

    def start(self) -> None:
        # Set before super().start(): spawn pickles the object, attributes included.
        self._parent_pid = os.getpid()
        self._started_from_main_thread = threading.current_thread() is threading.main_thread()
        super().start()

    def run(self) -> None:
        die_with_parent(self._parent_pid, self._started_from_main_thread)
        super().run()


class ParentBoundSpawnContext(multiprocessing.context.SpawnContext):
    Process = ParentBoundProcess


def spawn_context() -> multiprocessing.context.SpawnContext:
    """The "spawn" context, with processes that never outlive the app process."""
    return ParentBoundSpawnContext()
