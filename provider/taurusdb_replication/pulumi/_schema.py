"""The package schema (``native/schema.json``, generated from the spec) and its names.

Both surfaces read their names from it: the native plugin serves it (``GetSchema``) and the
functions it declares; the dynamic resources take their task outputs from it. Pulumi schemas
use camelCase; each SDK maps it to its language's style (snake case in Python).
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

SCHEMA_FILE = "native/schema.json"
GET_REPLICATIONS = "taurusdb:index:getReplications"
GET_REPLICATION = "taurusdb:index:getReplication"


@cache
def schema_text() -> str:
    """The committed package schema (generated from the spec by scripts/codegen/pulumi_schema.py)."""
    return resources.files(__package__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")


def schema() -> dict[str, Any]:
    """The package schema as data."""
    loaded: dict[str, Any] = json.loads(schema_text())
    return loaded


def camel(name: str) -> str:
    """``total_count`` -> ``totalCount``: the schema's names."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def snake(name: str) -> str:
    """``totalCount`` -> ``total_count``: the resources' names."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
