-- name: insert_page
INSERT INTO pages (source_id, url, final_url, status, headers, body_gzip, body_sha256, body_size, fetched_at,
                   parse_status, parse_error)
VALUES (%(source_id)s, %(url)s, %(final_url)s, %(status)s, %(headers)s, %(body_gzip)s, %(body_sha256)s,
        %(body_size)s, coalesce(%(fetched_at)s, now()), %(parse_status)s, %(parse_error)s)
RETURNING id;

-- name: mark_page
UPDATE pages SET parse_status = %(parse_status)s, parse_error = %(parse_error)s, article_id = %(article_id)s
WHERE id = %(page_id)s;

-- name: lock_keys
-- Transaction-scoped advisory locks on the text keys, in ascending order of their hashes (dedup_lock_keys).
SELECT dedup_lock_keys(ARRAY(SELECT hashtextextended(k, 0) FROM unnest(%(keys)s::text[]) AS k));

-- name: article_by_canonical_url
-- No row lock: the stores of one URL take turns on its advisory lock, and a new version locks its story's row
-- before its own (labels_hold_story), in the order of the stores that relabel or merge that story.
SELECT id, story_id, version, headline, content_hash, canonical_url FROM articles WHERE canonical_url = %(canonical_url)s;

-- name: article_by_content_hash
SELECT id, story_id, version FROM articles WHERE content_hash = %(content_hash)s;

-- name: insert_story
INSERT INTO stories (headline, agency, first_seen_at, last_seen_at)
VALUES (%(headline)s, %(agency)s, %(seen_at)s, %(seen_at)s)
RETURNING id;

-- name: touch_story
UPDATE stories SET last_seen_at = greatest(last_seen_at, %(seen_at)s),
       article_count = (SELECT count(*) FROM articles WHERE story_id = %(story_id)s),
       first_article_id = coalesce(first_article_id, %(article_id)s)
WHERE id = %(story_id)s;

-- name: insert_article
INSERT INTO articles (story_id, source_id, url, canonical_url, headline, dateline_text, dateline_city,
                      dateline_region, dateline_country, dateline_agency, dateline_date, byline, authors, body,
                      language, agency, copyright, published_at, modified_at, relation, content_hash,
                      first_seen_at, last_fetched_at, updated_at, page_id, fine_print)
VALUES (%(story_id)s, %(source_id)s, %(url)s, %(canonical_url)s, %(headline)s, %(dateline_text)s,
        %(dateline_city)s, %(dateline_region)s, %(dateline_country)s, %(dateline_agency)s, %(dateline_date)s,
        %(byline)s, %(authors)s, %(body)s, %(language)s, %(agency)s, %(copyright)s, %(published_at)s,
        %(modified_at)s, %(relation)s, %(content_hash)s, %(fetched_at)s, %(fetched_at)s, %(fetched_at)s,
        %(page_id)s, %(fine_print)s)
RETURNING id;

-- name: update_article_version
UPDATE articles SET headline = %(headline)s, dateline_text = %(dateline_text)s, dateline_city = %(dateline_city)s,
       dateline_region = %(dateline_region)s, dateline_country = %(dateline_country)s,
       dateline_agency = %(dateline_agency)s, dateline_date = %(dateline_date)s, byline = %(byline)s,
       authors = %(authors)s, body = %(body)s, language = %(language)s, agency = %(agency)s,
       copyright = %(copyright)s, published_at = %(published_at)s, modified_at = %(modified_at)s,
       content_hash = %(content_hash)s, version = version + 1, last_fetched_at = %(fetched_at)s,
       updated_at = %(fetched_at)s, page_id = %(page_id)s, relation = %(relation)s, fine_print = %(fine_print)s
WHERE id = %(article_id)s
RETURNING version;

-- name: touch_article
UPDATE articles SET last_fetched_at = greatest(last_fetched_at, %(fetched_at)s) WHERE id = %(article_id)s;

-- name: insert_article_version
INSERT INTO article_versions (article_id, version, headline, body, content_hash, published_at, modified_at,
                              fetched_at, page_id)
VALUES (%(article_id)s, %(version)s, %(headline)s, %(body)s, %(content_hash)s, %(published_at)s,
        %(modified_at)s, %(fetched_at)s, %(page_id)s)
ON CONFLICT DO NOTHING;

-- name: delete_photos
DELETE FROM photos WHERE article_id = %(article_id)s;

-- name: insert_photos
-- Every photo of the article in one statement, positions from 0 in the arrays' order.
INSERT INTO photos (article_id, position, url, caption, credit)
SELECT %(article_id)s, p.n - 1, p.url, p.caption, p.credit
FROM unnest(%(urls)s::text[], %(captions)s::text[], %(credits)s::text[]) WITH ORDINALITY AS p (url, caption, credit, n);

-- name: insert_article_urls
INSERT INTO article_urls (url, article_id, source_id)
SELECT u, %(article_id)s, %(source_id)s FROM unnest(%(urls)s::text[]) AS u
ON CONFLICT (url) DO NOTHING;

-- name: latest_articles
-- The latest stored articles: those the pages fetched since `since` led to, or all when `since` is NULL.
SELECT a.id, a.story_id, a.headline, a.dateline_text, a.byline, a.authors, a.published_at, a.version,
       a.relation, a.url, s.name AS source,
       (SELECT count(*) FROM photos p WHERE p.article_id = a.id) AS photo_count,
       (SELECT string_agg(coalesce(p.credit, ''), '; ' ORDER BY p.position) FROM photos p
         WHERE p.article_id = a.id) AS photo_credits
FROM articles a LEFT JOIN sources s ON s.id = a.source_id
WHERE %(since)s::timestamptz IS NULL
   OR a.id IN (SELECT article_id FROM pages WHERE fetched_at >= %(since)s)
ORDER BY a.first_seen_at DESC, a.id DESC
LIMIT %(limit)s;

-- name: articles_listed
-- `wirefeed articles`: the latest articles, newest first, optionally of one source (by name), one story, or first
-- seen since a time. Each filter is an indexed range (articles_source_idx, the story's members, first_seen_at).
SELECT a.id, a.story_id, a.headline, a.dateline_text, a.byline, a.authors, a.published_at, a.first_seen_at,
       a.version, a.relation, a.url, a.agency, a.language, s.name AS source,
       (SELECT count(*) FROM photos p WHERE p.article_id = a.id) AS photo_count,
       (SELECT string_agg(coalesce(p.credit, ''), '; ' ORDER BY p.position) FROM photos p
         WHERE p.article_id = a.id) AS photo_credits
FROM articles a LEFT JOIN sources s ON s.id = a.source_id
WHERE (%(source)s::text IS NULL OR s.name = %(source)s)
  AND (%(story_id)s::bigint IS NULL OR a.story_id = %(story_id)s)
  AND (%(since)s::timestamptz IS NULL OR a.first_seen_at >= %(since)s)
ORDER BY a.first_seen_at DESC, a.id DESC
LIMIT %(limit)s;

-- name: stats
SELECT (SELECT count(*) FROM sources) AS sources,
       (SELECT count(*) FROM sources WHERE paused_reason IS NOT NULL) AS paused_sources,
       (SELECT count(*) FROM stories) AS stories,
       (SELECT count(*) FROM articles) AS articles,
       (SELECT count(*) FROM article_versions) AS versions,
       (SELECT count(*) FROM photos) AS photos,
       (SELECT count(*) FROM pages) AS pages,
       (SELECT count(*) FROM pages WHERE parse_status = 'failed') AS parse_failures,
       (SELECT count(*) FROM pages WHERE parse_status = 'fetch_failed') AS fetch_failures,
       (SELECT count(*) FROM listing_fetches WHERE body_gzip IS NOT NULL) AS listing_bodies,
       (SELECT count(*) FROM listing_fetches WHERE body_gzip IS NULL) AS listing_failures,
       (SELECT max(first_seen_at) FROM articles) AS last_article_at;

