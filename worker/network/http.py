"""HTTP fetching: timeouts, a streamed size cap, content checks, manual redirects, conditional GET.

Every hop of a redirect chain is checked against private addresses before it is requested, so a public
page cannot redirect the worker to 127.0.0.1, 10.0.0.0/8 or 169.254.169.254. The host is resolved once per hop, and
the connection goes to the address that was checked (``PinnedAdapter``): a DNS server answering differently the
second time (DNS rebinding) is never asked a second time. Errors are classified:
``FetchError.kind`` (a ``FailureKind``) says whether the same request may succeed later (timeouts, connection errors,
truncated bodies, 5xx, 429) or never will (404/410, too large, binary content, private address).
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from enum import StrEnum
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
import urllib3
from requests.adapters import HTTPAdapter

from worker.runtime.settings import DEFAULTS, Settings

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024
_MAX_RETRY_AFTER = 24 * 3600.0

# Media types accepted for a listing or an article page; a missing Content-Type is accepted and sniffed.
# Gzip files are accepted for listings only (``sitemap.xml.gz``); the listing parser inflates them, capped.
LISTING_TYPES = ("xml", "rss", "atom", "rdf", "json", "html", "text/plain", "gzip", "octet-stream")
PAGE_TYPES = ("text/html", "application/xhtml+xml")
# Leading bytes of formats that are never a page or a listing, whatever the server claims.
_GZIP_MAGIC = b"\x1f\x8b"
_BINARY_MAGIC = (
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"%PDF",
    b"PK\x03\x04",
    _GZIP_MAGIC,
    b"RIFF",
    b"OggS",
    b"ID3",
    b"7z\xbc\xaf",
)
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Bytes that text does not hold: C0 controls but tab, LF, VT, FF, CR and ESC (ISO-2022 shifts), and DEL. A page may
# carry a stray one (a NUL from a CMS); a body without a known signature is binary when they are more than 5 in 100
# of its first kilobyte (about 10 in 100 of random or compressed bytes are; UTF-16 without a BOM is half NULs).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\x0b\x0c\r\x1b") + b"\x7f"
_MAX_CONTROL_SHARE = 0.05


class FailureKind(StrEnum):
    """Why a fetch failed, and the policy that follows from it. The value is what the database keeps
    (``pages.parse_error``, ``sources.last_error``, ``listing_fetches.error`` start with ``kind:``).

    ``retryable``: the same request may succeed later. ``counts_against_source``: False only when our own
    per-host rate limit said "later" (no request was sent). ``pause_reason``: a listing failing so will not
    heal by retrying, and its source is paused at once with this reason for the operator.
    """

    retryable: bool
    counts_against_source: bool
    pause_reason: str | None

    def __new__(
        cls, value: str, retryable: bool, counts_against_source: bool = True, pause_reason: str | None = None
    ) -> FailureKind:
        member = str.__new__(cls, value)
        member._value_ = value
        member.retryable = retryable
        member.counts_against_source = counts_against_source
        member.pause_reason = pause_reason
        return member

    # The request was never sent, or refused for good.
    BAD_URL = "bad_url", False
    PRIVATE_ADDRESS = "private_address", False, True, "the listing resolves or redirects to a private address"
    ROBOTS_DISALLOWED = (
        "robots_disallowed",
        False,
        True,
        "robots.txt disallows the listing; a licensed feed may set ignore_robots",
    )
    REDIRECT_LOOP = "redirect_loop", False
    TOO_MANY_REDIRECTS = "too_many_redirects", False
    # The server answered, and will answer the same again.
    GONE = "gone", False, True, "the listing URL is gone (HTTP 404/410): check the source's URL"
    CLIENT_ERROR = "client_error", False
    BAD_CONTENT_TYPE = "bad_content_type", False
    TOO_LARGE = "too_large", False
    # Trying later may succeed.
    DNS = "dns", True
    CONNECTION = "connection", True
    TIMEOUT = "timeout", True
    TRUNCATED = "truncated", True
    SERVER_ERROR = "server_error", True
    RATE_LIMITED = "rate_limited", True
    ROBOTS_UNAVAILABLE = "robots_unavailable", True
    # Our own per-host rate limit: not the source's fault.
    THROTTLED = "throttled", True, False


class FetchError(Exception):
    """A fetch failed. ``kind`` names the failure and carries its policy (retryable, counts against the source)."""

    def __init__(
        self,
        message: str,
        *,
        url: str,
        kind: FailureKind,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.url = url
        self.kind = kind
        self.status = status
        self.retry_after = retry_after

    @property
    def retryable(self) -> bool:
        return self.kind.retryable


MAX_ERROR = 2000  # the longest error text a row keeps (pages, sources, listing_fetches)


def describe(error: BaseException) -> str:
    """``kind: message`` for fetch errors (``server_error: HTTP 503``), ``ClassName: message`` otherwise."""
    label = error.kind.value if isinstance(error, FetchError) else type(error).__name__
    return f"{label}: {error}"


Resolver = Callable[[str, int], list[str]]


def system_resolver(host: str, port: int) -> list[str]:
    """The addresses ``host`` resolves to, by one lookup of the system's resolver."""
    return [str(info[4][0]) for info in socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)]


@dataclass(frozen=True)
class FetchPolicy:
    """How to fetch: limits and guards, built once from Settings (see ``from_settings``)."""

    user_agent: str = DEFAULTS.user_agent
    connect_timeout: float = DEFAULTS.connect_timeout
    read_timeout: float = DEFAULTS.read_timeout
    total_timeout: float = DEFAULTS.total_timeout
    max_bytes: int = DEFAULTS.max_page_bytes
    max_redirects: int = 5
    allow_private: bool = DEFAULTS.allow_private_addresses
    # host:port pairs reachable although private (an intranet feed, the tests' local server).
    private_allowlist: frozenset[str] = frozenset()
    resolver: Resolver = system_resolver

    @classmethod
    def from_settings(cls, settings: Settings) -> FetchPolicy:
        return cls(
            user_agent=settings.user_agent,
            connect_timeout=settings.connect_timeout,
            read_timeout=settings.read_timeout,
            total_timeout=settings.total_timeout,
            max_bytes=settings.max_page_bytes,
            allow_private=settings.allow_private_addresses,
            private_allowlist=frozenset(settings.private_allowlist),
        )


@dataclass(frozen=True)
class Response:
    url: str
    final_url: str
    status: int
    headers: dict[str, str]  # lower-case names
    body: bytes
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    redirects: tuple[str, ...] = ()

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")


def check_address(url: str, policy: FetchPolicy) -> str:
    """The address to connect to for ``url``: its host resolved once. Refuses non-HTTP URLs and, unless the policy
    allows them (or this host:port), hosts resolving to loopback, private, link-local or reserved addresses."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"unsupported URL {url!r}", url=url, kind=FailureKind.BAD_URL)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        addresses = policy.resolver(parts.hostname, port)
    except (OSError, UnicodeError) as exc:
        raise FetchError(f"cannot resolve {parts.hostname}: {exc}", url=url, kind=FailureKind.DNS) from exc
    if not addresses:
        raise FetchError(f"cannot resolve {parts.hostname}: no address", url=url, kind=FailureKind.DNS)
    if not (policy.allow_private or f"{parts.hostname}:{port}" in policy.private_allowlist):
        for address in addresses:
            _refuse_private(address, parts.hostname, url)
    return addresses[0]


def _refuse_private(address: str, host: str, url: str) -> None:
    addr = ipaddress.ip_address(address.partition("%")[0])  # an IPv6 scope (fe80::1%eth0) is no part of it
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped:
        addr = addr.ipv4_mapped
    if not addr.is_global or addr.is_multicast:
        raise FetchError(
            f"refused: {host} resolves to non-public address {addr}", url=url, kind=FailureKind.PRIVATE_ADDRESS
        )


def _host_port(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    return parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80)


class PinnedAdapter(HTTPAdapter):
    """Connects to the address ``check_address`` approved for the host (``pin``), never to a fresh DNS answer; the
    Host header, TLS SNI and the certificate check keep the URL's host name.

    A host keeps its latest checked address: every address in ``_pins`` passed the check, so workers sharing the
    adapter can only ever connect to checked addresses, whichever pin they read."""

    def __init__(self) -> None:
        super().__init__()
        self._pins: dict[tuple[str, int], str] = {}
        self._environment: dict[tuple[str, str], dict[str, Any]] = {}

    def pin(self, url: str, address: str) -> None:
        self._pins[_host_port(url)] = address

    def build_connection_pool_key_attributes(
        self, request: requests.PreparedRequest, verify: Any, cert: Any = None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        host_params, pool_kwargs = super().build_connection_pool_key_attributes(request, verify, cert)
        name = host_params["host"]
        host_params["host"] = self._pins[_host_port(str(request.url))]
        if host_params["scheme"] == "https":
            pool_kwargs.update(server_hostname=name, assert_hostname=name)
        return host_params, pool_kwargs

    def environment(self, session: requests.Session, url: str) -> dict[str, Any]:
        """The settings requests takes from the environment for ``url`` (proxies, CA bundle), read once per scheme
        and host: reading them scans the whole process environment, a third of a page fetch's CPU time."""
        parts = urlsplit(url)
        key = (parts.scheme, parts.netloc)
        settings = self._environment.get(key)
        if settings is None:
            settings = self._environment[key] = session.merge_environment_settings(url, {}, True, None, None)
        return settings

    def add_headers(self, request: requests.PreparedRequest, **kwargs: Any) -> None:
        request.headers["Host"] = urlsplit(str(request.url)).netloc.rpartition("@")[2]


def pinned_adapter(session: requests.Session) -> PinnedAdapter:
    """The session's PinnedAdapter, mounted for http:// and https:// on first use."""
    adapter = session.get_adapter("https://")
    if not isinstance(adapter, PinnedAdapter):
        adapter = PinnedAdapter()
        session.mount("http://", adapter)
        session.mount("https://", adapter)
    return adapter


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date), capped at one day."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), _MAX_RETRY_AFTER)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    delta = (when - (now or datetime.now(UTC))).total_seconds()
    return min(max(delta, 0.0), _MAX_RETRY_AFTER)


def _raise_for_status(resp: requests.Response, url: str) -> None:
    status = resp.status_code
    if status < 400:
        return
    retry_after = retry_after_seconds(resp.headers.get("retry-after"))
    if status == 429:
        raise FetchError(
            "HTTP 429 Too Many Requests",
            url=url,
            kind=FailureKind.RATE_LIMITED,
            status=status,
            retry_after=retry_after,
        )
    if status >= 500 or status == 408:
        raise FetchError(
            f"HTTP {status}", url=url, kind=FailureKind.SERVER_ERROR, status=status, retry_after=retry_after
        )
    if status in (404, 410):
        raise FetchError(f"HTTP {status}: URL gone", url=url, kind=FailureKind.GONE, status=status)
    raise FetchError(f"HTTP {status}", url=url, kind=FailureKind.CLIENT_ERROR, status=status)


def _check_content_type(resp: requests.Response, url: str, accept: tuple[str, ...]) -> None:
    declared = (resp.headers.get("content-type") or "").split(";")[0].strip().lower()
    if declared and not any(a in declared for a in accept):
        raise FetchError(
            f"unexpected content type {declared!r}", url=url, kind=FailureKind.BAD_CONTENT_TYPE, status=resp.status_code
        )


def _check_not_binary(first: bytes, url: str, status: int, accept: tuple[str, ...]) -> None:
    head = first[:1024]
    if head.startswith(_GZIP_MAGIC) and "gzip" in accept:
        return
    if looks_binary(head):
        raise FetchError(
            "binary content where text was expected", url=url, kind=FailureKind.BAD_CONTENT_TYPE, status=status
        )


def looks_binary(head: bytes) -> bool:
    """A known binary signature, or control bytes past a stray few (a UTF-16 BOM vouches for its NULs)."""
    if head.startswith(_BINARY_MAGIC):
        return True
    if head.startswith(_UTF16_BOMS):
        return False
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls > len(head) * _MAX_CONTROL_SHARE


def _read_body(
    resp: requests.Response, url: str, policy: FetchPolicy, deadline: float, accept: tuple[str, ...]
) -> bytes:
    """The body, decoded (gzip included), aborted once past ``max_bytes`` or past the deadline."""
    declared = resp.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > policy.max_bytes:
        raise FetchError(
            f"page announces {declared} bytes, limit {policy.max_bytes}",
            url=url,
            kind=FailureKind.TOO_LARGE,
            status=resp.status_code,
        )
    chunks: list[bytes] = []
    size = 0
    for chunk in _arrivals(resp):
        if not chunks:
            _check_not_binary(chunk, url, resp.status_code, accept)
        size += len(chunk)
        if size > policy.max_bytes:
            raise FetchError(
                f"page larger than {policy.max_bytes} bytes",
                url=url,
                kind=FailureKind.TOO_LARGE,
                status=resp.status_code,
            )
        if time.monotonic() > deadline:
            raise FetchError("body took too long", url=url, kind=FailureKind.TIMEOUT, status=resp.status_code)
        chunks.append(chunk)
    return b"".join(chunks)


def _arrivals(resp: requests.Response) -> Iterator[bytes]:
    """The decoded body as it arrives, one socket read at a time. (``iter_content(n)`` waits for n bytes:
    a server trickling a few bytes per read timeout would hold the worker far past the total timeout.)"""
    try:
        while chunk := resp.raw.read1(_CHUNK, decode_content=True):
            yield chunk
    except urllib3.exceptions.ReadTimeoutError as exc:
        raise requests.exceptions.ReadTimeout(exc) from exc
    except (urllib3.exceptions.ProtocolError, urllib3.exceptions.DecodeError) as exc:
        raise requests.exceptions.ChunkedEncodingError(exc) from exc
    except urllib3.exceptions.HTTPError as exc:
        raise requests.exceptions.ConnectionError(exc) from exc


def _network_error(exc: requests.RequestException, url: str, status: int | None = None) -> FetchError:
    """A network failure; ``status`` when it broke off a response whose status line had arrived."""
    if isinstance(exc, requests.Timeout):
        kind = FailureKind.TIMEOUT
    elif isinstance(exc, requests.exceptions.ChunkedEncodingError | requests.exceptions.ContentDecodingError):
        kind = FailureKind.TRUNCATED
    else:
        kind = FailureKind.CONNECTION
    return FetchError(f"{type(exc).__name__}: {exc}", url=url, kind=kind, status=status)


def _next_hop(resp: requests.Response, current: str, seen: list[str], policy: FetchPolicy) -> str:
    target = urljoin(current, resp.headers["location"].strip())
    if target in seen:
        raise FetchError(f"redirect loop back to {target}", url=seen[0], kind=FailureKind.REDIRECT_LOOP)
    if len(seen) > policy.max_redirects:
        raise FetchError(
            f"more than {policy.max_redirects} redirects", url=seen[0], kind=FailureKind.TOO_MANY_REDIRECTS
        )
    return target


def request_headers(
    policy: FetchPolicy, headers: dict[str, str] | None, etag: str | None, last_modified: str | None
) -> dict[str, str]:
    out = {"User-Agent": policy.user_agent, **(headers or {})}
    if etag:
        out["If-None-Match"] = etag
    if last_modified:
        out["If-Modified-Since"] = last_modified
    return out


def fetch(
    url: str,
    policy: FetchPolicy,
    *,
    session: requests.Session | None = None,
    headers: dict[str, str] | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
    accept: tuple[str, ...] = LISTING_TYPES,
    before_request: Callable[[str], None] | None = None,
) -> Response:
    """GET ``url``; redirects followed by hand (each hop checked); 304 comes back with an empty body.

    ``before_request(url)`` runs before every request, redirect hops included (robots.txt, rate limit).
    """
    http = session or requests.Session()
    sent = request_headers(policy, headers, etag, last_modified)
    deadline = time.monotonic() + policy.total_timeout
    seen = [url]
    current = url
    while True:
        address = check_address(current, policy)
        if before_request is not None:
            before_request(current)
        resp = _send(http, current, address, sent, policy)
        with resp:
            if resp.status_code in _REDIRECTS and resp.headers.get("location"):
                current = _next_hop(resp, current, seen, policy)
                seen.append(current)
                continue
            return _complete(resp, url, current, seen, policy, accept, deadline)


def _send(
    http: requests.Session, url: str, address: str, headers: dict[str, str], policy: FetchPolicy
) -> requests.Response:
    """GET ``url`` from ``address`` (the checked one), redirects not followed, the body left to stream."""
    try:
        prepared = http.prepare_request(requests.Request("GET", url, headers=headers))
        target = str(prepared.url)
        adapter = pinned_adapter(http)
        adapter.pin(target, address)
        environment = adapter.environment(http, target)
        return http.send(
            prepared, allow_redirects=False, timeout=(policy.connect_timeout, policy.read_timeout), **environment
        )
    except requests.RequestException as exc:
        raise _network_error(exc, url) from exc


def _complete(
    resp: requests.Response,
    url: str,
    current: str,
    seen: list[str],
    policy: FetchPolicy,
    accept: tuple[str, ...],
    deadline: float,
) -> Response:
    _raise_for_status(resp, current)
    body = b""
    if resp.status_code != 304:
        _check_content_type(resp, current, accept)
        try:
            body = _read_body(resp, current, policy, deadline, accept)
        except requests.RequestException as exc:
            raise _network_error(exc, current, resp.status_code) from exc
    return Response(
        url=url,
        final_url=current,
        status=resp.status_code,
        headers={k.lower(): v for k, v in resp.headers.items()},
        body=body,
        redirects=tuple(seen[1:]),
    )
