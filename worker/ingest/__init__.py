"""The ingest stages as plain functions: when a source is polled next, poll its listing, fetch and store each
article, re-parse stored pages, discover a site's listings. Celery tasks and the CLI call these."""
