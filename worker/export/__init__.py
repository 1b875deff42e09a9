"""Export of stored articles, one JSON item per line: IPTC ninjs (``ninjs``) or our own fields (``jsonl``).

``ninjs`` builds the standard's items, ``jsonl`` ours, both from a row of the ``export_articles`` query; ``stream``
reads those rows with a server-side cursor and writes the lines.
"""
