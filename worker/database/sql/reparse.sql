-- name: pages_to_reparse
-- The latest stored response of each URL (with a body), optionally of one source and since a time.
SELECT DISTINCT ON (p.url) p.id
FROM pages p LEFT JOIN sources s ON s.id = p.source_id
WHERE p.body_gzip IS NOT NULL AND p.status = 200
  AND (%(source)s::text IS NULL OR s.name = %(source)s::text)
  AND (%(since)s::timestamptz IS NULL OR p.fetched_at >= %(since)s::timestamptz)
ORDER BY p.url, p.fetched_at DESC, p.id DESC;

-- name: stored_page
-- With the site profile its source names (NULL: chosen by the page's host). Held until the re-parse commits: a
-- prune of old bodies (retention.sql lock_pages) waits, then sees whether the page became an article's latest.
SELECT p.id, p.source_id, p.url, p.final_url, p.body_gzip, p.fetched_at, p.parse_status, s.profile
FROM pages p LEFT JOIN sources s ON s.id = p.source_id
WHERE p.id = %(id)s
FOR NO KEY UPDATE OF p;

-- name: refresh_article_fields
-- Fields that a parser improvement may change without changing the text: updated in place, no new version.
UPDATE articles SET byline = %(byline)s, authors = %(authors)s, language = %(language)s, agency = %(agency)s,
       copyright = %(copyright)s, published_at = %(published_at)s, modified_at = %(modified_at)s,
       dateline_text = %(dateline_text)s, dateline_city = %(dateline_city)s,
       dateline_region = %(dateline_region)s, dateline_country = %(dateline_country)s,
       dateline_agency = %(dateline_agency)s, dateline_date = %(dateline_date)s, updated_at = now()
WHERE id = %(article_id)s
  AND (byline, authors, language, agency, copyright, published_at, modified_at, dateline_text, dateline_city,
       dateline_region, dateline_country, dateline_agency, dateline_date)
      IS DISTINCT FROM
      (%(byline)s::text, %(authors)s::text[], %(language)s::text, %(agency)s::text, %(copyright)s::text,
       %(published_at)s::timestamptz, %(modified_at)s::timestamptz, %(dateline_text)s::text,
       %(dateline_city)s::text, %(dateline_region)s::text, %(dateline_country)s::text,
       %(dateline_agency)s::text, %(dateline_date)s::text)
RETURNING id;

-- name: article_photos
SELECT url, caption, credit FROM photos WHERE article_id = %(article_id)s ORDER BY position;
