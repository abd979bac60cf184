"""/openapi.json, generated from the recorded Operations and their pydantic models."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from visits.api.endpoint import OPERATIONS, Operation
from visits.contract.system import ErrorBody
from visits.edge.limits import UNLIMITED_PATHS
from visits.services.idempotency import KEY_PATTERN

_REF = "#/components/schemas/{model}"
_STATUS_TEXT = {400: "Bad request", 401: "No valid token", 403: "Not allowed for this role",
                404: "Not found", 409: "Conflict", 413: "Body too large",
                415: "The body is not JSON in UTF-8",
                422: "Invalid input", 503: "Busy: try again after Retry-After seconds",
                429: "Too many attempts: try again after Retry-After seconds"}
_RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait before trying again",
                                "schema": {"type": "integer", "minimum": 1}}}

_IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key", "in": "header", "required": False,
    "schema": {"type": "string", "pattern": KEY_PATTERN},
    "description": "Repeat the request with the same key (kept 24 h) to get the first answer "
                   "again, the change made once. The same key with another request: 422 "
                   "idempotency_key_reused; while the first still runs: 409 "
                   "idempotency_key_in_use.",
}
_REPLAYED_HEADER = {"Idempotent-Replayed": {
    "description": "true: the answer of an earlier request with the same Idempotency-Key",
    "schema": {"type": "string", "enum": ["true"]},
}}


def _models() -> list[type[BaseModel]]:
    seen: dict[str, type[BaseModel]] = {"ErrorBody": ErrorBody}
    for op in OPERATIONS:
        for model in (op.body, op.query, op.response):
            if model is not None:
                seen[model.__name__] = model
    return list(seen.values())


def _parameters(op: Operation, schemas: dict[str, Any]) -> list[dict[str, Any]]:
    params = [
        {"name": name, "in": "path", "required": True,
         "schema": {"type": "integer" if converter == ":int" else "string"}}
        for name, converter in re.findall(r"{(\w+)(:\w+)?}", op.path)
    ]
    if op.query is not None:
        query_schema = schemas[op.query.__name__]
        required = set(query_schema.get("required", []))
        for name, prop in query_schema.get("properties", {}).items():
            params.append(
                {"name": name, "in": "query", "required": name in required, "schema": prop}
            )
    return params


def _operation(op: Operation, schemas: dict[str, Any]) -> dict[str, Any]:
    ref = {"$ref": _REF.format(model=op.response.__name__)} if op.response else None
    content: dict[str, Any] = {}
    if ref is not None:
        schema = {"type": "array", "items": ref} if op.response_list else ref
        content = {"content": {op.content_type: {"schema": schema}}}
    elif op.content_type != "application/json":
        content = {"content": {op.content_type: {"schema": {"type": "string"}}}}
    responses: dict[str, Any] = {str(op.status): {"description": "Success", **content}}
    error = {"content": {"application/json": {"schema": {"$ref": _REF.format(model="ErrorBody")}}}}
    codes = set(op.errors) | ({413, 415, 422} if op.body else set()) | (
        {422} if op.query else set()
    ) | {400}  # a control character in the address, or a body that is not JSON
    if op.roles is not None:
        codes |= {401, 403}
    if op.idempotent:
        codes |= {400, 409, 422}
        responses[str(op.status)]["headers"] = _REPLAYED_HEADER
    if op.path not in UNLIMITED_PATHS:
        codes |= {503}  # overloaded, or the database busy or away
    for code in sorted(codes):
        responses[str(code)] = {"description": _STATUS_TEXT.get(code, "Error"), **error}
        if code in (429, 503):
            responses[str(code)]["headers"] = _RETRY_AFTER
    parameters = _parameters(op, schemas) + ([_IDEMPOTENCY_KEY] if op.idempotent else [])
    out: dict[str, Any] = {"summary": op.summary, "responses": responses,
                           "parameters": parameters}
    if op.body is not None:
        out["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": _REF.format(
                model=op.body.__name__)}}},
        }
    if op.roles is not None:
        out["security"] = [{"bearer": []}]
        out["description"] = "Roles: " + ", ".join(sorted(op.roles))
    return out


def openapi_document(title: str) -> dict[str, Any]:
    _, defs = models_json_schema(
        [(m, "validation") for m in _models()], ref_template=_REF
    )
    schemas = defs.get("$defs", {})
    paths: dict[str, dict[str, Any]] = {}
    for op in OPERATIONS:
        path = re.sub(r"{(\w+):\w+}", r"{\1}", op.path)
        paths.setdefault(path, {})[op.method.lower()] = _operation(op, schemas)
    return {
        "openapi": "3.1.0",
        "info": {"title": title, "version": "0.1.0"},
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }
