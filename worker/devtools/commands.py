"""The developer commands of ``wirefeed`` (``demo``, ``eval``).

They are registered in the ``wirefeed.commands`` entry-point group of pyproject.toml and loaded by name only
when one of them is run, so the production CLI never imports ``worker.devtools``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from worker.devtools.evaluate import DEFAULT_DATELINES


@click.command("eval")
@click.argument("corpus_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--datelines",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="JSON of dateline labels by page id (default: the project's labels for the dev corpus, when present).",
)
def eval_cmd(corpus_dir: Path, datelines: Path | None) -> None:
    """Score the parser on a folder of page.html[.gz] + expected.json; print per-field figures."""
    from worker.devtools.evaluate import evaluate, format_report, load_datelines

    click.echo(format_report(evaluate(corpus_dir, load_datelines(datelines or DEFAULT_DATELINES))))


@click.command("demo")
@click.option("--timeout", type=click.IntRange(min=10), default=120, help="Give up after this many seconds.")
def demo_cmd(timeout: int) -> None:
    """Ingest the bundled sample wire site (or the configured sources) with a real worker and beat."""
    from worker.devtools.demo import run_demo
    from worker.devtools.services import ServicesUnavailable

    try:
        sys.exit(run_demo(Path.cwd() / ".state", timeout))
    except ServicesUnavailable as exc:
        raise click.ClickException(str(exc)) from exc
