"""The only way a document reaches outside itself: files under the app's `static/`.

WeasyPrint asks its URL fetcher for every stylesheet, image and font a document names.
Ours serves `file:` URLs that resolve (symlinks followed) to a regular file inside the
static directory, and refuses everything else: other files, `..`, symlinks that lead out,
http(s), ftp, and `data:` too — nothing of ours needs `data:` (the QR code is inline
SVG), and one rule ("only static files") is easier to audit than a list of exceptions.

A refusal raises `ResourceRefused`; WeasyPrint logs it as a warning and leaves the
resource out, so the document still renders.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse  # type: ignore[import-untyped]

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"


class ResourceRefused(ValueError):
    """A document asked for something outside the static directory."""


def static_path(url: str, root: Path) -> Path:
    """The file under `root` that `url` names, or `ResourceRefused`."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        raise ResourceRefused(f"not a local file: {url[:200]!r}")
    raw = Path(url2pathname(unquote(parts.path)))
    if ".." in raw.parts or not raw.is_absolute():
        raise ResourceRefused(f"not a plain absolute path: {url[:200]!r}")
    try:
        path = raw.resolve(strict=True)
    except (OSError, RuntimeError) as exc:
        raise ResourceRefused(f"no such file: {url[:200]!r}") from exc
    if not path.is_relative_to(root.resolve()) or not path.is_file():
        raise ResourceRefused(f"outside the static directory: {url[:200]!r}")
    return path


class StaticFileFetcher(URLFetcher):  # type: ignore[misc]
    """A WeasyPrint URL fetcher confined to `root` (the app's static directory)."""

    def __init__(self, root: Path = STATIC_DIR) -> None:
        super().__init__(allowed_protocols=("file",))
        self.root = root.resolve()

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        path = static_path(url, self.root)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            path.as_uri(), body=path.read_bytes(), headers={"Content-Type": content_type}
        )
