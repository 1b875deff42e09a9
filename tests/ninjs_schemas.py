"""The official IPTC ninjs schemas (tests/data/ninjs) and a validator for each, checking formats too."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.validators import validator_for

from tests.paths import DATA

NINJS = DATA / "ninjs"


def schema(version: str) -> dict[str, Any]:
    return json.loads((NINJS / f"ninjs-schema_{version}.json").read_text(encoding="utf-8"))


@cache
def validator(version: str) -> Draft202012Validator:
    """The validator of the schema's own draft (its ``$schema``), with the uri and date-time formats checked."""
    document = schema(version)
    cls = validator_for(document)
    cls.check_schema(document)
    return cls(document, format_checker=FormatChecker())


def errors(item: dict[str, Any], version: str) -> list[str]:
    """Every way ``item`` breaks the ninjs ``version`` schema, empty when it is valid."""
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator(version).iter_errors(item)]
