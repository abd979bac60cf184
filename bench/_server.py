"""A real server for benchmarks, started as tests/e2e/conftest.py starts one: uvicorn in a
subprocess on 127.0.0.1 (a free port), over a fresh SQLite file in a temporary directory
that `python -m visits migrate` and `python -m visits seed-demo` prepared.

    with demo_server() as server:
        httpx.get(server.url + "/healthz")

The server is stopped on leaving the block, error or not (terminate; kill after 10 s).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
# Settings a caller's shell may carry that would make the server leave the sandbox (send
# mail, print foreign links) or use another database.
_DROPPED = ("DATABASE_URL", "DATA_DIR", "SECRET_KEY", "SMTP_URL", "PUBLIC_URL")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log: Path
    env: dict[str, str]

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def demo_env(data_dir: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of the CLI and the server: a SQLite file inside `data_dir`."""
    env = {k: v for k, v in os.environ.items() if k not in _DROPPED}
    env["DATABASE_URL"] = f"sqlite://{data_dir / 'gyeonhak.sqlite3'}"
    env["DATA_DIR"] = str(data_dir)
    env.update(extra or {})
    return env


def run_cli(env: Mapping[str, str], *args: str) -> str:
    """`python -m visits ARGS`; its output, or RuntimeError with the output on failure."""
    done = subprocess.run(  # noqa: S603 -- our own interpreter and module
        [sys.executable, "-m", "visits", *args],
        cwd=ROOT, env=dict(env), capture_output=True, text=True, timeout=300, check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"python -m visits {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def start_server(env: Mapping[str, str], log: Path, workers: int = 1,
                 wait_s: float = 30) -> Server:
    """uvicorn on a free port; returns once /healthz answers 200 (`wait_s` at most)."""
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "--factory", "visits.app:create_app",
               "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603 -- our own interpreter and module
            command, cwd=ROOT, env=dict(env), stdout=out, stderr=out
        )
    server = Server(f"http://127.0.0.1:{port}", process, log, dict(env))
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"uvicorn exited:\n{server.output()}")
        try:
            if httpx.get(server.url + "/healthz", timeout=1).status_code == 200:
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    stop_server(server)
    raise RuntimeError(f"uvicorn did not answer in {wait_s:g} s:\n{server.output()}")


def stop_server(server: Server) -> None:
    if server.process.poll() is not None:
        return
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait(timeout=10)


@contextmanager
def demo_server(workers: int = 1, extra_env: Mapping[str, str] | None = None
                ) -> Iterator[Server]:
    """A migrated database with the Guro-gu demo, served by uvicorn for the block's duration.
    On an error inside the block the end of the server's log goes to stderr."""
    with tempfile.TemporaryDirectory(prefix="gyeonhak-bench-") as tmp:
        data_dir = Path(tmp)
        env = demo_env(data_dir, extra_env)
        run_cli(env, "migrate")
        run_cli(env, "seed-demo")
        server = start_server(env, data_dir / "uvicorn.log", workers)
        try:
            yield server
        except BaseException:
            tail = "\n".join(server.output().splitlines()[-40:])
            print(f"--- end of the server's log ---\n{tail}", file=sys.stderr)
            raise
        finally:
            stop_server(server)
