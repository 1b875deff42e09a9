"""The developer commands reach the CLI through the ``wirefeed.commands`` entry points, loaded by name."""

from __future__ import annotations

import re

import click
from click.testing import CliRunner

from tests.paths import FIXTURES
from worker.runtime.cli import main


def test_the_developer_commands_are_listed_beside_the_built_in_ones() -> None:
    names = main.list_commands(click.Context(main))
    assert {"demo", "eval", "db", "run"} <= set(names)
    assert names == sorted(names)


def test_a_developer_command_is_loaded_from_its_entry_point_and_runs() -> None:
    command = main.get_command(click.Context(main), "eval")
    assert isinstance(command, click.Command) and command.callback is not None
    assert command.callback.__module__ == "worker.devtools.commands"
    pages = FIXTURES / "profiles"
    result = CliRunner().invoke(main, ["eval", str(pages), "--datelines", str(pages / "none.json")])
    assert result.exit_code == 0, result.output
    # one table, or one per source folder, each headed by its count of pages
    scored = sum(int(m) for m in re.findall(r"^(\d+) pages", result.output, re.MULTILINE))
    assert scored == len(list(pages.glob("*/expected.json"))) > 0


def test_an_unknown_command_is_still_refused() -> None:
    assert main.get_command(click.Context(main), "nonesuch") is None
    result = CliRunner().invoke(main, ["nonesuch"])
    assert result.exit_code == 2 and "No such command" in result.output
