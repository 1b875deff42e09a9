"""Managing sources: add, remove, and sync from a TOML file kept in version control."""

from __future__ import annotations

import re
import tomllib
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, get_args, get_origin, get_type_hints
from urllib.parse import urlsplit

import soupsieve
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
        if not self.name.strip():
            raise ValueError("a source's name is empty: give it a name")
        if self.kind not in KINDS:
            raise ValueError(f"source {self.name!r}: kind must be one of {', '.join(KINDS)}")
        if self.poll_interval < 10:
            raise ValueError(f"source {self.name!r}: poll interval must be at least 10 seconds")
        self._check_feed_url()
        self._check_politeness()

    def _check_feed_url(self) -> None:
        try:
            parts = urlsplit(self.feed_url)
            parts.port  # noqa: B018 - raises ValueError on a port out of range
        except ValueError as exc:
            raise ValueError(f"source {self.name!r}: feed URL {self.feed_url!r} is not a URL: {exc}") from exc
        if parts.scheme not in ("http", "https"):
            raise ValueError(f"source {self.name!r}: feed URL must be http:// or https://, got {self.feed_url!r}")
        if not parts.hostname:
            raise ValueError(
                f"source {self.name!r}: feed URL {self.feed_url!r} has no host: "
                "give the whole listing URL, as https://wire.example.org/rss"
            )

    def _check_politeness(self) -> None:
        try:
            re.compile(self.url_pattern or "")
        except re.error as exc:
            raise ValueError(
                f"source {self.name!r}: url_pattern {self.url_pattern!r} is not a regular expression: {exc}"
            ) from exc
        try:
            soupsieve.compile(self.link_selector or "*")
        except soupsieve.SelectorSyntaxError as exc:
            first = str(exc).splitlines()[0]
            raise ValueError(
                f"source {self.name!r}: link_selector {self.link_selector!r} is not a CSS selector: {first}"
            ) from exc
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
    a source without an interval is polled every ``default_interval`` seconds. ValueError (one line, starting
    with the file's name) on a file that is not TOML, an unknown key, a value of the wrong type or a bad value."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: cannot read it as TOML text: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: not valid TOML: {exc}") from None
    entries = data.get("source", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ValueError(f"{path}: sources are [[source]] tables")
    try:
        configs = [_source_config(entry, n, default_interval) for n, entry in enumerate(entries, 1)]
    except ValueError as exc:
        raise ValueError(f"{path}: {exc}") from None
    names = [c.name for c in configs]
    if len(names) != len(set(names)):
        raise ValueError(f"{path}: a source name appears twice")
    return configs


_ALIASES = {"url": "feed_url", "interval": "poll_interval"}
_REQUIRED = {"name": "name", "feed_url": "url"}
_TOML_TYPES = ((bool, "boolean"), (int, "integer"), (float, "float"), (str, "string"), (dict, "table"), (list, "array"))
_WANTED = {bool: "a boolean (true or false)", int: "an integer", float: "a number", str: "a string", dict: "a table"}


def _source_config(entry: dict[str, Any], number: int, default_interval: int) -> SourceConfig:
    """The source one ``[[source]]`` table describes (the ``number``-th of its file)."""
    name = entry.get("name")
    label = f"source {name!r}" if isinstance(name, str) and name.strip() else f"source #{number}"
    hints = get_type_hints(SourceConfig)
    item: dict[str, Any] = {}
    for key, value in entry.items():
        field_name = _ALIASES.get(key, key)
        if field_name not in hints:
            raise ValueError(f"{label}: unknown source setting {key!r} (known: {', '.join(sorted(hints))})")
        wanted = _wanted_types(hints[field_name])
        if not _is_a(value, wanted):
            raise ValueError(f"{label}: {key} must be {_WANTED[wanted[-1]]}, got {_toml_type(value)}")
        item[field_name] = value
    missing = [key for field_name, key in _REQUIRED.items() if field_name not in item]
    if missing:
        raise ValueError(f"{label}: {' and '.join(missing)} missing: every [[source]] needs a name and a url")
    return SourceConfig(**({"poll_interval": default_interval} | item))


def _wanted_types(hint: Any) -> tuple[type, ...]:
    """The Python types a field of type ``hint`` takes from TOML, the one to name last (a float takes an int)."""
    types = tuple(get_origin(t) or t for t in (get_args(hint) or (hint,)) if t is not type(None))
    return (int, float) if float in types else types


def _is_a(value: Any, wanted: tuple[type, ...]) -> bool:
    return isinstance(value, wanted) and (bool in wanted or not isinstance(value, bool))


def _toml_type(value: Any) -> str:
    return next((name for kind, name in _TOML_TYPES if isinstance(value, kind)), type(value).__name__)


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
