"""wrk, the compiled HTTP load generator (Debian package `wrk`), driven from Python.

    result = run_wrk(url, seconds=5, headers={"Authorization": "Bearer …"})
    result.rps, result.p50_ms, result.p99_ms, result.failed

Each run gets a Lua script whose `done()` writes one JSON line of figures (requests,
requests/s, p50/p99 latency, non-2xx/3xx answers, socket errors): nothing is parsed from
wrk's human-readable report. `requests_lua` may add a `request()` of its own (the booking
bench sends a different body each time); the thread count is in the global `THREADS` and
each thread's number, from 0, in `THREAD`.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass

_REPORT = """
local __threads = {}
function setup(thread)
  thread:set("THREAD", #__threads)
  thread:set("THREADS", %(threads)d)
  table.insert(__threads, thread)
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    '\\nWRK-JSON {"requests": %%d, "seconds": %%.6f, "p50_us": %%d, "p99_us": %%d, ' ..
    '"non_2xx": %%d, "socket_errors": %%d}\\n',
    summary.requests, seconds, latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout))
end
"""


class WrkMissing(RuntimeError):
    pass


@dataclass(frozen=True)
class WrkResult:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    non_2xx: int
    socket_errors: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def failed(self) -> int:
        return self.non_2xx + self.socket_errors


def wrk_path() -> str:
    found = shutil.which("wrk")
    if found is None:
        raise WrkMissing("wrk is not installed: `make bench` installs it (Debian package wrk)")
    return found


def run_wrk(url: str, *, seconds: float, threads: int = 2, connections: int = 16,
            headers: Mapping[str, str] | None = None, requests_lua: str = "",
            timeout_s: float = 10.0) -> WrkResult:
    """One wrk run against `url`; its figures (raises when wrk fails or prints none)."""
    script = _REPORT % {"threads": threads} + requests_lua
    with tempfile.NamedTemporaryFile("w", suffix=".lua", prefix="bench-wrk-") as lua:
        lua.write(script)
        lua.flush()
        command = [wrk_path(), f"-t{threads}", f"-c{connections}",
                   f"-d{max(1, round(seconds))}s", f"--timeout={timeout_s:g}s", "-s", lua.name]
        for name, value in (headers or {}).items():
            command += ["-H", f"{name}: {value}"]
        done = subprocess.run(  # noqa: S603 -- wrk with our own arguments
            [*command, url], capture_output=True, text=True, check=False,
            timeout=seconds + timeout_s + 30,
        )
    for line in done.stdout.splitlines():
        if line.startswith("WRK-JSON "):
            figures = json.loads(line.removeprefix("WRK-JSON "))
            return WrkResult(figures["requests"], figures["seconds"], figures["p50_us"] / 1000,
                             figures["p99_us"] / 1000, figures["non_2xx"],
                             figures["socket_errors"])
    raise RuntimeError(f"wrk printed no figures (exit {done.returncode}):\n"
                       f"{done.stdout}{done.stderr}")


def lua_string(text: str) -> str:
    """A Lua string literal for any text (a long bracket no body contains)."""
    level = 0
    while f"]{'=' * level}]" in text:
        level += 1
    return f"[{'=' * level}[{text}]{'=' * level}]"
