-- Retention (issue 12): what a prune removes, read a batch at a time in id order (worker/database/retention.py).
-- Each *_past_retention block returns (id, bytes) of rows past the retention after id %(after)s, %(limit)s at
-- most; its removing block takes the ids of one batch, in a transaction of its own.

-- name: page_bodies_past_retention
-- Bodies fetched longer ago than the retention, but the raw page of any article's latest version (articles.page_id):
-- superseded versions, re-fetches that found the text unchanged, copies of a text stored under another URL, pages
-- that failed to parse. Pages come in id order, which is fetch order: of one URL's pages the older go first.
SELECT p.id, octet_length(p.body_gzip) AS bytes
FROM pages p
WHERE p.id > %(after)s AND p.body_gzip IS NOT NULL
  AND p.fetched_at < now() - make_interval(secs => %(seconds)s)
  AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.page_id = p.id)
ORDER BY p.id
LIMIT %(limit)s;

-- name: lock_pages
-- Before removing bodies: a re-parse holds its page from its first read (stored_page), so a page it is making an
-- article's latest is either done (the check below sees it) or waits, and then finds the body gone.
SELECT id FROM pages WHERE id = ANY(%(ids)s::bigint[]) ORDER BY id FOR NO KEY UPDATE;

-- name: prune_page_bodies
-- The row stays (status, headers, digest, size, parse outcome); only the body goes. Checked again: the page may
-- have become an article's latest since it was selected.
UPDATE pages p SET body_gzip = NULL, body_pruned_at = now()
WHERE p.id = ANY(%(ids)s::bigint[]) AND p.body_gzip IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.page_id = p.id)
RETURNING p.id;

-- name: changes_past_retention
-- Committed longer ago than the retention, among the next %(limit)s rows: committed_at follows id order (both are
-- taken under the feed's lock), so the sweep stops at the first young rows instead of reading every kept row.
SELECT id, bytes
FROM (SELECT c.id, pg_column_size(c.*) AS bytes, c.committed_at
      FROM changes c WHERE c.id > %(after)s ORDER BY c.id LIMIT %(limit)s) next
WHERE next.committed_at < now() - make_interval(secs => %(seconds)s)
ORDER BY id;

-- name: prune_changes
-- The rows of one batch, and the horizon moved past them in the same transaction: a reader that sees the rows
-- gone sees the horizon that says so.
WITH gone AS (
    DELETE FROM changes WHERE id = ANY(%(ids)s::bigint[]) RETURNING id
), horizon AS (
    INSERT INTO changes_pruned (through_id, pruned_at)
    SELECT max(id), now() FROM gone HAVING count(*) > 0
    ON CONFLICT (singleton) DO UPDATE
        SET through_id = greatest(changes_pruned.through_id, excluded.through_id), pruned_at = excluded.pruned_at
)
SELECT id FROM gone;

-- name: changes_pruned_through
-- Every change with an id up to this one is gone (0: none pruned).
SELECT through_id FROM wirefeed_v1.changes_pruned;
