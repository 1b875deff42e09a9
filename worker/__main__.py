from __future__ import annotations

from worker.runtime.cli import main

main()
