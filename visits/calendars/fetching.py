"""Fetching a URL a host typed, without letting it reach what it must not (SSRF).

- Only http, https and webcal (read as https).
- The host name is resolved here and every address it gives must be public, unless the
  host is listed in CALENDAR_ALLOWED_HOSTS; the connection then goes to the checked
  address itself (the name rides in Host and TLS SNI), so a second, different DNS answer
  cannot slip in. A refused address receives no request at all.
- Redirects are followed by hand, each new address checked the same way, at most five.
- No cookies, no proxy or .netrc from the environment, credentials only to the host they
  were typed for, at most `max_bytes` read, and the whole exchange, however slowly the
  server trickles, bounded by `timeout`.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Collection
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from visits.calendars.problems import CalendarProblem, UrlRefused

SCHEMES = {"http": "http", "https": "https", "webcal": "https"}
MAX_REDIRECTS = 5


@dataclass(frozen=True)
class FetchLimits:
    allowed_hosts: Collection[str] = ()
    timeout: float = 20.0
    max_bytes: int = 5 * 1024 * 1024


@dataclass(frozen=True)
class Fetched:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    url: str = ""


def normalise_url(url: str) -> str:
    """The URL as it will be fetched (webcal → https), or UrlRefused for another scheme."""
    parts = urlsplit(url.strip())
    scheme = SCHEMES.get(parts.scheme.lower())
    if scheme is None or not parts.hostname:
        raise UrlRefused("scheme")
    return urlunsplit((scheme, parts.netloc, parts.path or "/", parts.query, ""))


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


async def resolve_checked(url: str, allowed_hosts: Collection[str]) -> str:
    """The address to connect to for `url`, once every address of its host is allowed."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(
            host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError):
        raise CalendarProblem("unresolvable", host[:100]) from None
    addresses = sorted({str(info[4][0]) for info in infos})
    if not addresses:
        raise CalendarProblem("unresolvable", host[:100])
    if host not in allowed_hosts and not all(_is_public(a) for a in addresses):
        raise UrlRefused(host[:100])
    return addresses[0]


async def check_url(url: str, allowed_hosts: Collection[str]) -> str:
    """What linking a calendar checks: the scheme and the resolved address."""
    normal = normalise_url(url)
    await resolve_checked(normal, allowed_hosts)
    return normal


async def fetch(method: str, url: str, limits: FetchLimits, *, headers: dict[str, str] | None
                = None, body: bytes = b"", auth: tuple[str, str] | None = None) -> Fetched:
    """One request, redirects followed safely, within the limits."""
    try:
        async with asyncio.timeout(limits.timeout):
            return await _follow(method, normalise_url(url), limits, headers or {}, body, auth)
    except TimeoutError:
        raise CalendarProblem("too_slow") from None


async def _follow(method: str, url: str, limits: FetchLimits, headers: dict[str, str],
                  body: bytes, auth: tuple[str, str] | None) -> Fetched:
    origin = urlsplit(url).netloc
    for _ in range(MAX_REDIRECTS + 1):
        same_origin = urlsplit(url).netloc == origin
        answer = await _one(method, url, limits, headers, body, auth if same_origin else None)
        location = answer.headers.get("location")
        if answer.status not in (301, 302, 303, 307, 308) or not location:
            return answer
        url = normalise_url(urljoin(url, location))
        if answer.status == 303:
            method, body = "GET", b""
    raise CalendarProblem("too_many_redirects")


async def _one(method: str, url: str, limits: FetchLimits, headers: dict[str, str],
               body: bytes, auth: tuple[str, str] | None) -> Fetched:
    parts = urlsplit(url)
    address = await resolve_checked(url, limits.allowed_hosts)
    literal = f"[{address}]" if ":" in address else address
    pinned = urlunsplit((parts.scheme, f"{literal}:{parts.port or ''}".rstrip(":"),
                         parts.path, parts.query, ""))
    sent = {**headers, "Host": parts.netloc.rpartition("@")[2],
            "User-Agent": "Gyeonhak calendar reader", "Accept-Encoding": "identity"}
    async with httpx.AsyncClient(trust_env=False, follow_redirects=False,
                                 timeout=limits.timeout) as client:
        request = client.build_request(
            method, pinned, headers=sent, content=body or None,
            extensions={"sni_hostname": parts.hostname or ""})
        if auth is not None:
            request = next(httpx.BasicAuth(*auth).auth_flow(request))
        try:
            response = await client.send(request, stream=True)
        except httpx.TimeoutException:
            raise CalendarProblem("too_slow") from None
        except httpx.HTTPError:
            raise CalendarProblem("unreachable", (parts.hostname or "")[:100]) from None
        try:
            data = await _read_capped(response, limits.max_bytes)
        finally:
            await response.aclose()
    return Fetched(response.status_code, data, {k.lower(): v for k, v in
                                                response.headers.items()}, url)


async def _read_capped(response: httpx.Response, max_bytes: int) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise CalendarProblem("too_large")
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > max_bytes:
                raise CalendarProblem("too_large")
            chunks.append(chunk)
    except httpx.TimeoutException:
        raise CalendarProblem("too_slow") from None
    except httpx.HTTPError:
        raise CalendarProblem("unreachable") from None
    return b"".join(chunks)
