"""Settings: one declaration each, read from an environment mapping, checked, and documented from the
declarations. Nothing here needs PostgreSQL or Redis."""

from __future__ import annotations

import dataclasses
import math

import pytest

from tests.paths import ROOT
from worker.runtime.settings import (
    DEFAULTS,
    UNPARSEABLE,
    Flag,
    HostPorts,
    Number,
    Settings,
    SettingsError,
    Text,
    declarations,
    markdown_table,
    redact,
    scrub,
)

ENV_NAMES = [d.env for _, d in declarations()]


def error(env: dict[str, str]) -> str:
    with pytest.raises(SettingsError) as info:
        Settings.from_env(env)
    return str(info.value)


# declarations ------------------------------------------------------------------------------------------------


def test_every_field_is_declared_once_with_its_own_variable() -> None:
    assert [name for name, _ in declarations()] == [f.name for f in dataclasses.fields(Settings)]
    assert len(set(ENV_NAMES)) == len(ENV_NAMES)
    assert all(env.startswith("WIREFEED_") for env in ENV_NAMES if env not in {"DATABASE_URL", "REDIS_URL"})
    for _, d in declarations():
        assert d.help and "\n" not in d.help, d.env
        assert d.kind.valid(d.default), d.env


def test_an_empty_environment_gives_the_declared_defaults() -> None:
    settings = Settings.from_env({})
    assert settings == Settings() == DEFAULTS
    for name, d in declarations():
        assert getattr(settings, name) == d.default


def test_empty_or_blank_variables_count_as_unset() -> None:
    assert Settings.from_env(dict.fromkeys(ENV_NAMES, "  ")) == DEFAULTS


def test_each_variable_sets_its_field() -> None:
    env = {
        "DATABASE_URL": "postgresql://u:p@db.example.org/wire",
        "REDIS_URL": "rediss://cache.example.org:6380/2",
        "WIREFEED_REDIS_PREFIX": "desk-b:",
        "WIREFEED_QUEUE": "desk-b",
        "WIREFEED_USER_AGENT": " acme-wire/2 (desk@acme.example) ",
        "WIREFEED_ALLOW_PRIVATE_ADDRESSES": "yes",
        "WIREFEED_PRIVATE_ALLOWLIST": "Feeds.Intranet:8080, 10.0.0.7:80,",
        "WIREFEED_PER_HOST_RPS": "0.25",
        "WIREFEED_MAX_RATE_WAIT": "0",
        "WIREFEED_DB_POOL_SIZE": "12",
        "WIREFEED_ADAPTIVE_INTERVAL": "off",
    }
    settings = Settings.from_env(env)
    assert (settings.database_url, settings.redis_url) == (env["DATABASE_URL"], env["REDIS_URL"])
    assert (settings.redis_prefix, settings.queue) == ("desk-b:", "desk-b")
    assert settings.user_agent == "acme-wire/2 (desk@acme.example)"
    assert settings.allow_private_addresses is True and settings.adaptive_interval is False
    assert settings.private_allowlist == ("feeds.intranet:8080", "10.0.0.7:80")
    assert (settings.per_host_rps, settings.max_rate_wait, settings.db_pool_size) == (0.25, 0.0, 12)
    assert isinstance(settings.db_pool_size, int) and isinstance(settings.max_rate_wait, float)


# kinds -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        *[(text, True) for text in ("1", "true", "YES", "On")],
        *[(text, False) for text in ("0", "False", "no", "OFF")],
    ],
)
def test_flags_take_the_clear_spellings(text: str, value: bool) -> None:
    assert Flag().parse(text) is value
    assert Settings.from_env({"WIREFEED_ADAPTIVE_INTERVAL": text}).adaptive_interval is value


@pytest.mark.parametrize("text", ["maybe", "2", "y", "n", "enabled", "disable", "tru", "-1", "1.0"])
def test_any_other_flag_spelling_is_an_error_not_off(text: str) -> None:
    with pytest.raises(ValueError):
        Flag().parse(text)
    assert error({"WIREFEED_ALLOW_PRIVATE_ADDRESSES": text}) == (
        f"WIREFEED_ALLOW_PRIVATE_ADDRESSES={text!r}: expected 1/0, true/false, yes/no, on/off"
    )


def test_numbers_parse_as_their_type_and_keep_to_their_range() -> None:
    whole, real = Number(int, 1), Number(float, 0, low_open=True)
    assert whole.parse("12") == 12 and isinstance(whole.parse("12"), int)
    assert real.parse("0.5") == 0.5 and real.parse("2") == 2.0
    with pytest.raises(ValueError):
        whole.parse("2.5")
    assert [whole.valid(v) for v in (1, 0, -3, True)] == [True, False, False, False]
    assert [real.valid(v) for v in (0.001, 3, 0.0, -1.0, math.nan, math.inf)] == [True, True] + [False] * 4
    assert Number(float, 0, unit="seconds").valid(0.0)


def test_a_retention_is_days_or_forever() -> None:
    assert Settings.from_env({}).page_retention_days is None  # raw pages: kept forever unless set
    assert Settings.from_env({}).change_retention_days == 90.0
    env = {"WIREFEED_PAGE_RETENTION_DAYS": "2.5", "WIREFEED_CHANGE_RETENTION_DAYS": "Forever"}
    settings = Settings.from_env(env)
    assert (settings.page_retention_days, settings.change_retention_days) == (2.5, None)
    assert error({"WIREFEED_PAGE_RETENTION_DAYS": "0"}) == (
        "WIREFEED_PAGE_RETENTION_DAYS='0': expected a number > 0 (days), or forever"
    )
    assert error({"WIREFEED_CHANGE_RETENTION_DAYS": "never"}).startswith("WIREFEED_CHANGE_RETENTION_DAYS='never'")


def test_text_must_match_its_pattern_in_full() -> None:
    name = Text(r"[a-z]+", "lower-case letters")
    assert (name.valid("wire"), name.valid("wire desk"), name.valid("")) == (True, False, False)
    assert name.accepts == "lower-case letters"


def test_host_port_lists_are_split_on_commas() -> None:
    hosts = HostPorts()
    assert hosts.parse(" a.example:80 ,, B.example:8080 ") == ("a.example:80", "b.example:8080")
    assert hosts.valid(()) and not hosts.valid(("a.example",)) and not hosts.valid(("a.example:http",))
    assert hosts.text(("a:1", "b:2")) == "a:1,b:2" and hosts.show(()) == "empty"


# errors ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"WIREFEED_PER_HOST_RPS": "fast"}, "WIREFEED_PER_HOST_RPS='fast': expected a number > 0"),
        ({"WIREFEED_PER_HOST_RPS": "-1"}, "WIREFEED_PER_HOST_RPS='-1': expected a number > 0"),
        ({"WIREFEED_PER_HOST_RPS": "0"}, "WIREFEED_PER_HOST_RPS='0': expected a number > 0"),
        ({"WIREFEED_PER_HOST_RPS": "nan"}, "WIREFEED_PER_HOST_RPS='nan': expected a number > 0"),
        (
            {"WIREFEED_ADAPTIVE_INTERVAL": "maybe"},
            "WIREFEED_ADAPTIVE_INTERVAL='maybe': expected 1/0, true/false, yes/no, on/off",
        ),
        ({"WIREFEED_DB_POOL_SIZE": "2.5"}, "WIREFEED_DB_POOL_SIZE='2.5': expected a whole number >= 1"),
        ({"WIREFEED_DB_POOL_SIZE": "0"}, "WIREFEED_DB_POOL_SIZE='0': expected a whole number >= 1"),
        (
            {"WIREFEED_DEFAULT_INTERVAL": "5"},
            "WIREFEED_DEFAULT_INTERVAL='5': expected a whole number >= 10 (seconds)",
        ),
        ({"WIREFEED_READ_TIMEOUT": "inf"}, "WIREFEED_READ_TIMEOUT='inf': expected a number > 0 (seconds)"),
        ({"WIREFEED_MAX_RATE_WAIT": "-0.5"}, "WIREFEED_MAX_RATE_WAIT='-0.5': expected a number >= 0 (seconds)"),
        ({"REDIS_URL": "localhost:6379"}, "REDIS_URL='localhost:6379': expected a redis://, rediss:// or unix:// URL"),
        (
            {"WIREFEED_REDIS_PREFIX": "wire feed*"},
            "WIREFEED_REDIS_PREFIX='wire feed*': expected letters, digits and _ . : -",
        ),
        ({"WIREFEED_QUEUE": "a:b"}, "WIREFEED_QUEUE='a:b': expected letters, digits and _ . -"),
        (
            {"WIREFEED_PRIVATE_ALLOWLIST": "intranet"},
            "WIREFEED_PRIVATE_ALLOWLIST='intranet': expected comma-separated host:port pairs",
        ),
    ],
)
def test_a_bad_value_is_one_line_naming_the_variable_and_what_it_accepts(env: dict[str, str], message: str) -> None:
    assert error(env) == message


def test_every_bad_variable_is_named_on_the_one_line() -> None:
    message = error(
        {"WIREFEED_PER_HOST_RPS": "fast", "WIREFEED_USER_AGENT": "wire\r\nX-Evil: 1", "WIREFEED_TICK_SECONDS": "1"}
    )
    assert "\n" not in message and "\r" not in message
    assert message == (
        "WIREFEED_USER_AGENT='wire\\r\\nX-Evil: 1': expected one line of text; "
        "WIREFEED_PER_HOST_RPS='fast': expected a number > 0"
    )


def test_settings_built_in_code_are_checked_too() -> None:
    with pytest.raises(SettingsError, match=r"^WIREFEED_PER_HOST_RPS=-1: expected a number > 0$"):
        Settings(per_host_rps=-1)
    with pytest.raises(SettingsError, match="WIREFEED_ADAPTIVE_INTERVAL='yes'"):
        dataclasses.replace(DEFAULTS, adaptive_interval="yes")  # type: ignore[arg-type]


# the README ---------------------------------------------------------------------------------------------------


def test_the_readme_table_is_the_generated_one() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("<!-- settings table:")
    start = readme.index("\n", start) + 1
    end = readme.index("<!-- end of settings table -->")
    assert readme[start:end] == markdown_table()


def test_the_table_has_one_row_per_setting_with_its_default_and_range() -> None:
    rows = markdown_table().splitlines()[2:]
    assert [row.split(" | ")[0] for row in rows] == [f"| `{env}`" for env in ENV_NAMES]
    assert "| `WIREFEED_PER_HOST_RPS` | `1` | a number > 0 |" in markdown_table()
    assert "| `WIREFEED_ADAPTIVE_INTERVAL` | on | 1/0, true/false, yes/no, on/off |" in markdown_table()


# connection strings: passwords never shown -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("conninfo", "shown"),
    [
        ("postgresql://desk:s3cret@db.example.org:5433/wire", "postgresql://desk:***@db.example.org:5433/wire"),
        ("postgresql://desk@db.example.org/wire", "postgresql://desk@db.example.org/wire"),
        ("postgresql://desk:s3c%40ret@db.example.org/wire", "postgresql://desk:***@db.example.org/wire"),
        (
            "postgresql://db.example.org/wire?password=s3cret&sslmode=require",
            "postgresql://db.example.org/wire?password=***&sslmode=require",
        ),
        ("postgresql://u:s3cret@h1:5432,h2:5433/wire", "postgresql://u:***@h1:5432,h2:5433/wire"),
        ("host=db.example.org password=s3cret dbname=wire", "password=*** dbname=wire host=db.example.org"),
        ("host=db.example.org password='s3 cret' dbname=wire", "password=*** dbname=wire host=db.example.org"),
        ("host=db.example.org dbname=wire", "host=db.example.org dbname=wire"),
        ("redis://:s3cret@cache.example.org:6380/2", "redis://:***@cache.example.org:6380/2"),
        ("rediss://desk:s3cret@cache.example.org/0", "rediss://desk:***@cache.example.org/0"),
        ("redis://cache.example.org:6379/0", "redis://cache.example.org:6379/0"),
        ("host=x password=s3 cret", UNPARSEABLE),  # libpq cannot read it, so its password cannot be found
        ("postgresql://u:s3cret@[::1/wire", UNPARSEABLE),
        ("localhost:6379", "localhost:6379"),  # unreadable, but it can hold no password
    ],
)
def test_a_connection_string_is_shown_with_its_password_masked(conninfo: str, shown: str) -> None:
    assert redact(conninfo) == shown
    assert "s3" not in redact(conninfo) and "cret" not in redact(conninfo)


def test_a_drivers_message_is_scrubbed_of_the_password() -> None:
    message = 'invalid integer value "s3cret@h" for connection option "port"'
    assert (
        scrub(message, "postgresql://u:s3cret@h/wire") == 'invalid integer value "***@h" for connection option "port"'
    )
    assert scrub(message, "host=h dbname=wire") == message
    assert scrub('password "s3c@ret" refused', "postgresql://u:s3c%40ret@h/wire") == 'password "***" refused'


@pytest.mark.parametrize(
    ("env", "line"),
    [
        ({"DATABASE_URL": "host=db password=s3 cret"}, f"DATABASE_URL={UNPARSEABLE!r}: expected"),
        ({"DATABASE_URL": "postgresql://u:s3cret@db/wire x"}, "DATABASE_URL='postgresql://u:***@db/wire x': expected"),
        ({"DATABASE_URL": "postgresql://u:s3%zzcret@db/wire"}, "DATABASE_URL='postgresql://u:***@db/wire': expected"),
        ({"REDIS_URL": "redis://:s3cret@cache /0"}, "REDIS_URL='redis://:***@cache /0': expected"),
    ],
)
def test_a_bad_connection_string_is_refused_without_its_password(env: dict[str, str], line: str) -> None:
    message = error(env)
    assert message.startswith(line) and "s3" not in message


def test_a_string_libpq_cannot_read_is_refused_at_start() -> None:
    """libpq's own complaint about it may quote the password: the settings refuse it before libpq sees it."""
    assert error({"DATABASE_URL": "postgresql://u:p%zz@db/wire"}).startswith("DATABASE_URL=")
    assert (
        Settings.from_env({"DATABASE_URL": "host=db password='s3 cret'"}).database_url == "host=db password='s3 cret'"
    )
