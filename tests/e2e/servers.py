"""Real servers on 127.0.0.1: uvicorn in a subprocess over the suite's database, and an
SMTP server (aiosmtpd, in a thread) with TLS and logins when asked."""

from __future__ import annotations

import asyncio
import email
import os
import signal
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from visits.settings import ROOT, Settings


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def start_server(settings: Settings, log: Path, workers: int = 1,
                 extra_env: dict[str, str] | None = None) -> Server:
    """uvicorn in a process group of its own (its children share it), so a test can tell
    which processes it left behind."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": settings.database_url,
        "DATA_DIR": str(settings.data_dir),
        "SECRET_KEY": "e2e-secret-key",
        "RENDER_PREWARM": "0",
        # No background renders after each change unless a test asks (they would load
        # every test that books); tests/e2e/test_documents_across_processes.py turns them on.
        "PRERENDER": "0",
        # Fuzzing and browsers post many requests from 127.0.0.1: generous public limits.
        "PUBLIC_REQUESTS_PER_HOUR": "100000",
        "PUBLIC_VIEWS_PER_MINUTE": "100000",
        **(extra_env or {}),
    }
    command = [sys.executable, "-m", "uvicorn", "--factory", "visits.app:create_app",
               "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out,
                                   start_new_session=True)
    server = Server(f"http://127.0.0.1:{port}", process, log)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"uvicorn exited:\n{server.output()}")
        try:
            if httpx.get(server.url + "/healthz", timeout=1).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.1)
    _kill_group(process)
    raise RuntimeError(f"uvicorn did not answer in 30 s:\n{server.output()}")


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL the server and every process of its group (workers a timeout left behind)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass
    _kill_group(server.process)


async def gather_limited(calls: list[Callable[[], Awaitable[httpx.Response]]]
                         ) -> list[httpx.Response]:
    """Fire every call at once, as racing clients would."""
    return list(await asyncio.gather(*(call() for call in calls)))


def make_certificate(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and localhost (openssl, one day): the
    (certificate, key) files. The certificate is its own CA, for a client to trust."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert),
         "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
        check=True, capture_output=True)
    return cert, key


class Inbox:
    """What a mail server received: each message, whether it came over TLS, and every
    login tried (mechanism, user, accepted)."""

    def __init__(self, login: tuple[str, str] | None = None) -> None:
        self.messages: list[Message] = []
        self.encrypted: list[bool] = []
        self.logins: list[tuple[str, str, bool]] = []
        self.login = login

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.messages.append(email.message_from_bytes(envelope.content))
        self.encrypted.append(server.transport.get_extra_info("ssl_object") is not None)
        return "250 OK"

    def authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str,
                     auth_data: Any) -> AuthResult:
        user, password = auth_data.login.decode(), auth_data.password.decode()
        accepted = self.login == (user, password)
        self.logins.append((mechanism, user, accepted))
        return AuthResult(success=accepted, handled=False)  # aiosmtpd answers 535 if refused


class SlowInbox(Inbox):
    """Takes a moment over each message, so that two senders are surely at work at once."""

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        await asyncio.sleep(0.05)
        return await super().handle_DATA(server, session, envelope)


class MailServer:
    """aiosmtpd on 127.0.0.1, on the same port across stop() and start(). `tls`: none,
    "starttls" (required before anything else) or "smtps" (TLS from the first byte). With
    a login in the inbox, AUTH is required, over TLS only, with `mechanisms` offered."""

    def __init__(self, inbox: Inbox, *, tls: str = "none", cert: tuple[Path, Path] | None = None,
                 mechanisms: tuple[str, ...] = ("LOGIN", "PLAIN")) -> None:
        self.inbox, self.tls, self.port = inbox, tls, free_port()
        self._context: ssl.SSLContext | None = None
        if cert is not None:
            self._context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            self._context.load_cert_chain(*cert)
        self._mechanisms = mechanisms
        self._controller: Controller | None = None

    def url(self, user: str | None = None, password: str | None = None) -> str:
        scheme = "smtps" if self.tls == "smtps" else "smtp"
        login = f"{quote(user, safe='')}:{quote(password or '', safe='')}@" if user else ""
        return f"{scheme}://{login}127.0.0.1:{self.port}"

    def start(self) -> None:
        options: dict[str, Any] = {}
        if self.tls == "starttls":
            options.update(tls_context=self._context, require_starttls=True)
        elif self.tls == "smtps":
            options.update(ssl_context=self._context)
        if self.inbox.login is not None:
            # aiosmtpd counts only STARTTLS as TLS for AUTH: an smtps connection is TLS anyway.
            unused = {"LOGIN", "PLAIN"} - set(self._mechanisms)
            options.update(authenticator=self.inbox.authenticate, auth_required=True,
                           auth_require_tls=self.tls != "smtps", auth_exclude_mechanism=unused)
        self._controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port,
                                      **options)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None
