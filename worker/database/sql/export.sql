-- name: export_articles
-- Every article with what an export item needs, oldest first; story, source and change-feed filters are optional
-- (since: only articles with a change after that change id, in their state now; ids: only those articles).
-- Reads the consumer views only (wirefeed_v1), so the read-only role can run it.
SELECT a.id, a.story_id, src.name AS source, a.url, a.canonical_url, a.headline,
       a.dateline_text, a.dateline_city, a.dateline_region, a.dateline_country, a.dateline_agency, a.dateline_date,
       a.byline, a.authors, a.body, a.language, a.agency, a.copyright,
       a.published_at, a.modified_at, a.version, a.relation, a.first_seen_at, a.updated_at,
       first.published_at AS first_published_at, latest.fetched_at AS version_fetched_at,
       s.headline AS story_headline, s.original_article_id AS story_first_article_id,
       original.canonical_url AS story_original_url,
       coalesce((SELECT json_agg(json_build_object('url', p.url, 'caption', p.caption, 'credit', p.credit)
                                 ORDER BY p.position)
                   FROM wirefeed_v1.photos p WHERE p.article_id = a.id), '[]'::json) AS photos
  FROM wirefeed_v1.articles a
  JOIN wirefeed_v1.stories s ON s.id = a.story_id
  LEFT JOIN wirefeed_v1.articles original ON original.id = s.original_article_id
  LEFT JOIN wirefeed_v1.sources src ON src.id = a.source_id
  LEFT JOIN wirefeed_v1.article_versions first ON first.article_id = a.id AND first.version = 1
  LEFT JOIN wirefeed_v1.article_versions latest ON latest.article_id = a.id AND latest.version = a.version
 WHERE (%(story_id)s::bigint IS NULL OR a.story_id = %(story_id)s::bigint)
   AND (%(ids)s::bigint[] IS NULL OR a.id = ANY(%(ids)s::bigint[]))
   AND (%(source)s::text IS NULL OR src.name = %(source)s::text)
   AND (%(since)s::bigint IS NULL
        OR EXISTS (SELECT 1 FROM wirefeed_v1.changes c WHERE c.article_id = a.id AND c.id > %(since)s::bigint))
 ORDER BY a.id;

-- name: change_versions
-- The text of the versions the given changes name: (article_id, version) pairs, as two arrays of one length.
SELECT v.article_id, v.version, v.headline, v.body, v.published_at, v.modified_at, v.fetched_at
  FROM wirefeed_v1.article_versions v
  JOIN unnest(%(article_ids)s::bigint[], %(versions)s::integer[]) AS c (article_id, version)
    ON v.article_id = c.article_id AND v.version = c.version;
