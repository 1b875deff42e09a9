-- name: insert_listing_fetch
INSERT INTO listing_fetches (source_id, parent_id, url, final_url, fetched_at, status, headers, body_gzip,
                             body_sha256, body_size, entry_count, error)
VALUES (%(source_id)s, %(parent_id)s, %(url)s, %(final_url)s, coalesce(%(fetched_at)s, now()), %(status)s,
        %(headers)s, %(body_gzip)s, %(body_sha256)s, %(body_size)s, %(entry_count)s, %(error)s)
RETURNING id;

-- name: listing_validators
-- The last body of each listing URL of the source that a poll read: its validators make the next request
-- for that URL conditional, and a 200 with the same digest is unchanged.
SELECT DISTINCT ON (url) url, headers ->> 'etag' AS etag, headers ->> 'last-modified' AS last_modified, body_sha256
FROM listing_fetches
WHERE source_id = %(source_id)s AND body_gzip IS NOT NULL AND error IS NULL
ORDER BY url, fetched_at DESC, id DESC;

-- name: listing_fetches_past_retention
-- Older than the retention, except the last body read of each (source, URL), listing or child sitemap: that
-- one is the listing as it stands; for a child sitemap it holds the validators of the next conditional request.
-- (id, bytes) after id %(after)s, %(limit)s at most (worker/database/retention.py).
SELECT old.id, coalesce(octet_length(old.body_gzip), 0) AS bytes
FROM listing_fetches old
WHERE old.id > %(after)s AND old.fetched_at < now() - make_interval(secs => %(seconds)s)
  AND (old.source_id IS NULL OR old.body_gzip IS NULL OR old.error IS NOT NULL OR EXISTS (
       SELECT 1 FROM listing_fetches newer
       WHERE newer.source_id = old.source_id AND newer.url = old.url
         AND newer.body_gzip IS NOT NULL AND newer.error IS NULL
         AND (newer.fetched_at, newer.id) > (old.fetched_at, old.id)))
ORDER BY old.id
LIMIT %(limit)s;

-- name: prune_listing_fetches
-- No check again: a fetch past the retention stays so (time only passes, and the newest body of a URL never goes).
DELETE FROM listing_fetches WHERE id = ANY(%(ids)s::bigint[]) RETURNING id;
