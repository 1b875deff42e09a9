"""deploy/prometheus: the sample scrape configuration and the alert rules README "Monitoring" points to. They
parse, name only metrics wirefeed serves, and, where promtool is installed, pass its checks and rule tests."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from prometheus_client import REGISTRY

from tests.paths import ROOT
from worker.runtime import exporter, metrics
from worker.runtime.settings import DEFAULTS

DEPLOY = ROOT / "deploy" / "prometheus"
GROUPS = {"wirefeed-targets", "wirefeed-sources", "wirefeed-backlog", "wirefeed-latency"}


def _rules() -> list[dict]:
    document = yaml.safe_load((DEPLOY / "alerts.yml").read_text())
    return [rule for group in document["groups"] for rule in group["rules"]]


def _served_names() -> set[str]:
    """Every sample name wirefeed serves: the counters and histograms, and the gauges read at scrape time."""
    assert metrics.POLLS  # registered on import (a labelled metric has no sample before it counts)
    suffixes = {"counter": ("_total",), "histogram": ("_bucket", "_count", "_sum")}
    names = {family.name + end for family in REGISTRY.collect() for end in suffixes.get(family.type, ("",))}
    state = re.findall(r'GaugeMetricFamily\(\s*"(wirefeed_\w+)"', Path(exporter.__file__).read_text())
    assert len(state) >= 5
    return names | set(state)


def test_the_alert_rules_parse_into_the_expected_groups_each_rule_complete():
    document = yaml.safe_load((DEPLOY / "alerts.yml").read_text())
    assert {group["name"] for group in document["groups"]} == GROUPS
    for rule in _rules():
        assert rule["alert"].startswith("Wirefeed") and rule["expr"] and rule["for"], rule
        assert rule["labels"]["severity"] in ("warning", "critical"), rule
        assert rule["annotations"]["summary"] and rule["annotations"]["description"], rule


def test_the_alert_rules_name_only_metrics_wirefeed_serves():
    served = _served_names()
    named = {name for rule in _rules() for name in re.findall(r"\bwirefeed_\w+", rule["expr"])}
    assert named and named <= served, named - served


def test_the_scrape_configuration_loads_the_rules_and_scrapes_the_default_port():
    config = yaml.safe_load((DEPLOY / "prometheus.yml").read_text())
    assert config["rule_files"] == ["alerts.yml"]
    jobs = {job["job_name"]: job for job in config["scrape_configs"]}
    assert set(jobs) == {"wirefeed-worker", "wirefeed-beat"}
    assert jobs["wirefeed-worker"]["dns_sd_configs"][0]["port"] == DEFAULTS.metrics_port
    assert jobs["wirefeed-beat"]["static_configs"][0]["targets"] == [f"beat:{DEFAULTS.metrics_port}"]


@pytest.mark.skipif(shutil.which("promtool") is None, reason="promtool (Debian's prometheus package) not installed")
@pytest.mark.parametrize(
    "command",
    [
        ["check", "rules", "deploy/prometheus/alerts.yml"],
        ["check", "config", "deploy/prometheus/prometheus.yml"],
        ["test", "rules", "tests/fixtures/prometheus/alerts_test.yml"],
    ],
)
def test_promtool_accepts_the_files(command):
    done = subprocess.run(["promtool", *command], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
