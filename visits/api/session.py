"""Token endpoints: exchange credentials for a bearer token, and revoke it."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from visits.api.endpoint import api_route
from visits.auth import (
    Principal,
    bearer_token,
    check_password,
    client_address,
    issue_token,
    revoke_token,
)
from visits.contract.system import TokenOut, TokenRequest


async def create_token(request: Request, _: None, body: TokenRequest) -> TokenOut:
    settings = request.app.state.settings
    user = await check_password(body.email, body.password, client_address(request),
                                settings.sign_in_limits)
    token, expires_at = await issue_token(user, settings.token_ttl)
    return TokenOut(token=token, role=user.role, expires_at=expires_at)


async def delete_token(request: Request, _: Principal) -> Response:
    token = bearer_token(request)
    if token:
        await revoke_token(token)
    return Response(status_code=204)


def routes() -> list[Route]:
    return [
        api_route("POST", "/api/auth/token", create_token, roles=None, body=TokenRequest,
                  response=TokenOut, summary="Exchange email and password for a bearer token",
                  errors=(401, 422, 429)),
        api_route("DELETE", "/api/auth/token", delete_token, roles=("officer", "host"),
                  status=204, summary="Revoke the bearer token sent with this request"),
    ]
