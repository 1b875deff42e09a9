-- The read-only web console (worker/web, `wirefeed web`). Every statement reads; the console's connections are
-- read-only transactions besides. Story and article data come through the consumer views (schema wirefeed_v1);
-- source health and raw pages have no view, so they are read from their tables. Nothing here counts a big table:
-- lists are keyset-paginated on an indexed key, totals are the planner's estimates.

-- name: console_table_estimates
-- Rows of the big tables as the statistics know them (live rows counted by the server as it writes, or the
-- planner's estimate from the last ANALYZE, the higher): no scan.
SELECT c.relname AS name, greatest(c.reltuples, s.n_live_tup, 0)::bigint AS rows
FROM pg_class c
LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
  AND c.relname IN ('articles', 'stories', 'pages', 'article_versions');

-- name: console_articles_per_day
-- Articles first stored per source and UTC day since %(since)s: one index range (source_id, first_seen_at) per
-- source, never a scan of the table.
SELECT s.id AS source_id, d.day, d.articles
FROM sources s
CROSS JOIN LATERAL (
    SELECT (a.first_seen_at AT TIME ZONE 'UTC')::date AS day, count(*) AS articles
    FROM articles a
    WHERE a.source_id = s.id AND a.first_seen_at >= %(since)s
    GROUP BY 1
) d;

-- name: console_stories
-- The latest stories, newest first, before story id %(before)s (keyset on the primary key).
SELECT id, original_article_id, headline, agency, article_count, first_seen_at, last_seen_at
FROM wirefeed_v1.stories
WHERE id < %(before)s
ORDER BY id DESC
LIMIT %(limit)s;

-- name: console_story_members
-- The articles of the given stories (at most %(per_story)s each: original first, then in order stored).
SELECT m.*
FROM unnest(%(story_ids)s::bigint[]) AS st (id)
CROSS JOIN LATERAL (
    SELECT a.id, a.story_id, a.relation, a.version, a.site, a.url, a.headline, a.agency, a.first_seen_at,
           src.name AS source_name
    FROM wirefeed_v1.articles a
    LEFT JOIN wirefeed_v1.sources src ON src.id = a.source_id
    WHERE a.story_id = st.id
    ORDER BY a.relation <> 'original', a.id
    LIMIT %(per_story)s
) m;

-- name: console_article
SELECT a.*, src.name AS source_name, t.page_id
FROM wirefeed_v1.articles a
LEFT JOIN wirefeed_v1.sources src ON src.id = a.source_id
LEFT JOIN articles t ON t.id = a.id
WHERE a.id = %(id)s;

-- name: console_article_photos
SELECT position, url, caption, credit FROM wirefeed_v1.photos WHERE article_id = %(id)s ORDER BY position;

-- name: console_article_versions
SELECT v.version, v.headline, v.body, v.published_at, v.modified_at, v.fetched_at, t.page_id
FROM wirefeed_v1.article_versions v
JOIN article_versions t ON t.article_id = v.article_id AND t.version = v.version
WHERE v.article_id = %(id)s
ORDER BY v.version;

-- name: console_failures
-- Pages that failed to parse or fetch, newest first, before (%(before_at)s, %(before_id)s): keyset on the
-- partial index pages_failed_idx.
SELECT p.id, p.url, p.final_url, p.status, p.fetched_at, p.parse_status, p.parse_error,
       p.body_gzip IS NOT NULL AS has_body, p.body_size, s.name AS source_name
FROM pages p
LEFT JOIN sources s ON s.id = p.source_id
WHERE p.parse_status IN ('failed', 'fetch_failed')
  AND (p.fetched_at, p.id) < (%(before_at)s, %(before_id)s)
ORDER BY p.fetched_at DESC, p.id DESC
LIMIT %(limit)s;

-- name: console_failures_since
-- Failed pages since %(since)s by kind: a range of the partial index, bounded by time.
SELECT parse_status, count(*) AS pages
FROM pages
WHERE parse_status IN ('failed', 'fetch_failed') AND fetched_at >= %(since)s
GROUP BY parse_status;

-- name: console_raw_page
SELECT id, url, final_url, status, headers, body_gzip, fetched_at FROM pages WHERE id = %(id)s;
