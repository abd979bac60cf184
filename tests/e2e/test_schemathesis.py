"""Schemathesis over /openapi.json against a real server on the suite's database: every
operation, signed in as an officer, with real ids in the path part of the time; no server
error, and every answer's status, content type and body as the document describes them.

FUZZ_EXAMPLES bounds the cases per operation and phase (3 in `make test`; `make fuzz` runs
200 and adds the coverage phase's boundary values); FUZZ_SEED fixes the seed; FUZZ_OUTPUT
names a file to keep Schemathesis's report in. The hooks (tests/e2e/schemathesis_hooks.py)
fill in the ids and hold the list of failures other points of issue 11 own.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.servers import Server
from tests.integration.builders import (
    DAY,
    at,
    delegation_body,
    facility_body,
    host_body,
    request_body,
)
from visits.auth import issue_token
from visits.models import User
from visits.services.accounts import create_user
from visits.settings import ROOT

CHECKS = ("not_a_server_error,status_code_conformance,content_type_conformance,"
          "response_schema_conformance")
OFFICER = ("fuzz.officer@example.kr", "fuzz-officer-password")
SPARE_TOKENS = 40


def _examples() -> int:
    return int(os.environ.get("FUZZ_EXAMPLES") or 3)


def _phases() -> str:
    return os.environ.get("FUZZ_PHASES") or (
        "examples,coverage,fuzzing" if _examples() > 20 else "examples,fuzzing")


async def _tokens(count: int) -> list[str]:
    user = await User.get(email=OFFICER[0])
    return [(await issue_token(user, timedelta(hours=2)))[0] for _ in range(count)]


def _created(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code in (200, 201), response.text
    return response.json()  # type: ignore[no-any-return]


async def seed_server(server: Server) -> dict[str, Any]:
    """Real rows for path parameters: a facility, its host, a delegation, a booked visit
    with its stop and two programme items, a visit request, a share token and a host's
    feed token; a spare visit, facility, request and item for the operations that cancel,
    delete or decline; and the officer's tokens."""
    await create_user(OFFICER[0], "officer", OFFICER[1])
    token, *spare = await _tokens(1 + SPARE_TOKENS)
    async with httpx.AsyncClient(base_url=server.url, timeout=60,
                                 headers={"Authorization": f"Bearer {token}"}) as api:
        facility = _created(await api.post("/api/facilities", json=facility_body()))
        host = _created(await api.post("/api/hosts", json=host_body(
            [facility["id"]], email="fuzz.host@example.kr")))
        delegation = _created(await api.post("/api/delegations", json=delegation_body()))
        visit = _created(await api.post("/api/visits", json={
            "delegation_id": delegation["id"],
            "stops": [{"facility_id": facility["id"], "start": at("10:00", DAY)}]}))
        spare_visit = _created(await api.post("/api/visits", json={
            "delegation_id": delegation["id"],
            "stops": [{"facility_id": facility["id"], "start": at("14:00", DAY)}]}))
        spare_facility = _created(await api.post("/api/facilities", json=facility_body(
            code="SPARE")))
        items = f"/api/visits/{visit['id']}/items"
        item, spare_item = [_created(await api.post(items, json={
            "kind": "meal", "title": "오찬", "start": at(start, DAY), "end": at(end, DAY)}))
            for start, end in (("12:00", "13:00"), ("13:00", "13:30"))]
        companion, spare_companion = [_created(await api.post("/api/companions", json={
            "name": {"ko": name}, "kind": "interpreter", "languages": ["ko", "ja"],
            "weekly": [{"weekday": d, "start": "08:00", "end": "20:00"} for d in range(5)],
        })) for name in ("이수진", "박하나")]
        share = _created(await api.post(f"/api/visits/{visit['id']}/share"))
        feed = _created(await api.get(f"/api/hosts/{host['id']}/feed"))
        request = _created(await api.post("/api/requests", json=request_body()))
        spare_request = _created(await api.post("/api/requests", json=request_body()))
        asked = _created(await api.post("/api/requests", json=request_body()))
        asked_delegation = _created(await api.post(f"/api/requests/{asked['id']}/delegation"))
        request_visit = _created(await api.post("/api/visits", json={
            "delegation_id": asked_delegation["id"],
            "stops": [{"facility_id": facility["id"], "start": at("16:00", DAY)}]}))
        cursors = {path: _created(await api.get(path, params={"limit": 1}))["next"]
                   for path in ("/api/visits", "/api/delegations", "/api/requests")}
    return {"cursors": cursors, "token": token, "spare_tokens": spare, "facility": facility["id"],
            "spare_facility": spare_facility["id"], "spare_visit": spare_visit["id"],
            "companion": companion["id"], "spare_companion": spare_companion["id"],
            "request": request["id"], "spare_request": spare_request["id"],
            "request_visit": request_visit["id"], "asked_request": asked["id"],
            "host": host["id"], "delegation": delegation["id"], "visit": visit["id"],
            "stop": visit["stops"][0]["id"], "item": item["id"], "spare_item": spare_item["id"],
            "year": int(DAY[:4]),
            "share_token": httpx.URL(share["url"]).path.split("/")[2],
            "feed_token": httpx.URL(feed["url"]).path.split("/")[2]}


def run_schemathesis(server: Server, seed: dict[str, Any], workdir: Path) -> tuple[int, str]:
    (workdir / "seed.json").write_text(json.dumps(seed))
    (workdir / "calls.txt").write_text("")
    env = {**os.environ, "SCHEMATHESIS_HOOKS": "tests.e2e.schemathesis_hooks",
           "FUZZ_SEED_FILE": str(workdir / "seed.json"),
           "FUZZ_CALLS_FILE": str(workdir / "calls.txt"), "PYTHONPATH": str(ROOT)}
    command = [
        sys.executable, "-m", "schemathesis.cli", "run", f"{server.url}/openapi.json",
        "--checks", CHECKS, "--max-examples", str(_examples()), "--phases", _phases(),
        "--workers", "1", "--request-timeout", "60", "--generation-database", "none",
        "--no-color", "--output-truncate", "true",
        *(["--seed", os.environ["FUZZ_SEED"]] if os.environ.get("FUZZ_SEED") else []),
    ]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=3600, check=False)
    report = Path(os.environ.get("FUZZ_OUTPUT") or workdir / "schemathesis.txt")
    report.write_text(done.stdout + done.stderr)
    return done.returncode, done.stdout + done.stderr


# Each kind of seeded row, and operations that answer 200 only for a real one of that kind:
# one of them at least must have reached it.
REAL_ROWS = {
    "facility": {"GET /api/facilities/{id}", "GET /api/facilities/{id}/slots"},
    "host": {"GET /api/hosts/{id}", "GET /api/hosts/{id}/feed",
             "GET /api/hosts/{id}/calendars"},
    "companion": {"GET /api/companions/{id}"},
    "delegation": {"GET /api/delegations/{id}"},
    "visit": {"GET /api/visits/{id}", "GET /api/visits/{id}/history",
              "GET /api/visits/{id}/itinerary.ics", "GET /api/visits/{id}/itinerary.pdf",
              "GET /api/visits/{id}/versions", "GET /api/visits/{id}/name-cards.pdf",
              "GET /api/visits/{id}/items",
              "GET /api/visits/{id}/companions"},
    "stop": {"GET /api/stops/{id}/invite.ics", "GET /api/stops/{id}/briefing.pdf"},
    "share token": {"GET /v/{token}", "GET /v/{token}/itinerary.ics",
                    "GET /v/{token}/itinerary.pdf"},
    "feed token": {"GET /feeds/{token}/calendar.ics"},
    "request": {"GET /api/requests/{id}"},
    "visit made from a request": {"POST /api/visits/{id}/propose"},
}


def _rows_reached(calls: Path) -> set[str]:
    answered = {line.rsplit(" ", 1)[0] for line in calls.read_text().splitlines()
                if line.endswith(" 200")}
    return {kind for kind, operations in REAL_ROWS.items() if answered & operations}


def _summary(output: str) -> str:
    cases = re.search(r"(\d+) generated", output)
    seed = re.search(r"Seed: (\d+)", output)
    return f"{cases.group(1) if cases else '?'} cases, seed {seed.group(1) if seed else '?'}"


@pytest.mark.slow
async def test_schemathesis_finds_no_server_error_and_no_schema_violation(
    orm: None, serve: Callable[[int], Server], tmp_path: Path
) -> None:
    server = serve(1)
    seed = await seed_server(server)

    started = time.monotonic()
    status, output = run_schemathesis(server, seed, tmp_path)
    took = time.monotonic() - started

    print(f"schemathesis: {_summary(output)} in {took:.1f} s")
    assert status == 0, output[-20_000:] + "\n--- server log ---\n" + server.output()[-5000:]
    assert "Traceback" not in server.output(), server.output()[-5000:]
    assert _rows_reached(tmp_path / "calls.txt") == set(REAL_ROWS)
