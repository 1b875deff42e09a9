-- Change feed (issue 12): table `changes`, written by schema.sql's triggers at commit, ids in commit order.

-- name: changes_since
SELECT c.id, c.kind, c.article_id, c.story_id, c.previous_story_id, c.version, c.relation, c.previous_relation,
       c.source_id, s.name AS source, c.url, c.headline, c.committed_at
FROM changes c LEFT JOIN sources s ON s.id = c.source_id
WHERE c.id > %(last)s
ORDER BY c.id
LIMIT %(limit)s;

-- name: changes_listen
LISTEN wirefeed_articles;
