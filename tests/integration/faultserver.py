"""A real, fault-injecting HTTP server on 127.0.0.1 for tests, with a log of every request.

Routes map a path (with its query string, or without it as a fallback) to a reply. Replies are small
values: a page that answers conditional requests with 304, a redirect, a status with Retry-After, a
sleep past the client's read timeout, a connection reset, a truncated body, an endless stream, a body
trickled byte by byte, a sequence of replies (one per request, the last repeated) for "fail N times, then succeed",
or replies behind a gate that holds requests past the first N until the test releases it.
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import struct
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol
from urllib.parse import urlsplit

import pytest


@dataclass(frozen=True)
class LoggedRequest:
    method: str
    path: str
    headers: dict[str, str]  # lower-case names
    at: float  # time.monotonic() on arrival

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


class Reply(Protocol):
    def send(self, handler: Handler, request: LoggedRequest) -> None: ...


@dataclass(frozen=True)
class Status:
    """Any status with a body and headers (404, 410, 429 with Retry-After, 500, binary as text/html...)."""

    code: int
    body: bytes = b""
    content_type: str = "text/plain"
    headers: tuple[tuple[str, str], ...] = ()

    def send(self, handler: Handler, request: LoggedRequest) -> None:
        handler.respond(self.code, self.body, self.content_type, self.headers)


@dataclass(frozen=True)
class Page:
    """200 with ETag and Last-Modified; 304 when the request's validators match."""

    body: bytes
    content_type: str = "text/html; charset=utf-8"
    etag: str | None = None
    last_modified: float | None = None  # epoch seconds
    headers: tuple[tuple[str, str], ...] = ()

    def send(self, handler: Handler, request: LoggedRequest) -> None:
        validators = list(self.headers)
        if self.etag:
            validators.append(("ETag", self.etag))
        if self.last_modified is not None:
            validators.append(("Last-Modified", formatdate(self.last_modified, usegmt=True)))
        if self._not_modified(request):
            handler.respond(304, b"", None, tuple(validators))
        else:
            handler.respond(200, self.body, self.content_type, tuple(validators))

    def _not_modified(self, request: LoggedRequest) -> bool:
        inm = request.header("If-None-Match")
        if inm is not None:
            return self.etag is not None and self.etag in {t.strip() for t in inm.split(",")}
        ims = request.header("If-Modified-Since")
        if ims is not None and self.last_modified is not None:
            return ims == formatdate(self.last_modified, usegmt=True)
        return False


@dataclass(frozen=True)
class Redirect:
    location: str
    code: int = 302

    def send(self, handler: Handler, request: LoggedRequest) -> None:
        handler.respond(self.code, b"", None, (("Location", self.location),))


@dataclass(frozen=True)
class Sleep:
    """Wait before answering (past the client's read timeout), then send ``then``."""

    seconds: float
    then: Reply = field(default_factory=lambda: Status(200, b"late"))

    def send(self, handler: Handler, request: LoggedRequest) -> None:
        if not handler.server.stopping.wait(self.seconds):
            with contextlib.suppress(OSError):
                self.then.send(handler, request)


@dataclass(frozen=True)
class Reset:
    """Close the connection with a TCP RST before any response byte."""

    def send(self, handler: Handler, request: LoggedRequest) -> None:
        handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        handler.close_connection = True
        handler.connection.close()


@dataclass(frozen=True)
class Truncated:
    """Announce ``claimed_length`` bytes, send ``body`` (shorter), close."""

    body: bytes
    claimed_length: int
    content_type: str = "text/html; charset=utf-8"

    def send(self, handler: Handler, request: LoggedRequest) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", self.content_type)
        handler.send_header("Content-Length", str(self.claimed_length))
        handler.end_headers()
        handler.wfile.write(self.body)
        handler.wfile.flush()
        handler.close_connection = True


@dataclass(frozen=True)
class Stream:
    """A body of ``chunk * count`` bytes without Content-Length (or with ``declared_length``)."""

    chunk: bytes
    count: int
    content_type: str = "text/html; charset=utf-8"
    declared_length: int | None = None

    def send(self, handler: Handler, request: LoggedRequest) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", self.content_type)
        if self.declared_length is not None:
            handler.send_header("Content-Length", str(self.declared_length))
        handler.send_header("Connection", "close")
        handler.end_headers()
        handler.close_connection = True
        sent = 0
        try:
            for _ in range(self.count):
                handler.wfile.write(self.chunk)
                sent += len(self.chunk)
        except OSError:
            pass  # the client stopped reading: exactly what a size cap does
        handler.server.owner.record_sent(request.path, sent)


@dataclass(frozen=True)
class Trickle:
    """``body`` (with its Content-Length) ``step`` bytes at a time, one step every ``every`` seconds: each
    socket read gets bytes well within a read timeout, the whole body takes ``len(body) / step * every``.
    Records how many body bytes it wrote before the client hung up (``bytes_sent``)."""

    body: bytes
    every: float
    step: int = 1
    content_type: str = "text/html; charset=utf-8"

    def send(self, handler: Handler, request: LoggedRequest) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", self.content_type)
        handler.send_header("Content-Length", str(len(self.body)))
        handler.end_headers()
        handler.wfile.flush()
        sent = 0
        try:
            while sent < len(self.body) and not handler.server.stopping.wait(self.every):
                handler.wfile.write(self.body[sent : sent + self.step])
                sent = min(sent + self.step, len(self.body))
        except OSError:
            handler.close_connection = True  # the client hung up: what a total timeout does
        handler.server.owner.record_sent(request.path, sent)


class Sequence:
    """One reply per request, in order; the last one repeats (e.g. five 500s then a page)."""

    def __init__(self, *replies: Reply) -> None:
        self._replies = list(replies)
        self._lock = threading.Lock()

    def send(self, handler: Handler, request: LoggedRequest) -> None:
        with self._lock:
            reply = self._replies.pop(0) if len(self._replies) > 1 else self._replies[0]
        reply.send(handler, request)


class Gate:
    """Lets the first ``open_for`` requests through its replies, then holds every later one until ``release()``
    (or the server stops); ``held`` counts the requests waiting. Wrap a reply with ``gate.through(reply)``."""

    def __init__(self, open_for: int | None = None) -> None:
        self._left = open_for
        self._changed = threading.Condition()
        self.held = 0

    def through(self, reply: Reply) -> Reply:
        return _Gated(self, reply)

    def release(self) -> None:
        with self._changed:
            self._left = None
            self._changed.notify_all()

    def pass_or_hold(self, stopping: threading.Event) -> None:
        with self._changed:
            if self._left is not None and self._left <= 0:
                self.held += 1
                self._changed.notify_all()
                while self._left is not None and not stopping.is_set():
                    self._changed.wait(0.2)
                self.held -= 1
            elif self._left is not None:
                self._left -= 1


@dataclass(frozen=True)
class _Gated:
    gate: Gate
    reply: Reply

    def send(self, handler: Handler, request: LoggedRequest) -> None:
        self.gate.pass_or_hold(handler.server.stopping)
        with contextlib.suppress(OSError):
            self.reply.send(handler, request)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def do_GET(self) -> None:
        self._handle("GET")

    def do_HEAD(self) -> None:
        self._handle("HEAD")

    def _handle(self, method: str) -> None:
        headers = {k.lower(): v for k, v in self.headers.items()}
        request = LoggedRequest(method, self.path, headers, time.monotonic())
        self.server.owner.record(request)
        self.server.owner.reply_for(request).send(self, request)

    def respond(
        self, code: int, body: bytes, content_type: str | None, headers: tuple[tuple[str, str], ...] = ()
    ) -> None:
        self.send_response(code)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: FaultServer
    stopping: threading.Event

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # resets and aborted reads are the point of this server


class FaultServer:
    """A threaded HTTP server on an ephemeral 127.0.0.1 port (or the loopback ``host`` and ``port`` given), HTTPS
    with a ``tls`` context; ``log`` lists every request received."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, tls: ssl.SSLContext | None = None) -> None:
        self._routes: dict[str, Reply | Callable[[LoggedRequest], Reply]] = {}
        self._log: list[LoggedRequest] = []
        self._lock = threading.Lock()
        self._sent: dict[str, int] = {}
        self._sent_changed = threading.Condition(self._lock)
        self._httpd = _Server((host, port), Handler)
        self._scheme = "https" if tls else "http"
        if tls:
            self._httpd.socket = tls.wrap_socket(self._httpd.socket, server_side=True)
        self._httpd.owner = self
        self._httpd.stopping = threading.Event()
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def netloc(self) -> str:
        return f"{self._httpd.server_address[0]}:{self.port}"

    def url(self, path: str = "/") -> str:
        return f"{self._scheme}://{self.netloc}{path}"

    def route(self, path: str, reply: Reply | Callable[[LoggedRequest], Reply]) -> str:
        """Serve ``reply`` at ``path``; returns the absolute URL."""
        with self._lock:
            self._routes[path] = reply
        return self.url(path)

    def reply_for(self, request: LoggedRequest) -> Reply:
        with self._lock:
            reply = self._routes.get(request.path) or self._routes.get(urlsplit(request.path).path)
        if reply is None:
            return Status(404, b"not found")
        return reply if hasattr(reply, "send") else reply(request)

    def record(self, request: LoggedRequest) -> None:
        with self._lock:
            self._log.append(request)

    @property
    def log(self) -> list[LoggedRequest]:
        with self._lock:
            return list(self._log)

    def requests_to(self, path: str) -> list[LoggedRequest]:
        return [r for r in self.log if urlsplit(r.path).path == path]

    def record_sent(self, path: str, size: int) -> None:
        with self._sent_changed:
            self._sent[path] = size
            self._sent_changed.notify_all()

    def bytes_sent(self, path: str, timeout: float = 10.0) -> int:
        """Body bytes a ``Stream`` reply at ``path`` wrote before it ended (waits for it to end)."""
        with self._sent_changed:
            self._sent_changed.wait_for(lambda: path in self._sent, timeout)
            return self._sent[path]

    def clear_log(self) -> None:
        with self._lock:
            self._log.clear()

    def start(self) -> FaultServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()


class StalledListener:
    """A port that accepts no connection: its queue is full, so a client's connect times out."""

    def __init__(self) -> None:
        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen(0)
        self._queued: list[socket.socket] = []
        while len(self._queued) < 8:  # fill the accept queue until a connect gets no answer
            client = socket.socket()
            client.settimeout(0.2)
            self._queued.append(client)
            try:
                client.connect(self._socket.getsockname())
            except TimeoutError:
                return
        raise RuntimeError("the accept queue never filled up")

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self._socket.getsockname()[1]}{path}"

    def close(self) -> None:
        for client in self._queued:
            client.close()
        self._socket.close()


@pytest.fixture
def stalled_listener() -> Iterator[StalledListener]:
    listener = StalledListener()
    try:
        yield listener
    finally:
        listener.close()


@pytest.fixture
def fault_server() -> Iterator[FaultServer]:
    server = FaultServer().start()
    try:
        yield server
    finally:
        server.stop()


# Documents that attack XML parsers. ---------------------------------------------------------------

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
