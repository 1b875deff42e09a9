"""The log formats: JSON lines that parse and carry the task's context, text as before; passwords masked in both."""

from __future__ import annotations

import json
import logging
import sys

import pytest

from worker.runtime import logs
from worker.runtime.settings import Settings

PASSWORD = "p@ss w0rd/é"
DATABASE_URL = "postgresql://wire:p%40ss%20w0rd%2F%C3%A9@db.example:5432/wirefeed"
REDIS_URL = "redis://:r3dis-secret@cache.example:6379/0"


@pytest.fixture
def settings() -> Settings:
    return Settings(database_url=DATABASE_URL, redis_url=REDIS_URL, log_format="json")


@pytest.fixture(autouse=True)
def fresh_context():
    logs.clear()
    yield
    logs.clear()


def _record(message: str, *args: object, exc_info=None, **extra: object) -> logging.LogRecord:
    record = logging.LogRecord("worker.runtime.tasks", logging.INFO, __file__, 1, message, args, exc_info)
    record.__dict__.update(extra)
    return record


def test_a_json_line_carries_the_bound_context_and_the_lines_own_fields(settings):
    logs.bind(source="afp", url="https://wire.example/a.html", stage="fetch")
    line = json.loads(
        logs.formatter(settings, None).format(_record("fetch #%d: %s", 7, "new", **logs.timing("new", 0.25)))
    )
    assert line["message"] == "fetch #7: new"
    assert (line["source"], line["url"], line["stage"]) == ("afp", "https://wire.example/a.html", "fetch")
    assert (line["outcome"], line["duration"]) == ("new", 0.25)
    assert (line["level"], line["logger"], line["task_id"], line["task"]) == (
        "INFO",
        "worker.runtime.tasks",
        None,
        None,
    )
    assert line["time"].endswith("+00:00")


def test_a_json_line_has_every_field_null_when_unknown_and_is_one_line(settings):
    text = logs.formatter(settings, None).format(_record("two\nlines"))
    assert "\n" not in text
    line = json.loads(text)
    assert all(line[name] is None for name in logs.FIELDS)
    assert line["message"] == "two\nlines"


def test_clearing_the_context_forgets_the_previous_tasks_fields(settings):
    logs.bind(source="afp")
    logs.clear()
    assert json.loads(logs.formatter(settings, None).format(_record("x")))["source"] is None


def _failing_record(message: str) -> logging.LogRecord:
    try:
        raise RuntimeError(f"cannot connect to {DATABASE_URL} with password {PASSWORD}")
    except RuntimeError:
        return _record(message, exc_info=sys.exc_info())


def test_json_lines_mask_the_passwords_in_message_and_traceback(settings):
    record = _failing_record(f"broker {REDIS_URL} down; database {DATABASE_URL}")
    text = logs.formatter(settings, None).format(record)
    line = json.loads(text)
    for secret in (PASSWORD, "p%40ss%20w0rd%2F%C3%A9", "r3dis-secret"):
        assert secret not in text and secret not in json.dumps(line, ensure_ascii=False)
    assert "RuntimeError" in line["error"] and "***" in line["error"] and "***" in line["message"]


def test_text_lines_stay_as_the_inner_formatter_makes_them_with_passwords_masked(settings):
    text_settings = Settings(database_url=DATABASE_URL, redis_url=REDIS_URL)
    inner = logging.Formatter("[%(levelname)s] %(message)s")
    text = logs.formatter(text_settings, inner).format(_failing_record(f"lost {DATABASE_URL}"))
    assert text.startswith("[INFO] lost postgresql://wire:***@db.example:5432/wirefeed")
    assert PASSWORD not in text and "p%40ss" not in text and "Traceback" in text


def test_configure_replaces_each_handlers_formatter_once(settings):
    logger = logging.getLogger("wirefeed-test-configure")
    handler = logging.StreamHandler()
    logger.addHandler(handler)
    try:
        logs.configure(logger, settings)
        first = handler.formatter
        logs.configure(logger, settings)
        assert isinstance(first, logs.JsonFormatter) and handler.formatter is first
    finally:
        logger.removeHandler(handler)
        logging.captureWarnings(False)
