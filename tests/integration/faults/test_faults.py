"""Faults an operator's bad day brings, with real processes: a worker SIGKILLed mid-batch or between a poll's
commit and its enqueueing, Redis restarted with its data lost, PostgreSQL restarted, a fetch task delivered three
times. After each, every article of the 200-article wire site is stored exactly once within RECOVERY_LIMIT, with
no manual step. Each test prints its figures (``-s``): RELIABILITY.md's table comes from them.

Mid-batch faults strike at a known point. A worker is killed, or PostgreSQL restarted, once 60 articles are stored
and each pool process is about to store one (its page kept, a pooled connection in hand: the test's launcher holds
it there). Redis is restarted with 60 articles stored and both pool processes waiting on a page: the site lets the
first 60 article requests through and holds the next ones until the restart is done.
"""

from __future__ import annotations

import signal
import subprocess
import time

import pytest

from tests.integration.faults.rig import SETUP_LIMIT, Figures, Rig, wait_for
from tests.integration.faults.wire import ARTICLES, serve_wire
from tests.integration.faultserver import FaultServer, Gate
from tests.integration.private_services import requires_servers

pytestmark = [pytest.mark.faults, requires_servers]

STORED_BEFORE_FAULT = 60
CONCURRENCY = 2


def _start(rig: Rig, server: FaultServer, gate: Gate, fault: str = "") -> subprocess.Popen[bytes]:
    feed, urls = serve_wire(server, gate)
    rig.install(feed, urls)
    rig.start_beat()
    return rig.start_worker(fault)


def _mid_batch(rig: Rig, server: FaultServer) -> tuple[subprocess.Popen[bytes], Gate]:
    """A worker with STORED_BEFORE_FAULT articles stored and a fetch held in each pool process."""
    gate = Gate(open_for=STORED_BEFORE_FAULT)
    worker = _start(rig, server, gate)
    reached = wait_for(lambda: rig.stored() == STORED_BEFORE_FAULT and gate.held == CONCURRENCY, SETUP_LIMIT)
    assert reached, f"the batch never reached the fault point (stored {rig.stored()}, held {gate.held})"
    return worker, gate


def _storing(rig: Rig, server: FaultServer) -> subprocess.Popen[bytes]:
    """A worker with at least STORED_BEFORE_FAULT articles stored and each pool process about to store one: its
    page kept, a pooled connection in hand."""
    worker = _start(rig, server, Gate(), fault="hold-stores")
    assert wait_for(lambda: rig.stored() >= STORED_BEFORE_FAULT, SETUP_LIMIT), "the batch never got going"
    rig.hold_stores()
    assert wait_for(lambda: rig.stores_held() == CONCURRENCY, SETUP_LIMIT), "the pool never reached a store"
    return worker


def _assert_exactly_once(figures: Figures) -> None:
    assert (figures.stored, figures.lost, figures.doubled) == (ARTICLES, 0, 0), figures.line()


def test_worker_sigkilled_mid_batch(rig: Rig, wire_server: FaultServer) -> None:
    worker = _storing(rig, wire_server)
    in_flight = ARTICLES - rig.stored()
    struck = time.monotonic()
    rig.kill(worker)
    rig.start_worker()
    _assert_exactly_once(rig.recover("worker SIGKILLed mid-batch", struck, in_flight))


def test_worker_sigkilled_between_poll_commit_and_enqueueing(rig: Rig, wire_server: FaultServer) -> None:
    worker = _start(rig, wire_server, Gate(), fault="kill-after-enqueues:10")
    assert worker.wait(timeout=SETUP_LIMIT) == -signal.SIGKILL
    struck = time.monotonic()
    in_flight = ARTICLES - rig.stored()
    rig.start_worker()
    _assert_exactly_once(rig.recover("worker SIGKILLed after 10 of a poll's enqueues", struck, in_flight))


def test_redis_restarted_with_its_data_lost_mid_batch(rig: Rig, wire_server: FaultServer, broker) -> None:
    _, gate = _mid_batch(rig, wire_server)
    in_flight = ARTICLES - rig.stored()
    struck = time.monotonic()
    broker.restart()
    gate.release()
    _assert_exactly_once(rig.recover("Redis restarted without persistence mid-batch", struck, in_flight))


def test_postgres_restarted_mid_batch(rig: Rig, wire_server: FaultServer, postgres) -> None:
    _storing(rig, wire_server)
    in_flight = ARTICLES - rig.stored()
    struck = time.monotonic()
    postgres.restart()
    rig.release_stores()
    _assert_exactly_once(rig.recover("pg_ctl restart -m fast mid-batch", struck, in_flight))


def test_each_fetch_task_delivered_three_times(rig: Rig, wire_server: FaultServer) -> None:
    _start(rig, wire_server, Gate(), fault="deliver-thrice")
    struck = time.monotonic()
    _assert_exactly_once(rig.recover("every fetch task delivered three times", struck, ARTICLES))
