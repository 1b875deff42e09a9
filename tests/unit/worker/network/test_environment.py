"""The proxies and CA settings requests takes from the environment: read once per scheme and host, still per host."""

from __future__ import annotations

import pytest
import requests

from worker.network.http import pinned_adapter


def test_environment_settings_are_read_once_per_host_and_keep_no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.invalid:3128")
    monkeypatch.setenv("NO_PROXY", "direct.example")
    session = requests.Session()
    adapter = pinned_adapter(session)

    proxied = adapter.environment(session, "https://wire.example/a.html")
    assert proxied["proxies"].get("https") == "http://proxy.invalid:3128"
    assert adapter.environment(session, "https://wire.example/b.html") is proxied  # read once for the host
    assert "https" not in adapter.environment(session, "https://direct.example/a.html")["proxies"]

    monkeypatch.setenv("HTTPS_PROXY", "http://other.invalid:3128")  # the process's environment is read once
    assert (
        adapter.environment(session, "https://wire.example/c.html")["proxies"]["https"] == "http://proxy.invalid:3128"
    )
