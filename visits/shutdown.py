"""Work the app must drop the moment it is asked to stop, not after.

uvicorn, on SIGTERM or SIGINT, first waits for every open request to finish and only then
ends the lifespan. A request waiting on a minute-long render would hold the shutdown that
long, and renders queued behind it longer (a solve, minutes): so the render pool and the
running solves are closed when the signal arrives (those requests then answer 503 with
Retry-After), and uvicorn's own handler runs as before.
"""

from __future__ import annotations

import asyncio
import signal
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from types import FrameType
from typing import Any

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


def _chained(previous: Any, callbacks: tuple[Callable[[], None], ...],
             loop: asyncio.AbstractEventLoop) -> Callable[[int, FrameType | None], None]:
    def handle(signum: int, frame: FrameType | None) -> None:
        for callback in callbacks:
            loop.call_soon_threadsafe(callback)
        if callable(previous):
            previous(signum, frame)
        elif previous == signal.SIG_DFL:
            signal.signal(signum, signal.SIG_DFL)
            signal.raise_signal(signum)

    return handle


@asynccontextmanager
async def on_stop_signal(*callbacks: Callable[[], None]) -> AsyncIterator[None]:
    """Within the block, SIGTERM and SIGINT run `callbacks` on the running event loop, then
    whatever handled them before. Outside the main thread (where signals cannot be
    handled) this does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    loop = asyncio.get_running_loop()
    previous = {sig: signal.getsignal(sig) for sig in STOP_SIGNALS}
    for sig, handler in previous.items():
        signal.signal(sig, _chained(handler, callbacks, loop))
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
