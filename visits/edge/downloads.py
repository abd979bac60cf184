"""Download responses: a document with its ETag; 304 when the client already holds it."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from visits.services.documents import Document


def download(request: Request, document: Document) -> Response:
    etag = f'"{document.key}"'
    headers = {"ETag": etag, "Cache-Control": "private, no-cache",
               "Content-Disposition": f'attachment; filename="{document.filename}"'}
    wanted = request.headers.get("if-none-match", "")
    if etag in [tag.strip() for tag in wanted.split(",")]:
        return Response(status_code=304, headers=headers)
    return Response(document.data, media_type=document.media_type, headers=headers)

