from __future__ import annotations

from tests.faultserver import fault_server  # noqa: F401 - fixture: a fault-injecting local HTTP server
