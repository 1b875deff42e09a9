"""Each failure kind carries its policy; the stored text of a failure is unchanged (``kind: message``)."""

from __future__ import annotations

from parsers.listings import UnsafeXMLError
from worker.network.http import FailureKind, FetchError, describe

# The strings consumers read at the start of pages.parse_error, sources.last_error, listing_fetches.error.
STORED = {
    "bad_url", "private_address", "robots_disallowed", "redirect_loop", "too_many_redirects", "gone",
    "client_error", "bad_content_type", "too_large", "dns", "connection", "timeout", "truncated",
    "server_error", "rate_limited", "robots_unavailable", "throttled",
}  # fmt: skip


def test_kinds_keep_their_stored_strings() -> None:
    assert {kind.value for kind in FailureKind} == STORED


def test_retryable_kinds() -> None:
    retryable = {kind.value for kind in FailureKind if kind.retryable}
    assert retryable == {
        "dns", "connection", "timeout", "truncated", "server_error", "rate_limited", "robots_unavailable", "throttled"
    }  # fmt: skip
    assert FetchError("x", url="u", kind=FailureKind.TIMEOUT).retryable
    assert not FetchError("x", url="u", kind=FailureKind.GONE).retryable


def test_only_our_own_rate_limit_does_not_count_against_the_source() -> None:
    assert [kind for kind in FailureKind if not kind.counts_against_source] == [FailureKind.THROTTLED]


def test_only_failures_that_retrying_cannot_mend_pause_a_source() -> None:
    pausing = {kind for kind in FailureKind if kind.pause_reason}
    assert pausing == {FailureKind.GONE, FailureKind.ROBOTS_DISALLOWED, FailureKind.PRIVATE_ADDRESS}
    assert not any(kind.retryable for kind in pausing)


def test_describe_starts_with_the_stored_kind_or_the_class() -> None:
    assert describe(FetchError("HTTP 503", url="u", kind=FailureKind.SERVER_ERROR)) == "server_error: HTTP 503"
    assert describe(UnsafeXMLError("entities")) == "UnsafeXMLError: entities"
