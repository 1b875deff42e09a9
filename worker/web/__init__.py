"""The read-only web console, ``wirefeed web``: sources and their health, the latest stories, every field of an
article beside its stored raw page (rendered inert), and the pages that failed.

``reading`` holds the queries (named SQL blocks of ``worker/database/sql/console.sql``, run in read-only
transactions), ``present`` turns rows into what a page shows (health, chart, version diff), ``app`` is the Flask
application with its routes and the headers that keep a stored page harmless.
"""
