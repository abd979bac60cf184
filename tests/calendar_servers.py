"""Calendar servers for the tests, on loopback addresses only: an ICS file served with an
ETag, and the hostile ones (a trickle, an endless body, a redirect elsewhere), each
counting the requests it receives."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Behaviour = Callable[[BaseHTTPRequestHandler, "IcsServer"], None]


@dataclass
class IcsServer:
    url: str
    body: bytes = b""
    etag: str = '"v1"'
    requests: list[str] = field(default_factory=list)
    behaviour: Behaviour | None = None

    def serve(self, handler: BaseHTTPRequestHandler) -> None:
        self.requests.append(f"{handler.command} {handler.path} "
                             f"{handler.headers.get('If-None-Match', '')}".strip())
        if self.behaviour is not None:
            self.behaviour(handler, self)
            return
        if handler.headers.get("If-None-Match") == self.etag:
            handler.send_response(304)
            handler.send_header("ETag", self.etag)
            handler.end_headers()
            return
        handler.send_response(200)
        handler.send_header("Content-Type", "text/calendar; charset=utf-8")
        handler.send_header("ETag", self.etag)
        handler.send_header("Content-Length", str(len(self.body)))
        handler.end_headers()
        handler.wfile.write(self.body)


def trickle(handler: BaseHTTPRequestHandler, server: IcsServer) -> None:
    """A calendar that would take ten minutes: one line a second."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/calendar")
    handler.end_headers()
    try:
        handler.wfile.write(b"BEGIN:VCALENDAR\r\n")
        for _ in range(600):
            handler.wfile.write(b"X-PAD:waiting\r\n")
            handler.wfile.flush()
            time.sleep(1)
    except OSError:
        pass


def endless(handler: BaseHTTPRequestHandler, server: IcsServer) -> None:
    """A body that never stops (no Content-Length)."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/calendar")
    handler.end_headers()
    chunk = b"X-PAD:" + b"x" * 65_000 + b"\r\n"
    try:
        for _ in range(1000):
            handler.wfile.write(chunk)
    except OSError:
        pass


def redirect_to(target: str) -> Behaviour:
    def answer(handler: BaseHTTPRequestHandler, server: IcsServer) -> None:
        handler.send_response(302)
        handler.send_header("Location", target)
        handler.send_header("Content-Length", "0")
        handler.end_headers()
    return answer


@contextmanager
def ics_server(address: str = "127.0.0.1") -> Iterator[IcsServer]:
    """A server on a loopback address (127.0.0.1, or 127.0.0.2 to prove a refusal)."""
    assert address.startswith("127."), "test servers listen on loopback only"
    state = IcsServer(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server protocol
            state.serve(self)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    httpd = ThreadingHTTPServer((address, 0), Handler)
    httpd.daemon_threads = True
    state.url = f"http://{address}:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()


SEOUL_ZONE = """BEGIN:VTIMEZONE
TZID:Asia/Seoul
BEGIN:STANDARD
DTSTART:19700101T000000
TZOFFSETFROM:+0900
TZOFFSETTO:+0900
TZNAME:KST
END:STANDARD
END:VTIMEZONE
"""


def weekly_meeting(uid: str = "council-weekly@guro.example", hour: int = 10,
                   title: str = "구의회 상임위원회") -> bytes:
    """A host's Wednesday meeting from 2027-03-03, one hour: the 17 March occurrence moved
    to 14:00, the 24 March one cancelled."""
    def at(day: str, clock: int) -> str:
        return f"TZID=Asia/Seoul:{day}T{clock:02d}0000"
    text = f"""BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Guro//Tests//KO
{SEOUL_ZONE}BEGIN:VEVENT
UID:{uid}
DTSTAMP:20270101T000000Z
DTSTART;{at("20270303", hour)}
DTEND;{at("20270303", hour + 1)}
RRULE:FREQ=WEEKLY;BYDAY=WE
SUMMARY:{title}
END:VEVENT
BEGIN:VEVENT
UID:{uid}
DTSTAMP:20270101T000000Z
RECURRENCE-ID;{at("20270317", hour)}
DTSTART;{at("20270317", 14)}
DTEND;{at("20270317", 15)}
SUMMARY:{title}
END:VEVENT
BEGIN:VEVENT
UID:{uid}
DTSTAMP:20270101T000000Z
RECURRENCE-ID;{at("20270324", hour)}
DTSTART;{at("20270324", hour)}
DTEND;{at("20270324", hour + 1)}
STATUS:CANCELLED
SUMMARY:{title}
END:VEVENT
END:VCALENDAR
"""
    return text.replace("\n", "\r\n").encode()
