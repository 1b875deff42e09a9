"""The walls between the layers (README "How it is built"): checked on the source of every module, imports inside
functions included, and on what a worker process and the CLI really load."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.paths import ROOT

# (layer, the packages it must not import)
WALLS = (
    ("parsers", ("worker",)),
    ("worker.network", ("worker.database", "worker.ingest", "worker.runtime")),
    ("worker.web", ("worker.ingest", "worker.network", "worker.export")),  # the console reads, nothing more
    # The one health rule, shared by the command line and the console: neutral ground behind both walls.
    ("worker.health", ("worker.ingest", "worker.network", "worker.export", "worker.runtime", "worker.web")),
)
# Every layer reads its limits from the one Settings object; settings is a leaf (checked below), so reading it
# opens no way through a wall.
SETTINGS = "worker.runtime.settings"
DEVTOOLS = "worker.devtools"
# What a worker process imports (the Celery app and its tasks) and the production command line.
PRODUCTION_ENTRIES = ("worker.runtime.celery_app", "worker.runtime.tasks", "worker.runtime.cli")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> Iterator[tuple[str, Path]]:
    for package in ("parsers", "worker"):
        for path in sorted((ROOT / package).rglob("*.py")):
            yield _module_name(path), path


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def imported_names(module: str, path: Path) -> set[str]:
    """Every module ``module`` may import, at any depth of its code: ``from a import b`` counts as ``a`` and
    ``a.b`` (b may be a submodule), relative imports resolved against the module's package."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def test_the_import_reader_sees_nested_relative_and_from_imports(tmp_path: Path) -> None:
    source = tmp_path / "probe.py"
    source.write_text("def f():\n    from .. import database\n    import worker.devtools.demo\nfrom x import y\n")
    names = imported_names("worker.network.probe", source)
    assert {"worker.database", "worker.devtools.demo", "x", "x.y"} <= names


@pytest.mark.parametrize(("layer", "forbidden"), WALLS)
def test_a_layer_imports_nothing_behind_its_wall(layer: str, forbidden: tuple[str, ...]) -> None:
    checked = 0
    breaches = []
    for module, path in _modules():
        if not _within(module, layer):
            continue
        checked += 1
        breaches += [
            f"{module} imports {name}"
            for name in imported_names(module, path)
            if any(_within(name, f) for f in forbidden) and not _within(name, SETTINGS)
        ]
    assert checked, f"no module found in {layer}"
    assert breaches == []


def test_settings_are_a_leaf_that_imports_no_other_worker_module() -> None:
    # Importing settings also runs the __init__ of worker and worker.runtime: none of them may reach further.
    executed = [(m, p) for m, p in _modules() if m in ("worker", "worker.runtime") or _within(m, SETTINGS)]
    assert len(executed) >= 3
    reached = {
        f"{module} imports {name}"
        for module, path in executed
        for name in imported_names(module, path)
        if _within(name, "worker") and not _within(name, SETTINGS)
    }
    assert reached == set()


def test_production_code_never_imports_devtools() -> None:
    breaches = [
        f"{module} imports {name}"
        for module, path in _modules()
        if not _within(module, DEVTOOLS)
        for name in imported_names(module, path)
        if _within(name, DEVTOOLS)
    ]
    assert breaches == []


def test_a_worker_process_and_the_cli_load_no_devtools_module(tmp_path: Path) -> None:
    probe = (
        "import importlib, json, sys\n"
        f"for name in {PRODUCTION_ENTRIES!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    # Unreachable services: importing must not need them.
    env = {"DATABASE_URL": "postgresql://postgres@127.0.0.1:1/none", "REDIS_URL": "redis://127.0.0.1:1/0"}
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    loaded = json.loads(done.stdout)
    assert set(PRODUCTION_ENTRIES) <= set(loaded)
    assert [name for name in loaded if _within(name, DEVTOOLS)] == []


# The stages (poll, fetch) count and log through these; they in turn import nothing of the stages, the database
# or the rest of the runtime, so no import cycle runs through them.
OBSERVERS = ("worker.runtime.metrics", "worker.runtime.logs")


@pytest.mark.parametrize("observer", OBSERVERS)
def test_the_metrics_and_log_modules_reach_no_stage(observer: str) -> None:
    [(module, path)] = [(m, p) for m, p in _modules() if m == observer]
    reached = {
        name
        for name in imported_names(module, path)
        if _within(name, "worker") and not _within(name, SETTINGS) and not _within(name, "worker.network.http")
    }
    assert reached == set()
