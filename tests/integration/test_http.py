"""The fetcher against a real fault-injecting server: what it requested (server log) and what it returned."""

from __future__ import annotations

import ssl
import zlib

import pytest
import requests
import trustme

from tests.integration.faultserver import (
    PNG_BYTES,
    FaultServer,
    Page,
    Redirect,
    Reset,
    Sequence,
    Sleep,
    Status,
    Stream,
    Truncated,
)
from worker.network.http import PAGE_TYPES, FetchError, FetchPolicy, fetch, retry_after_seconds


def policy_for(server: FaultServer, **overrides: object) -> FetchPolicy:
    """Only the test server's own host:port is allowed although it is on loopback."""
    options: dict[str, object] = {
        "private_allowlist": frozenset({server.netloc}),
        "connect_timeout": 2.0,
        "read_timeout": 2.0,
        "user_agent": "wirefeed-test (ops@example.org)",
    }
    options.update(overrides)
    return FetchPolicy(**options)  # type: ignore[arg-type]


def fetch_error(url: str, policy: FetchPolicy, **kwargs: object) -> FetchError:
    with pytest.raises(FetchError) as info:
        fetch(url, policy, **kwargs)  # type: ignore[arg-type]
    return info.value


def test_etag_then_304(fault_server: FaultServer) -> None:
    page = Page(b"<rss/>", "application/rss+xml", etag='"v1"', last_modified=1.7e9)
    url = fault_server.route("/feed", page)
    first = fetch(url, policy_for(fault_server))
    second = fetch(url, policy_for(fault_server), etag=first.etag, last_modified=first.last_modified)
    assert (first.status, first.body, first.etag) == (200, b"<rss/>", '"v1"')
    assert second.not_modified and second.body == b""
    sent = fault_server.requests_to("/feed")
    assert sent[0].header("If-None-Match") is None
    assert sent[1].header("If-None-Match") == '"v1"'
    assert sent[1].header("If-Modified-Since") == first.last_modified
    assert sent[1].header("User-Agent") == "wirefeed-test (ops@example.org)"


def test_last_modified_alone_gives_304(fault_server: FaultServer) -> None:
    url = fault_server.route("/lm", Page(b"x", last_modified=1.7e9))
    first = fetch(url, policy_for(fault_server))
    assert fetch(url, policy_for(fault_server), last_modified=first.last_modified).status == 304


def test_read_timeout_is_retryable(fault_server: FaultServer) -> None:
    url = fault_server.route("/slow", Sleep(5))
    err = fetch_error(url, policy_for(fault_server, read_timeout=0.3))
    assert (err.kind, err.retryable) == ("timeout", True)
    assert len(fault_server.requests_to("/slow")) == 1


def test_connection_reset_is_retryable(fault_server: FaultServer) -> None:
    url = fault_server.route("/reset", Reset())
    err = fetch_error(url, policy_for(fault_server))
    assert (err.kind, err.retryable) == ("connection", True)


def test_truncated_body_is_retryable(fault_server: FaultServer) -> None:
    url = fault_server.route("/cut", Truncated(b"<html><p>half", claimed_length=5000))
    err = fetch_error(url, policy_for(fault_server), accept=PAGE_TYPES)
    assert (err.kind, err.retryable) == ("truncated", True)


def test_429_retry_after(fault_server: FaultServer) -> None:
    url = fault_server.route("/busy", Status(429, headers=(("Retry-After", "120"),)))
    err = fetch_error(url, policy_for(fault_server))
    assert (err.kind, err.retryable, err.status, err.retry_after) == ("rate_limited", True, 429, 120.0)


def test_retry_after_http_date() -> None:
    from datetime import UTC, datetime

    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert retry_after_seconds("Thu, 01 Jan 2026 12:01:30 GMT", now) == 90.0
    assert retry_after_seconds("garbage", now) is None
    assert retry_after_seconds("99999999", now) == 86400.0


def test_500_burst_then_success(fault_server: FaultServer) -> None:
    url = fault_server.route("/flaky", Sequence(Status(500), Status(503), Page(b"ok")))
    errors = [fetch_error(url, policy_for(fault_server)) for _ in range(2)]
    assert [(e.kind, e.status, e.retryable) for e in errors] == [
        ("server_error", 500, True),
        ("server_error", 503, True),
    ]
    assert fetch(url, policy_for(fault_server)).body == b"ok"
    assert len(fault_server.requests_to("/flaky")) == 3


@pytest.mark.parametrize("status", [404, 410])
def test_gone_is_permanent(fault_server: FaultServer, status: int) -> None:
    url = fault_server.route("/gone", Status(status))
    err = fetch_error(url, policy_for(fault_server))
    assert (err.kind, err.retryable, err.status) == ("gone", False, status)


def test_redirect_loop_is_refused(fault_server: FaultServer) -> None:
    fault_server.route("/a", Redirect("/b"))
    url = fault_server.route("/b", Redirect("/a"))
    err = fetch_error(url, policy_for(fault_server))
    assert (err.kind, err.retryable) == ("redirect_loop", False)
    assert [r.path for r in fault_server.log] == ["/b", "/a"]


def test_at_most_five_redirects(fault_server: FaultServer) -> None:
    for i in range(7):
        fault_server.route(f"/r{i}", Redirect(f"/r{i + 1}", 301))
    fault_server.route("/r7", Page(b"end"))
    err = fetch_error(fault_server.url("/r0"), policy_for(fault_server))
    assert err.kind == "too_many_redirects"
    assert [r.path for r in fault_server.log] == [f"/r{i}" for i in range(6)]
    fault_server.clear_log()
    resp = fetch(fault_server.url("/r2"), policy_for(fault_server))
    assert (resp.body, resp.final_url, len(resp.redirects)) == (b"end", fault_server.url("/r7"), 5)


@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.1:1/admin",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/",
        "http://[::1]:8080/",
        "http://localhost/",
    ],
)
def test_redirect_to_private_address_is_refused_before_connecting(fault_server: FaultServer, target: str) -> None:
    url = fault_server.route("/out", Redirect(target))
    err = fetch_error(url, policy_for(fault_server))
    assert (err.kind, err.retryable, err.url) == ("private_address", False, target)
    assert [r.path for r in fault_server.log] == ["/out"]


def test_private_address_refused_without_allowlist(fault_server: FaultServer) -> None:
    url = fault_server.route("/x", Page(b"x"))
    assert fetch_error(url, FetchPolicy()).kind == "private_address"
    assert fault_server.log == []
    assert fetch(url, FetchPolicy(allow_private=True)).body == b"x"


def test_connection_goes_to_the_address_the_check_saw(fault_server: FaultServer) -> None:
    """DNS rebinding: the first answer passes the check, a second lookup would answer another address. There is
    no second lookup: the request reaches the server on the checked address, the one on the later answer sees
    nothing. (127.0.0.1 stands for the public answer: tests connect to loopback only; the host is allowlisted.)"""
    rebound = FaultServer("127.0.0.2", fault_server.port).start()
    try:
        answers = [["127.0.0.1"], ["127.0.0.2"]]
        asked: list[tuple[str, int]] = []

        def resolver(host: str, port: int) -> list[str]:
            asked.append((host, port))
            return answers[min(len(asked), len(answers)) - 1]

        url = f"http://wire.test:{fault_server.port}/news/1"
        fault_server.route("/news/1", Page(b"checked"))
        rebound.route("/news/1", Page(b"rebound"))
        allow = frozenset({f"wire.test:{fault_server.port}"})
        policy = policy_for(fault_server, resolver=resolver, private_allowlist=allow)
        assert fetch(url, policy).body == b"checked"
        assert asked == [("wire.test", fault_server.port)]
        assert fault_server.log[0].header("Host") == f"wire.test:{fault_server.port}"
        assert rebound.log == []
    finally:
        rebound.stop()


def test_each_redirect_hop_is_resolved_once_and_pinned(fault_server: FaultServer) -> None:
    other = FaultServer("127.0.0.2", fault_server.port).start()
    try:
        port = fault_server.port
        names = {"a.test": ["127.0.0.1"], "b.test": ["127.0.0.2"]}
        asked: list[str] = []

        def resolver(host: str, port: int) -> list[str]:
            asked.append(host)
            return names[host]

        fault_server.route("/go", Redirect(f"http://b.test:{port}/story"))
        other.route("/story", Page(b"story"))
        allow = frozenset({f"a.test:{port}", f"b.test:{port}"})
        policy = policy_for(fault_server, resolver=resolver, private_allowlist=allow)
        assert fetch(f"http://a.test:{port}/go", policy).body == b"story"
        assert asked == ["a.test", "b.test"]
        assert [(r.path, r.header("Host")) for r in other.log] == [("/story", f"b.test:{port}")]
    finally:
        other.stop()


def test_private_answer_is_refused_before_connecting(fault_server: FaultServer) -> None:
    url = fault_server.route("/x", Page(b"x"))
    policy = FetchPolicy(resolver=lambda host, port: ["127.0.0.1"])
    err = fetch_error(url.replace("127.0.0.1", "wire.test"), policy)
    assert (err.kind, str(err)) == ("private_address", "refused: wire.test resolves to non-public address 127.0.0.1")
    assert fault_server.log == []


def test_https_keeps_the_host_name_for_sni_host_and_certificate() -> None:
    """Connected to the checked address, TLS still names the host: SNI, Host header and the certificate's name."""
    ca = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("wire.test").configure_cert(context)
    sni: list[str | None] = []
    context.sni_callback = lambda sock, name, ctx: sni.append(name)
    server = FaultServer(tls=context).start()
    try:
        server.route("/s", Page(b"secure"))
        port = server.port
        session = requests.Session()
        session.trust_env = False  # REQUESTS_CA_BUNDLE would replace the test CA
        allow = frozenset({f"wire.test:{port}", f"other.test:{port}"})
        policy = policy_for(server, resolver=lambda host, port: ["127.0.0.1"], private_allowlist=allow)
        with ca.cert_pem.tempfile() as ca_file:
            session.verify = ca_file
            assert fetch(f"https://wire.test:{port}/s", policy, session=session).body == b"secure"
            err = fetch_error(f"https://other.test:{port}/s", policy, session=session)
        assert (sni, server.log[0].header("Host")) == (["wire.test", "other.test"], f"wire.test:{port}")
        assert (err.kind, "hostname 'other.test' doesn't match 'wire.test'" in str(err)) == ("connection", True)
        assert len(server.log) == 1
    finally:
        server.stop()


def test_oversized_page_is_aborted(fault_server: FaultServer) -> None:
    """Streamed and dropped past the limit: the server could not write most of the 64 MiB it had to send."""
    huge = Stream(b"<p>" + b"x" * 65533, count=1024)  # 64 MiB if read to the end
    url = fault_server.route("/huge", huge)
    err = fetch_error(url, policy_for(fault_server, max_bytes=1024 * 1024), accept=PAGE_TYPES)
    assert (err.kind, err.retryable) == ("too_large", False)
    assert len(fault_server.requests_to("/huge")) == 1
    assert fault_server.bytes_sent("/huge") < len(huge.chunk) * huge.count // 4  # socket buffers hold a few MiB


def test_default_page_limit_is_ten_megabytes() -> None:
    from worker.runtime.settings import Settings

    assert FetchPolicy().max_bytes == Settings().max_page_bytes == Settings.from_env({}).max_page_bytes == 10 << 20
    assert Settings.from_env({"WIREFEED_MAX_PAGE_BYTES": "2048"}).max_page_bytes == 2048
    assert FetchPolicy.from_settings(Settings.from_env({"WIREFEED_MAX_PAGE_BYTES": "2048"})).max_bytes == 2048
    assert (FetchPolicy().max_redirects, Settings.from_env({}).per_host_rps) == (5, 1.0)


def test_announced_oversize_is_refused_without_reading(fault_server: FaultServer) -> None:
    url = fault_server.route("/big", Stream(b"x" * 1024, count=1, declared_length=50_000_000))
    assert fetch_error(url, policy_for(fault_server)).kind == "too_large"


def test_binary_served_as_html_is_refused(fault_server: FaultServer) -> None:
    url = fault_server.route("/photo.html", Status(200, PNG_BYTES, "text/html"))
    err = fetch_error(url, policy_for(fault_server), accept=PAGE_TYPES)
    assert (err.kind, err.retryable) == ("bad_content_type", False)


def test_stray_nul_in_a_text_page_is_still_a_page(fault_server: FaultServer) -> None:
    page = "<html><head><title>Новости</title></head><body><p>Москва\x00, 3 декабря.</p>".encode() + b"<p>more</p>" * 90
    url = fault_server.route("/nul.html", Status(200, page, "text/html; charset=utf-8"))
    assert fetch(url, policy_for(fault_server), accept=PAGE_TYPES).body == page


@pytest.mark.parametrize(
    "body",
    [
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n" * 20,
        PNG_BYTES,
        b"\x1f\x8b\x08\x00" + bytes(range(256)) * 4,  # gzip
        zlib.compress(bytes(range(256)) * 64),  # no signature: its control bytes give it away
        b"\x00\x00\x00\x20ftypisom" + bytes(range(256)) * 4,  # MP4
    ],
    ids=["pdf", "png", "gzip", "zlib", "mp4"],
)
def test_binary_body_is_refused_whatever_its_type(fault_server: FaultServer, body: bytes) -> None:
    url = fault_server.route("/b.html", Status(200, body, "text/html"))
    err = fetch_error(url, policy_for(fault_server), accept=PAGE_TYPES)
    assert (err.kind, err.retryable) == ("bad_content_type", False)


def test_wrong_declared_type_is_refused(fault_server: FaultServer) -> None:
    url = fault_server.route("/doc.pdf", Status(200, b"%PDF-1.4", "application/pdf"))
    assert fetch_error(url, policy_for(fault_server), accept=PAGE_TYPES).kind == "bad_content_type"


def test_custom_headers_are_sent(fault_server: FaultServer) -> None:
    url = fault_server.route("/h", Page(b"x"))
    fetch(url, policy_for(fault_server), headers={"Authorization": "Bearer t", "User-Agent": "licensed/1"})
    sent = fault_server.requests_to("/h")[0]
    assert (sent.header("Authorization"), sent.header("User-Agent")) == ("Bearer t", "licensed/1")


def test_gzip_file_is_a_listing_never_a_page(fault_server: FaultServer) -> None:
    import gzip

    url = fault_server.route("/s.xml.gz", Status(200, gzip.compress(b"<urlset/>"), "application/octet-stream"))
    assert fetch(url, policy_for(fault_server)).body.startswith(b"\x1f\x8b")
    url = fault_server.route("/a.html", Status(200, gzip.compress(b"<html/>"), "text/html"))
    assert fetch_error(url, policy_for(fault_server), accept=PAGE_TYPES).kind == "bad_content_type"
