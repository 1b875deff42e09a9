"""Settings: each declared once, read from the environment once into one frozen object, checked at start.

A declaration (:func:`setting`) names the environment variable, the kind of value it takes (which gives its
parser, the values it accepts and how the README shows it), the default and one line of help. The
:class:`Settings` fields, :meth:`Settings.from_env`, the validation and the README's configuration table
(:func:`markdown_table`, ``wirefeed settings --markdown``) all come from these declarations.

An empty variable counts as unset. A value the variable does not accept raises :class:`SettingsError`, whose
message is one line naming every bad variable and what it accepts. A connection string is shown, in that line
and anywhere else it is printed or logged, through :func:`redact`: its password masked.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import Any, Generic, TypeVar
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

T = TypeVar("T")
MASK = "***"
UNPARSEABLE = "(a connection string that does not parse, not shown)"


class SettingsError(ValueError):
    """An environment variable holds a value its setting does not accept (the message is one line)."""


# Kinds of value -----------------------------------------------------------------------------------------------


class Kind(Generic[T]):
    """How a setting's text is parsed, which values it accepts (and says so in words), how the README shows it."""

    @property
    def accepts(self) -> str:
        raise NotImplementedError

    def parse(self, text: str) -> T:
        """The value ``text`` spells; ValueError when it spells none."""
        raise NotImplementedError

    def valid(self, value: T) -> bool:
        raise NotImplementedError

    def text(self, value: T) -> str:
        """The value spelt as the environment variable would hold it."""
        return str(value)

    def show(self, value: T) -> str:
        """The value as the README's table shows it."""
        return f"`{self.text(value)}`" if self.text(value) else "empty"

    def masked(self, text: str) -> str:
        """``text`` as it may be printed or logged."""
        return text


_FLAG_SPELLINGS = dict.fromkeys(("1", "true", "yes", "on"), True) | dict.fromkeys(("0", "false", "no", "off"), False)


class Flag(Kind[bool]):
    """On or off, spelt clearly: a typo is an error, not a silent "off"."""

    @property
    def accepts(self) -> str:
        return "1/0, true/false, yes/no, on/off"

    def parse(self, text: str) -> bool:
        try:
            return _FLAG_SPELLINGS[text.lower()]
        except KeyError:
            raise ValueError(text) from None

    def valid(self, value: bool) -> bool:
        return isinstance(value, bool)

    def text(self, value: bool) -> str:
        return "on" if value else "off"

    def show(self, value: bool) -> str:
        return self.text(value)


@dataclass(frozen=True)
class Number(Kind[T]):
    """A whole (``int``) or real (``float``) number, at least ``low`` (above it when ``low_open``), in ``unit``."""

    type: type[T]
    low: float
    low_open: bool = False
    unit: str = ""

    @property
    def accepts(self) -> str:
        noun = "a whole number" if self.type is int else "a number"
        return f"{noun} {'>' if self.low_open else '>='} {self.low:g}" + (f" ({self.unit})" if self.unit else "")

    def parse(self, text: str) -> T:
        return self.type(text)  # type: ignore[call-arg]

    def valid(self, value: T) -> bool:
        kinds = (int,) if self.type is int else (int, float)
        if isinstance(value, bool) or not isinstance(value, kinds) or not math.isfinite(value):
            return False
        return value > self.low if self.low_open else value >= self.low

    def text(self, value: T) -> str:
        return f"{value:g}" if isinstance(value, float) else str(value)


@dataclass(frozen=True)
class Text(Kind[str]):
    """Text that ``pattern`` matches in full; ``says`` what that is in words."""

    pattern: str
    says: str

    @property
    def accepts(self) -> str:
        return self.says

    def parse(self, text: str) -> str:
        return text

    def valid(self, value: str) -> bool:
        return isinstance(value, str) and re.fullmatch(self.pattern, value) is not None


@dataclass(frozen=True)
class ConnectionString(Text):
    """A Text naming a server, perhaps with a password: masked wherever it is shown. With ``libpq``, it must also
    be a connection string libpq can read (whose own complaint may quote the password, so it is never shown)."""

    libpq: bool = False

    def valid(self, value: str) -> bool:
        return super().valid(value) and (not self.libpq or _libpq_reads(value))

    def masked(self, text: str) -> str:
        return redact(text)


@dataclass(frozen=True)
class Secret(Text):
    """A Text that is never shown: masked wherever it is printed or logged."""

    def masked(self, text: str) -> str:
        return MASK if text else text


def _libpq_reads(conninfo: str) -> bool:
    try:
        conninfo_to_dict(conninfo)
    except psycopg.Error:
        return False
    return True


def redact(conninfo: str) -> str:
    """``conninfo`` (a URL, or libpq's ``key=value`` form) with its password masked. One that does not parse is
    shown only if it cannot hold a password (no ``@``, no ``password``): its password cannot be told apart."""
    try:
        return _redact_url(conninfo) if "://" in conninfo else _redact_keywords(conninfo)
    except (ValueError, psycopg.Error):
        return UNPARSEABLE if "@" in conninfo or "password" in conninfo.lower() else conninfo


def _redact_url(url: str) -> str:
    parts = urlsplit(url)
    userinfo, at, hostport = parts.netloc.rpartition("@")
    user, colon, _ = userinfo.partition(":")
    query = parse_qsl(parts.query, keep_blank_values=True)
    if any(key == "password" for key, _ in query):
        parts = parts._replace(query=urlencode([(k, MASK if k == "password" else v) for k, v in query], safe="*"))
    return urlunsplit(parts._replace(netloc=f"{user}{colon and ':' + MASK}{at}{hostport}"))


def _redact_keywords(conninfo: str) -> str:
    params = conninfo_to_dict(conninfo)
    if "password" not in params:
        return conninfo
    return make_conninfo("", **(params | {"password": MASK}))


def scrub(message: str, conninfo: str) -> str:
    """A driver's ``message`` with the password of ``conninfo`` masked, should the message quote it (as written
    or percent-decoded)."""
    secret = _password(conninfo)
    for form in {secret, unquote(secret)} if secret else ():
        message = message.replace(form, MASK)
    return message


def _password(conninfo: str) -> str | None:
    try:
        secret = urlsplit(conninfo).password if "://" in conninfo else conninfo_to_dict(conninfo).get("password")
    except (ValueError, psycopg.Error):
        return None
    return str(secret) if secret else None


class HostPorts(Kind[tuple[str, ...]]):
    """Comma-separated ``host:port`` pairs, lower-cased like the host of a parsed URL they are compared with."""

    @property
    def accepts(self) -> str:
        return "comma-separated host:port pairs"

    def parse(self, text: str) -> tuple[str, ...]:
        return tuple(item.strip().lower() for item in text.split(",") if item.strip())

    def valid(self, value: tuple[str, ...]) -> bool:
        return isinstance(value, tuple) and all(re.fullmatch(r"[^\s,/]+:\d{1,5}", item) for item in value)

    def text(self, value: tuple[str, ...]) -> str:
        return ",".join(value)


@dataclass(frozen=True)
class OrForever(Kind[float | None]):
    """A number of days, or ``forever`` (None): nothing is ever pruned."""

    days: Number[float]

    @property
    def accepts(self) -> str:
        return f"{self.days.accepts}, or forever"

    def parse(self, text: str) -> float | None:
        return None if text.lower() == "forever" else self.days.parse(text)

    def valid(self, value: float | None) -> bool:
        return value is None or self.days.valid(value)

    def text(self, value: float | None) -> str:
        return "forever" if value is None else self.days.text(value)


SECONDS = Number(float, 0, low_open=True, unit="seconds")
WHOLE_SECONDS = Number(int, 1, unit="seconds")
DAYS = Number(float, 0, low_open=True, unit="days")
DAYS_OR_FOREVER = OrForever(DAYS)


# Declarations ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Declaration(Generic[T]):
    """One setting: the environment variable that sets it, its kind of value, its default, one line of help."""

    env: str
    kind: Kind[T]
    default: T
    help: str

    def complaint(self, shown: str) -> str:
        return f"{self.env}={shown}: expected {self.kind.accepts}"

    def check(self, value: T) -> str | None:
        """None when ``value`` is accepted, else the one-line complaint naming the variable."""
        if self.kind.valid(value):
            return None
        return self.complaint(repr(self.kind.masked(value) if isinstance(value, str) else value))

    def read(self, text: str) -> T:
        """The value of the variable's ``text``; SettingsError (one line) when it is not accepted."""
        try:
            value = self.kind.parse(text)
        except ValueError:
            raise SettingsError(self.complaint(repr(self.kind.masked(text)))) from None
        if not self.kind.valid(value):
            raise SettingsError(self.complaint(repr(self.kind.masked(text))))
        return value

    def shown(self, value: T) -> str:
        """The value as ``wirefeed settings`` prints it: as the variable would hold it, any password masked."""
        return self.kind.masked(self.kind.text(value))


def setting(env: str, kind: Kind[T], default: T, help: str) -> T:
    """A Settings field declared once: its environment variable, kind, default and one line of help."""
    return field(default=default, metadata={"setting": Declaration(env, kind, default, help)})


@dataclass(frozen=True)
class Settings:
    """Every setting of the service; ``Settings()`` holds the defaults, ``from_env`` reads the environment."""

    database_url: str = setting(
        "DATABASE_URL",
        ConnectionString(r"postgres(ql)?://\S*|\S+=.*", "a postgresql:// URL or a libpq conninfo string", libpq=True),
        "postgresql://postgres@127.0.0.1:5432/wirefeed",
        "the PostgreSQL database",
    )
    redis_url: str = setting(
        "REDIS_URL",
        ConnectionString(r"(redis|rediss|unix)://\S+", "a redis://, rediss:// or unix:// URL"),
        "redis://127.0.0.1:6379/0",
        "the Celery broker, the shared rate limits and the robots.txt cache",
    )
    redis_prefix: str = setting(
        "WIREFEED_REDIS_PREFIX",
        Text(r"[A-Za-z0-9_.:-]+", "letters, digits and _ . : -"),
        "wirefeed:",
        "starts every Redis key wirefeed writes (the broker's queues, rate buckets, robots.txt cache): "
        "installations sharing a Redis database each need their own",
    )
    queue: str = setting(
        "WIREFEED_QUEUE",
        Text(r"[A-Za-z0-9_.-]+", "letters, digits and _ . -"),
        "wirefeed",
        "the Celery queue that beat and the tasks send to and that `wirefeed worker`/`run` consume",
    )
    user_agent: str = setting(
        "WIREFEED_USER_AGENT",
        Text(r"[^\x00-\x1f\x7f]+", "one line of text"),
        "wirefeed/0.1 (+https://github.com/wirefeed/wirefeed; ops@wirefeed.invalid)",
        "User-Agent sent everywhere; **put your contact address in it**. A source may override it",
    )
    allow_private_addresses: bool = setting(
        "WIREFEED_ALLOW_PRIVATE_ADDRESSES",
        Flag(),
        False,
        "allow sources and article links that resolve to loopback/private/link-local/reserved addresses "
        "(refused by default; the tests and the demo turn it on)",
    )
    private_allowlist: tuple[str, ...] = setting(
        "WIREFEED_PRIVATE_ALLOWLIST",
        HostPorts(),
        (),
        "`host:port` pairs allowed although private (an intranet feed)",
    )
    per_host_rps: float = setting(
        "WIREFEED_PER_HOST_RPS",
        Number(float, 0, low_open=True),
        1.0,
        "requests per second per host, shared by all workers; a source's `per_host_rps` overrides it",
    )
    max_rate_wait: float = setting(
        "WIREFEED_MAX_RATE_WAIT",
        Number(float, 0, unit="seconds"),
        10.0,
        "a worker waits at most this long for a host slot; longer waits become a task retry",
    )
    robots_ttl: int = setting("WIREFEED_ROBOTS_TTL", WHOLE_SECONDS, 86400, "robots.txt cache lifetime")
    connect_timeout: float = setting("WIREFEED_CONNECT_TIMEOUT", SECONDS, 10.0, "per connection attempt")
    read_timeout: float = setting("WIREFEED_READ_TIMEOUT", SECONDS, 30.0, "per socket read")
    total_timeout: float = setting(
        "WIREFEED_TOTAL_TIMEOUT",
        SECONDS,
        120.0,
        "whole download of a response, redirects included; checked after every socket read, so a server "
        "trickling bytes is cut off mid-body (at most one read timeout late) and the failure keeps its HTTP status",
    )
    max_page_bytes: int = setting(
        "WIREFEED_MAX_PAGE_BYTES",
        Number(int, 1, unit="bytes"),
        10 * 1024 * 1024,
        "bodies are streamed and aborted past this size (after gzip decoding)",
    )
    pause_after_failures: int = setting(
        "WIREFEED_PAUSE_AFTER_FAILURES", Number(int, 1), 10, "failed polls in a row before a source is paused"
    )
    pause_seconds: int = setting(
        "WIREFEED_PAUSE_SECONDS",
        WHOLE_SECONDS,
        3600,
        "cool-down of a paused source before it resumes by itself: at least this, or the current backoff if longer",
    )
    max_backoff_seconds: int = setting(
        "WIREFEED_MAX_BACKOFF_SECONDS",
        WHOLE_SECONDS,
        6 * 3600,
        "cap of the backoff between failed polls",
    )
    adaptive_interval: bool = setting(
        "WIREFEED_ADAPTIVE_INTERVAL", Flag(), True, "fit each source's poll interval to its publishing rate"
    )
    tick_seconds: float = setting(
        "WIREFEED_TICK_SECONDS",
        SECONDS,
        1.0,
        "how often beat looks for due sources: a source is polled at most this late (two cheap queries when none is "
        "due)",
    )
    task_events: bool = setting(
        "WIREFEED_TASK_EVENTS",
        Flag(),
        False,
        "workers send Celery's task events from the start (Flower turns them on while it runs): a few Redis writes "
        "per task, about 2 ms of the worker's CPU",
    )
    default_interval: int = setting(
        "WIREFEED_DEFAULT_INTERVAL",
        Number(int, 10, unit="seconds"),  # the schema's CHECK on sources.poll_interval
        300,
        "poll interval of a source added (`sources add`, `sources sync`) without one",
    )
    db_pool_size: int = setting("WIREFEED_DB_POOL_SIZE", Number(int, 1), 4, "connections per worker process")
    db_connect_timeout: int = setting(
        "WIREFEED_DB_CONNECT_TIMEOUT",
        Number(int, 2, unit="seconds"),  # libpq counts whole seconds and takes less than 2 as 2
        5,
        "a connection attempt to PostgreSQL, and a wait for a pooled connection, give up after this: an "
        "unreachable server fails a try in seconds, and the task is retried",
    )
    broker_visibility_timeout: int = setting(
        "WIREFEED_BROKER_VISIBILITY_TIMEOUT",
        WHOLE_SECONDS,  # a fault test sets it short to see a killed worker's tasks come back sooner
        900,
        "a task taken by a worker that died without acknowledging it (SIGKILL, power loss) goes back to the queue "
        "after this; keep it above the longest task (6 minutes) plus the longest retry countdown (a minute), or "
        "a task still running or waiting for its countdown is run a second time (harmless, but wasted)",
    )
    dedup_window_days: float = setting(
        "WIREFEED_DEDUP_WINDOW_DAYS",
        DAYS,
        7.0,
        "near-duplicate keys older than this are pruned hourly: older stories take no new copies",
    )
    listing_retention_days: float = setting(
        "WIREFEED_LISTING_RETENTION_DAYS",
        DAYS,
        30.0,
        "raw listings (`listing_fetches`) older than this are pruned hourly, except the last body read of each "
        "listing URL",
    )
    fetch_lease_seconds: int = setting(
        "WIREFEED_FETCH_LEASE_SECONDS",
        Number(int, 10, unit="seconds"),
        300,
        "a fetch task holds its pending row (`pending_fetches`) this long; an open row nobody holds, handed to "
        "the broker longer ago than this, is handed again by the beat tick (a lost Redis queue, a killed worker). "
        "Keep it above the longest fetch (`WIREFEED_TOTAL_TIMEOUT` + `WIREFEED_MAX_RATE_WAIT` + parsing)",
    )
    pending_retention_days: float = setting(
        "WIREFEED_PENDING_RETENTION_DAYS",
        DAYS,
        14.0,
        "closed pending fetches (`pending_fetches`) older than this are pruned hourly",
    )
    page_retention_days: float | None = setting(
        "WIREFEED_PAGE_RETENTION_DAYS",
        DAYS_OR_FOREVER,
        None,
        "raw article pages (`pages`) fetched longer ago than this lose their body hourly (the row stays), except "
        "the page of each article's latest version: superseded versions and identical re-fetches go",
    )
    change_retention_days: float | None = setting(
        "WIREFEED_CHANGE_RETENTION_DAYS",
        DAYS_OR_FOREVER,
        90.0,
        "change feed rows (`changes`) older than this are pruned hourly; a consumer behind the pruned ids is "
        "told so (`wirefeed_v1.changes_pruned`)",
    )

    metrics_port: int = setting(
        "WIREFEED_METRICS_PORT",
        Number(int, 0),
        9808,
        "TCP port of the Prometheus metrics of `wirefeed worker`, `beat` and `run`, on every interface (0: none); "
        'README "Monitoring"',
    )
    log_format: str = setting(
        "WIREFEED_LOG_FORMAT",
        Text(r"text|json", "text or json"),
        "text",
        "the log lines of workers and beat: readable text, or one JSON object per line (task id, source, URL, "
        "stage, outcome, duration)",
    )
    web_database_url: str = setting(
        "WIREFEED_WEB_DATABASE_URL",
        ConnectionString(r"(postgres(ql)?://\S*|\S+=.*)?", "empty, a postgresql:// URL or libpq conninfo", libpq=True),
        "",
        "the database `wirefeed web` reads, as a role that may read the tables `sources` and `pages` and schema "
        "`wirefeed_v1` (empty: `DATABASE_URL`); its sessions are read-only whatever the role",
    )
    web_token: str = setting(
        "WIREFEED_WEB_TOKEN",
        Secret(r"([!-~]{16,})?", "empty, or at least 16 printable ASCII characters without spaces"),
        "",
        "when set, every request to `wirefeed web` must carry it (`Authorization: Bearer ...`, or `?token=...` once "
        "in a browser); required to listen on an address other than loopback",
    )

    def __post_init__(self) -> None:
        complaints = [c for name, d in declarations() if (c := d.check(getattr(self, name)))]
        if complaints:
            raise SettingsError("; ".join(complaints))

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """The settings given by ``env`` (default: the process's environment); SettingsError on a bad value."""
        source = os.environ if env is None else env
        values: dict[str, Any] = {}
        complaints: list[str] = []
        for name, declaration in declarations():
            text = source.get(declaration.env, "").strip()
            try:
                if text:
                    values[name] = declaration.read(text)
            except SettingsError as exc:
                complaints.append(str(exc))
        if complaints:
            raise SettingsError("; ".join(complaints))
        return cls(**values)


def declarations() -> tuple[tuple[str, Declaration[Any]], ...]:
    """Every setting as (field name, declaration), in the order of the table."""
    return tuple((f.name, f.metadata["setting"]) for f in fields(Settings))


DEFAULTS = Settings()


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, read from the environment on first use (SettingsError on a bad value)."""
    return Settings.from_env()


def markdown_table() -> str:
    """The README's configuration table, generated from the declarations."""
    rows = ["| variable | default | accepts | meaning |", "|---|---|---|---|"]
    for _, d in declarations():
        cells = (f"`{d.env}`", d.kind.show(d.default), d.kind.accepts, d.help)
        rows.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(rows) + "\n"
