-- Near-duplicate detection (issue 5): band keys, paragraph sightings, story merges.
-- Tables are defined in schema.sql, section "Near-duplicate detection".

-- name: dedup_lock_keys
SELECT dedup_lock_keys(%(keys)s::bigint[]);

-- name: dedup_boilerplate
SELECT paragraph_key FROM paragraph_sightings
WHERE paragraph_key = ANY(%(keys)s::bigint[])
GROUP BY paragraph_key
HAVING count(*) >= %(min_stories)s;

-- name: dedup_candidates
-- The newest articles sharing a key, each with its fingerprint and story, looked up by id (LATERAL ... LIMIT 1: the
-- plan cannot turn into a hash join over whole tables, whatever the statistics say; see labels_site_lines).
SELECT c.article_id, m.story_id, m.signature, m.shingle_count
FROM (
    SELECT DISTINCT article_id FROM dedup_keys WHERE key = ANY(%(keys)s::bigint[])
    ORDER BY article_id DESC LIMIT %(limit)s
) AS c
CROSS JOIN LATERAL (
    SELECT a.story_id, f.signature, f.shingle_count
    FROM article_fingerprints f JOIN articles a ON a.id = f.article_id
    WHERE f.article_id = c.article_id
    LIMIT 1
) AS m;

-- name: dedup_hold_story
-- Joining one story: it must still exist at commit (a concurrent merge waits for us), and joiners take turns
-- (each relabels the whole story, seeing the members stored by the one before).
-- The ids through a subquery: the generic plan is kept, not planned again on every store (see labels_members).
SELECT id FROM stories WHERE id = ANY(ARRAY(SELECT unnest(%(ids)s::bigint[]))) FOR NO KEY UPDATE;

-- name: dedup_claim_stories
-- Merging stories: taken in id order, after every transaction that is adding an article to them.
SELECT id FROM stories WHERE id = ANY(%(ids)s::bigint[]) ORDER BY id FOR UPDATE;

-- name: dedup_save_fingerprint
INSERT INTO article_fingerprints (article_id, signature, shingle_count)
VALUES (%(article_id)s, %(signature)s, %(shingle_count)s)
ON CONFLICT (article_id) DO UPDATE
SET signature = excluded.signature, shingle_count = excluded.shingle_count, indexed_at = now();

-- name: dedup_save_new_keys
-- A new article's keys: no row can carry its id yet (ids are never reused), so a plain insert. ON CONFLICT would
-- make each of its ~100 rows a speculative insertion: one more index probe and WAL record each (issue 14).
INSERT INTO dedup_keys (key, article_id)
SELECT DISTINCT key, %(article_id)s::bigint FROM unnest(%(keys)s::bigint[]) AS key;

-- name: dedup_save_keys
-- A new version's keys: those of its earlier versions stay.
INSERT INTO dedup_keys (key, article_id)
SELECT key, %(article_id)s FROM unnest(%(keys)s::bigint[]) AS key
ON CONFLICT DO NOTHING;

-- name: dedup_save_new_sightings
-- Sightings of a story created in this transaction: none is stored yet, so a plain insert (see dedup_save_new_keys).
INSERT INTO paragraph_sightings (paragraph_key, story_id)
SELECT DISTINCT key, %(story_id)s::bigint FROM unnest(%(keys)s::bigint[]) AS key;

-- name: dedup_save_sightings
INSERT INTO paragraph_sightings (paragraph_key, story_id)
SELECT key, %(story_id)s FROM unnest(%(keys)s::bigint[]) AS key
ON CONFLICT (paragraph_key, story_id) DO UPDATE SET seen_at = excluded.seen_at
WHERE paragraph_sightings.seen_at < excluded.seen_at - interval '1 hour';

-- name: dedup_merge_articles
-- Articles of the merged stories join the surviving (oldest) story; their originals become copies. The store
-- moves and relabels them first (labels_apply): this catches only a merge made without it.
UPDATE articles
SET story_id = %(story_id)s, relation = CASE WHEN relation = 'original' THEN 'copy' ELSE relation END
WHERE story_id = ANY(%(merged)s::bigint[]);

-- name: dedup_merge_sightings
WITH moved AS (
    DELETE FROM paragraph_sightings WHERE story_id = ANY(%(merged)s::bigint[])
    RETURNING paragraph_key, seen_at
)
INSERT INTO paragraph_sightings (paragraph_key, story_id, seen_at)
SELECT paragraph_key, %(story_id)s, max(seen_at) FROM moved GROUP BY paragraph_key
ON CONFLICT (paragraph_key, story_id) DO UPDATE
SET seen_at = greatest(paragraph_sightings.seen_at, excluded.seen_at);

-- name: dedup_merge_story
-- The surviving story keeps its first-seen article and absorbs the time span of the merged ones.
UPDATE stories s
SET first_seen_at = least(s.first_seen_at, m.first_seen_at),
    last_seen_at = greatest(s.last_seen_at, m.last_seen_at)
FROM (SELECT min(first_seen_at) AS first_seen_at, max(last_seen_at) AS last_seen_at
      FROM stories WHERE id = ANY(%(merged)s::bigint[])) m
WHERE s.id = %(story_id)s;

-- name: dedup_delete_stories
DELETE FROM stories WHERE id = ANY(%(merged)s::bigint[]);

-- name: dedup_prune
-- Keys and sightings older than the window: old stories no longer take new copies.
WITH keys AS (
    DELETE FROM dedup_keys WHERE indexed_at < now() - %(window)s::interval RETURNING 1
), sightings AS (
    DELETE FROM paragraph_sightings WHERE seen_at < now() - %(window)s::interval RETURNING 1
)
SELECT (SELECT count(*) FROM keys) AS keys, (SELECT count(*) FROM sightings) AS sightings;
