"""Retention rules without a database: each rule's blocks exist, every prune is scheduled hourly, the lines printed."""

from __future__ import annotations

from datetime import timedelta

from worker.database import queries, retention
from worker.runtime import tasks
from worker.runtime.celery_app import HOURLY, make_app
from worker.runtime.settings import Settings


def test_every_rule_names_sql_blocks_and_a_retention_setting() -> None:
    for rule in retention.RULES:
        assert {rule.past, rule.remove, *([rule.lock] if rule.lock else [])} <= set(queries())
        assert "%(after)s" in queries()[rule.past] and "%(limit)s" in queries()[rule.past]
        assert hasattr(Settings(), rule.setting)


def test_a_retention_of_forever_is_none() -> None:
    settings = Settings(page_retention_days=None, change_retention_days=0.5)
    assert retention.retention(retention.PAGE_BODIES, settings) is None
    assert retention.retention(retention.CHANGES, settings) == timedelta(hours=12)


def test_every_prune_task_runs_hourly() -> None:
    schedule = make_app(Settings()).conf.beat_schedule
    prunes = {entry["task"] for entry in schedule.values() if entry["task"].startswith("wirefeed.prune_")}
    assert prunes == {name for name in tasks.app.tasks if name.startswith("wirefeed.prune_")}
    assert {"wirefeed.prune_page_bodies", "wirefeed.prune_changes"} <= prunes
    assert all(entry["schedule"] == HOURLY for entry in schedule.values() if entry["task"] in prunes)


def test_what_went_is_one_line_with_rows_and_bytes() -> None:
    assert retention.Pruned("page bodies", 18240, 421_842_124).describe("would prune") == (
        "would prune 18240 page bodies (402.3 MB)"
    )
    assert retention.Pruned("change rows", 3, 900).describe("pruned") == "pruned 3 change rows (900 bytes)"
    assert retention.Pruned("closed pending fetches", 0).describe("pruned") == "pruned 0 closed pending fetches"
    assert retention.Pruned("page bodies", kept_forever=True).describe("pruned") == (
        "page bodies: kept forever (no retention set)"
    )
