"""Schemathesis hooks for tests/e2e/test_schemathesis.py, loaded by `st run` through
SCHEMATHESIS_HOOKS. The test seeds the server and hands its real ids over in the file named
by FUZZ_SEED_FILE:

- every request carries the officer's bearer token; DELETE /api/auth/token gets a token of
  its own from a pool, so revoking it never signs the rest of the run out;
- path parameters are real ids (a facility, host, delegation, visit, stop, visit request,
  share and feed token) three times in four, so operations reach real rows and not only
  404; deleting, cancelling and declining operations get spare rows (DISPOSABLE_ROWS);
  proposing reaches a visit made from a request (`request_visit`);
  publishing and the list of versions reach the real visit (shared in the seed, so
  published as version 1: a publish answers 409 nothing_to_publish unless a reschedule
  came first);
- the paginated lists (SPEC §7.9) get a real `cursor` (the seed's second page) and real
  delegation and facility ids to filter by, half of the time, beside generated ones;
- an event plan's `time_limit_s` is capped, so one case cannot hold the run for minutes;
- each answer's operation and status is logged to FUZZ_CALLS_FILE;
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from functools import cache
from typing import Any

import schemathesis
from hypothesis import strategies as st

TIME_LIMIT_CAP_S = 2.0


@cache
def seed() -> dict[str, Any]:
    with open(os.environ["FUZZ_SEED_FILE"], encoding="utf-8") as handle:
        return json.load(handle)  # type: ignore[no-any-return]


# The row each path parameter names, by the path's prefix.
PATH_ROWS: list[tuple[str, dict[str, str]]] = [
    ("/api/facilities/", {"id": "facility"}),
    ("/api/hosts/", {"id": "host"}),
    ("/api/companions/", {"id": "companion"}),
    ("/api/delegations/", {"id": "delegation"}),
    ("/api/visits/", {"id": "visit", "stop_id": "stop", "item_id": "item"}),
    ("/api/stops/", {"id": "stop"}),
    ("/api/requests/", {"id": "request"}),
    ("/api/reports/", {"year": "year"}),
    ("/v/", {"token": "share_token"}),
    ("/feeds/", {"token": "feed_token"}),
]


# Operations that end a row's use get rows of their own, so the others keep reaching theirs.
DISPOSABLE_ROWS: dict[str, dict[str, str]] = {
    "DELETE /api/visits/{id}/share": {"id": "spare_visit"},
    "POST /api/visits/{id}/cancel": {"id": "spare_visit"},
    "DELETE /api/facilities/{id}": {"id": "spare_facility"},
    "DELETE /api/visits/{id}/items/{item_id}": {"item_id": "spare_item"},
    "DELETE /api/companions/{id}": {"id": "spare_companion"},
    "POST /api/requests/{id}/decline": {"id": "spare_request"},
    "DELETE /api/requests/{id}/link": {"id": "spare_request"},
    # Proposing needs a visit whose delegation was made from a request.
    "POST /api/visits/{id}/propose": {"id": "request_visit"},
}


# Rows other operations rely on, beyond the path's own real row: a generated id that happens
# to name one of them is turned to the spare too (declining the request behind
# `request_visit` would make every proposal a 409 request_closed).
GUARDED_ROWS: dict[str, dict[str, tuple[str, ...]]] = {
    "POST /api/requests/{id}/decline": {"id": ("asked_request",)},
    "DELETE /api/requests/{id}/link": {"id": ("asked_request",)},
    "POST /api/visits/{id}/cancel": {"id": ("request_visit",)},
}


def _rows_of(path: str) -> dict[str, str]:
    return next((rows for prefix, rows in PATH_ROWS if path.startswith(prefix)), {})


def real_parameters(path: str) -> dict[str, Any]:
    return {name: seed()[row] for name, row in _rows_of(path).items()}


def spare_the_real_rows(case: Any) -> None:
    """Whatever phase made the case (the coverage phase uses no flatmap hook), an operation
    that ends a row's use meets the spare row instead of the one the others read."""
    operation = f"{case.method.upper()} {case.path}"
    spare = DISPOSABLE_ROWS.get(operation, {})
    kept = _rows_of(case.path)
    for name, spare_row in spare.items():
        guarded = (kept[name], *GUARDED_ROWS.get(operation, {}).get(name, ()))
        if isinstance(case.path_parameters, dict) and str(case.path_parameters.get(name)) in {
                str(seed()[row]) for row in guarded}:
            case.path_parameters = {**case.path_parameters, name: seed()[spare_row]}


@schemathesis.hook
def flatmap_path_parameters(context: Any, path_parameters: dict[str, Any]) -> Any:
    real = real_parameters(context.operation.path) if context.operation else {}
    if not real or not isinstance(path_parameters, dict):
        return st.just(path_parameters)
    with_real = {**path_parameters, **real}
    # Real rows first: Hypothesis often starts from a strategy's simplest value (the first of
    # sampled_from), and with `make test`'s three examples an operation must reach its row.
    return st.sampled_from([with_real, path_parameters, with_real, with_real])


# A list's query parameters that name rows: which seed row each takes.
QUERY_ROWS = {"delegation_id": "delegation", "facility_id": "facility"}


@schemathesis.hook
def flatmap_query(context: Any, query: dict[str, Any]) -> Any:
    operation = context.operation
    cursor = seed()["cursors"].get(operation.path) if operation else None
    if cursor is None or operation.method.upper() != "GET" or not isinstance(query, dict):
        return st.just(query)
    real = {"cursor": cursor, **{name: seed()[row] for name, row in QUERY_ROWS.items()
                                 if name in query}}
    return st.sampled_from([{**query, **real}, query])


def _pool() -> Iterator[str]:
    yield from seed()["spare_tokens"]
    while True:
        yield seed()["spare_tokens"][-1]  # revoked by now: a 401, which is documented


_spare_tokens = _pool()


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    revoking = case.method.upper() == "DELETE" and case.path == "/api/auth/token"
    token = next(_spare_tokens) if revoking else seed()["token"]
    case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}
    spare_the_real_rows(case)
    body = case.body
    if case.path in ("/api/events/plan", "/api/events/jobs") and isinstance(body, dict):
        limit = body.get("time_limit_s")
        if isinstance(limit, int | float) and not isinstance(limit, bool) and limit > 2:
            case.body = {**body, "time_limit_s": TIME_LIMIT_CAP_S}


@schemathesis.hook
def after_call(context: Any, case: Any, response: Any) -> None:
    """Each answer's operation and status, for the test to see real rows were reached."""
    with open(os.environ["FUZZ_CALLS_FILE"], "a", encoding="utf-8") as log:
        log.write(f"{case.method.upper()} {case.path} {response.status_code}\n")
