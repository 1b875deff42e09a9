-- Near-duplicate detection (issue 5) -----------------------------------------------------------------
-- Copies and updates of one story on other URLs join its stories row. Each article's own text (its
-- paragraphs minus boilerplate) gets a 128-permutation MinHash signature over word 5-shingles; the
-- signature's LSH band keys and the keys of its paragraphs are indexed in dedup_keys, and a new
-- article's keys find the candidates it is then verified against. Written only by the worker.

CREATE TABLE IF NOT EXISTS article_fingerprints (
    article_id     bigint PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    signature      bytea NOT NULL,
    shingle_count  integer NOT NULL,
    indexed_at     timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE article_fingerprints IS 'MinHash signature of the latest version of each article''s own text (boilerplate paragraphs removed).';
COMMENT ON COLUMN article_fingerprints.article_id IS 'The article.';
COMMENT ON COLUMN article_fingerprints.signature IS '128 minima, unsigned 32-bit little-endian, one per hash permutation of the word 5-shingles.';
COMMENT ON COLUMN article_fingerprints.shingle_count IS 'Number of distinct word 5-shingles of the own text; below 40 the article is never fuzzy-matched.';
COMMENT ON COLUMN article_fingerprints.indexed_at IS 'When the signature was last computed.';

CREATE TABLE IF NOT EXISTS dedup_keys (
    key         bigint NOT NULL,
    article_id  bigint NOT NULL,
    indexed_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (key, article_id)
);
CREATE INDEX IF NOT EXISTS dedup_keys_indexed_at_idx ON dedup_keys USING brin (indexed_at);
COMMENT ON TABLE dedup_keys IS 'Lookup keys of recent articles: LSH band keys of their signature and keys of their own paragraphs. Rows older than the dedup window are pruned; internal to the worker.';
COMMENT ON COLUMN dedup_keys.key IS 'A band key (42 bands of 3 signature rows) or a normalised paragraph key, signed 64-bit.';
COMMENT ON COLUMN dedup_keys.article_id IS 'Article carrying the key (articles.id; no foreign key: pruned by age instead).';
COMMENT ON COLUMN dedup_keys.indexed_at IS 'When the key was stored; rows older than the dedup window are deleted.';

CREATE TABLE IF NOT EXISTS paragraph_sightings (
    paragraph_key  bigint NOT NULL,
    story_id       bigint NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    seen_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (paragraph_key, story_id)
);
COMMENT ON TABLE paragraph_sightings IS 'Which stories printed each normalised paragraph. A paragraph printed by 3 or more distinct stories is boilerplate (site footer, newsletter pitch, stock background) and is left out of fingerprints. Internal to the worker.';
COMMENT ON COLUMN paragraph_sightings.paragraph_key IS 'Key of the normalised paragraph (signed 64-bit).';
COMMENT ON COLUMN paragraph_sightings.story_id IS 'A story that printed it.';
COMMENT ON COLUMN paragraph_sightings.seen_at IS 'When the story last printed it (refreshed at most hourly); older rows are pruned with the window.';

CREATE OR REPLACE FUNCTION dedup_lock_keys(keys bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    k bigint;
BEGIN
    -- One transaction-scoped lock per key, in ascending order, so that two workers storing copies of
    -- one story wait for each other instead of both missing the other's uncommitted rows.
    FOREACH k IN ARRAY coalesce((SELECT array_agg(DISTINCT x ORDER BY x) FROM unnest(keys) AS x), '{}') LOOP
        PERFORM pg_advisory_xact_lock(k);
    END LOOP;
END;
$$;
COMMENT ON FUNCTION dedup_lock_keys(bigint[]) IS 'Takes transaction-scoped advisory locks on the given keys in ascending order.';
