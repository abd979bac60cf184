"""The Procfile's web command, run as a platform runs it (bash -c): it refuses to start
without PUBLIC_URL, and with one it serves, answering only for its own addresses."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from tests.e2e.servers import free_port
from visits.settings import ROOT


def _web_command() -> str:
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.startswith("web:"):
            return line.removeprefix("web:").strip()
    raise AssertionError("the Procfile has no web process")


def _start(database_url: str, tmp_path: Path, port: int, **env: str) -> subprocess.Popen[bytes]:
    environment = {k: v for k, v in os.environ.items() if k not in {"PUBLIC_URL",
                                                                     "ALLOWED_HOSTS"}}
    environment.update(PATH=f"{ROOT / '.venv' / 'bin'}:{os.environ['PATH']}", PORT=str(port),
                       DATABASE_URL=database_url, DATA_DIR=str(tmp_path),
                       SECRET_KEY="procfile-test-key", RENDER_PREWARM="0", **env)
    with (tmp_path / "web.log").open("wb") as log:
        return subprocess.Popen(["bash", "-c", _web_command()], cwd=ROOT, env=environment,
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def _answer(url: str, process: subprocess.Popen[bytes], **headers: str) -> httpx.Response:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert process.poll() is None, "the web process ended"
        try:
            return httpx.get(url, headers=headers, timeout=2)
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError("the web process did not answer in 30 s")


def test_procfile_web_refuses_to_start_without_public_url(
    database_url: str, tmp_path: Path
) -> None:
    process = _start(database_url, tmp_path, free_port())
    try:
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, 9)
            process.wait()
    output = (tmp_path / "web.log").read_text()

    assert process.returncode == 2
    assert "PUBLIC_URL is not set" in output
    assert "Uvicorn running" not in output


@pytest.mark.slow
def test_procfile_web_serves_its_public_address_only(database_url: str, tmp_path: Path) -> None:
    port = free_port()
    process = _start(database_url, tmp_path, port, PUBLIC_URL="https://visits.guro.example")
    try:
        health = _answer(f"http://127.0.0.1:{port}/healthz", process)
        own = httpx.get(f"http://127.0.0.1:{port}/login",
                        headers={"Host": "visits.guro.example"}, timeout=10)
        forged = httpx.get(f"http://127.0.0.1:{port}/login",
                           headers={"Host": "evil.example"}, timeout=10)
    finally:
        os.killpg(process.pid, 15)
        process.wait(timeout=15)

    assert health.status_code == 200
    assert own.status_code == 200
    assert forged.status_code == 400 and forged.json()["error"]["code"] == "bad_host"
