"""Managing sources: add, remove, and sync from a TOML file kept in version control."""

from __future__ import annotations

import re
import tomllib
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from psycopg.types.json import Jsonb

from parsers.article import profiles
from parsers.listings import KINDS
from worker.database import Connection, q
from worker.runtime.settings import DEFAULTS


@dataclass(frozen=True)
class SourceConfig:
    name: str
    feed_url: str
    kind: str = "auto"
    poll_interval: int = DEFAULTS.default_interval
    enabled: bool = True
    profile: str | None = None
    url_pattern: str | None = None
    link_selector: str | None = None
    user_agent: str | None = None
    headers: dict[str, str] | None = None
    ignore_robots: bool = False
    per_host_rps: float | None = None
    revisit_recent: int = 0

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"source {self.name!r}: kind must be one of {', '.join(KINDS)}")
        if self.poll_interval < 10:
            raise ValueError(f"source {self.name!r}: poll interval must be at least 10 seconds")
        if not self.feed_url.startswith(("http://", "https://")):
            raise ValueError(f"source {self.name!r}: feed URL must be http(s): {self.feed_url!r}")
        self._check_politeness()

    def _check_politeness(self) -> None:
        try:
            re.compile(self.url_pattern or "")
        except re.error as exc:
            raise ValueError(f"source {self.name!r}: url_pattern is not a regular expression: {exc}") from exc
        if self.per_host_rps is not None and self.per_host_rps <= 0:
            raise ValueError(f"source {self.name!r}: per_host_rps must be positive")
        if self.revisit_recent < 0:
            raise ValueError(f"source {self.name!r}: revisit_recent must be 0 or more")
        if self.headers is not None and not all(isinstance(v, str) for v in self.headers.values()):
            raise ValueError(f"source {self.name!r}: header values must be strings")
        if self.profile is not None and self.profile not in profiles.known_keys():
            raise ValueError(f"source {self.name!r}: profile must be one of {', '.join(profiles.known_keys())}")


def upsert_source(conn: Connection, source: SourceConfig) -> bool:
    """Insert or update a source by name; True when it was new."""
    params = asdict(source) | {"headers": Jsonb(source.headers or {})}
    row = conn.execute(q("upsert_source"), params).fetchone()
    return bool(row and row["inserted"])


def remove_source(conn: Connection, name: str) -> bool:
    return conn.execute(q("delete_source"), {"name": name}).fetchone() is not None


def load_sources_file(path: Path, default_interval: int = DEFAULTS.default_interval) -> list[SourceConfig]:
    """Read ``[[source]]`` tables (name, url or feed_url, interval or poll_interval, ...) from a TOML file;
    a source without an interval is polled every ``default_interval`` seconds."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    known = {f.name for f in fields(SourceConfig)}
    configs = []
    for entry in data.get("source", []):
        item: dict[str, Any] = dict(entry)
        if "url" in item:
            item["feed_url"] = item.pop("url")
        if "interval" in item:
            item["poll_interval"] = item.pop("interval")
        item.setdefault("poll_interval", default_interval)
        unknown = set(item) - known
        if unknown:
            raise ValueError(f"{path}: unknown source settings {sorted(unknown)}")
        configs.append(SourceConfig(**item))
    names = [c.name for c in configs]
    if len(names) != len(set(names)):
        raise ValueError(f"{path}: a source name appears twice")
    return configs


def sync_sources(conn: Connection, configs: list[SourceConfig], *, prune: bool) -> dict[str, list[str]]:
    """Make the database's sources match ``configs``; with ``prune`` remove sources not in the file."""
    result: dict[str, list[str]] = {"added": [], "updated": [], "removed": []}
    for config in configs:
        result["added" if upsert_source(conn, config) else "updated"].append(config.name)
    if prune:
        wanted = {c.name for c in configs}
        for row in conn.execute(q("source_names")).fetchall():
            if row["name"] not in wanted and remove_source(conn, row["name"]):
                result["removed"].append(row["name"])
    return result
