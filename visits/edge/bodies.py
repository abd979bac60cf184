"""Request bodies, read with a size limit whether or not the client declared one."""

from __future__ import annotations

from starlette.requests import Request

from visits.errors import PayloadTooLarge


async def read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise PayloadTooLarge("The request body is over {limit} bytes.", limit=limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise PayloadTooLarge("The request body is over {limit} bytes.", limit=limit)
        chunks.append(chunk)
    return b"".join(chunks)
