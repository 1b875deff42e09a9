"""The developer commands of ``wirefeed`` (``demo``, ``eval``).

They are registered in the ``wirefeed.commands`` entry-point group of pyproject.toml and loaded by name only
when one of them is run, so the production CLI never imports ``worker.devtools``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from worker.devtools.evaluate import DEFAULT_DATELINES


@click.command("eval")
@click.argument("corpus_dirs", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--datelines",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="JSON of dateline labels by page id (default: the project's labels for the dev corpus, when present).",
)
@click.option("--worst", type=click.IntRange(min=0), default=12, help="Worst pages listed per source folder.")
def eval_cmd(corpus_dirs: tuple[Path, ...], datelines: Path | None, worst: int) -> None:
    """Score the parser on folders of page.html[.gz] + expected.json: one table per source folder (a folder of
    sources such as extra/ gives one each), with empty bodies and fallback bodies counted."""
    from worker.devtools.evaluate import CorpusError, evaluate, format_sources, load_datelines

    try:
        labels = load_datelines(datelines or DEFAULT_DATELINES)
        reports = [evaluate(folder, labels) for folder in corpus_dirs]
    except CorpusError as exc:
        raise click.ClickException(f"{exc}: fix or remove the file") from exc
    click.echo(format_sources(reports, worst))


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
