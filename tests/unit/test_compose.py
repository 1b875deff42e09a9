"""docker-compose.yml cannot run here (no Docker engine): check its structure instead."""

from __future__ import annotations

import re

import yaml

from tests.paths import ROOT


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_the_services_with_healthchecks_and_volumes():
    compose = _compose()
    services = compose["services"]
    assert set(services) == {"postgres", "redis", "schema", "worker", "beat", "web", "flower"}
    for name in ("postgres", "redis", "worker", "web"):
        assert services[name]["healthcheck"]["test"], name
    assert set(compose["volumes"]) == {"pgdata", "redisdata"}
    assert services["postgres"]["volumes"][0].startswith("pgdata:")
    assert services["redis"]["volumes"][0].startswith("redisdata:")


def test_schema_step_runs_once_before_workers_and_beat():
    services = _compose()["services"]
    assert services["schema"]["command"] == ["db", "init"]
    assert services["schema"]["restart"] == "no"
    assert services["schema"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    for name in ("worker", "beat"):
        assert services[name]["depends_on"]["schema"]["condition"] == "service_completed_successfully"
        assert services[name]["depends_on"]["redis"]["condition"] == "service_healthy"


def test_worker_is_scalable_and_commands_exist_in_the_cli():
    from click.testing import CliRunner

    from worker.runtime.cli import main

    services = _compose()["services"]
    worker = services["worker"]
    assert "container_name" not in worker and "ports" not in worker
    for name in ("schema", "worker", "beat", "web"):
        command = services[name]["command"]
        path = [c for c in command if not c.startswith("-") and not c[0].isdigit()]
        result = CliRunner().invoke(main, [*path, "--help"])
        assert result.exit_code == 0, (name, result.output)


def test_services_connect_to_each_other_by_service_name():
    env = _compose()["services"]["worker"]["environment"]
    assert re.match(r"postgresql://postgres:.*@postgres:5432/wirefeed$", env["DATABASE_URL"])
    assert env["REDIS_URL"] == "redis://redis:6379/0"


def test_dockerfile_copies_what_exists():
    for line in (ROOT / "Dockerfile").read_text().splitlines():
        if line.startswith("COPY"):
            for item in line.split()[1:-1]:
                assert (ROOT / item).exists(), item


def test_compose_passes_settings_through_without_restating_their_defaults():
    from worker.runtime.settings import declarations

    env = _compose()["services"]["worker"]["environment"]
    declared = {d.env for _, d in declarations()}
    assert set(env) <= declared
    assert all(env[name] is None for name in env if name.startswith("WIREFEED_")), env


def test_redis_keeps_an_append_only_file_fsynced_every_second_on_its_volume():
    redis_service = _compose()["services"]["redis"]
    command = redis_service["command"]
    options = dict(zip(command[1::2], command[2::2], strict=True))
    assert command[0] == "redis-server"
    assert options == {"--appendonly": "yes", "--appendfsync": "everysec"}
    assert redis_service["volumes"] == ["redisdata:/data"]  # the image's working directory, where the file is


def test_flower_runs_on_the_apps_configuration_and_the_image_installs_it():
    import tomllib

    flower = _compose()["services"]["flower"]
    assert flower["image"] == _compose()["services"]["worker"]["image"]
    assert flower["entrypoint"] == ["celery", "-A", "worker.runtime.celery_app", "flower"]
    assert flower["ports"] == ["127.0.0.1:5555:5555"] and flower["command"] == ["--port=5555"]
    assert flower["depends_on"]["redis"]["condition"] == "service_healthy"
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    assert any(requirement.startswith("flower") for requirement in extras["flower"])
    assert 'pip install ".[flower]"' in (ROOT / "Dockerfile").read_text()


def test_flower_turns_the_task_events_on_and_workers_send_them_from_the_start_when_asked():
    from worker.runtime.celery_app import make_app
    from worker.runtime.settings import Settings

    quiet = make_app(Settings.from_env({})).conf
    assert not quiet.worker_send_task_events and not quiet.task_send_sent_event  # Flower enables them itself
    assert not any("enable_events" in arg for arg in _compose()["services"]["flower"]["command"])
    sending = make_app(Settings.from_env({"WIREFEED_TASK_EVENTS": "1"})).conf
    assert sending.worker_send_task_events and sending.task_send_sent_event


def test_the_console_is_published_on_loopback_only_and_needs_a_token_inside():
    web = _compose()["services"]["web"]
    assert web["command"] == ["web", "--host", "0.0.0.0", "--port", "8080"]
    assert web["ports"] == ["127.0.0.1:8080:8080"]  # the host's loopback: nothing else reaches it
    env = web["environment"]
    assert re.match(r"postgresql://postgres:.*@postgres:5432/wirefeed$", env["DATABASE_URL"])
    assert env["WIREFEED_WEB_TOKEN"] is None and env["WIREFEED_WEB_DATABASE_URL"] is None  # from the shell or .env
    assert "redis" not in web["depends_on"]  # it reads PostgreSQL only
    assert web["depends_on"]["schema"]["condition"] == "service_completed_successfully"
