"""Send the single-request reproductions of issue 11 (hardening) to a running app, print
each answer's status and the start of its body.

    make run                                  # or: DATA_DIR=/tmp/probe … (see the README)
    .venv/bin/python scripts/hardening_probe.py http://127.0.0.1:8000

It signs in as the demo officer and books one demo visit (with an Idempotency-Key), so run
it against demo data, never against real data. The 200 wrong passwords come "from"
203.0.113.9 (X-Forwarded-For, trusted from loopback by uvicorn's default), so the demo
officer can still sign in from 127.0.0.1 afterwards.
"""

from __future__ import annotations

import collections
import re
import sys
import time
from typing import Any

import httpx

OFFICER = {"email": "officer@guro.example.kr", "password": "demo-officer-2026"}


def show(label: str, response: httpx.Response) -> None:
    retry = response.headers.get("retry-after")
    extra = f" Retry-After={retry}" if retry else ""
    body = response.text[:140].replace("\n", " ")
    print(f"{label:46s} {response.status_code}{extra} {body}")


def probe(client: httpx.Client) -> None:
    token = client.post("/api/auth/token", json=OFFICER).json()["token"]
    officer = {"Authorization": f"Bearer {token}", "Accept-Language": "ko"}
    facility = client.get("/api/facilities", headers=officer).json()[0]["id"]
    delegation = client.get("/api/delegations", headers=officer).json()[0]["id"]
    wish = [{"delegation_id": delegation, "wishes": [facility]}]

    started = time.monotonic()
    centuries = client.post("/api/events/plan", headers=officer, json={
        "days": ["0002-08-22", "0258-10-11", "5407-05-11"], "delegations": wish})
    show(f"1 events/plan centuries apart ({time.monotonic() - started:.2f} s)", centuries)
    show("1 events/plan days 92 apart", client.post(
        "/api/events/plan", headers=officer,
        json={"days": ["2027-03-02", "2027-06-01"], "delegations": wish}))
    _guesses(client)
    _bodies(client, officer)
    _dates(client, officer, facility, delegation, wish)
    show("6 Host: evil.example", client.get(
        "/api/visits", headers={**officer, "Host": "evil.example"}))
    _idempotency(client, officer, facility, delegation)
    show("12 outbox?status=failing", client.get("/api/outbox?status=failing", headers=officer))
    show("10 /healthz", client.get("/healthz"))
    show("10 /readyz", client.get("/readyz"))
    _logout(client)


def _guesses(client: httpx.Client) -> None:
    codes: collections.Counter[int] = collections.Counter()
    first_wait = None
    for attempt in range(200):
        answer = client.post("/api/auth/token", headers={"X-Forwarded-For": "203.0.113.9"},
                             json={**OFFICER, "password": f"wrong-{attempt}"})
        codes[answer.status_code] += 1
        first_wait = first_wait or answer.headers.get("retry-after")
    print(f"2 200 wrong passwords: {dict(codes)}, first Retry-After {first_wait}")
    show("2 the officer meanwhile", client.post("/api/auth/token", json=OFFICER))


def _bodies(client: httpx.Client, officer: dict[str, str]) -> None:
    as_json = {"Content-Type": "application/json"}
    show("3 10,000 nested brackets", client.post(
        "/api/auth/token", content="[" * 10000 + "]" * 10000, headers=as_json))
    show("3 4,301-digit integer", client.post(
        "/api/auth/token", content='{"email": ' + "9" * 4301 + "}", headers=as_json))
    show("4 NUL in an e-mail", client.post(
        "/api/auth/token", json={"email": "a\u0000@example.kr", "password": "x"}))
    show("4 NUL in a delegation's name", client.post("/api/delegations", headers=officer, json={
        "name": "A\u0000B", "country": "JP", "language": "ja", "party_size": 3,
        "contact_email": "x@example.jp"}))
    long_key = client.post("/api/delegations", headers=officer, json={"x" * 20001: 1})
    error = long_key.json()["error"]
    print(f"9 20,001-character key: {long_key.status_code}, message {len(error['message'])} "
          f"characters, field {len(error.get('field') or '')}")
    refused = client.delete("/api/facilities", headers=officer)
    show(f"9 405 with Allow: {refused.headers.get('allow')}", refused)
    sign_in = '{"email":"a@example.kr","password":"x"}'
    show("9 text/plain body", client.post(
        "/api/auth/token", content=sign_in, headers={"Content-Type": "text/plain"}))
    show("9 UTF-16 body", client.post(
        "/api/auth/token", content=sign_in.encode("utf-16"),
        headers={"Content-Type": "application/json; charset=utf-16"}))


def _dates(client: httpx.Client, officer: dict[str, str], facility: int, delegation: int,
           wish: list[dict[str, Any]]) -> None:
    for query in ("from=0001-01-01&to=0001-01-02", "from=9999-12-30&to=9999-12-31"):
        show(f"5 slots?{query}", client.get(
            f"/api/facilities/{facility}/slots?{query}", headers=officer))
    show("5 visits?from=9999-12-31", client.get("/api/visits?from=9999-12-31", headers=officer))
    for day in ("0001-03-02", "9999-03-02"):
        show(f"5 visits/plan {day}", client.post("/api/visits/plan", headers=officer, json={
            "delegation_id": delegation, "date": day, "facility_ids": [facility]}))
    show("5 events/plan 2101", client.post("/api/events/plan", headers=officer, json={
        "days": ["2101-03-02"], "delegations": wish}))


def _idempotency(client: httpx.Client, officer: dict[str, str], facility: int,
                 delegation: int) -> None:
    slots = client.get(f"/api/facilities/{facility}/slots?from=2027-03-10&to=2027-03-10",
                       headers=officer).json()["slots"]
    stop = {"facility_id": facility, "host_id": slots[0]["host_ids"][0],
            "start": slots[0]["start"]}
    keyed = {**officer, "Idempotency-Key": f"probe-{time.time_ns()}"}
    body = {"delegation_id": delegation, "stops": [stop]}
    first = client.post("/api/visits", headers=keyed, json=body)
    again = client.post("/api/visits", headers=keyed, json=body)
    print(f"11 one key twice: {first.status_code} {again.status_code}, replayed "
          f"{again.headers.get('idempotent-replayed')}, one visit "
          f"{first.json().get('id') == again.json().get('id')}")
    other = {**body, "stops": [{**stop, "start": slots[3]["start"]}]}
    show("11 the same key, another body", client.post("/api/visits", headers=keyed, json=other))


def _logout(client: httpx.Client) -> None:
    browser = httpx.Client(base_url=client.base_url, follow_redirects=False)
    form = browser.get("/login").text
    csrf = re.findall(r'name="csrf_token" value="([^"]+)"', form)[-1]
    browser.post("/login", data={**OFFICER, "csrf_token": csrf})
    copied = browser.cookies.get("gyeonhak_session") or ""
    dashboard = browser.get("/dashboard")
    csrf = re.findall(r'name="csrf_token" value="([^"]+)"', dashboard.text)[-1]
    browser.post("/logout", data={"csrf_token": csrf})
    after = httpx.get(client.base_url.join("/dashboard"), cookies={"gyeonhak_session": copied},
                      follow_redirects=False)
    print(f"8 dashboard before logout {dashboard.status_code}; copied cookie after logout "
          f"{after.status_code} → {after.headers.get('location')}")


if __name__ == "__main__":
    with httpx.Client(base_url=sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000",
                      timeout=60) as http:
        probe(http)
