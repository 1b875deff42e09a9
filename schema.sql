-- wirefeed database schema: the contract with downstream consumers.
--
-- Applied by `wirefeed db init` (idempotent: every statement can run again). Consumers read the views of
-- schema wirefeed_v1 (near the end: their columns never change), as role wirefeed_reader if they like; only
-- the wirefeed worker writes the tables. Every new article, new version, relation change and move into
-- another story (stories merged) is a row of `changes` (view wirefeed_v1.changes), whose ids follow commit order
-- (read `id > last` to resume), and is announced on the PostgreSQL channel `wirefeed_articles` (LISTEN
-- wirefeed_articles) when it commits, payload JSON {"change_id", "kind", "article_id", "story_id",
-- "previous_story_id", "version", "relation", "source_id", "url", "headline", "truncated"} (see section "Change feed").

CREATE TABLE IF NOT EXISTS schema_version (
    version     integer PRIMARY KEY,
    applied_at  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE schema_version IS 'Schema versions applied to this database, newest highest.';
COMMENT ON COLUMN schema_version.version IS 'Schema version number, raised whenever schema.sql changes shape.';
COMMENT ON COLUMN schema_version.applied_at IS 'When this version was first applied.';

-- Sources ------------------------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS sources (
    id                    bigserial PRIMARY KEY,
    name                  text NOT NULL UNIQUE,
    feed_url              text NOT NULL,
    kind                  text NOT NULL DEFAULT 'auto',
    poll_interval         integer NOT NULL DEFAULT 300 CHECK (poll_interval >= 10),
    enabled               boolean NOT NULL DEFAULT true,
    profile               text,
    url_pattern           text,
    link_selector         text,
    user_agent            text,
    headers               jsonb NOT NULL DEFAULT '{}'::jsonb,
    ignore_robots         boolean NOT NULL DEFAULT false,
    per_host_rps          real,
    revisit_recent        integer NOT NULL DEFAULT 0,
    next_poll_at          timestamptz NOT NULL DEFAULT now(),
    last_poll_at          timestamptz,
    last_success_at       timestamptz,
    last_new_article_at   timestamptz,
    last_error            text,
    last_error_at         timestamptz,
    consecutive_failures  integer NOT NULL DEFAULT 0,
    backoff_seconds       integer NOT NULL DEFAULT 0,
    paused_reason         text,
    paused_until          timestamptz,
    etag                  text,
    last_modified         text,
    last_listing_hash     text,
    created_at            timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT sources_kind_check CHECK (kind IN ('auto', 'rss', 'atom', 'jsonfeed', 'sitemap', 'html'))
);
CREATE INDEX IF NOT EXISTS sources_due_idx ON sources (next_poll_at) WHERE enabled;
COMMENT ON TABLE sources IS 'Configured wire sources (feeds, news sitemaps, index pages) and their polling health.';
COMMENT ON COLUMN sources.id IS 'Source id, referenced by articles.source_id.';
COMMENT ON COLUMN sources.name IS 'Unique short name given by the operator (e.g. afp-world).';
COMMENT ON COLUMN sources.feed_url IS 'URL of the listing polled: RSS/Atom/JSON feed, news sitemap or HTML index page.';
COMMENT ON COLUMN sources.kind IS 'Listing kind: auto (detected from the response), rss, atom, jsonfeed, sitemap, html.';
COMMENT ON COLUMN sources.poll_interval IS 'Seconds between two polls when the source is healthy.';
COMMENT ON COLUMN sources.enabled IS 'False: the source is never polled.';
COMMENT ON COLUMN sources.profile IS 'Name of the parser site profile to use for its articles, or NULL to detect.';
COMMENT ON COLUMN sources.url_pattern IS 'Regular expression an article URL must match to be fetched, or NULL for all.';
COMMENT ON COLUMN sources.link_selector IS 'CSS selector of article links, for kind html.';
COMMENT ON COLUMN sources.user_agent IS 'User-Agent for this source, or NULL for the global one.';
COMMENT ON COLUMN sources.headers IS 'Extra HTTP request headers for this source (JSON object).';
COMMENT ON COLUMN sources.ignore_robots IS 'True only for licensed feeds whose contract allows ignoring robots.txt.';
COMMENT ON COLUMN sources.per_host_rps IS 'Requests per second allowed to this source''s hosts, or NULL for the global limit.';
COMMENT ON COLUMN sources.revisit_recent IS 'How many of its most recent articles to re-fetch (conditionally) on each poll, to catch updates.';
COMMENT ON COLUMN sources.next_poll_at IS 'When the source is next due; the scheduler polls sources with next_poll_at <= now().';
COMMENT ON COLUMN sources.last_poll_at IS 'When the last poll ended, successful or not.';
COMMENT ON COLUMN sources.last_success_at IS 'When the last successful poll ended.';
COMMENT ON COLUMN sources.last_new_article_at IS 'When a poll last found an article URL not seen before.';
COMMENT ON COLUMN sources.last_error IS 'Error of the last failed poll (NULL after a success).';
COMMENT ON COLUMN sources.last_error_at IS 'When the last failed poll ended.';
COMMENT ON COLUMN sources.consecutive_failures IS 'Failed polls in a row; reset to 0 by a success.';
COMMENT ON COLUMN sources.backoff_seconds IS 'Current extra delay before the next poll because of failures.';
COMMENT ON COLUMN sources.paused_reason IS 'Why the source is paused (too many failures, or a failure retrying cannot mend), or NULL when active.';
COMMENT ON COLUMN sources.paused_until IS 'When a paused source resumes by itself.';
COMMENT ON COLUMN sources.etag IS 'ETag of the last listing response, sent as If-None-Match.';
COMMENT ON COLUMN sources.last_modified IS 'Last-Modified of the last listing response, sent as If-Modified-Since.';
COMMENT ON COLUMN sources.last_listing_hash IS 'SHA-256 of the last listing body; an identical body is skipped even without 304.';
COMMENT ON COLUMN sources.created_at IS 'When the source was added.';

-- Raw pages ----------------------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS pages (
    id             bigserial PRIMARY KEY,
    source_id      bigint REFERENCES sources (id) ON DELETE SET NULL,
    url            text NOT NULL,
    final_url      text,
    status         integer,
    headers        jsonb NOT NULL DEFAULT '{}'::jsonb,
    body_gzip      bytea,
    body_sha256    text,
    body_size      integer,
    fetched_at     timestamptz NOT NULL DEFAULT now(),
    parse_status   text NOT NULL DEFAULT 'pending',
    parse_error    text,
    article_id     bigint,
    CONSTRAINT pages_parse_status_check
        CHECK (parse_status IN ('pending', 'parsed', 'duplicate', 'failed', 'fetch_failed', 'not_modified'))
);
CREATE INDEX IF NOT EXISTS pages_url_idx ON pages (url, fetched_at DESC);
CREATE INDEX IF NOT EXISTS pages_article_idx ON pages (article_id);
CREATE INDEX IF NOT EXISTS pages_failed_idx ON pages (fetched_at) WHERE parse_status IN ('failed', 'fetch_failed');
COMMENT ON TABLE pages IS 'Every article page fetch, kept raw (gzip) with its HTTP status and headers and the parse outcome, so any page can be re-parsed later and nothing is lost.';
COMMENT ON COLUMN pages.id IS 'Page fetch id.';
COMMENT ON COLUMN pages.source_id IS 'Source whose listing led to this URL.';
COMMENT ON COLUMN pages.url IS 'URL requested.';
COMMENT ON COLUMN pages.final_url IS 'URL after redirects.';
COMMENT ON COLUMN pages.status IS 'HTTP status code, or NULL when no response arrived.';
COMMENT ON COLUMN pages.headers IS 'HTTP response headers (lower-case names).';
COMMENT ON COLUMN pages.body_gzip IS 'Response body, gzip-compressed, exactly as received; NULL for a failed fetch, or once pruned (body_pruned_at).';
COMMENT ON COLUMN pages.body_sha256 IS 'SHA-256 of the uncompressed body.';
COMMENT ON COLUMN pages.body_size IS 'Size of the uncompressed body in bytes.';
COMMENT ON COLUMN pages.fetched_at IS 'When the response was received.';
COMMENT ON COLUMN pages.parse_status IS 'pending, parsed (stored as an article or version), duplicate (same text as a stored article), failed (parse error), fetch_failed (HTTP or network error). A 304 adds no row (the check still admits not_modified, which is never written).';
COMMENT ON COLUMN pages.parse_error IS 'Error message when parse_status is failed or fetch_failed.';
COMMENT ON COLUMN pages.article_id IS 'Article this page produced or matched.';

-- Stories and articles -----------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS stories (
    id                bigserial PRIMARY KEY,
    first_article_id  bigint,
    headline          text,
    agency            text,
    first_seen_at     timestamptz NOT NULL DEFAULT now(),
    last_seen_at      timestamptz NOT NULL DEFAULT now(),
    article_count     integer NOT NULL DEFAULT 0
);
COMMENT ON TABLE stories IS 'A wire story: one row however many sites carry it and however often it is updated.';
COMMENT ON COLUMN stories.id IS 'Story id.';
COMMENT ON COLUMN stories.first_article_id IS 'The story''s original: its article with relation original (moves when an earlier-published member arrives).';
COMMENT ON COLUMN stories.headline IS 'Headline of the original as first stored.';
COMMENT ON COLUMN stories.agency IS 'Agency of the original (AFP, AP, Reuters, ...); NULL if it names none.';
COMMENT ON COLUMN stories.first_seen_at IS 'When the first article of the story was stored.';
COMMENT ON COLUMN stories.last_seen_at IS 'When an article of the story was last stored or updated.';
COMMENT ON COLUMN stories.article_count IS 'Number of articles (URLs) in the story.';

CREATE TABLE IF NOT EXISTS articles (
    id                bigserial PRIMARY KEY,
    story_id          bigint NOT NULL REFERENCES stories (id),
    source_id         bigint REFERENCES sources (id) ON DELETE SET NULL,
    url               text NOT NULL,
    canonical_url     text NOT NULL,
    headline          text,
    dateline_text     text,
    dateline_city     text,
    dateline_region   text,
    dateline_country  text,
    dateline_agency   text,
    dateline_date     text,
    byline            text,
    authors           text[] NOT NULL DEFAULT '{}',
    body              text NOT NULL DEFAULT '',
    language          text,
    agency            text,
    copyright         text,
    published_at      timestamptz,
    modified_at       timestamptz,
    version           integer NOT NULL DEFAULT 1,
    relation          text NOT NULL DEFAULT 'original',
    content_hash      text NOT NULL,
    first_seen_at     timestamptz NOT NULL DEFAULT now(),
    last_fetched_at   timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    page_id           bigint REFERENCES pages (id) ON DELETE SET NULL,
    CONSTRAINT articles_relation_check CHECK (relation IN ('original', 'copy', 'update'))
);
CREATE UNIQUE INDEX IF NOT EXISTS articles_canonical_url_key ON articles (canonical_url);
CREATE UNIQUE INDEX IF NOT EXISTS articles_content_hash_key ON articles (content_hash);
CREATE INDEX IF NOT EXISTS articles_story_idx ON articles (story_id);
CREATE INDEX IF NOT EXISTS articles_published_idx ON articles (published_at DESC);
CREATE INDEX IF NOT EXISTS articles_updated_idx ON articles (updated_at DESC);
CREATE INDEX IF NOT EXISTS articles_source_idx ON articles (source_id, first_seen_at DESC);
COMMENT ON TABLE articles IS 'One row per article URL, holding its latest version. Earlier versions are in article_versions.';
COMMENT ON COLUMN articles.id IS 'Article id.';
COMMENT ON COLUMN articles.story_id IS 'The story this article belongs to (copies and updates of one wire story share it).';
COMMENT ON COLUMN articles.source_id IS 'Source whose listing first led to the article.';
COMMENT ON COLUMN articles.url IS 'URL the article was first fetched from.';
COMMENT ON COLUMN articles.canonical_url IS 'Normalised canonical URL (rel=canonical honoured, tracking parameters and fragment removed); unique.';
COMMENT ON COLUMN articles.headline IS 'Headline of the latest version.';
COMMENT ON COLUMN articles.dateline_text IS 'Dateline as printed, e.g. TRIPOLI, Libya (AFP) —; NULL when the article has none.';
COMMENT ON COLUMN articles.dateline_city IS 'Dateline place (city), title case, e.g. Tripoli.';
COMMENT ON COLUMN articles.dateline_region IS 'Dateline state or region, e.g. Calif.';
COMMENT ON COLUMN articles.dateline_country IS 'Dateline country when printed, e.g. Libya.';
COMMENT ON COLUMN articles.dateline_agency IS 'Agency named in the dateline, normalised short name (AP, AFP, Reuters, dpa, EFE, ...).';
COMMENT ON COLUMN articles.dateline_date IS 'Date printed in the dateline, as printed (e.g. March 4).';
COMMENT ON COLUMN articles.byline IS 'Byline as printed, or NULL.';
COMMENT ON COLUMN articles.authors IS 'Credited person names (roles, agencies and dates removed); the agency alone when no person is credited.';
COMMENT ON COLUMN articles.body IS 'Body paragraphs of the latest version (dateline removed from the first), separated by a blank line.';
COMMENT ON COLUMN articles.language IS 'Language of the article: the BCP 47 tag the page declares (e.g. en-US, zh-Hant-TW), else the primary language detected from its text (e.g. fr); NULL when neither is sure.';
COMMENT ON COLUMN articles.agency IS 'News agency of the article (from dateline, byline, credits, copyright or structured data).';
COMMENT ON COLUMN articles.copyright IS 'Copyright line printed with the article.';
COMMENT ON COLUMN articles.published_at IS 'Publication time given by the page.';
COMMENT ON COLUMN articles.modified_at IS 'Last modification time given by the page.';
COMMENT ON COLUMN articles.version IS 'Version number of the latest version (1 for the first); see article_versions.';
COMMENT ON COLUMN articles.relation IS 'Relation to its story: original (its first-published text: earliest published_at, then the agency''s own site), copy (the story elsewhere, adding no substantial paragraph but its site''s footer), update (adds substantial new text). Recomputed for the whole story when a member joins or changes: labels may move, each move a relation row of changes.';
COMMENT ON COLUMN articles.content_hash IS 'SHA-256 of the normalised text of the latest version; unique, so identical text is stored once.';
COMMENT ON COLUMN articles.first_seen_at IS 'When the article was first stored.';
COMMENT ON COLUMN articles.last_fetched_at IS 'When the article page was last fetched.';
COMMENT ON COLUMN articles.updated_at IS 'When this row last changed (new version stored, or fields refreshed by reparse).';
COMMENT ON COLUMN articles.page_id IS 'Raw page of the latest version (pages.id).';

CREATE TABLE IF NOT EXISTS article_urls (
    url            text PRIMARY KEY,
    article_id     bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    source_id      bigint REFERENCES sources (id) ON DELETE SET NULL,
    first_seen_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS article_urls_article_idx ON article_urls (article_id);
COMMENT ON TABLE article_urls IS 'Every URL (as listed and as fetched) known to lead to a stored article, including exact copies of its text on other URLs.';
COMMENT ON COLUMN article_urls.url IS 'A URL as found in a listing or after redirects.';
COMMENT ON COLUMN article_urls.article_id IS 'The article it leads to.';
COMMENT ON COLUMN article_urls.source_id IS 'Source whose listing carried the URL.';
COMMENT ON COLUMN article_urls.first_seen_at IS 'When the URL was first seen.';

CREATE TABLE IF NOT EXISTS article_versions (
    article_id    bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    version       integer NOT NULL,
    headline      text,
    body          text NOT NULL,
    content_hash  text NOT NULL,
    published_at  timestamptz,
    modified_at   timestamptz,
    fetched_at    timestamptz NOT NULL DEFAULT now(),
    page_id       bigint REFERENCES pages (id) ON DELETE SET NULL,
    PRIMARY KEY (article_id, version),
    UNIQUE (article_id, content_hash)
);
COMMENT ON TABLE article_versions IS 'Every distinct version of every article, version 1 first.';
COMMENT ON COLUMN article_versions.article_id IS 'The article.';
COMMENT ON COLUMN article_versions.version IS 'Version number, from 1.';
COMMENT ON COLUMN article_versions.headline IS 'Headline of this version.';
COMMENT ON COLUMN article_versions.body IS 'Body of this version.';
COMMENT ON COLUMN article_versions.content_hash IS 'SHA-256 of the normalised text of this version.';
COMMENT ON COLUMN article_versions.published_at IS 'Publication time the page gave for this version.';
COMMENT ON COLUMN article_versions.modified_at IS 'Modification time the page gave for this version.';
COMMENT ON COLUMN article_versions.fetched_at IS 'When this version was fetched.';
COMMENT ON COLUMN article_versions.page_id IS 'Raw page this version was parsed from.';

CREATE TABLE IF NOT EXISTS photos (
    article_id  bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    position    integer NOT NULL,
    url         text,
    caption     text,
    credit      text,
    PRIMARY KEY (article_id, position)
);
COMMENT ON TABLE photos IS 'Editorial photos of the latest version of each article, in page order.';
COMMENT ON COLUMN photos.article_id IS 'The article.';
COMMENT ON COLUMN photos.position IS 'Order of the photo in the article, from 0.';
COMMENT ON COLUMN photos.url IS 'Image URL (absolute).';
COMMENT ON COLUMN photos.caption IS 'Caption text without the credit; archive markers such as (FILES) kept.';
COMMENT ON COLUMN photos.credit IS 'Photo credit: photographer and/or agency, e.g. ARIS MESSINIS / AFP.';

CREATE TABLE IF NOT EXISTS listing_entries (
    source_id      bigint NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    url            text NOT NULL,
    guid           text,
    title          text,
    entry_key      text NOT NULL,
    published_at   timestamptz,
    first_seen_at  timestamptz NOT NULL DEFAULT now(),
    last_seen_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (source_id, url)
);
COMMENT ON TABLE listing_entries IS 'Entries seen in each source''s listing; a changed entry_key (guid, dates) triggers a conditional re-fetch.';
COMMENT ON COLUMN listing_entries.source_id IS 'The source.';
COMMENT ON COLUMN listing_entries.url IS 'Article URL as listed.';
COMMENT ON COLUMN listing_entries.guid IS 'Entry guid/id when the listing gives one.';
COMMENT ON COLUMN listing_entries.title IS 'Entry title as listed.';
COMMENT ON COLUMN listing_entries.entry_key IS 'Digest of guid, published and updated dates: when it changes the URL is fetched again.';
COMMENT ON COLUMN listing_entries.published_at IS 'Publication time given by the listing.';
COMMENT ON COLUMN listing_entries.first_seen_at IS 'When the entry was first seen.';
COMMENT ON COLUMN listing_entries.last_seen_at IS 'When the entry was last seen in the listing.';

-- Polling and politeness (issue 4) -----------------------------------------------------------------

ALTER TABLE sources ADD COLUMN IF NOT EXISTS last_poll_status text;
COMMENT ON COLUMN sources.last_poll_status IS 'Outcome of the last poll: ok (listing changed and read), not_modified (304), unchanged (same body as last time), deferred (our per-host rate limit was full; not a failure), failed.';

ALTER TABLE sources ADD COLUMN IF NOT EXISTS current_interval integer;
COMMENT ON COLUMN sources.current_interval IS 'Seconds between polls fitted to how often the listing publishes (never below poll_interval, at most 8 times it); NULL until the first poll that read a changed listing, and when adaptation is off; equal to poll_interval for a listing without dates.';

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
CREATE INDEX IF NOT EXISTS paragraph_sightings_story_idx ON paragraph_sightings (story_id);
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

-- Raw listings (issue 4, "nothing is ever lost") ----------------------------------------------------
-- Every listing body a poll read (feed, sitemap, sitemap index and its child sitemaps, HTML index page),
-- kept raw like article pages; a 304 or a body identical to the last one read stores nothing.

CREATE TABLE IF NOT EXISTS listing_fetches (
    id           bigserial PRIMARY KEY,
    source_id    bigint REFERENCES sources (id) ON DELETE SET NULL,
    parent_id    bigint REFERENCES listing_fetches (id) ON DELETE SET NULL,
    url          text NOT NULL,
    final_url    text,
    fetched_at   timestamptz NOT NULL DEFAULT now(),
    status       integer,
    headers      jsonb NOT NULL DEFAULT '{}'::jsonb,
    body_gzip    bytea,
    body_sha256  text,
    body_size    integer,
    entry_count  integer,
    error        text
);
CREATE INDEX IF NOT EXISTS listing_fetches_url_idx ON listing_fetches (source_id, url, fetched_at DESC);
CREATE INDEX IF NOT EXISTS listing_fetches_fetched_at_idx ON listing_fetches USING brin (fetched_at);
COMMENT ON TABLE listing_fetches IS 'Every listing body a poll read (feeds, sitemaps, child sitemaps of a sitemap index, HTML index pages), kept raw (gzip) with its HTTP status and headers, and every failed listing fetch with its error. A 304, or a 200 whose body is the same as the last one read, adds no row. Rows older than WIREFEED_LISTING_RETENTION_DAYS are pruned, except the latest body read of each listing URL.';
COMMENT ON COLUMN listing_fetches.id IS 'Listing fetch id.';
COMMENT ON COLUMN listing_fetches.source_id IS 'Source polled (NULL once the source is removed).';
COMMENT ON COLUMN listing_fetches.parent_id IS 'For a child sitemap: the fetch of the sitemap index that listed it; NULL for a source''s own listing.';
COMMENT ON COLUMN listing_fetches.url IS 'URL requested: the source''s listing or a child sitemap.';
COMMENT ON COLUMN listing_fetches.final_url IS 'URL after redirects; NULL when the fetch failed.';
COMMENT ON COLUMN listing_fetches.fetched_at IS 'When the response (or the failure) came.';
COMMENT ON COLUMN listing_fetches.status IS 'HTTP status code; for a failed fetch the status that failed it, NULL when no response came.';
COMMENT ON COLUMN listing_fetches.headers IS 'HTTP response headers (lower-case names); empty for a failed fetch.';
COMMENT ON COLUMN listing_fetches.body_gzip IS 'Response body, gzip-compressed, exactly as received (a .xml.gz sitemap is compressed twice); NULL for a failed fetch.';
COMMENT ON COLUMN listing_fetches.body_sha256 IS 'SHA-256 of the uncompressed body; the next body with the same digest is not stored again.';
COMMENT ON COLUMN listing_fetches.body_size IS 'Size of the uncompressed body in bytes.';
COMMENT ON COLUMN listing_fetches.entry_count IS 'Entries the body listed before url_pattern filtering (for a sitemap index: its child sitemaps); NULL when it could not be parsed.';
COMMENT ON COLUMN listing_fetches.error IS 'NULL when the body was read. Otherwise why not: the fetch failed (kind: message, no body), the body did not parse, or the poll ended on another error before its entries were used (not read: the poll ended on ...; the next poll reads it again).';

-- Pending work (issue 11): PostgreSQL, not the broker, holds the article fetches still to do ---------
-- A poll writes one row per URL it decides to fetch, in the transaction that records its listing as handled;
-- the fetch task carries the row's id and closes it in the transaction that stores its outcome. Redis only
-- hands the ids to workers: the beat tick queues again the open rows that are due and that nobody holds.

ALTER TABLE sources ADD COLUMN IF NOT EXISTS polling_until timestamptz;
COMMENT ON COLUMN sources.polling_until IS 'While a poll of the source runs: when its claim lapses (a second poll at the same moment does nothing); NULL otherwise.';

CREATE TABLE IF NOT EXISTS pending_fetches (
    id               bigserial PRIMARY KEY,
    source_id        bigint NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    url              text NOT NULL,
    reason           text NOT NULL,
    entry_key        text,
    first_seen_at    timestamptz NOT NULL DEFAULT now(),
    attempts         integer NOT NULL DEFAULT 0,
    last_error       text,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    enqueued_at      timestamptz,
    claimed_until    timestamptz,
    claimed_by       text,
    closed_at        timestamptz,
    outcome          text,
    CONSTRAINT pending_fetches_reason_check CHECK (reason IN ('new', 'changed', 'revisit')),
    CONSTRAINT pending_fetches_outcome_check
        CHECK (outcome IN ('new', 'version', 'unchanged', 'duplicate', 'not_modified', 'parse_failed', 'fetch_failed')),
    CONSTRAINT pending_fetches_closed_check CHECK ((closed_at IS NULL) = (outcome IS NULL))
);
CREATE UNIQUE INDEX IF NOT EXISTS pending_fetches_open_url_key ON pending_fetches (url) WHERE closed_at IS NULL;
CREATE INDEX IF NOT EXISTS pending_fetches_due_idx ON pending_fetches (next_attempt_at) WHERE closed_at IS NULL;
CREATE INDEX IF NOT EXISTS pending_fetches_source_idx ON pending_fetches (source_id) WHERE closed_at IS NULL;
CREATE INDEX IF NOT EXISTS pending_fetches_closed_at_idx ON pending_fetches USING brin (closed_at);
COMMENT ON TABLE pending_fetches IS 'Every article fetch a poll decided on (a new or changed listing entry, or a revisit), open until its outcome is stored: the backlog is the open rows (closed_at IS NULL), at most one per URL. Closed rows are kept WIREFEED_PENDING_RETENTION_DAYS (feed-to-store latency is closed_at - first_seen_at), then pruned.';
COMMENT ON COLUMN pending_fetches.id IS 'Pending fetch id, carried by the wirefeed.fetch_article task.';
COMMENT ON COLUMN pending_fetches.source_id IS 'Source whose poll queued the fetch.';
COMMENT ON COLUMN pending_fetches.url IS 'Article URL to fetch, as listed; unique among open rows.';
COMMENT ON COLUMN pending_fetches.reason IS 'Why it is fetched: new (never fetched), changed (its listing entry changed: guid or dates), revisit (one of the source''s revisit_recent latest articles).';
COMMENT ON COLUMN pending_fetches.entry_key IS 'For new and changed: the entry_key of the listing entry (listing_entries source_id, url) that queued it; NULL for a revisit.';
COMMENT ON COLUMN pending_fetches.first_seen_at IS 'When the poll queued it (the listing was read).';
COMMENT ON COLUMN pending_fetches.attempts IS 'Failed fetch tries so far (waits for our own per-host rate limit are not counted).';
COMMENT ON COLUMN pending_fetches.last_error IS 'Error of the last failed try (kind: message), NULL before any; kept when the row closes.';
COMMENT ON COLUMN pending_fetches.next_attempt_at IS 'Not tried before this time: the retry backoff of a failed try, or when our rate limit has a slot.';
COMMENT ON COLUMN pending_fetches.enqueued_at IS 'When its task was last handed to the broker; NULL when it waits for next_attempt_at. The tick hands it again when it is due, unheld and enqueued longer ago than WIREFEED_FETCH_LEASE_SECONDS.';
COMMENT ON COLUMN pending_fetches.claimed_until IS 'A worker fetching it holds it until this time (WIREFEED_FETCH_LEASE_SECONDS after its claim); NULL when nobody holds it.';
COMMENT ON COLUMN pending_fetches.claimed_by IS 'The try holding it (its Celery task id and try number, id#n; the next try of that task may claim it again at once, the same try delivered twice may not), or NULL.';
COMMENT ON COLUMN pending_fetches.closed_at IS 'When its outcome was stored, in the same transaction; NULL while open (pending).';
COMMENT ON COLUMN pending_fetches.outcome IS 'How it closed: new, version, unchanged, duplicate (see pages.parse_status), not_modified (304), parse_failed (page kept with its error), fetch_failed (a pages row keeps the failure); NULL while open.';

-- Change feed (issue 12) ----------------------------------------------------------------------------------------
-- One row per change a consumer may want to follow: a new article, a new version, an article moved into another
-- story (stories merged), a changed relation. A consumer keeps the last id it handled and reads `id > last`: after
-- a crash or a restart it sees every change exactly once, because ids follow COMMIT order.
--
-- Why a plain bigserial would not do: nextval() hands ids out when a row is inserted, not when its transaction
-- commits. A transaction that took id 10 may commit after one that took 11; a consumer that already read 11 skips
-- 10 forever. So the rows are written at commit time, by deferred constraint triggers on `articles` (they fire
-- when the storing transaction commits, after all its statements), and each first takes one transaction-scoped
-- advisory lock, the same key for every writer, then calls nextval(). The lock is held until the transaction has
-- committed and become visible (PostgreSQL marks a committed transaction visible before it releases its locks), so
-- a transaction that gets a higher id cannot take it before every lower id is committed and visible: any reader
-- that sees id N sees every id below N that will ever exist. Rolled-back transactions leave gaps, never late rows.
-- Cost: the commits of storing transactions take turns (they already did: PostgreSQL holds a lock from queueing a
-- NOTIFY until after commit); storing transactions otherwise run side by side. Commit records enter the WAL in id
-- order too, so a standby replays them in that order.

-- The lock's id is spelled once, in worker/database (CHANGES_LOCK); `wirefeed db init` passes it in the setting
-- wirefeed.changes_lock, baked here into a function.
DO $$
BEGIN
    IF current_setting('wirefeed.changes_lock', true) IS NULL THEN
        RAISE EXCEPTION 'apply schema.sql with `wirefeed db init`: it sets wirefeed.changes_lock';
    END IF;
    EXECUTE format('CREATE OR REPLACE FUNCTION wirefeed_changes_lock_id() RETURNS bigint '
                   'LANGUAGE sql IMMUTABLE PARALLEL SAFE AS %L',
                   'SELECT ' || current_setting('wirefeed.changes_lock')::bigint);
END
$$;
COMMENT ON FUNCTION wirefeed_changes_lock_id() IS 'Advisory-lock key that orders change ids by commit (worker.database.CHANGES_LOCK).';

CREATE SEQUENCE IF NOT EXISTS changes_id_seq AS bigint;
CREATE TABLE IF NOT EXISTS changes (
    id                 bigint PRIMARY KEY,
    kind               text NOT NULL,
    article_id         bigint NOT NULL,
    story_id           bigint NOT NULL,
    previous_story_id  bigint,
    version            integer NOT NULL,
    relation           text NOT NULL,
    previous_relation  text,
    source_id          bigint,
    url                text NOT NULL,
    headline           text,
    committed_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
    CONSTRAINT changes_kind_check CHECK (kind IN ('new', 'version', 'merge', 'relation'))
);
ALTER SEQUENCE changes_id_seq OWNED BY changes.id;
CREATE INDEX IF NOT EXISTS changes_committed_at_idx ON changes USING brin (committed_at);
COMMENT ON TABLE changes IS 'Change feed: one row per new article, new version, move into another story (stories merged) or relation change, written when its transaction commits. Ids follow commit order: reading id > last after any restart sees every change exactly once (gaps are rolled-back transactions, never rows still to come). No foreign keys: a row outlives a merged-away story. Rows older than WIREFEED_CHANGE_RETENTION_DAYS are pruned (changes_pruned holds the highest id pruned).';
COMMENT ON COLUMN changes.id IS 'Change id, increasing in commit order (taken at commit under an advisory lock; see the section comment in schema.sql). Resume with id > the last one handled.';
COMMENT ON COLUMN changes.kind IS 'new (article stored), version (new version of its text), merge (moved into story_id from previous_story_id when stories merged), relation (relation changed within its story).';
COMMENT ON COLUMN changes.article_id IS 'The article (articles.id).';
COMMENT ON COLUMN changes.story_id IS 'Its story after the change (stories.id).';
COMMENT ON COLUMN changes.previous_story_id IS 'For merge: the story it left, which no longer exists; NULL otherwise.';
COMMENT ON COLUMN changes.version IS 'Its version number after the change (article_versions.version).';
COMMENT ON COLUMN changes.relation IS 'Its relation to its story after the change: original, copy or update.';
COMMENT ON COLUMN changes.previous_relation IS 'Its relation before the change when the change altered it; NULL otherwise.';
COMMENT ON COLUMN changes.source_id IS 'Source whose listing first led to the article (sources.id).';
COMMENT ON COLUMN changes.url IS 'URL the article was first fetched from.';
COMMENT ON COLUMN changes.headline IS 'Headline of the article after the change.';
COMMENT ON COLUMN changes.committed_at IS 'When the change was written, just before its transaction committed; rows are pruned by it.';

-- A database upgraded from an earlier schema version (before 5) starts its feed with one `new` row per article stored before (its
-- current state, in article id order), written once (into an empty feed), without NOTIFYs.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM schema_version WHERE version >= 5) AND NOT EXISTS (SELECT FROM changes) THEN
        LOCK TABLE articles IN SHARE MODE;  -- stores wait for this transaction, which creates the triggers
        PERFORM pg_advisory_xact_lock(wirefeed_changes_lock_id());
        DROP TRIGGER IF EXISTS changes_notify ON changes;
        INSERT INTO changes (id, kind, article_id, story_id, version, relation, source_id, url, headline)
        SELECT nextval('changes_id_seq'), 'new', a.id, a.story_id, a.version, a.relation, a.source_id, a.url, a.headline
        FROM (SELECT * FROM articles ORDER BY id) a;
    END IF;
END
$$;

CREATE OR REPLACE FUNCTION wirefeed_record_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- Fired at commit (deferred): the lock, held until the transaction is committed and visible, orders the ids.
    PERFORM pg_advisory_xact_lock(wirefeed_changes_lock_id());
    INSERT INTO changes (id, kind, article_id, story_id, previous_story_id, version, relation, previous_relation,
                         source_id, url, headline)
    VALUES (nextval('changes_id_seq'),
            CASE WHEN TG_OP = 'INSERT' THEN 'new'
                 WHEN OLD.story_id <> NEW.story_id THEN 'merge'
                 WHEN OLD.version <> NEW.version THEN 'version'
                 ELSE 'relation' END,
            NEW.id, NEW.story_id,
            CASE WHEN TG_OP = 'UPDATE' AND OLD.story_id <> NEW.story_id THEN OLD.story_id END,
            NEW.version, NEW.relation,
            CASE WHEN TG_OP = 'UPDATE' AND OLD.relation <> NEW.relation THEN OLD.relation END,
            NEW.source_id, NEW.url, NEW.headline);
    RETURN NULL;
END;
$$;
COMMENT ON FUNCTION wirefeed_record_change() IS 'Writes the changes row of an article inserted or changed (version, story, relation), at commit, with the next id in commit order.';

DROP TRIGGER IF EXISTS articles_change_new ON articles;
CREATE CONSTRAINT TRIGGER articles_change_new
    AFTER INSERT ON articles DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION wirefeed_record_change();
DROP TRIGGER IF EXISTS articles_change_update ON articles;
CREATE CONSTRAINT TRIGGER articles_change_update
    AFTER UPDATE OF version, story_id, relation ON articles DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW
    WHEN (OLD.version IS DISTINCT FROM NEW.version OR OLD.story_id IS DISTINCT FROM NEW.story_id
          OR OLD.relation IS DISTINCT FROM NEW.relation)
    EXECUTE FUNCTION wirefeed_record_change();

-- The announcement comes from the change row itself (one source of truth). NOTIFY is sent only if the
-- transaction commits. Payloads must stay under 8000 bytes: the headline is cut at 300 characters, and url and
-- headline are left out (null) if the payload would still be too long; "truncated" then says to read the row.
-- PL/pgSQL, not SQL: called from the trigger's PL/pgSQL, an SQL function is parsed and planned again in every
-- transaction (about 0.1 ms of each store, BENCHMARKS.md issue 14); a PL/pgSQL one is compiled once per session.
CREATE OR REPLACE FUNCTION wirefeed_change_payload(c changes, with_text boolean) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN json_build_object(
        'change_id', c.id, 'kind', c.kind, 'article_id', c.article_id, 'story_id', c.story_id,
        'previous_story_id', c.previous_story_id, 'version', c.version, 'relation', c.relation,
        'source_id', c.source_id,
        'url', CASE WHEN with_text THEN c.url END,
        'headline', CASE WHEN with_text AND char_length(c.headline) > 300 THEN left(c.headline, 299) || '…'
                         WHEN with_text THEN c.headline END,
        'truncated', NOT with_text OR coalesce(char_length(c.headline), 0) > 300)::text;
END;
$$;
COMMENT ON FUNCTION wirefeed_change_payload(changes, boolean) IS 'The wirefeed_articles NOTIFY payload of a change row (JSON), with or without its url and headline.';

CREATE OR REPLACE FUNCTION wirefeed_notify_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    payload text := wirefeed_change_payload(NEW, true);
BEGIN
    IF octet_length(payload) >= 8000 THEN
        payload := wirefeed_change_payload(NEW, false);
    END IF;
    PERFORM pg_notify('wirefeed_articles', payload);
    RETURN NULL;
END;
$$;
COMMENT ON FUNCTION wirefeed_notify_change() IS 'Announces a change row on channel wirefeed_articles (sent when its transaction commits).';

DROP TRIGGER IF EXISTS changes_notify ON changes;
CREATE TRIGGER changes_notify AFTER INSERT ON changes FOR EACH ROW EXECUTE FUNCTION wirefeed_notify_change();

-- Before schema version 4 the articles table announced itself; the change rows do now.
DROP TRIGGER IF EXISTS articles_notify ON articles;
DROP FUNCTION IF EXISTS wirefeed_notify_article();

-- Operations (issue 13) ---------------------------------------------------------------------------------------
-- What `wirefeed status` (and any health check) reads besides the tables above: when the beat tick last ran.

CREATE TABLE IF NOT EXISTS heartbeats (
    name           text PRIMARY KEY,
    beat_at        timestamptz NOT NULL,
    every_seconds  real,
    host           text
);
COMMENT ON TABLE heartbeats IS 'The last beat of each periodic job, one row per job, overwritten each time: tick is beat''s tick (sent by beat, run by a worker). Internal to the worker.';
COMMENT ON COLUMN heartbeats.name IS 'The job: tick.';
COMMENT ON COLUMN heartbeats.beat_at IS 'When the job last ran.';
COMMENT ON COLUMN heartbeats.every_seconds IS 'How often it is meant to run (WIREFEED_TICK_SECONDS of the worker that ran it).';
COMMENT ON COLUMN heartbeats.host IS 'The Celery node name of the worker that ran it (celery@host), or NULL when run outside a worker.';

-- `wirefeed status` counts the changes of the last hour and day through the BRIN index on committed_at. A BRIN
-- range not yet summarised matches every query, and autovacuum of an insert-only table comes rarely (after 20 %
-- more rows): on a million changes the count read the whole table (1 s) instead of the day's ranges (3 ms).
-- autosummarize has each range summarised as soon as it is full.
ALTER INDEX changes_committed_at_idx SET (autosummarize = on);

-- Retention (issue 12) -----------------------------------------------------------------------------------------
-- What grows without end is pruned hourly past a retention (worker/database/retention.py, `wirefeed prune`):
-- raw page bodies past WIREFEED_PAGE_RETENTION_DAYS (kept forever by default), never the page of an article's
-- latest version; change rows past WIREFEED_CHANGE_RETENTION_DAYS. Each batch is a transaction of its own.

ALTER TABLE pages ADD COLUMN IF NOT EXISTS body_pruned_at timestamptz;
COMMENT ON COLUMN pages.body_pruned_at IS 'When the body was pruned (WIREFEED_PAGE_RETENTION_DAYS): body_gzip is NULL since, the other columns stay; NULL while the body is kept, and for a failed fetch, which never had one.';
-- The prune asks of every old page whether it is an article's latest page.
CREATE INDEX IF NOT EXISTS articles_page_idx ON articles (page_id);

-- The change feed's horizon: a consumer whose last id is below through_id may have missed rows.
CREATE TABLE IF NOT EXISTS changes_pruned (
    singleton   boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    through_id  bigint NOT NULL,
    pruned_at   timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE changes_pruned IS 'One row once change rows were pruned: every change with an id up to through_id is gone (pruned, or never committed). Read it as wirefeed_v1.changes_pruned.';
COMMENT ON COLUMN changes_pruned.singleton IS 'Always true: the table holds one row at most.';
COMMENT ON COLUMN changes_pruned.through_id IS 'Highest change id pruned: rows with an id up to it are gone.';
COMMENT ON COLUMN changes_pruned.pruned_at IS 'When change rows were last pruned.';

-- Story labels (issue 12, point 4) ----------------------------------------------------------------------------
-- relation (original, copy, update) is recomputed for the whole story whenever a member joins it, gets a new
-- version or comes with a merged story (worker/database/labels.py, parsers/similarity/labels.py), so it depends on
-- the story's members, never on the order they were fetched in; a label that moves writes a `relation` change row.

ALTER TABLE articles ADD COLUMN IF NOT EXISTS fine_print boolean NOT NULL DEFAULT false;
COMMENT ON COLUMN articles.fine_print IS 'True when the page printed the body''s last paragraph in italics or small print (a site''s footer, credit line or pitch): never counted as new text of the story.';

-- Storage (issue 14) ------------------------------------------------------------------------------------------
-- How the big values are stored, set once (a database already set is left alone, so `db init` takes no lock here):
-- the raw bodies (pages, listing_fetches) are gzip already, and TOAST would try pglz on them again, in vain (on
-- incompressible input pglz reads most of the value before it gives up): EXTERNAL keeps them out of line as they
-- are. The article texts (articles.body and article_versions.body: the same text twice for a new article) are
-- compressed with lz4, several times cheaper than pglz to compress and to read back (labels read every member's
-- body on each store), when the server has it (PostgreSQL 14 or later, built with lz4); values already stored keep
-- their compression, both are read alike.
DO $$
DECLARE
    col record;
BEGIN
    FOR col IN
        SELECT attrelid::regclass AS tab, attname,
               CASE WHEN attname = 'body' THEN 'SET COMPRESSION lz4' ELSE 'SET STORAGE EXTERNAL' END AS change
        FROM pg_attribute AS a
        WHERE (attrelid, attname) IN (('pages'::regclass, 'body_gzip'), ('listing_fetches'::regclass, 'body_gzip'),
                                      ('articles'::regclass, 'body'), ('article_versions'::regclass, 'body'))
          -- attcompression came with PostgreSQL 14: before it, no column is lz4's to take
          AND CASE WHEN attname = 'body' THEN coalesce(to_jsonb(a) ->> 'attcompression', 'l') <> 'l'
                   ELSE attstorage <> 'e' END
    LOOP
        BEGIN
            EXECUTE format('ALTER TABLE %s ALTER COLUMN %I %s', col.tab, col.attname, col.change);
        EXCEPTION
            WHEN feature_not_supported THEN
                NULL;  -- a server built without lz4: the texts keep the default compression (pglz)
        END;
    END LOOP;
END
$$;

-- Consumer interface, version 1 (issue 12) ---------------------------------------------------------
-- Consumers read the views of schema wirefeed_v1, not the tables above: the tables may change between
-- releases, a v1 view's columns (names, types, order) never do; a change goes to a new schema, wirefeed_v2,
-- beside v1. (CREATE OR REPLACE VIEW cannot drop, rename or retype a column anyway: such a change here would
-- fail to apply.) tests/integration/test_consumer_views.py pins every column and type. The views run with
-- their owner's rights, so a role granted SELECT on them reads them without any right on the tables.

CREATE SCHEMA IF NOT EXISTS wirefeed_v1;
COMMENT ON SCHEMA wirefeed_v1 IS 'wirefeed consumer interface, version 1: views whose columns never change.';

CREATE OR REPLACE VIEW wirefeed_v1.sources AS
SELECT id, name, feed_url, kind, enabled, created_at
FROM sources;
COMMENT ON VIEW wirefeed_v1.sources IS 'Configured wire sources, one row each.';
COMMENT ON COLUMN wirefeed_v1.sources.id IS 'Source id, referenced by articles.source_id.';
COMMENT ON COLUMN wirefeed_v1.sources.name IS 'Unique short name given by the operator (e.g. afp-world).';
COMMENT ON COLUMN wirefeed_v1.sources.feed_url IS 'URL of the listing polled: RSS/Atom/JSON feed, news sitemap or HTML index page.';
COMMENT ON COLUMN wirefeed_v1.sources.kind IS 'Listing kind: auto (detected from the response), rss, atom, jsonfeed, sitemap, html.';
COMMENT ON COLUMN wirefeed_v1.sources.enabled IS 'False: the source is not polled.';
COMMENT ON COLUMN wirefeed_v1.sources.created_at IS 'When the source was added.';

CREATE OR REPLACE VIEW wirefeed_v1.changes AS
SELECT id, kind, article_id, story_id, previous_story_id, version, relation, previous_relation, source_id, url,
       headline, committed_at
FROM changes;
COMMENT ON VIEW wirefeed_v1.changes IS 'The change feed: one row per new article, new version, move into another story (stories merged) or relation change. Ids follow commit order: keep the last id handled and read id > last to see every change exactly once (gaps are rolled-back transactions). Rows older than WIREFEED_CHANGE_RETENTION_DAYS are pruned: see changes_pruned.';
COMMENT ON COLUMN wirefeed_v1.changes.id IS 'Change id, increasing in commit order. Resume with id > the last one handled.';
COMMENT ON COLUMN wirefeed_v1.changes.kind IS 'new (article stored), version (new version of its text), merge (moved into story_id from previous_story_id when stories merged), relation (relation changed within its story).';
COMMENT ON COLUMN wirefeed_v1.changes.article_id IS 'The article (wirefeed_v1.articles.id).';
COMMENT ON COLUMN wirefeed_v1.changes.story_id IS 'Its story after the change (wirefeed_v1.stories.id).';
COMMENT ON COLUMN wirefeed_v1.changes.previous_story_id IS 'For merge: the story it left, which no longer exists; NULL otherwise.';
COMMENT ON COLUMN wirefeed_v1.changes.version IS 'Its version number after the change (wirefeed_v1.article_versions.version).';
COMMENT ON COLUMN wirefeed_v1.changes.relation IS 'Its relation to its story after the change: original, copy or update.';
COMMENT ON COLUMN wirefeed_v1.changes.previous_relation IS 'Its relation before the change when the change altered it; NULL otherwise.';
COMMENT ON COLUMN wirefeed_v1.changes.source_id IS 'Source whose listing first led to the article (wirefeed_v1.sources.id).';
COMMENT ON COLUMN wirefeed_v1.changes.url IS 'URL the article was first fetched from.';
COMMENT ON COLUMN wirefeed_v1.changes.headline IS 'Headline of the article after the change.';
COMMENT ON COLUMN wirefeed_v1.changes.committed_at IS 'When the change was written, just before its transaction committed.';

CREATE OR REPLACE VIEW wirefeed_v1.changes_pruned AS
SELECT coalesce((SELECT through_id FROM changes_pruned), 0::bigint) AS through_id,
       (SELECT pruned_at FROM changes_pruned) AS pruned_at;
COMMENT ON VIEW wirefeed_v1.changes_pruned IS 'The change feed''s horizon, one row: a consumer whose last id handled is below through_id has missed changes that were pruned (WIREFEED_CHANGE_RETENTION_DAYS); it takes the articles'' state from an export and reads on from through_id.';
COMMENT ON COLUMN wirefeed_v1.changes_pruned.through_id IS 'Every change with an id up to this one is gone; 0 when none was pruned.';
COMMENT ON COLUMN wirefeed_v1.changes_pruned.pruned_at IS 'When change rows were last pruned; NULL when never.';

CREATE OR REPLACE VIEW wirefeed_v1.stories AS
SELECT id, first_article_id AS original_article_id, headline, agency, article_count, first_seen_at, last_seen_at
FROM stories;
COMMENT ON VIEW wirefeed_v1.stories IS 'Wire stories: one row however many sites carry the story and however often it is updated.';
COMMENT ON COLUMN wirefeed_v1.stories.id IS 'Story id, referenced by articles.story_id.';
COMMENT ON COLUMN wirefeed_v1.stories.original_article_id IS 'The story''s original: its article with relation original, the first published (it moves when an earlier-published member arrives).';
COMMENT ON COLUMN wirefeed_v1.stories.headline IS 'Headline of the original as first stored.';
COMMENT ON COLUMN wirefeed_v1.stories.agency IS 'Agency of the original (AFP, AP, Reuters, ...); NULL if it names none.';
COMMENT ON COLUMN wirefeed_v1.stories.article_count IS 'Number of articles (URLs) in the story.';
COMMENT ON COLUMN wirefeed_v1.stories.first_seen_at IS 'When the first article of the story was stored.';
COMMENT ON COLUMN wirefeed_v1.stories.last_seen_at IS 'When an article of the story was last stored or updated.';

CREATE OR REPLACE VIEW wirefeed_v1.articles AS
SELECT id, story_id, relation, version, source_id, url, canonical_url,
       lower(substring(canonical_url FROM '^[A-Za-z][A-Za-z0-9+.-]*://([^/:?#]+)')) AS site,
       headline, dateline_text, dateline_city, dateline_region, dateline_country, dateline_agency, dateline_date,
       byline, authors, body, language, agency, copyright, published_at, modified_at, first_seen_at, updated_at
FROM articles;
COMMENT ON VIEW wirefeed_v1.articles IS 'One row per article URL, holding its latest version; every version is in article_versions.';
COMMENT ON COLUMN wirefeed_v1.articles.id IS 'Article id.';
COMMENT ON COLUMN wirefeed_v1.articles.story_id IS 'The story the article belongs to (stories.id): copies and updates of one wire story share it.';
COMMENT ON COLUMN wirefeed_v1.articles.relation IS 'Relation to its story: original (its first-published text), copy (the story on another URL or site, adding nothing but its site''s footer), update (the story plus substantial new text). Depends on the story''s members, not on fetch order: when an earlier-published member arrives the labels move, each move a relation row of wirefeed_v1.changes.';
COMMENT ON COLUMN wirefeed_v1.articles.version IS 'Number of the latest version, from 1 (article_versions.version).';
COMMENT ON COLUMN wirefeed_v1.articles.source_id IS 'Source whose listing first led to the article (sources.id); NULL when none did or it was removed.';
COMMENT ON COLUMN wirefeed_v1.articles.url IS 'URL the article was first fetched from.';
COMMENT ON COLUMN wirefeed_v1.articles.canonical_url IS 'Normalised canonical URL (rel=canonical honoured, tracking parameters and fragment removed); unique.';
COMMENT ON COLUMN wirefeed_v1.articles.site IS 'Host name of the canonical URL, lower case (e.g. www.afp.example).';
COMMENT ON COLUMN wirefeed_v1.articles.headline IS 'Headline of the latest version.';
COMMENT ON COLUMN wirefeed_v1.articles.dateline_text IS 'Dateline as printed, e.g. TRIPOLI, Libya (AFP) —; NULL when the article has none.';
COMMENT ON COLUMN wirefeed_v1.articles.dateline_city IS 'Dateline place (city), title case, e.g. Tripoli.';
COMMENT ON COLUMN wirefeed_v1.articles.dateline_region IS 'Dateline state or region, e.g. Calif.';
COMMENT ON COLUMN wirefeed_v1.articles.dateline_country IS 'Dateline country when printed, e.g. Libya.';
COMMENT ON COLUMN wirefeed_v1.articles.dateline_agency IS 'Agency named in the dateline, normalised short name (AP, AFP, Reuters, dpa, EFE, ...).';
COMMENT ON COLUMN wirefeed_v1.articles.dateline_date IS 'Date printed in the dateline, as printed (e.g. March 4).';
COMMENT ON COLUMN wirefeed_v1.articles.byline IS 'Byline as printed, or NULL.';
COMMENT ON COLUMN wirefeed_v1.articles.authors IS 'Credited person names (roles, agencies and dates removed); the agency alone when no person is credited.';
COMMENT ON COLUMN wirefeed_v1.articles.body IS 'Body paragraphs of the latest version (dateline removed from the first), separated by a blank line.';
COMMENT ON COLUMN wirefeed_v1.articles.language IS 'BCP 47 tag the page declares (e.g. en-US), else the primary language detected from the text (e.g. fr); NULL when neither is sure.';
COMMENT ON COLUMN wirefeed_v1.articles.agency IS 'News agency of the article (from dateline, byline, credits, copyright or structured data), or NULL.';
COMMENT ON COLUMN wirefeed_v1.articles.copyright IS 'Copyright line printed with the article, or NULL.';
COMMENT ON COLUMN wirefeed_v1.articles.published_at IS 'Publication time given by the page, or NULL.';
COMMENT ON COLUMN wirefeed_v1.articles.modified_at IS 'Last modification time given by the page, or NULL.';
COMMENT ON COLUMN wirefeed_v1.articles.first_seen_at IS 'When the article was first stored.';
COMMENT ON COLUMN wirefeed_v1.articles.updated_at IS 'When the row last changed (a new version, or fields refreshed by a re-parse). Not a cursor to resume reading from: transactions commit out of their start order.';

CREATE OR REPLACE VIEW wirefeed_v1.article_versions AS
SELECT article_id, version, headline, body, published_at, modified_at, fetched_at
FROM article_versions;
COMMENT ON VIEW wirefeed_v1.article_versions IS 'Every distinct version of every article, version 1 first; the latest is also in articles.';
COMMENT ON COLUMN wirefeed_v1.article_versions.article_id IS 'The article (articles.id).';
COMMENT ON COLUMN wirefeed_v1.article_versions.version IS 'Version number, from 1.';
COMMENT ON COLUMN wirefeed_v1.article_versions.headline IS 'Headline of this version.';
COMMENT ON COLUMN wirefeed_v1.article_versions.body IS 'Body of this version, paragraphs separated by a blank line.';
COMMENT ON COLUMN wirefeed_v1.article_versions.published_at IS 'Publication time the page gave for this version, or NULL.';
COMMENT ON COLUMN wirefeed_v1.article_versions.modified_at IS 'Modification time the page gave for this version, or NULL.';
COMMENT ON COLUMN wirefeed_v1.article_versions.fetched_at IS 'When this version was fetched.';

CREATE OR REPLACE VIEW wirefeed_v1.photos AS
SELECT article_id, position, url, caption, credit
FROM photos;
COMMENT ON VIEW wirefeed_v1.photos IS 'Editorial photos of the latest version of each article, in page order.';
COMMENT ON COLUMN wirefeed_v1.photos.article_id IS 'The article (articles.id).';
COMMENT ON COLUMN wirefeed_v1.photos.position IS 'Order of the photo in the article, from 0.';
COMMENT ON COLUMN wirefeed_v1.photos.url IS 'Image URL (absolute), or NULL.';
COMMENT ON COLUMN wirefeed_v1.photos.caption IS 'Caption text without the credit; archive markers such as (FILES) kept.';
COMMENT ON COLUMN wirefeed_v1.photos.credit IS 'Photo credit: photographer and/or agency, e.g. ARIS MESSINIS / AFP.';

-- The read-only consumer role: no login until an operator gives it one (README). A role belongs to the
-- whole cluster, so it is created only when missing (another database may have made it, even concurrently)
-- and never dropped here; the grants belong to this database and are given on every run.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'wirefeed_reader') THEN
        CREATE ROLE wirefeed_reader NOLOGIN;
        COMMENT ON ROLE wirefeed_reader IS 'wirefeed consumers: reads the views of schema wirefeed_v1 and nothing else; NOLOGIN until an operator gives it a password.';
    END IF;
EXCEPTION
    WHEN duplicate_object OR unique_violation THEN
        NULL;  -- created meanwhile by a db init on another database of the cluster
    WHEN insufficient_privilege THEN
        RAISE EXCEPTION 'role wirefeed_reader is missing and % may not create it: run CREATE ROLE wirefeed_reader NOLOGIN as a superuser, then db init again', current_user;
END;
$$;
GRANT USAGE ON SCHEMA wirefeed_v1 TO wirefeed_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA wirefeed_v1 TO wirefeed_reader;

-- Record the version last: a schema that failed half-way is never recorded as applied.
INSERT INTO schema_version (version) VALUES (6) ON CONFLICT DO NOTHING;
