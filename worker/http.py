"""HTTP fetching with requests: timeouts, size cap, redirects checked against private addresses."""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import requests

from worker.settings import Settings

MAX_REDIRECTS = 5
_REDIRECTS = {301, 302, 303, 307, 308}


class FetchError(Exception):
    """A fetch failed; ``retryable`` says whether trying again later may succeed."""

    def __init__(self, message: str, *, url: str, status: int | None = None, retryable: bool = False,
                 retry_after: float | None = None) -> None:
        super().__init__(message)
        self.url = url
        self.status = status
        self.retryable = retryable
        self.retry_after = retry_after


@dataclass(frozen=True)
class Response:
    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")


def check_address(url: str, settings: Settings) -> None:
    """Refuse URLs whose host resolves to a loopback, private, link-local or reserved address."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"unsupported URL {url!r}", url=url)
    if settings.allow_private_addresses:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise FetchError(f"cannot resolve {parts.hostname}: {exc}", url=url, retryable=True) from exc
    for info in infos:
        addr = ipaddress.ip_address(info[4][0])
        if not addr.is_global:
            raise FetchError(f"refused: {parts.hostname} resolves to non-public address {addr}", url=url)


def _retry_after(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


def _read_capped(resp: requests.Response, url: str, limit: int) -> bytes:
    chunks, size = [], 0
    for chunk in resp.iter_content(64 * 1024):
        size += len(chunk)
        if size > limit:
            raise FetchError(f"page larger than {limit} bytes", url=url, status=resp.status_code)
        chunks.append(chunk)
    return b"".join(chunks)


def _classify(resp: requests.Response, url: str) -> None:
    status = resp.status_code
    if status in (429,) or status >= 500:
        raise FetchError(f"HTTP {status}", url=url, status=status, retryable=True,
                         retry_after=_retry_after(resp.headers.get("retry-after")))
    if status >= 400:
        raise FetchError(f"HTTP {status}", url=url, status=status)


def fetch(url: str, settings: Settings, *, session: requests.Session | None = None,
          headers: dict[str, str] | None = None, etag: str | None = None,
          last_modified: str | None = None) -> Response:
    """GET ``url`` following at most five redirects; 304 is returned as a Response with an empty body."""
    http = session or requests.Session()
    request_headers = {"User-Agent": settings.user_agent, **(headers or {})}
    if etag:
        request_headers["If-None-Match"] = etag
    if last_modified:
        request_headers["If-Modified-Since"] = last_modified
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        check_address(current, settings)
        try:
            resp = http.get(current, headers=request_headers, stream=True, allow_redirects=False,
                            timeout=(settings.connect_timeout, settings.read_timeout))
        except requests.RequestException as exc:
            raise FetchError(f"{type(exc).__name__}: {exc}", url=current, retryable=True) from exc
        with resp:
            if resp.status_code in _REDIRECTS and resp.headers.get("location"):
                current = urljoin(current, resp.headers["location"])
                continue
            _classify(resp, current)
            try:
                body = b"" if resp.status_code == 304 else _read_capped(resp, current, settings.max_page_bytes)
            except requests.RequestException as exc:
                raise FetchError(f"{type(exc).__name__}: {exc}", url=current, retryable=True) from exc
            return Response(url=url, final_url=current, status=resp.status_code,
                            headers={k.lower(): v for k, v in resp.headers.items()}, body=body)
    raise FetchError(f"more than {MAX_REDIRECTS} redirects", url=url)
