"""The ``wirefeed`` command line."""

from __future__ import annotations

import ipaddress
import json
import os
import signal
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, NoReturn

import click

from worker import database as db
from worker.database.ready import check_server
from worker.runtime.preflight import NotReady, require
from worker.runtime.settings import SettingsError, declarations, get_settings, markdown_table, redact


class Refusal(click.ClickException):
    """Ends a command with one line on stderr, ``wirefeed: <message>``, and status 1: whatever the message, it is
    printed on one line."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))

    def show(self, file: Any = None) -> None:
        click.echo(f"wirefeed: {self.message}", err=True)


class Misuse(Refusal):
    """A Refusal of a usage or settings mistake: status 2."""

    exit_code = 2


def _fail(message: str) -> NoReturn:
    raise Refusal(message)


def _ready(*, database: bool = False, broker: bool = False) -> None:
    """Stop here, with one line, unless the services the command needs are ready (worker.runtime.preflight)."""
    require(get_settings(), database=database, broker=broker)


@contextmanager
def _database() -> Iterator[db.Connection]:
    """A pooled connection to a database checked ready first: one line when it is not, not the pool's retries."""
    _ready(database=True)
    with db.connection() as conn:
        yield conn


class _ListingKinds(click.Choice[str]):
    """The listing kinds a source takes, read from the parser only when a command line is checked or its help
    shown: importing the parser would double the start-up of every command, and so the time to say what is wrong."""

    def __init__(self) -> None:
        self.case_sensitive = True

    @property  # read-only: nothing sets it once click.Choice.__init__ is skipped
    def choices(self) -> tuple[str, ...]:  # type: ignore[override]
        from parsers.listings import KINDS

        return KINDS


def _usage(exc: click.UsageError) -> click.UsageError | Misuse:
    """A usage mistake as one line; a command run bare still shows its help."""
    if isinstance(exc, click.exceptions.NoArgsIsHelpError):
        return exc
    where = f" (see `{exc.ctx.command_path} --help`)" if exc.ctx else ""
    return Misuse(exc.format_message() + where)


# Commands that live outside production code (the developer tools) are found here by name and imported only
# when run, so a worker or a `wirefeed db init` never imports them (tests/unit/test_layers.py holds that wall).
COMMANDS_GROUP = "wirefeed.commands"


class _PluggableGroup(click.Group):
    """Click's lazy-loading group: the commands of the ``wirefeed.commands`` entry points join the built-in ones.
    Every mistake an operator can make ends the command with one line (:class:`Refusal`): a bad setting, wherever
    it is read, or a usage error (:class:`Misuse`), a service that is not ready or fails."""

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        try:
            return super().make_context(*args, **kwargs)
        except click.UsageError as exc:
            raise _usage(exc) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SettingsError as exc:
            raise Misuse(str(exc)) from None
        except click.UsageError as exc:
            raise _usage(exc) from None
        except (NotReady, db.DatabaseError) as exc:
            raise Refusal(str(exc)) from None
        except click.ClickException as exc:
            raise exc if isinstance(exc, Refusal) else Refusal(exc.format_message()) from None

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *(ep.name for ep in entry_points(group=COMMANDS_GROUP))})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            return command
        for ep in entry_points(group=COMMANDS_GROUP, name=cmd_name):
            loaded = ep.load()
            if not isinstance(loaded, click.Command):
                raise TypeError(f"entry point {ep.value} is not a click command")
            return loaded
        return None


@click.group(cls=_PluggableGroup)
def main() -> None:
    """wirefeed: poll wire sources, fetch and parse articles, store stories in PostgreSQL."""
    get_settings()  # every command checks the settings at start, before it does anything


@main.command("settings")
@click.option("--markdown", is_flag=True, help="Print the README's configuration table instead.")
def settings_cmd(markdown: bool) -> None:
    """The settings in effect, from the environment (passwords hidden)."""
    if markdown:
        click.echo(markdown_table(), nl=False)
        return
    settings = get_settings()
    for name, declaration in declarations():
        click.echo(f"{declaration.env}={declaration.shown(getattr(settings, name))}")


# db ----------------------------------------------------------------------------------------------


@main.group("db")
def db_group() -> None:
    """Database schema."""


@db_group.command("init")
def db_init() -> None:
    """Create the database if needed and apply schema.sql (idempotent)."""
    url = get_settings().database_url
    check_server(url)
    created = db.ensure_database(url)
    version = db.apply_schema(url)
    click.echo(f"{'created' if created else 'database exists'}: {redact(url)}; schema version {version}")


# sources -----------------------------------------------------------------------------------------


@main.group("sources")
def sources_group() -> None:
    """Configured wire sources."""


def _header_pairs(values: tuple[str, ...]) -> dict[str, str]:
    pairs = {}
    for value in values:
        name, sep, content = value.partition(":")
        if not sep or not name.strip():
            _fail(f"--header wants 'Name: value', got {value!r}")
        pairs[name.strip()] = content.strip()
    return pairs


@sources_group.command("add")
@click.argument("name")
@click.argument("url")
@click.option("--interval", type=click.IntRange(min=10), default=None, help="Seconds between polls.")
@click.option("--kind", type=_ListingKinds(), default="auto")
@click.option("--url-pattern", default=None, help="Regex an article URL must match.")
@click.option("--link-selector", default=None, help="CSS selector of article links (kind html).")
@click.option(
    "--profile",
    default=None,
    help="Site profile for its articles (apnews, afp… or generic; default: by each page's host).",
)
@click.option("--user-agent", default=None, help="User-Agent for this source instead of the global one.")
@click.option("--header", "headers", multiple=True, metavar="'NAME: VALUE'", help="Extra request header.")
@click.option(
    "--rps",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    help="Requests per second to its hosts instead of WIREFEED_PER_HOST_RPS.",
)
@click.option("--ignore-robots", is_flag=True, help="Licensed feed: do not obey robots.txt.")
@click.option(
    "--revisit-recent",
    type=click.IntRange(min=0),
    default=0,
    help="Re-fetch (conditionally) this many recent articles on each poll.",
)
@click.option("--disabled", is_flag=True, help="Add it without polling it.")
def sources_add(
    name: str,
    url: str,
    interval: int | None,
    headers: tuple[str, ...],
    rps: float | None,
    disabled: bool,
    **options: Any,
) -> None:
    """Add (or update) source NAME polling listing URL."""
    from worker.ingest.sources import SourceConfig, upsert_source

    try:
        config = SourceConfig(
            name=name,
            feed_url=url,
            poll_interval=interval or get_settings().default_interval,
            headers=_header_pairs(headers),
            per_host_rps=rps,
            enabled=not disabled,
            **options,
        )
    except ValueError as exc:
        _fail(str(exc))
    with _database() as conn:
        new = upsert_source(conn, config)
    click.echo(f"{'added' if new else 'updated'} source {name}")


@sources_group.command("discover")
@click.argument("url")
def sources_discover(url: str) -> None:
    """List the feeds and sitemaps a site announces (its page's <link rel=alternate>, its robots.txt)."""
    from worker.ingest.discovery import discover
    from worker.network.http import FetchError
    from worker.network.politeness import polite_fetcher

    try:
        found = discover(polite_fetcher(get_settings()), url)
    except FetchError as exc:
        _fail(f"cannot read {url}: {exc.kind}: {exc}")
    for kind, listing in found:
        click.echo(f"{kind:8} {listing}")
    if not found:
        click.echo("no feed or sitemap announced")


@sources_group.command("remove")
@click.argument("name")
def sources_remove(name: str) -> None:
    """Remove source NAME (its articles stay)."""
    from worker.ingest.sources import remove_source

    with _database() as conn:
        if not remove_source(conn, name):
            _fail(f"no source named {name!r}")
    click.echo(f"removed source {name}")


@sources_group.command("list")
@click.option("--wide", is_flag=True, help="Show every column whole (errors, reasons and URLs are cut otherwise).")
@click.option("--json", "as_json", is_flag=True, help="One JSON array of the sources with their health, for scripts.")
def sources_list(wide: bool, as_json: bool) -> None:
    """Sources with their health: state, effective interval, times with date and zone, why one needs attention."""
    from worker.database import health
    from worker.ingest.health import source_health
    from worker.runtime.screen import sources_table

    with _database() as conn:
        rows = health.sources(conn)
    adaptive = get_settings().adaptive_interval
    judged = [(row, source_health(row, adaptive)) for row in rows]
    if as_json:
        listed = [dict(row) | {"health": asdict(health_of) | {"label": health_of.label}} for row, health_of in judged]
        click.echo(json.dumps(listed, ensure_ascii=False, default=_json_value))
        return
    click.echo(sources_table(judged, wide))


@sources_group.command("show")
@click.argument("name")
def sources_show(name: str) -> None:
    """Everything about source NAME: its state, why its interval is what it is, its last error in full."""
    from worker.database import health
    from worker.ingest.health import source_health
    from worker.runtime.screen import source_detail

    with _database() as conn:
        rows = health.sources(conn, name)
        if not rows:
            _fail(f"no source named {name!r}")
        articles = health.article_count(conn, rows[0]["id"])
    click.echo(source_detail(rows[0], source_health(rows[0], get_settings().adaptive_interval), articles))


@sources_group.command("sync")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--prune", is_flag=True, help="Also remove sources that are not in FILE.")
def sources_sync(file: Path, prune: bool) -> None:
    """Make the sources match a TOML file of [[source]] tables."""
    from worker.ingest.sources import load_sources_file, sync_sources

    try:
        configs = load_sources_file(file, get_settings().default_interval)
    except ValueError as exc:
        _fail(str(exc))
    with _database() as conn:
        result = sync_sources(conn, configs, prune=prune)
    for key, names in result.items():
        if names:
            click.echo(f"{key}: {', '.join(names)}")


@sources_group.command("resume")
@click.argument("name")
def sources_resume(name: str) -> None:
    """Resume a paused source now."""
    from worker.ingest import schedule

    with _database() as conn:
        resume = {"name": name, "next_poll_at": schedule.resumed(datetime.now(UTC))}
        if not conn.execute(db.q("resume_source"), resume).fetchone():
            _fail(f"no source named {name!r}")
    click.echo(f"resumed {name}")


def _ago(when: datetime | None) -> str:
    if when is None:
        return "never"
    seconds = int((datetime.now(when.tzinfo) - when).total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size}{unit} ago"
    return f"{seconds}s ago"


# polling and workers -----------------------------------------------------------------------------


@main.command("poll")
@click.argument("name")
@click.option("--inline", is_flag=True, help="Run the poll and the fetches it triggers here, to completion.")
def poll(name: str, inline: bool) -> None:
    """Poll source NAME now (enqueue it, or run it inline)."""
    with _database() as conn:
        source = conn.execute(db.q("source_by_name"), {"name": name}).fetchone()
    if source is None:
        _fail(f"no source named {name!r}")
    if not inline:
        from worker.runtime.tasks import poll_source

        _ready(broker=True)
        poll_source.delay(source["id"])
        click.echo(f"enqueued a poll of {name}")
        return
    from worker.database.states import PollOutcome
    from worker.runtime.inline import poll_inline

    summary = poll_inline(source["id"], get_settings())
    click.echo(summary.render())
    if summary.poll.status is PollOutcome.FAILED:
        sys.exit(1)


def _celery(args: list[str]) -> None:
    from worker.runtime import exporter, logs
    from worker.runtime.celery_app import app

    logs.before_celery(get_settings())
    if "worker" in args:  # before Celery imports the tasks: their metrics are summed over the pool's processes
        exporter.prepare_multiprocess_dir(get_settings())

    # JSON logs: every line an object, no start-up banner among them.
    quiet = ["--quiet"] if get_settings().log_format == "json" and "--quiet" not in args else []
    app.start([*quiet, *args])


def _schedule_file() -> str:
    """Beat's state file, one per user and queue, so that two installations on one machine keep theirs apart."""
    return os.path.join(tempfile.gettempdir(), f"wirefeed-beat-{os.getuid()}-{get_settings().queue}")


@main.command("worker")
@click.option("--concurrency", type=click.IntRange(min=1), default=None, help="Worker processes.")
@click.option("--loglevel", default="INFO")
def worker_cmd(concurrency: int | None, loglevel: str) -> None:
    """Run a Celery worker (scale by running more of them)."""
    _ready(database=True, broker=True)
    extra = [f"--concurrency={concurrency}"] if concurrency else []
    _celery(["worker", f"--loglevel={loglevel}", "-Q", get_settings().queue, *extra])


@main.command("beat")
@click.option("--loglevel", default="INFO")
def beat_cmd(loglevel: str) -> None:
    """Run Celery beat: the tick that enqueues due sources (run exactly one)."""
    _ready(broker=True)
    _celery(["beat", f"--loglevel={loglevel}", f"--schedule={_schedule_file()}"])


@main.command("run")
@click.option("--concurrency", type=click.IntRange(min=1), default=None)
@click.option("--loglevel", default="INFO")
@click.option("--quiet", is_flag=True, help="No start-up banner.")
def run_cmd(concurrency: int | None, loglevel: str, quiet: bool) -> None:
    """Run a worker with beat embedded (one process tree for a small installation)."""
    _ready(database=True, broker=True)
    extra = [f"--concurrency={concurrency}"] if concurrency else []
    banner = ["--quiet"] if quiet else []
    queue = get_settings().queue
    _celery([*banner, "worker", "-B", f"--schedule={_schedule_file()}", f"--loglevel={loglevel}", "-Q", queue, *extra])


# parsing and reading -----------------------------------------------------------------------------


@main.command("parse")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--url", required=True, help="URL the page was fetched from.")
@click.option("--profile", default=None, help="Site profile to apply (default: chosen by the URL's host).")
def parse_cmd(file: Path, url: str, profile: str | None) -> None:
    """Parse a saved page (gzip when its name ends .gz) and print the article as JSON."""
    from parsers import ParseError, parse_article

    try:
        article = parse_article(_saved_page(file), url, profile=profile)
    except (ParseError, ValueError) as exc:
        _fail(f"cannot parse {file}: {exc}: give a saved HTML page")
    click.echo(json.dumps(article.to_dict(), ensure_ascii=False, indent=2))


def _saved_page(file: Path) -> bytes:
    """The bytes of ``file``, inflated when it is named .gz (no more than the parser takes, then one byte)."""
    import gzip
    import io
    import zlib

    from parsers.article.document import MAX_BYTES

    try:
        data = file.read_bytes()
    except OSError as exc:
        _fail(f"cannot read {file}: {exc.strerror or exc}: check the path and its permissions")
    if file.suffix != ".gz":
        return data
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as inflated:
            return inflated.read(MAX_BYTES + 1)
    except (OSError, EOFError, zlib.error) as exc:
        _fail(f"{file} is not a gzip file ({exc}): give the page itself, or name it without .gz")


@main.command("reparse")
@click.option("--source", default=None, help="Only pages of this source (by name).")
@click.option(
    "--since",
    type=click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]),
    default=None,
    help="Only pages fetched since this time (UTC).",
)
def reparse_cmd(source: str | None, since: datetime | None) -> None:
    """Re-parse stored pages with the current parser, without fetching; new versions only where changed."""
    from worker.ingest.reparse import reparse

    _ready(database=True)
    counts = reparse(get_settings(), source, since.replace(tzinfo=UTC) if since else None)
    total = sum(counts.values())
    detail = ", ".join(f"{outcome} {n}" for outcome, n in sorted(counts.items()))
    click.echo(f"re-parsed {total} pages" + (f": {detail}" if detail else ""))


@main.command("articles")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@click.option("--source", default=None, help="Only the articles of the source with this name.")
@click.option(
    "--story", "story_id", type=click.IntRange(min=1), default=None, help="Only the articles of this story id."
)
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]),
    default=None,
    help="Only articles first seen at or after this time (UTC).",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON array of the articles, for scripts.")
def articles_cmd(limit: int, source: str | None, story_id: int | None, since: datetime | None, as_json: bool) -> None:
    """The latest stored articles, newest first: ids, URL, headline, dateline, byline, photos, times, relation."""
    from worker.runtime.tables import articles_console

    params = {
        "limit": limit,
        "source": source,
        "story_id": story_id,
        "since": since.replace(tzinfo=UTC) if since else None,
    }
    with _database() as conn:
        rows = conn.execute(db.q("articles_listed"), params).fetchall()
    if as_json:
        click.echo(json.dumps([dict(row) for row in rows], ensure_ascii=False, default=_json_value))
    else:
        click.echo(articles_console(rows), nl=False)


@main.command("status")
@click.option("--json", "as_json", is_flag=True, help="The report as one JSON object, for scripts.")
def status_cmd(as_json: bool) -> None:
    """The service at a glance: workers and beat alive, queue depth, ingest rate, sources needing attention,
    recent failures, database size. Exit status 1 when something needs attention (a health check)."""
    from worker.runtime.screen import status_screen
    from worker.runtime.status import gather

    report = gather(get_settings())
    click.echo(json.dumps(report, ensure_ascii=False, default=_json_value) if as_json else status_screen(report))
    if not report["ok"]:
        sys.exit(1)


@main.command("stats")
@click.option("--json", "as_json", is_flag=True, help="The figures as one JSON object, for scripts.")
def stats_cmd(as_json: bool) -> None:
    """Counts of sources, stories, articles, versions, pages, listing bodies kept, and failures (≈: the server's
    estimate of a big table, not a count); then the backlog: the fetches still pending, by source."""
    from worker.database import health, pending
    from worker.health import stamp

    with _database() as conn:
        figures = health.stats(conn)
        backlog = pending.backlog(conn)
    if as_json:
        report = {
            "figures": {key: {"value": f.value, "estimated": f.estimated} for key, f in figures.items()},
            "backlog": [dict(row) for row in backlog],
        }
        click.echo(json.dumps(report, ensure_ascii=False, default=_json_value))
        return
    for key, figure in figures.items():
        value = stamp(figure.value) if key == "last_article_at" else figure.value
        click.echo(f"{key:>16}: {'≈ ' if figure.estimated else ''}{value}")
    click.echo(f"{'pending_fetches':>16}: {sum(r['open'] for r in backlog)}")
    for r in backlog:
        click.echo(
            f"{'':>18}{r['source']}: {r['open']} pending ({r['due']} due, {r['failing']} failing), "
            f"oldest seen {stamp(r['oldest'])} ({_ago(r['oldest'])})"
        )


@main.command("changes")
@click.option("--since", "last", type=click.IntRange(min=0), default=0, help="Only changes after this change id.")
@click.option("--follow", is_flag=True, help="Keep streaming changes as they commit, until Ctrl-C.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["json", "ninjs"]),
    default="json",
    help="json: the change rows; ninjs: each change's article as an IPTC ninjs item.",
)
@click.option("--ninjs-version", type=click.Choice(("2.2", "3.1")), default="2.2", show_default=True)
def changes_cmd(last: int, follow: bool, output_format: str, ninjs_version: str) -> None:
    """The change feed: every new article, new version, story merge and relation change after change id SINCE, in
    commit order, one JSON object per line. Resume with --since the last id you handled."""
    from worker.database import changes

    echo = _echo_changes if output_format == "json" else _ninjs_changes(ninjs_version)
    stopped_by = signal.signal(signal.SIGTERM, signal.default_int_handler)  # a supervisor's stop is a Ctrl-C
    try:
        with _stdout_pipe(), _feed_horizon("take the articles' state from `wirefeed export`"):
            if follow:
                _ready(database=True)
                for batch in changes.follow_batches(get_settings().database_url, last):
                    echo(batch)
            else:
                with _database() as conn:
                    for batch in changes.replay_batches(conn, last):
                        echo(batch)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, stopped_by)


def _echo_changes(rows: Iterable[dict[str, Any]]) -> None:
    for row in rows:
        click.echo(json.dumps(row, ensure_ascii=False, default=_json_value))


def _ninjs_changes(version: str) -> Callable[[list[dict[str, Any]]], None]:
    """Prints each change of a batch as the ninjs ``version`` item of its article (worker.export.feed)."""
    from worker.export.feed import change_items

    def echo(batch: list[dict[str, Any]]) -> None:
        with db.connection() as conn:
            items = change_items(conn, batch, version)
        for item in items:
            click.echo(json.dumps(item, ensure_ascii=False))

    return echo


@contextmanager
def _feed_horizon(catch_up: str) -> Iterator[None]:
    """A read from below the change feed's horizon ends with one line saying how to ``catch_up``."""
    from worker.database.changes import ChangesPruned

    try:
        yield
    except ChangesPruned as exc:
        _fail(f"{exc} (WIREFEED_CHANGE_RETENTION_DAYS): {catch_up}, then go on with --since {exc.through}")


@contextmanager
def _stdout_pipe() -> Iterator[None]:
    """A reader that closed the pipe (`| head -1`) ends the command quietly, with the status of a Unix tool its
    SIGPIPE stopped (128 + 13): no traceback, and nothing more written (stdout goes to /dev/null so that the final
    flush meets no broken pipe)."""
    try:
        yield
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        sys.exit(128 + signal.SIGPIPE)


def _json_value(value: object) -> str | float:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


@main.command("export")
@click.option("--format", "fmt", type=click.Choice(("ninjs", "jsonl")), required=True, help="Item format.")
@click.option("--ninjs-version", type=click.Choice(("2.2", "3.1")), default="2.2", show_default=True)
@click.option("--story", "story_id", type=int, default=None, help="Only the articles of this story id.")
@click.option("--source", default=None, help="Only the articles of the source with this name.")
@click.option(
    "--since",
    type=click.IntRange(min=0),
    default=None,
    help="Only articles changed after this change id (their state now).",
)
@click.option(
    "--output", type=click.File("w", encoding="utf-8", lazy=False), default="-", help="File to write (default stdout)."
)
def export_cmd(
    fmt: str, ninjs_version: str, story_id: int | None, source: str | None, since: int | None, output: Any
) -> None:
    """Stored articles as JSON lines, oldest first: IPTC ninjs items (--format ninjs) or our own fields (jsonl)."""
    from worker.export.stream import Selection, builder, export

    with _stdout_pipe(), _feed_horizon("export without --since (every article as it stands)"), _database() as conn:
        count = export(conn, output, builder(fmt, ninjs_version), Selection(story_id, source, since))
        output.flush()
    click.echo(f"exported {count} articles", err=True)


@main.command("prune")
@click.option("--dry-run", is_flag=True, help="Only say what would go; change nothing.")
def prune_cmd(dry_run: bool) -> None:
    """Remove what is past its retention now, as the hourly tasks do: raw page bodies (WIREFEED_PAGE_RETENTION_DAYS;
    never an article's latest page), change feed rows (WIREFEED_CHANGE_RETENTION_DAYS), raw listings
    (WIREFEED_LISTING_RETENTION_DAYS), closed pending fetches (WIREFEED_PENDING_RETENTION_DAYS). Prints what went
    (with --dry-run: what would go), rows and bytes."""
    from worker.database import retention

    settings = get_settings()
    with _database() as conn:
        for rule in retention.RULES:
            pruned = retention.sweep(conn, rule, retention.retention(rule, settings), dry_run=dry_run)
            click.echo(pruned.describe("would prune" if dry_run else "pruned"))


# the web console ---------------------------------------------------------------------------------


@main.command("web")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(min=0, max=65535), default=8080, show_default=True)
@click.option("--threads", type=click.IntRange(min=1), default=4, show_default=True, help="Requests served at once.")
def web_cmd(host: str, port: int, threads: int) -> None:
    """Serve the read-only web console: sources, stories, articles beside their stored pages, failures."""
    settings = get_settings()
    if not _loopback(host) and not settings.web_token:
        raise Misuse(f"--host {host} is reachable from other machines: set WIREFEED_WEB_TOKEN first")
    reader = replace(settings, database_url=settings.web_database_url or settings.database_url)
    require(reader, database=True)
    from waitress import serve  # here: no other command loads the web stack

    from worker.web.app import create_app

    click.echo(f"wirefeed console on http://{host}:{port}/ (reading {redact(reader.database_url)})", err=True)
    serve(create_app(settings), host=host, port=port, threads=threads, ident="wirefeed")


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
