"""One-line errors that need a real PostgreSQL: a database that does not exist, one without the schema or with an
older one, a role the server refuses, and Redis down while the database is ready. Each test makes and drops
databases of its own names; `db init` and the error lines never print the password of DATABASE_URL."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import redis
from click.testing import CliRunner

from tests.paths import ROOT
from worker.devtools.services import free_port
from worker.runtime.cli import main
from worker.runtime.settings import Settings, get_settings

SECRET = "s3cret"  # the server trusts local connections: a password is sent and ignored


@pytest.fixture
def scratch(settings: Settings) -> Iterator[str]:
    """A database name of this test's own (not created), dropped afterwards; yields its URL, key=value form with
    a password."""
    name = f"wirefeed_scratch_{uuid.uuid4().hex[:10]}"
    yield psycopg.conninfo.make_conninfo(settings.database_url, dbname=name, password=SECRET)
    with psycopg.connect(_server(settings), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _server(settings: Settings) -> str:
    return psycopg.conninfo.make_conninfo(settings.database_url, dbname="postgres")


def _create(url: str) -> str:
    name = str(psycopg.conninfo.conninfo_to_dict(url)["dbname"])
    with psycopg.connect(psycopg.conninfo.make_conninfo(url, dbname="postgres"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return name


def wirefeed(*args: str, env: dict[str, str], code: int = 0) -> str:
    """Run ``wirefeed ARGS`` in-process with ``env`` over the session's environment (its settings read afresh, and
    the session's again afterwards): its status is ``code``; a failure is one line on stderr; no password."""
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(main, list(args), env=env, prog_name="wirefeed")
    finally:
        get_settings.cache_clear()
    assert result.exit_code == code, result.output
    assert SECRET not in result.output
    if code:
        assert isinstance(result.exception, SystemExit) and result.stdout == ""
        assert len(result.stderr.splitlines()) == 1, result.stderr
        return result.stderr.rstrip("\n")
    return result.stdout


def test_a_missing_database_says_to_run_db_init_which_creates_it(scratch: str) -> None:
    env = {"DATABASE_URL": scratch}
    name = psycopg.conninfo.conninfo_to_dict(scratch)["dbname"]
    line = f"wirefeed: database '{name}' does not exist: run `wirefeed db init`"
    for command in (["stats"], ["sources", "list"], ["articles"], ["reparse"], ["worker"], ["poll", "afp"]):
        assert wirefeed(*command, env=env, code=1) == line
    created = wirefeed("db", "init", env=env)
    assert created.startswith("created: ") and f"password=*** dbname={name} " in created
    assert "sources:" in wirefeed("stats", env=env)


def test_a_database_without_the_schema_says_to_run_db_init(scratch: str) -> None:
    name = _create(scratch)
    env = {"DATABASE_URL": scratch}
    line = f"wirefeed: database '{name}' has no wirefeed schema: run `wirefeed db init`"
    for command in (["stats"], ["sources", "add", "afp", "https://afp.example.org/rss"], ["run"]):
        assert wirefeed(*command, env=env, code=1) == line
    found = wirefeed("db", "init", env=env)
    assert found.startswith("database exists: ") and f"password=*** dbname={name} " in found
    assert wirefeed("sources", "list", env=env).startswith("name")


def test_an_older_schema_says_to_run_db_init(scratch: str) -> None:
    from worker.database.ready import schema_version

    name = _create(scratch)
    env = {"DATABASE_URL": scratch}
    wirefeed("db", "init", env=env)
    with psycopg.connect(scratch, autocommit=True) as conn:
        conn.execute("DELETE FROM schema_version")
        conn.execute("INSERT INTO schema_version (version) VALUES (1)")
    wanted = schema_version()
    assert wanted > 1
    line = f"wirefeed: database '{name}' has schema version 1, this wirefeed needs {wanted}: run `wirefeed db init`"
    assert wirefeed("stats", env=env, code=1) == line
    wirefeed("db", "init", env=env)
    assert "sources:" in wirefeed("stats", env=env)


def test_a_role_the_server_refuses_is_its_reason_without_the_password(settings: Settings) -> None:
    url = psycopg.conninfo.make_conninfo(settings.database_url, user="nobody_here", password=SECRET)
    line = wirefeed("stats", env={"DATABASE_URL": url}, code=1)
    assert line.startswith("wirefeed: PostgreSQL refused user=nobody_here password=*** ")
    assert 'role "nobody_here" does not exist' in line and line.endswith("; fix DATABASE_URL")


@pytest.mark.usefixtures("database")
@pytest.mark.parametrize("command", [["worker"], ["run"], ["beat"], ["poll", "afp"]])
def test_redis_down_with_the_database_ready_is_one_line(command: list[str]) -> None:
    redis_url = f"redis://:{SECRET}@127.0.0.1:{free_port()}/0"
    wirefeed("sources", "add", "afp", "https://afp.example.org/rss", env={})
    line = wirefeed(*command, env={"REDIS_URL": redis_url}, code=1)
    assert line.startswith("wirefeed: Redis does not answer at redis://:***@127.0.0.1:")
    assert line.endswith("Connection refused.): start it, or fix REDIS_URL")


@pytest.mark.parametrize(
    ("argv", "fix"),
    [
        (["-m", "worker", "stats"], "does not exist: run `wirefeed db init`"),
        (["-m", "celery", "-A", "worker.runtime.celery_app", "worker"], "does not exist: run `wirefeed db init`"),
    ],
)
def test_a_real_process_stops_on_a_missing_database_with_one_line(
    scratch: str, tmp_path: Path, argv: list[str], fix: str
) -> None:
    env = os.environ | {"DATABASE_URL": scratch, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, *argv], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and len(done.stderr.splitlines()) == 1, done.stderr
    assert fix in done.stderr and "Traceback" not in done.stderr and SECRET not in done.stderr + done.stdout


@pytest.fixture
def redis_with_password(tmp_path: Path) -> Iterator[str]:
    """A private Redis that wants SECRET as its password: yields its URL without the password."""
    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--requirepass", SECRET],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port, password=SECRET)
    try:
        for _ in range(100):
            with contextlib.suppress(redis.ConnectionError):
                if client.ping():
                    break
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        client.close()
        server.terminate()
        server.wait(timeout=10)


def test_a_wrong_redis_password_is_one_line_without_it(redis_with_password: str) -> None:
    wrong = redis_with_password.replace("redis://", f"redis://:{SECRET}x@")
    line = wirefeed("beat", env={"REDIS_URL": wrong}, code=1)
    assert line.startswith("wirefeed: Redis does not answer at redis://:***@127.0.0.1:")
    assert "invalid username-password pair" in line and line.endswith("start it, or fix REDIS_URL")


def test_a_worker_logs_no_password_as_it_starts(settings: Settings, redis_with_password: str, tmp_path: Path) -> None:
    env = os.environ | {
        "DATABASE_URL": psycopg.conninfo.make_conninfo(settings.database_url, password=SECRET),
        "REDIS_URL": redis_with_password.replace("redis://", f"redis://:{SECRET}@"),
        "PYTHONPATH": str(ROOT),
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "worker", "worker", "--concurrency", "1"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert worker.stdout is not None
    watchdog = threading.Timer(90, worker.kill)  # a worker that never gets ready ends the loop below
    watchdog.start()
    lines = []
    for line in worker.stdout:  # the banner, then the log up to "ready"
        lines.append(line)
        if " ready." in line:
            break
    watchdog.cancel()
    worker.terminate()
    lines += worker.communicate(timeout=30)[0].splitlines()
    log = "".join(lines)
    assert " ready." in log and "redis://:**@127.0.0.1:" in log, log
    assert SECRET not in log
