"""The thin shell every JSON endpoint goes through: auth, role check, body parsing,
validation, and the mapping of errors to the contract's shape.

Each `api_route` also records an `Operation`, from which /openapi.json is generated, so the
document can never drift from what the code accepts.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, RootModel, ValidationError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from visits import store
from visits.auth import Principal, authenticate_bearer
from visits.domain import RuleViolation
from visits.edge.address import refuse_control_characters
from visits.edge.bodies import read_json
from visits.edge.errors import error_response, validation_error
from visits.errors import ApiError, Forbidden, Invalid
from visits.services import idempotency

Handler = Callable[..., Awaitable[Any]]
Guard = Callable[[Request], Awaitable[None]]


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
    idempotent: bool = False  # takes an Idempotency-Key (every creating POST)


OPERATIONS: list[Operation] = []


async def parse_json_body(request: Request, model: type[BaseModel]) -> BaseModel:
    data = await read_json(request)
    takes_list = issubclass(model, RootModel) and isinstance(data, list)
    if not isinstance(data, dict) and not takes_list:
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
    creates: bool = False,
    guard: Guard | None = None,
) -> Route:
    """Wrap `handler(request, principal, [body], [query], **path_params)` as a Route.

    The handler returns a pydantic model, a list of them, or a ready Response. A POST that
    answers 201, or says it `creates`, takes an Idempotency-Key. A `guard` runs first of
    all (a rate limit), raising an ApiError to refuse the request.
    """
    allowed = frozenset(roles) if roles is not None else None
    idempotent = method == "POST" and allowed is not None and (status == 201 or creates)
    operation = Operation(
        method, path, summary, allowed, body, query, response, response_list, status,
        content_type, errors, idempotent,
    )
    # Routes are built once per app; tests build many apps, the document stays one.
    OPERATIONS[:] = [op for op in OPERATIONS if (op.method, op.path) != (method, path)]
    OPERATIONS.append(operation)

    async def answer(request: Request, principal: Principal | None,
                     kwargs: dict[str, Any]) -> Response:
        try:
            with store.watching_client(request.is_disconnected):
                result = await handler(request, principal, **kwargs)
        except (ApiError, RuleViolation) as refused:
            return await error_response(request, refused)
        if isinstance(result, Response):
            return result
        return JSONResponse(_dump(result), status_code=status)

    async def endpoint(request: Request) -> Response:
        try:
            if guard is not None:
                await guard(request)
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
            key = request.headers.get(IDEMPOTENCY_KEY) if idempotent else None
            if key is not None and principal is not None:
                return await answer_once(request, principal, key, kwargs.get("body"),
                                         lambda: answer(request, principal, kwargs))
        except (ApiError, RuleViolation) as refused:
            return await error_response(request, refused)
        return await answer(request, principal, kwargs)

    return Route(path, endpoint, methods=[method], name=f"{method.lower()} {path}")


IDEMPOTENCY_KEY = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"


async def answer_once(request: Request, principal: Principal, key: str, body: BaseModel | None,
                      answer: Callable[[], Awaitable[Response]]) -> Response:
    """The first request with a key runs; a repeat gets its answer again, marked replayed."""
    fingerprint = idempotency.request_hash(
        request.method, request.url.path, body.model_dump_json() if body is not None else "")
    earlier = await idempotency.claim(principal.user_id, key, fingerprint)
    if earlier is not None:
        return Response(earlier.body, status_code=earlier.status,
                        media_type="application/json", headers={REPLAYED: "true"})
    try:
        with store.committing_with(lambda: idempotency.mark_committed(principal.user_id, key)):
            response = await answer()
    except Exception:
        await idempotency.release(principal.user_id, key)
        raise
    if _worth_keeping(response):
        await idempotency.remember(principal.user_id, key,
                                   idempotency.Answer(response.status_code, bytes(response.body)))
    else:
        await idempotency.release(principal.user_id, key)
    return response


def _worth_keeping(response: Response) -> bool:
    """Answers that a repeat should get again: not a server error, not "try again later",
    not a change rolled back because the client left (499)."""
    return (response.status_code < 499 and "retry-after" not in response.headers
            and response.media_type == "application/json")
