"""Run a poll and every fetch it queues in this process, without Celery (``wirefeed poll NAME --inline``).

A fetch that fails and may succeed later stays pending with its error (a worker tries it again when it is due).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from worker.ingest.fetch import FetchSummary, fetch_pending
from worker.ingest.poll import PollSummary, poll_source
from worker.runtime.settings import Settings


@dataclass
class InlineSummary:
    poll: PollSummary
    fetches: list[FetchSummary] = field(default_factory=list)

    def render(self) -> str:
        counts = Counter(f.outcome for f in self.fetches)
        lines = [
            f"{self.poll.source}: poll {self.poll.status}, {self.poll.entries} listing entries, "
            f"{len(self.poll.enqueued)} fetched"
        ]
        if self.poll.error:
            lines.append(f"  error: {self.poll.error}")
        lines += [f"  {outcome}: {n}" for outcome, n in sorted(counts.items())]
        lines += [f"  ! {f.url}: {f.error}" for f in self.fetches if f.error]
        return "\n".join(lines)


def poll_inline(source_id: int, settings: Settings) -> InlineSummary:
    queued: list[int] = []
    summary = InlineSummary(poll=poll_source(source_id, settings, queued.append))
    summary.fetches = [fetch_pending(pending_id, settings) for pending_id in queued]
    return summary
