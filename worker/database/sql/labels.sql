-- Story labels (issue 12): original, copy, update recomputed for a whole story in the storing transaction.

-- name: labels_members
-- Each story's members through its index. The ids come through a subquery, hidden from the planner as they are in
-- the generic plan: with the array's length in sight a custom plan always looks cheaper, and the statement was
-- planned again on every store (0.1 ms); with it out of sight, the generic plan is kept once the statement is
-- prepared. The LATERAL probe (not pulled up: OFFSET 0) keeps that plan on the index whatever the statistics say.
SELECT a.id, a.story_id, a.relation, a.body, a.canonical_url, a.published_at, a.agency, a.fine_print
FROM unnest((SELECT %(stories)s::bigint[])) AS s(id)
CROSS JOIN LATERAL (SELECT * FROM articles WHERE story_id = s.id OFFSET 0) AS a
ORDER BY a.id;

-- name: labels_timestamp
SELECT %(published_at)s::timestamptz AS published_at;

-- name: labels_hold_story
-- The story of an article getting a new version, held against concurrent relabelling (and merges) until commit.
SELECT s.id FROM stories s JOIN articles a ON a.story_id = s.id WHERE a.id = %(article_id)s
FOR NO KEY UPDATE OF s;

-- name: labels_site_lines
-- (site, paragraph key) pairs that the site printed in another story too: its own footer or pitch. Written so that
-- its plan holds whatever the statistics say (a fresh or never analysed database, a generic plan cached while the
-- tables were empty): each pair probes dedup_keys by its key (the ORDER BY is the primary key's, so no plan but the
-- index gives it cheaply) and each article found by its id, stopping at the first that matches. A join planned on
-- empty tables read the whole of dedup_keys and articles on every store instead (BENCHMARKS.md, issue 14). The
-- arrays come through subqueries so that the generic plan is kept (see labels_members).
SELECT t.site, t.key
FROM unnest((SELECT %(sites)s::text[]), (SELECT %(keys)s::bigint[])) AS t(site, key)
CROSS JOIN LATERAL (
    SELECT FROM dedup_keys k
    WHERE k.key = t.key
      AND (SELECT a.story_id <> ALL(%(stories)s::bigint[])
                  AND lower(substring(a.canonical_url FROM '^[A-Za-z][A-Za-z0-9+.-]*://([^/:?#]+)')) = t.site
           FROM articles a WHERE a.id = k.article_id)
    ORDER BY k.key, k.article_id
    LIMIT 1
) AS printed;

-- name: labels_apply
-- One statement per story: each article moved (merged stories) and relabelled at once, so one change row each.
UPDATE articles a SET story_id = %(story_id)s, relation = l.relation
FROM unnest(%(ids)s::bigint[], %(relations)s::text[]) AS l(id, relation)
WHERE a.id = l.id AND (a.story_id <> %(story_id)s OR a.relation <> l.relation);

-- name: labels_story_original
-- The story's original moved: its headline and agency are the new original's, as first stored.
UPDATE stories s SET first_article_id = a.id, headline = v.headline, agency = a.agency
FROM articles a JOIN article_versions v ON v.article_id = a.id AND v.version = 1
WHERE s.id = %(story_id)s AND a.id = %(article_id)s AND s.first_article_id IS DISTINCT FROM a.id;
