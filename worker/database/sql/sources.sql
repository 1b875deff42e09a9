-- name: upsert_source
INSERT INTO sources (name, feed_url, kind, poll_interval, enabled, profile, url_pattern, link_selector,
                     user_agent, headers, ignore_robots, per_host_rps, revisit_recent)
VALUES (%(name)s, %(feed_url)s, %(kind)s, %(poll_interval)s, %(enabled)s, %(profile)s, %(url_pattern)s,
        %(link_selector)s, %(user_agent)s, %(headers)s, %(ignore_robots)s, %(per_host_rps)s, %(revisit_recent)s)
ON CONFLICT (name) DO UPDATE SET
    feed_url = EXCLUDED.feed_url, kind = EXCLUDED.kind, poll_interval = EXCLUDED.poll_interval,
    enabled = EXCLUDED.enabled, profile = EXCLUDED.profile, url_pattern = EXCLUDED.url_pattern,
    link_selector = EXCLUDED.link_selector, user_agent = EXCLUDED.user_agent, headers = EXCLUDED.headers,
    ignore_robots = EXCLUDED.ignore_robots, per_host_rps = EXCLUDED.per_host_rps,
    revisit_recent = EXCLUDED.revisit_recent, current_interval = NULL
RETURNING id, (xmax = 0) AS inserted;

-- name: delete_source
DELETE FROM sources WHERE name = %(name)s RETURNING id;

-- name: source_names
SELECT name FROM sources ORDER BY name;

-- name: list_sources
SELECT id, name, feed_url, kind, poll_interval, enabled, next_poll_at, last_poll_at, last_success_at,
       last_error, consecutive_failures, backoff_seconds, paused_reason, paused_until, last_poll_status,
       current_interval, last_new_article_at,
       (SELECT count(*) FROM articles a WHERE a.source_id = sources.id) AS articles
FROM sources ORDER BY name;

-- name: source_by_name
SELECT * FROM sources WHERE name = %(name)s;

-- name: source_by_id
SELECT * FROM sources WHERE id = %(id)s;

-- name: claim_due_sources
-- Sources due now, each claimed by pushing next_poll_at forward so that another tick does not enqueue it
-- again while its poll is queued; SKIP LOCKED keeps two schedulers from claiming the same row.
WITH due AS (
    SELECT id FROM sources
    WHERE enabled AND next_poll_at <= now() AND (paused_until IS NULL OR paused_until <= now())
    ORDER BY next_poll_at
    LIMIT %(limit)s
    FOR UPDATE SKIP LOCKED
)
UPDATE sources s SET next_poll_at = now() + make_interval(secs => %(lease_seconds)s)
FROM due WHERE s.id = due.id
RETURNING s.id, s.name;

-- name: poll_succeeded
-- The times and the interval are decided by worker.ingest.schedule; this only stores them.
UPDATE sources SET last_poll_at = %(now)s, last_success_at = %(now)s, last_error = NULL,
       consecutive_failures = 0, backoff_seconds = 0, paused_reason = NULL, paused_until = NULL,
       etag = coalesce(%(etag)s, etag), last_modified = coalesce(%(last_modified)s, last_modified),
       last_listing_hash = coalesce(%(listing_hash)s, last_listing_hash),
       last_new_article_at = CASE WHEN %(new_urls)s > 0 THEN %(now)s ELSE last_new_article_at END,
       last_poll_status = %(status)s, current_interval = %(current_interval)s, next_poll_at = %(next_poll_at)s
WHERE id = %(id)s;

-- name: poll_failed
UPDATE sources SET last_poll_at = %(now)s, last_error = %(error)s, last_error_at = %(now)s,
       consecutive_failures = %(failures)s, backoff_seconds = %(backoff_seconds)s,
       paused_reason = %(paused_reason)s, paused_until = %(paused_until)s, last_poll_status = %(status)s,
       next_poll_at = %(next_poll_at)s
WHERE id = %(id)s
RETURNING consecutive_failures;

-- name: poll_deferred
-- Our own per-host rate limit was full: try again soon, without counting a failure.
UPDATE sources SET last_poll_status = %(status)s, next_poll_at = %(next_poll_at)s
WHERE id = %(id)s;

-- name: recent_article_urls
SELECT url FROM articles WHERE source_id = %(source_id)s ORDER BY first_seen_at DESC, id DESC LIMIT %(limit)s;

-- name: resume_source
UPDATE sources SET paused_reason = NULL, paused_until = NULL, consecutive_failures = 0, backoff_seconds = 0,
       next_poll_at = %(next_poll_at)s
WHERE name = %(name)s RETURNING id;

-- name: upsert_listing_entries
-- A listing's entries in one statement (arrays, one element per entry; URLs distinct). For each URL: whether
-- it was listed for the first time, and its entry_key before (the statement's snapshot: before the upsert).
WITH listed AS (
    SELECT * FROM unnest(%(urls)s::text[], %(guids)s::text[], %(titles)s::text[], %(entry_keys)s::text[],
                         %(published)s::timestamptz[]) AS e (url, guid, title, entry_key, published_at)
),
previous AS (
    SELECT le.url, le.entry_key FROM listing_entries le
    WHERE le.source_id = %(source_id)s AND le.url = ANY(%(urls)s::text[])
),
upserted AS (
    INSERT INTO listing_entries AS le (source_id, url, guid, title, entry_key, published_at)
    SELECT %(source_id)s, url, guid, title, entry_key, published_at FROM listed
    ON CONFLICT (source_id, url) DO UPDATE SET
        guid = EXCLUDED.guid, title = EXCLUDED.title, entry_key = EXCLUDED.entry_key,
        published_at = EXCLUDED.published_at, last_seen_at = now()
    RETURNING le.url, (xmax = 0) AS inserted
)
SELECT u.url, u.inserted, p.entry_key AS previous_key FROM upserted u LEFT JOIN previous p USING (url);

-- name: claim_source_poll
-- A poll claims its source until the lease lapses; a second poll at the same moment finds it held and does
-- nothing. The lease's end is the claim's token: the poll writes its outcome only while it still holds it.
UPDATE sources SET polling_until = now() + make_interval(secs => %(lease_seconds)s)
WHERE id = %(id)s AND (polling_until IS NULL OR polling_until < now())
RETURNING *;

-- name: release_source_poll
-- Locks the source row for the rest of the poll's transaction; no row: another poll holds the source now.
UPDATE sources SET polling_until = NULL WHERE id = %(id)s AND polling_until = %(token)s RETURNING id;

-- name: seen_urls
-- URLs fetched before, whatever came of it: stored articles, and pages kept (parsed, failed, gone...).
-- Such a URL is fetched again only when its listing entry changes or the source revisits it.
SELECT url FROM article_urls WHERE url = ANY(%(urls)s)
UNION
SELECT url FROM pages WHERE url = ANY(%(urls)s);
