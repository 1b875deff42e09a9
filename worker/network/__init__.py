"""Talking to publishers' servers: HTTP with limits, robots.txt, per-host rate limits. Knows nothing of the
database."""
