"""Garbage collection around a parse: none during it, one young collection after it.

A parse builds a tree of tens of thousands of objects linked both ways (parent, children, siblings, the element
chain): cyclic garbage once the parse is done, which only the cycle collector frees. Left to its thresholds, the
collector ran about seven young collections and one full one for every page, each walking the tree still under
construction: about 30 % of a page's parse time (BENCHMARKS.md, issue 14). With automatic collection off while a
page is parsed and one young collection once its tree is garbage, the tree is walked once.

Nested and concurrent parses share one switch: collection is off while any parse runs, and goes back on (when it was
on before) with the last one out.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_running = 0
_was_enabled = False


@contextmanager
def collected_after() -> Iterator[None]:
    """Run the block with automatic collection off; then, if it was on, collect the youngest generation (where
    everything the block allocated and dropped is)."""
    global _running, _was_enabled
    with _lock:
        if _running == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _running += 1
    try:
        yield
    finally:
        with _lock:
            _running -= 1
            resume = _running == 0 and _was_enabled
            if resume:
                gc.enable()
        if resume:
            gc.collect(0)
