"""A bad setting stops every entry point at start with one line on stderr and status 2; the Celery app takes
its queue and Redis key prefix from the settings. No PostgreSQL or Redis is needed: nothing gets that far."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from tests.paths import ROOT
from worker.runtime.celery_app import make_app
from worker.runtime.cli import main
from worker.runtime.settings import Settings, markdown_table

BAD = {"WIREFEED_PER_HOST_RPS": "fast"}
LINE = "wirefeed: WIREFEED_PER_HOST_RPS='fast': expected a number > 0\n"


@pytest.mark.usefixtures("fresh_settings")
@pytest.mark.parametrize(
    "command",
    [["run"], ["worker"], ["beat"], ["db", "init"], ["sources", "list"], ["poll", "x"], ["stats"], ["settings"]],
)
def test_every_command_stops_with_the_one_line_and_status_2(command: list[str]) -> None:
    result = CliRunner().invoke(main, command, env=BAD)
    assert (result.exit_code, result.stderr, result.stdout) == (2, LINE, "")


@pytest.mark.parametrize(
    "argv",
    [
        ["-m", "worker", "run"],
        ["-m", "worker", "beat"],
        ["-m", "celery", "-A", "worker.runtime.celery_app", "worker"],
        ["-m", "celery", "-A", "worker.runtime.celery_app", "beat"],
    ],
)
def test_real_processes_stop_with_the_one_line_and_status_2(argv: list[str]) -> None:
    """The installed entry points, and a worker started by Celery's own command, not a traceback."""
    env = os.environ | BAD | {"WIREFEED_ADAPTIVE_INTERVAL": "maybe"}
    done = subprocess.run([sys.executable, *argv], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "wirefeed: WIREFEED_PER_HOST_RPS='fast': expected a number > 0; "
        "WIREFEED_ADAPTIVE_INTERVAL='maybe': expected 1/0, true/false, yes/no, on/off\n"
    )


@pytest.mark.usefixtures("fresh_settings")
def test_settings_command_shows_the_settings_in_effect() -> None:
    env = {"DATABASE_URL": "postgresql://desk:secret@db.example.org/wire", "WIREFEED_ADAPTIVE_INTERVAL": "no"}
    result = CliRunner().invoke(main, ["settings"], env=env)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "DATABASE_URL=postgresql://desk:***@db.example.org/wire" in lines
    assert "WIREFEED_ADAPTIVE_INTERVAL=off" in lines and "WIREFEED_PRIVATE_ALLOWLIST=" in lines
    assert "secret" not in result.stdout
    assert Settings.from_env(dict(line.split("=", 1) for line in lines[1:])).adaptive_interval is False


@pytest.mark.usefixtures("fresh_settings")
def test_settings_command_prints_the_readme_table() -> None:
    result = CliRunner().invoke(main, ["settings", "--markdown"], env={})
    assert (result.exit_code, result.stdout) == (0, markdown_table())


def test_the_celery_app_uses_the_queue_and_key_prefix_of_its_settings() -> None:
    settings = Settings(queue="desk-b", redis_prefix="desk-b:", tick_seconds=7.5)
    conf = make_app(settings).conf
    assert conf.task_default_queue == "desk-b"
    assert conf.broker_transport_options["global_keyprefix"] == "desk-b:"
    assert conf.beat_schedule["wirefeed-tick"]["schedule"] == 7.5
