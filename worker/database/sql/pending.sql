-- name: add_pending_fetches
-- One open row per URL: a URL already pending (queued by another poll or source) is not queued twice.
INSERT INTO pending_fetches (source_id, url, reason, entry_key, enqueued_at)
SELECT %(source_id)s, w.url, w.reason, w.entry_key, now()
FROM unnest(%(urls)s::text[], %(reasons)s::text[], %(entry_keys)s::text[]) AS w (url, reason, entry_key)
ON CONFLICT (url) WHERE closed_at IS NULL DO NOTHING
RETURNING id, url;

-- name: commit_without_flush
-- This transaction's COMMIT returns before its WAL reaches the disk (worker.database.commit_without_flush).
SET LOCAL synchronous_commit = off;

-- name: claim_pending_fetch
-- Open, due and held by nobody (or by the try before this one of the same task: its retry after a fault): the
-- caller holds it for the lease. A closed, held or not yet due row (a redelivered or duplicated task: the same
-- try again) is not claimed.
UPDATE pending_fetches SET claimed_until = now() + make_interval(secs => %(lease_seconds)s),
       claimed_by = %(holder)s
WHERE id = %(id)s AND closed_at IS NULL AND next_attempt_at <= now()
  AND (claimed_until IS NULL OR claimed_until < now() OR claimed_by = %(previous)s)
RETURNING id, source_id, url, attempts, first_seen_at;

-- name: pending_fetch_page_headers
-- The validators of the pending URL's last page that was handled: a page kept before its article was stored (the
-- worker killed, the database restarted in between) must not turn the next fetch into a 304 that stores nothing.
-- Sent with the claim, before its answer, so that both share one round trip.
SELECT headers FROM pages
WHERE url = (SELECT url FROM pending_fetches WHERE id = %(id)s) AND status = 200 AND parse_status <> 'pending'
ORDER BY fetched_at DESC LIMIT 1;

-- name: pending_fetch_source
-- The pending row's source (sent with the claim, as above).
SELECT s.* FROM sources s JOIN pending_fetches p ON p.source_id = s.id WHERE p.id = %(id)s;

-- name: close_pending_fetch
UPDATE pending_fetches SET closed_at = now(), outcome = %(outcome)s, claimed_until = NULL, claimed_by = NULL,
       last_error = coalesce(%(error)s, last_error)
WHERE id = %(id)s AND closed_at IS NULL;

-- name: reschedule_pending_fetch
-- A failed or deferred try: not before next_attempt_at, handed to the broker again by the tick then.
UPDATE pending_fetches SET attempts = attempts + %(counted)s, last_error = coalesce(%(error)s, last_error),
       next_attempt_at = now() + make_interval(secs => %(delay_seconds)s), claimed_until = NULL, claimed_by = NULL,
       enqueued_at = NULL
WHERE id = %(id)s AND closed_at IS NULL;

-- name: release_pending_fetch
-- The task comes back by itself (a short countdown): unheld, and enqueued now so the tick leaves it alone.
UPDATE pending_fetches SET claimed_until = NULL, claimed_by = NULL, enqueued_at = now()
WHERE id = %(id)s AND closed_at IS NULL;

-- name: requeue_pending_fetches
-- Open rows due and held by nobody whose task is not in the broker: never handed (or waiting for its retry),
-- or handed longer ago than the lease (the broker lost it, or a killed worker held it). Oldest due first.
WITH due AS (
    SELECT id FROM pending_fetches
    WHERE closed_at IS NULL AND next_attempt_at <= now()
      AND (claimed_until IS NULL OR claimed_until < now())
      AND (enqueued_at IS NULL OR enqueued_at < now() - make_interval(secs => %(lease_seconds)s))
    ORDER BY next_attempt_at
    LIMIT %(limit)s
    FOR UPDATE SKIP LOCKED
)
UPDATE pending_fetches p SET enqueued_at = now()
FROM due WHERE p.id = due.id
RETURNING p.id;

-- name: pending_fetches_past_retention
-- Closed longer ago than the retention: (id, bytes) after id %(after)s, %(limit)s at most.
SELECT id, 0 AS bytes
FROM pending_fetches
WHERE id > %(after)s AND closed_at < now() - make_interval(secs => %(seconds)s)
ORDER BY id
LIMIT %(limit)s;

-- name: prune_pending_fetches
DELETE FROM pending_fetches WHERE id = ANY(%(ids)s::bigint[]) RETURNING id;

-- name: fetch_backlog
-- The backlog: open rows by source, with the oldest first-seen time and how many failed at least once.
SELECT s.name AS source, count(*) AS open, count(*) FILTER (WHERE p.attempts > 0) AS failing,
       count(*) FILTER (WHERE p.next_attempt_at <= now()) AS due, min(p.first_seen_at) AS oldest
FROM pending_fetches p JOIN sources s ON s.id = p.source_id
WHERE p.closed_at IS NULL
GROUP BY s.name
ORDER BY min(p.first_seen_at);
