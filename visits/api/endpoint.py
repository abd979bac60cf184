"""The thin shell every JSON endpoint goes through: auth, role check, body parsing,
validation, and the mapping of errors to the contract's shape.

Each `api_route` also records an `Operation`, from which /openapi.json is generated, so the
document can never drift from what the code accepts.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from visits.auth import Principal, authenticate_bearer
from visits.domain import RuleViolation
from visits.edge.address import refuse_control_characters
from visits.edge.bodies import read_json
from visits.edge.errors import error_response, validation_error
from visits.errors import ApiError, Forbidden, Invalid

Handler = Callable[..., Awaitable[Any]]


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    summary: str
    roles: frozenset[str] | None  # None: public
    body: type[BaseModel] | None = None
    query: type[BaseModel] | None = None
    response: type[BaseModel] | None = None
    response_list: bool = False
    status: int = 200
    content_type: str = "application/json"
    errors: tuple[int, ...] = field(default=())


OPERATIONS: list[Operation] = []


async def parse_json_body(request: Request, model: type[BaseModel]) -> BaseModel:
    data = await read_json(request)
    if not isinstance(data, dict):
        raise Invalid("The body must be a JSON object.", code="invalid_body")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise validation_error(exc) from None


def parse_query(request: Request, model: type[BaseModel]) -> BaseModel:
    try:
        return model.model_validate(dict(request.query_params))
    except ValidationError as exc:
        raise validation_error(exc) from None


def _dump(result: Any) -> Any:
    if isinstance(result, BaseModel):
        return result.model_dump(mode="json")
    if isinstance(result, list):
        return [_dump(item) for item in result]
    return result


def api_route(
    method: str,
    path: str,
    handler: Handler,
    *,
    roles: Sequence[str] | None,
    summary: str,
    body: type[BaseModel] | None = None,
    query: type[BaseModel] | None = None,
    response: type[BaseModel] | None = None,
    response_list: bool = False,
    status: int = 200,
    content_type: str = "application/json",
    errors: tuple[int, ...] = (),
) -> Route:
    """Wrap `handler(request, principal, [body], [query], **path_params)` as a Route.

    The handler returns a pydantic model, a list of them, or a ready Response.
    """
    allowed = frozenset(roles) if roles is not None else None
    operation = Operation(
        method, path, summary, allowed, body, query, response, response_list, status,
        content_type, errors,
    )
    # Routes are built once per app; tests build many apps, the document stays one.
    OPERATIONS[:] = [op for op in OPERATIONS if (op.method, op.path) != (method, path)]
    OPERATIONS.append(operation)

    async def endpoint(request: Request) -> Response:
        try:
            refuse_control_characters(request)
            principal: Principal | None = None
            if allowed is not None:
                principal = await authenticate_bearer(request)
                if principal.role not in allowed:
                    raise Forbidden("Your role may not do this.")
            kwargs: dict[str, Any] = dict(request.path_params)
            if body is not None:
                kwargs["body"] = await parse_json_body(request, body)
            if query is not None:
                kwargs["query"] = parse_query(request, query)
            result = await handler(request, principal, **kwargs)
        except (ApiError, RuleViolation) as refused:
            return await error_response(request, refused)
        if isinstance(result, Response):
            return result
        return JSONResponse(_dump(result), status_code=status)

    return Route(path, endpoint, methods=[method], name=f"{method.lower()} {path}")
