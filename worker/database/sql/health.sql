-- What `wirefeed status` and `sources list/show` read. Every statement stays cheap on a database of millions of
-- articles: index range scans bounded in time or in rows, catalogue sizes, never a count over a whole big table.

-- name: record_heartbeat
INSERT INTO heartbeats (name, beat_at, every_seconds, host)
VALUES (%(name)s, now(), %(every_seconds)s, %(host)s)
ON CONFLICT (name) DO UPDATE SET beat_at = EXCLUDED.beat_at, every_seconds = EXCLUDED.every_seconds,
                                 host = EXCLUDED.host;

-- name: heartbeat
SELECT name, beat_at, every_seconds, host, now() AS now FROM heartbeats WHERE name = %(name)s;

-- name: source_health
-- Every source (or the one named) with its polling state and its arrival history: its latest `history` articles
-- by first_seen_at (the index articles_source_idx), the median gap between arrivals at least `burst` seconds
-- apart (articles stored by one poll arrive together: a burst is one arrival), how many such gaps, and the
-- articles stored in the last day.
SELECT s.id, s.name, s.feed_url, s.kind, s.enabled, s.poll_interval, s.current_interval, s.next_poll_at,
       s.last_poll_at, s.last_poll_status, s.last_success_at, s.last_error, s.last_error_at,
       s.consecutive_failures, s.backoff_seconds, s.paused_reason, s.paused_until, s.last_new_article_at,
       s.created_at, h.last_article_at, h.usual_gap_seconds, coalesce(h.gaps, 0) AS gaps,
       (SELECT count(*) FROM articles a WHERE a.source_id = s.id AND a.first_seen_at > now() - interval '1 day')
           AS articles_last_day,
       now() AS now
FROM sources s
LEFT JOIN LATERAL (
    SELECT max(arrived) AS last_article_at,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY gap) FILTER (WHERE gap >= %(burst)s) AS usual_gap_seconds,
           count(*) FILTER (WHERE gap >= %(burst)s) AS gaps
    FROM (
        SELECT first_seen_at AS arrived,
               extract(epoch FROM lag(first_seen_at) OVER (ORDER BY first_seen_at DESC) - first_seen_at) AS gap
        FROM (
            SELECT a.first_seen_at FROM articles a WHERE a.source_id = s.id
            ORDER BY a.first_seen_at DESC LIMIT %(history)s
        ) latest
    ) arrivals
) h ON true
WHERE %(name)s::text IS NULL OR s.name = %(name)s
ORDER BY s.name;

-- name: source_article_count
SELECT count(*) AS n FROM articles WHERE source_id = %(id)s;

-- name: ingest_rate
-- New articles and new versions committed in the last hour and the last day (changes, BRIN on committed_at),
-- and when the latest new article was committed (the newest change ids first).
SELECT count(*) FILTER (WHERE kind = 'new' AND committed_at > now() - interval '1 hour') AS new_last_hour,
       count(*) FILTER (WHERE kind = 'new') AS new_last_day,
       count(*) FILTER (WHERE kind = 'version' AND committed_at > now() - interval '1 hour') AS versions_last_hour,
       count(*) FILTER (WHERE kind = 'version') AS versions_last_day,
       (SELECT c.committed_at FROM changes c WHERE c.kind = 'new' ORDER BY c.id DESC LIMIT 1) AS last_new_at
FROM changes
WHERE committed_at > now() - interval '1 day';

-- name: recent_failures
-- Pages that failed to fetch or to parse in the last `seconds` (at most the latest `limit`: the partial index
-- pages_failed_idx), by status and kind: the kind the error starts with (`server_error: ...`), and for a parse
-- failure its reason up to the first detail (`ParseError: not an HTML document`).
SELECT parse_status AS status, kind, count(*) AS count, max(fetched_at) AS last_at,
       (array_agg(parse_error ORDER BY fetched_at DESC))[1] AS latest_error
FROM (
    SELECT parse_status, parse_error, fetched_at,
           rtrim(CASE WHEN parse_status = 'failed' THEN substring(parse_error FROM '^[^:]*(?::[^:(]*)?')
                      ELSE split_part(parse_error, ':', 1) END) AS kind
    FROM pages
    WHERE parse_status IN ('failed', 'fetch_failed') AND fetched_at > now() - make_interval(secs => %(seconds)s)
    ORDER BY fetched_at DESC
    LIMIT %(limit)s
) recent
GROUP BY parse_status, kind
ORDER BY count(*) DESC, kind;

-- name: backlog_summary
-- The open pending fetches (the partial indexes on open rows): how many, how many due, and since when the
-- oldest due one waits.
SELECT count(*) AS open, count(*) FILTER (WHERE next_attempt_at <= now()) AS due,
       count(*) FILTER (WHERE attempts > 0) AS failing,
       min(next_attempt_at) FILTER (WHERE next_attempt_at <= now()) AS oldest_due_at,
       min(first_seen_at) AS oldest_seen_at
FROM pending_fetches WHERE closed_at IS NULL;

-- name: database_size
-- The database on disk, and its largest tables (indexes and TOAST included) with their estimated rows (the
-- planner's statistics; NULL before the table was first analysed).
SELECT pg_database_size(current_database()) AS bytes,
       (SELECT json_agg(t ORDER BY t.bytes DESC) FROM (
            SELECT c.relname AS name, pg_total_relation_size(c.oid) AS bytes,
                   CASE WHEN c.reltuples >= 0 THEN c.reltuples::bigint END AS estimated_rows
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'r' AND n.nspname = current_schema()
            ORDER BY pg_total_relation_size(c.oid) DESC LIMIT 5
        ) t) AS largest_tables;

-- name: stats_exact
-- What `wirefeed stats` counts exactly because it is cheap: the small table of sources, the failed pages (the
-- partial index pages_failed_idx holds only them), and the latest article (one index probe a source on
-- articles_source_idx, not a scan of articles).
SELECT (SELECT count(*) FROM sources) AS sources,
       (SELECT count(*) FROM sources WHERE paused_reason IS NOT NULL) AS paused_sources,
       (SELECT count(*) FROM pages WHERE parse_status = 'failed') AS parse_failures,
       (SELECT count(*) FROM pages WHERE parse_status = 'fetch_failed') AS fetch_failures,
       (SELECT max(latest.first_seen_at) FROM sources s
        CROSS JOIN LATERAL (SELECT a.first_seen_at FROM articles a WHERE a.source_id = s.id
                            ORDER BY a.first_seen_at DESC LIMIT 1) latest) AS last_article_at;

-- name: row_estimates
-- Rows of the named tables as the server's statistics know them, no scan: the live rows counted as it writes
-- (pg_stat_user_tables.n_live_tup) or the planner's estimate from the last ANALYZE (pg_class.reltuples), the
-- higher; and for listing_fetches the share of rows without a body (pg_stats.null_frac, NULL before ANALYZE).
SELECT c.relname AS name, greatest(c.reltuples, t.n_live_tup, 0)::bigint AS estimate,
       (SELECT st.null_frac FROM pg_stats st
        WHERE st.schemaname = 'public' AND st.tablename = c.relname AND st.attname = 'body_gzip') AS no_body_share
FROM pg_class c
LEFT JOIN pg_stat_user_tables t ON t.relid = c.oid
WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND c.relname = ANY(%(tables)s);

-- name: listing_bodies_exact
SELECT count(*) FILTER (WHERE body_gzip IS NOT NULL) AS listing_bodies,
       count(*) FILTER (WHERE body_gzip IS NULL) AS listing_failures
FROM listing_fetches;
