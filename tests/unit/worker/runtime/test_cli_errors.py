"""Every mistake an operator can make ends a command with one line on stderr that names the problem and the fix,
a non-zero status, no traceback and no password: unreachable services (the ports of this suite are closed),
files that are not what their name says, bad sources and sources files, usage mistakes.

In-process runs (click's runner) check the line; real processes check the status and that nothing else is
printed, Celery's own command line included. The database missing or without its schema, and Redis down with
the database up, need a real PostgreSQL: tests/integration/test_cli_errors.py."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.paths import ROOT
from worker.runtime.cli import main
from worker.runtime.settings import redact

SECRET = "s3cret"
CLOSED = {
    "DATABASE_URL": f"host=127.0.0.1 port=1 user=desk password={SECRET} dbname=wire",
    "REDIS_URL": f"redis://:{SECRET}@127.0.0.1:1/0",
}
NO_DATABASE = f"wirefeed: PostgreSQL does not answer at {redact(CLOSED['DATABASE_URL'])}: start it, or fix DATABASE_URL"
NO_REDIS = (
    "wirefeed: Redis does not answer at redis://:***@127.0.0.1:1/0 (Error 111 connecting to 127.0.0.1:1. "
    "Connection refused.): start it, or fix REDIS_URL"
)
URL = ("--url", "https://wire.example.org/a")

pytestmark = pytest.mark.usefixtures("fresh_settings")


def refused(*args: str, code: int = 1) -> str:
    """The one line ``wirefeed ARGS`` ends with, checked: status ``code``, no traceback, no password."""
    result = CliRunner().invoke(main, list(args), env=CLOSED, prog_name="wirefeed")
    assert isinstance(result.exception, SystemExit), result.exception  # anything else would be a traceback
    assert (result.exit_code, result.stdout) == (code, ""), result.output
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("wirefeed: "), result.stderr
    assert SECRET not in result.stderr
    return result.stderr.rstrip("\n")


@pytest.fixture
def sources_file(tmp_path: Path) -> Path:
    file = tmp_path / "sources.toml"
    file.write_text('[[source]]\nname = "afp"\nurl = "https://afp.example.org/rss"\n')
    return file


# services ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["stats"],
        ["db", "init"],
        ["sources", "list"],
        ["sources", "remove", "afp"],
        ["sources", "resume", "afp"],
        ["sources", "add", "afp", "https://afp.example.org/rss"],
        ["sources", "sync", "SOURCES_FILE"],
        ["poll", "afp"],
        ["poll", "afp", "--inline"],
        ["articles"],
        ["reparse"],
        ["worker"],
        ["run"],
    ],
)
def test_an_unreachable_database_is_one_line_naming_the_setting(command: list[str], sources_file: Path) -> None:
    assert refused(*[str(sources_file) if a == "SOURCES_FILE" else a for a in command]) == NO_DATABASE


def test_an_unreachable_redis_stops_beat_in_one_line() -> None:
    """Beat needs Redis alone; a worker, `run` and `poll` check the database first (integration tests)."""
    assert refused("beat") == NO_REDIS


# files -------------------------------------------------------------------------------------------------------


def test_parse_refuses_a_missing_file_or_a_folder(tmp_path: Path) -> None:
    missing = tmp_path / "page.html.gz"
    assert refused("parse", str(missing), *URL, code=2) == (
        f"wirefeed: Invalid value for 'FILE': File '{missing}' does not exist. (see `wirefeed parse --help`)"
    )
    assert "is a directory" in refused("parse", str(tmp_path), *URL, code=2)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (os.urandom(64).replace(b"\x1f", b"x"), "(Not a gzipped file"),
        (gzip.compress(b"<html><body><p>cut short</p></body></html>" * 50)[:60], "(Compressed file ended"),
    ],
)
def test_parse_refuses_a_file_named_gz_that_does_not_inflate(tmp_path: Path, content: bytes, reason: str) -> None:
    page = tmp_path / "page.html.gz"
    page.write_bytes(content)
    line = refused("parse", str(page), *URL)
    assert line.startswith(f"wirefeed: {page} is not a gzip file {reason}")
    assert line.endswith("): give the page itself, or name it without .gz")


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("image.html", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "no HTML markup found"),
        ("notes.html", b"just a line of text, no markup", "no HTML markup found"),
        ("empty.html", b"", "empty document"),
        ("page.html.gz", gzip.compress(b"%PDF-1.7 \x00\x01\x02"), "no HTML markup found"),
        ("page.html.gz", b"", "empty document"),
    ],
)
def test_parse_refuses_a_file_that_is_no_html_page(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    page = tmp_path / name
    page.write_bytes(content)
    assert refused("parse", str(page), *URL) == f"wirefeed: cannot parse {page}: {reason}: give a saved HTML page"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_parse_refuses_an_unreadable_file(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(b"<html><body><p>x</p></body></html>")
    page.chmod(0)
    assert "is not readable" in refused("parse", str(page), *URL, code=2)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("page.html.gz", b"PK\x03\x04 not gzip", "cannot read the page: Not a gzipped file (b'PK')"),
        ("expected.json", b"{'url': 1}", "cannot read it as JSON: Expecting property name enclosed in double quotes"),
    ],
)
def test_eval_names_a_corpus_file_it_cannot_read(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    folder = tmp_path / "xx" / "Page_1"
    folder.mkdir(parents=True)
    (folder / "page.html.gz").write_bytes(gzip.compress(b"<html><body><p>A wire story.</p></body></html>"))
    (folder / "expected.json").write_text('{"url": "https://wire.example.org/a", "headline": "A"}')
    (folder / name).write_bytes(content)
    line = refused("eval", str(tmp_path), "--datelines", str(tmp_path / "none.json"))
    assert line.startswith(f"wirefeed: {folder / name}: {reason}") and line.endswith(": fix or remove the file")


# sources -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ["afp", "http://"],
            "source 'afp': feed URL 'http://' has no host: give the whole listing URL, as https://wire.example.org/rss",
        ),
        (["", "https://afp.example.org/rss"], "a source's name is empty: give it a name"),
        (["  ", "https://afp.example.org/rss"], "a source's name is empty: give it a name"),
        (
            ["afp", "ftp://afp.example.org/"],
            "source 'afp': feed URL must be http:// or https://, got 'ftp://afp.example.org/'",
        ),
        (
            ["afp", "afp.example.org/rss"],
            "source 'afp': feed URL must be http:// or https://, got 'afp.example.org/rss'",
        ),
        (
            ["afp", "https://afp.example.org:99999/"],
            "source 'afp': feed URL 'https://afp.example.org:99999/' is not a URL: Port out of range 0-65535",
        ),
        (
            ["afp", "https://afp.example.org/", "--url-pattern", "(["],
            "source 'afp': url_pattern '([' is not a regular expression: unterminated character set at position 1",
        ),
        (
            ["afp", "https://afp.example.org/", "--link-selector", "a[href"],
            "source 'afp': link_selector 'a[href' is not a CSS selector: Malformed attribute selector at position 1",
        ),
        (["afp", "https://afp.example.org/", "--header", "no colon"], "--header wants 'Name: value', got 'no colon'"),
        (
            ["afp", "https://afp.example.org/", "--profile", "ap"],
            "source 'afp': profile must be one of generic, afp, apnews",
        ),
    ],
)
def test_sources_add_refuses_a_bad_source_before_it_needs_the_database(args: list[str], line: str) -> None:
    assert refused("sources", "add", *args) == f"wirefeed: {line}"


def test_sources_add_refuses_a_bad_option_as_a_usage_error() -> None:
    line = refused("sources", "add", "afp", "https://afp.example.org/", "--interval", "1", code=2)
    assert line.startswith("wirefeed: Invalid value for '--interval': 1 is not in the range x>=10.")
    assert line.endswith("(see `wirefeed sources add --help`)")
    line = refused("sources", "add", "afp", "https://afp.example.org/", "--kind", "rdf", code=2)
    assert line.startswith("wirefeed: Invalid value for '--kind': 'rdf' is not one of 'auto', 'rss', 'atom',")


def test_the_command_line_starts_without_the_parser_or_redis() -> None:
    """What every command imports before its checks is what it takes to say, in seconds, that something is wrong:
    the parser and the Redis client are loaded by the commands that use them."""
    probe = (
        "import sys, worker.runtime.cli; print(sorted({m.split('.')[0] for m in sys.modules} & {'parsers', 'redis'}))"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout == "[]\n"


@pytest.mark.parametrize(
    ("toml", "line"),
    [
        (
            'name = "afp"\nurl = "https://afp.example.org/rss"\ninterval = "60"',
            "source 'afp': interval must be an integer, got string",
        ),
        (
            'name = "afp"\nurl = "https://afp.example.org/rss"\npoll_interval = 60.5',
            "source 'afp': poll_interval must be an integer, got float",
        ),
        (
            'name = "afp"\nurl = "https://afp.example.org/rss"\nenabled = "no"',
            "source 'afp': enabled must be a boolean (true or false), got string",
        ),
        (
            'name = "afp"\nurl = "https://afp.example.org/rss"\nrevisit_recent = true',
            "source 'afp': revisit_recent must be an integer, got boolean",
        ),
        (
            'name = "afp"\nurl = "https://afp.example.org/rss"\nper_host_rps = "1"',
            "source 'afp': per_host_rps must be a number, got string",
        ),
        (
            'name = "afp"\nurl = "https://afp.example.org/rss"\nheaders = "X: y"',
            "source 'afp': headers must be a table, got string",
        ),
        ('name = 7\nurl = "https://afp.example.org/rss"', "source #1: name must be a string, got integer"),
        (
            'name = "afp"\nurl = ["https://afp.example.org/rss"]',
            "source 'afp': url must be a string, got array",
        ),
        ('url = "https://afp.example.org/rss"', "source #1: name missing: every [[source]] needs a name and a url"),
        ('name = "afp"', "source 'afp': url missing: every [[source]] needs a name and a url"),
        ('name = ""\nurl = "https://afp.example.org/rss"', "a source's name is empty: give it a name"),
        (
            'name = "afp"\nurl = "http://"',
            "source 'afp': feed URL 'http://' has no host: give the whole listing URL, as https://wire.example.org/rss",
        ),
        (
            'name = "afp"\nurl = "https://afp.example.org/rss"\nintervall = 60',
            "source 'afp': unknown source setting 'intervall'",
        ),
        (
            'name = "afp"\nurl = "https://afp.example.org/rss\ninterval = 60',
            "not valid TOML: Illegal character '\\n' (at line 3, column 35)",
        ),
    ],
)
def test_sources_sync_names_the_file_the_source_the_key_and_what_it_wants(tmp_path: Path, toml: str, line: str) -> None:
    file = tmp_path / "sources.toml"
    file.write_text(f"[[source]]\n{toml}\n")
    assert refused("sources", "sync", str(file)).startswith(f"wirefeed: {file}: {line}")


@pytest.mark.parametrize(
    ("content", "line"),
    [
        (gzip.compress(b'[[source]]\nname = "afp"\n'), "cannot read it as TOML text: 'utf-8' codec can't decode byte"),
        (b'source = "afp"\n', "sources are [[source]] tables"),
        (
            b'[[source]]\nname = "a"\nurl = "https://a.example.org/"\n[[source]]\nname = "a"\nurl = "https://b.example.org/"\n',
            "a source name appears twice",
        ),
    ],
)
def test_sources_sync_refuses_a_file_that_is_no_sources_file(tmp_path: Path, content: bytes, line: str) -> None:
    file = tmp_path / "sources.toml.gz"
    file.write_bytes(content)
    assert refused("sources", "sync", str(file)).startswith(f"wirefeed: {file}: {line}")


# usage and settings ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["nonesuch"], "No such command 'nonesuch'. (see `wirefeed --help`)"),
        (["--verbose", "stats"], "No such option '--verbose'. (see `wirefeed --help`)"),
        (["stats", "--all"], "No such option '--all'. (see `wirefeed stats --help`)"),
        (["parse"], "Missing argument 'FILE'. (see `wirefeed parse --help`)"),
    ],
)
def test_a_usage_mistake_is_one_line_with_where_to_read_more(args: list[str], line: str) -> None:
    assert refused(*args, code=2) == f"wirefeed: {line}"


def test_the_settings_command_masks_every_password() -> None:
    env = {"DATABASE_URL": f"host=db.example.org password={SECRET} dbname=wire", "REDIS_URL": CLOSED["REDIS_URL"]}
    result = CliRunner().invoke(main, ["settings"], env=env)
    assert result.exit_code == 0 and SECRET not in result.output
    assert "DATABASE_URL=password=*** dbname=wire host=db.example.org" in result.stdout.splitlines()
    assert "REDIS_URL=redis://:***@127.0.0.1:1/0" in result.stdout.splitlines()


# real processes ----------------------------------------------------------------------------------------------

GZ_JUNK = "junk.html.gz"


@pytest.mark.parametrize(
    ("argv", "code", "fix"),
    [
        (["-m", "worker", "stats"], 1, "start it, or fix DATABASE_URL"),
        (["-m", "worker", "db", "init"], 1, "start it, or fix DATABASE_URL"),
        (["-m", "worker", "worker"], 1, "start it, or fix DATABASE_URL"),
        (["-m", "worker", "beat"], 1, "start it, or fix REDIS_URL"),
        (["-m", "worker", "parse", GZ_JUNK, *URL], 1, "give the page itself, or name it without .gz"),
        (["-m", "worker", "parse", "missing.html", *URL], 2, "does not exist"),
        (["-m", "worker", "sources", "add", "afp", "http://"], 1, "give the whole listing URL"),
        (["-m", "celery", "-A", "worker.runtime.celery_app", "worker"], 1, "start it, or fix DATABASE_URL"),
        (["-m", "celery", "-A", "worker.runtime.celery_app", "beat"], 1, "start it, or fix REDIS_URL"),
    ],
)
def test_a_real_process_exits_with_the_one_line_and_no_traceback(
    tmp_path: Path, argv: list[str], code: int, fix: str
) -> None:
    (tmp_path / GZ_JUNK).write_bytes(b"PK\x03\x04 not gzip at all")
    env = os.environ | CLOSED | {"PYTHONPATH": str(ROOT)}
    # in a folder of its own: beat leaves its schedule file in the working folder
    done = subprocess.run([sys.executable, *argv], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == code, done.stderr
    assert len(done.stderr.splitlines()) == 1 and done.stderr.startswith("wirefeed: "), done.stderr
    assert fix in done.stderr and "Traceback" not in done.stderr
    assert SECRET not in done.stderr + done.stdout
