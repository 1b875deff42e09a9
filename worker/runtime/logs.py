"""Log lines of workers and beat: readable text by default, one JSON object per line with
``WIREFEED_LOG_FORMAT=json``; in either, no password of ``DATABASE_URL`` or ``REDIS_URL``.

A task's context is bound as it learns it (:func:`bind`: the source, the URL, the stage) and every line logged
while it runs carries it, with the Celery task's id and name; a line may add its own (``outcome``,
``duration``) as ``extra``. The context is cleared before each task (worker.runtime.celery_app). The text
format shows the message as before; the JSON object has every field, null where a line has none.
"""

from __future__ import annotations

import json
import logging
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from worker.runtime.settings import Settings, scrub

FIELDS = ("source", "url", "stage", "outcome", "duration")
"""The context fields of a JSON line, besides the task's id and name: bound, or given as a line's ``extra``."""

_context: ContextVar[dict[str, Any] | None] = ContextVar("wirefeed_log_context", default=None)


def bind(**fields: Any) -> None:
    """Add ``fields`` to the context every line logged from here on carries (until :func:`clear`)."""
    _context.set({**(_context.get() or {}), **fields})


def clear() -> None:
    _context.set(None)


def timing(outcome: str, seconds: float) -> dict[str, Any]:
    """The ``extra`` of a line that ends a stage: its outcome and its duration in seconds."""
    return {"outcome": str(outcome), "duration": round(seconds, 6)}


class Secrets:
    """Masks the passwords of the connection strings ``settings`` holds in any text, as written or decoded."""

    def __init__(self, settings: Settings) -> None:
        self.urls = (settings.database_url, settings.redis_url)

    def __call__(self, text: str) -> str:
        for url in self.urls:
            text = scrub(text, url)
        return text


class RedactingFormatter(logging.Formatter):
    """The text format: the line ``inner`` makes (Celery's, with its colours and task names), passwords masked."""

    def __init__(self, inner: logging.Formatter | None, secrets: Secrets) -> None:
        super().__init__()
        self.inner = inner or logging.Formatter()
        self.secrets = secrets

    def format(self, record: logging.LogRecord) -> str:
        return self.secrets(self.inner.format(record))


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, task_id, task, the context :data:`FIELDS` and,
    when the line has one, the error with its traceback; passwords masked in every value."""

    def __init__(self, secrets: Secrets) -> None:
        super().__init__()
        self.secrets = secrets

    def format(self, record: logging.LogRecord) -> str:
        task_id, task_name = _current_task()
        bound = _context.get() or {}
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "task_id": task_id,
            "task": task_name,
        }
        line.update({name: getattr(record, name, bound.get(name)) for name in FIELDS})
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        masked = {key: self.secrets(value) if isinstance(value, str) else value for key, value in line.items()}
        return json.dumps(masked, ensure_ascii=False, default=str)


def _current_task() -> tuple[str | None, str | None]:
    """The id and name of the Celery task running in this thread (as Celery's own TaskFormatter finds them)."""
    from celery._state import get_current_task

    task = get_current_task()
    if task is None or task.request.id is None:
        return None, None
    return task.request.id, task.name


def formatter(settings: Settings, inner: logging.Formatter | None) -> logging.Formatter:
    """The formatter ``settings`` ask for, in place of ``inner`` (a handler's formatter)."""
    secrets = Secrets(settings)
    return JsonFormatter(secrets) if settings.log_format == "json" else RedactingFormatter(inner, secrets)


def before_celery(settings: Settings) -> None:
    """Lines logged before Celery sets its logging up (a warning at start) in the format of ``settings`` too."""
    if settings.log_format == "json":
        handler = logging.StreamHandler()
        handler.setFormatter(formatter(settings, None))
        logging.getLogger().addHandler(handler)
        logging.captureWarnings(True)


def configure(logger: logging.Logger, settings: Settings) -> None:
    """Give every handler of ``logger`` the formatter of ``settings`` (after Celery set its logging up)."""
    if settings.log_format == "json":
        logging.captureWarnings(True)  # a Python warning is a line like any other, not raw text among the objects
    for handler in logger.handlers:
        if not isinstance(handler.formatter, JsonFormatter | RedactingFormatter):
            handler.setFormatter(formatter(settings, handler.formatter))
