"""The Pulumi package schema of the native ``taurusdb`` provider, generated from the spec.

The task type's properties come from :mod:`spec_fields` (so a new property of
``StarRocksReplicationInfo`` reaches every Pulumi language), the configuration keys from the
provider's settings module, and the version from the project; this file holds only the rules
the spec cannot say: the two functions' inputs and what the normalized read adds to a task
(``healthy``, ``extra``). The schema is committed next to the plugin, which serves it.

    python scripts/codegen/pulumi_schema.py           write the schema
    python scripts/codegen/pulumi_schema.py --check   fail when the committed schema is stale
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from codegen.spec_fields import ROOT, SpecField, load_spec, task_fields

SCHEMA_PATH = ROOT / "provider" / "taurusdb_replication" / "pulumi" / "native" / "schema.json"
PACKAGE = "taurusdb"
TASK_TYPE = f"{PACKAGE}:index:Replication"
GO_IMPORT_BASE = "github.com/taurusdb-replication/taurusdb-replication/sdk/go/taurusdb"

ANY = {"$ref": "pulumi.json#/Any"}
STRING = {"type": "string"}
NUMBER = {"type": "number"}
INTEGER = {"type": "integer"}
BOOLEAN = {"type": "boolean"}

CONFIG_DESCRIPTIONS: dict[str, str] = {
    "region": "Huawei Cloud region (e.g. `cn-north-4`); picks the endpoint unless `endpoint` is set.",
    "endpoint": "Base URL of the TaurusDB API; overrides the region's endpoint.",
    "projectId": "Project id the instances belong to.",
    "accessKey": "Access key id (AK) of an AK/SK pair.",
    "secretKey": "Secret access key (SK) of an AK/SK pair.",
    "securityToken": "Security token of temporary AK/SK credentials.",
    "authToken": "IAM token (X-Auth-Token), instead of an AK/SK pair.",
    "caBundle": "Path of a PEM file of CA certificates to trust.",
    "maxRetries": "Retries of a failed request (0 to 20).",
    "userName": "IAM user name, for password authentication.",
    "password": "IAM user's password.",
    "domainName": "IAM account (domain) name of the user.",
}
"""One description per configuration key; a key the settings add without one stops generation."""

INTEGER_CONFIG = frozenset({"maxRetries"})

DERIVED_TASK_PROPERTIES: dict[str, dict[str, Any]] = {
    "healthy": {**BOOLEAN, "description": "True only when `status` is `Yes` (any letter case)."},
    "extra": {
        "type": "object",
        "additionalProperties": ANY,
        "description": "Fields the service sent that the spec does not know, as sent.",
    },
}
"""What the client layer's normalization adds to the spec's fields (``Replication.to_dict``)."""

LOCATION_INPUTS: dict[str, dict[str, Any]] = {
    "region": {**STRING, "description": "Region for this read; replaces the configured region and endpoint."},
    "endpoint": {
        **STRING,
        "description": "Endpoint for this read; replaces the configured region and endpoint.",
    },
    "projectId": {**STRING, "description": "Project id for this read."},
}

EXPECTATION_INPUTS: dict[str, dict[str, Any]] = {
    "expectHealthy": {**BOOLEAN, "description": "Fail unless every judged task has status `Yes`."},
    "expectStages": {
        "type": "array",
        "items": STRING,
        "description": "Fail unless every judged task is in one of these stages (any letter case).",
    },
    "minPercentage": {
        **NUMBER,
        "description": "Fail unless every judged task's percentage is at least this (0-100).",
    },
    "waitTimeout": {
        **NUMBER,
        "description": "Seconds to wait for the expectations to hold before failing (default: one read).",
    },
    "waitInterval": {**NUMBER, "description": "Seconds between reads while waiting."},
}


def task_property(spec_field: SpecField) -> dict[str, Any]:
    """A spec property as a Pulumi property: numbers as numbers, booleans as booleans,
    open enums as strings (a stage the spec does not list is kept as the service sent it)."""
    shape: dict[str, Any]
    if spec_field.kind == "number":
        shape = dict(NUMBER)
    elif spec_field.kind == "boolean":
        shape = dict(BOOLEAN)
    elif spec_field.kind in ("string", "enum"):
        shape = dict(STRING)
    else:
        shape = dict(ANY)
    description = spec_field.description
    if spec_field.kind == "enum":
        description += f" Known values, lower case: {', '.join(spec_field.enum_values)}."
    shape["description"] = description
    return shape


def task_properties(fields: tuple[SpecField, ...]) -> dict[str, dict[str, Any]]:
    """Every property of a normalized task, in the order of ``Replication.to_dict``."""
    properties = {f.camel_name: task_property(f) for f in fields}
    clash = set(properties) & set(DERIVED_TASK_PROPERTIES)
    if clash:
        raise SystemExit(f"pulumi_schema: spec properties {sorted(clash)} clash with the derived ones")
    return {**properties, **DERIVED_TASK_PROPERTIES}


def config_variables() -> dict[str, dict[str, Any]]:
    """The ``taurusdb:`` keys the provider reads, secret ones marked so the engine encrypts them."""
    from taurusdb_replication.pulumi._settings import CONFIG_KEYS, SECRET_KEYS

    missing = [key for key in CONFIG_KEYS if key not in CONFIG_DESCRIPTIONS]
    if missing:
        raise SystemExit(f"pulumi_schema: no description for config key(s) {', '.join(missing)}")
    variables: dict[str, dict[str, Any]] = {}
    for key in CONFIG_KEYS:
        shape: dict[str, Any] = dict(INTEGER if key in INTEGER_CONFIG else STRING)
        shape["description"] = CONFIG_DESCRIPTIONS[key]
        if key in SECRET_KEYS:
            shape["secret"] = True
        variables[key] = shape
    return variables


def _object(properties: Mapping[str, Any], required: list[str], description: str) -> dict[str, Any]:
    return {
        "type": "object",
        "description": description,
        "properties": dict(properties),
        "required": required,
    }


def get_replications(task_ref: dict[str, str]) -> dict[str, Any]:
    """``getReplications``: every task of an instance, judged against the expectations."""
    inputs = {
        "instanceId": {**STRING, "description": "Id of the TaurusDB instance."},
        "taskNames": {
            "type": "array",
            "items": STRING,
            "description": "Judge only these tasks; each must exist. Every task is still read and returned.",
        },
        **EXPECTATION_INPUTS,
        **LOCATION_INPUTS,
    }
    outputs = {
        "instanceId": {**STRING, "description": "Id of the instance read."},
        "replications": {"type": "array", "items": task_ref, "description": "Every task, normalized."},
        "taskNames": {"type": "array", "items": STRING, "description": "Names of the tasks, in order."},
        "totalCount": {**INTEGER, "description": "Number of tasks read."},
        "healthy": {**BOOLEAN, "description": "True when every task has status `Yes`."},
        "unhealthyTasks": {
            "type": "array",
            "items": STRING,
            "description": "Names of the tasks not healthy.",
        },
        "stageCounts": {
            "type": "object",
            "additionalProperties": INTEGER,
            "description": "Tasks per stage: each known stage, any other stage read, `unknown` for none.",
        },
    }
    return {
        "description": (
            "Read the replication tasks of a TaurusDB HTAP instance. An unmet expectation fails "
            "the invoke (and so the preview or update), naming each failing task."
        ),
        "inputs": _object(inputs, ["instanceId"], "Arguments of getReplications."),
        "outputs": _object(outputs, list(outputs), "Result of getReplications."),
    }


def get_replication(task: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """``getReplication``: one task, its fields as outputs."""
    inputs = {
        "instanceId": {**STRING, "description": "Id of the TaurusDB instance."},
        "taskName": {**STRING, "description": "Name of the task; it must exist."},
        **EXPECTATION_INPUTS,
        **LOCATION_INPUTS,
    }
    outputs = {"instanceId": {**STRING, "description": "Id of the instance read."}, **task}
    required = ["instanceId", "taskName", "healthy", "extra"]
    return {
        "description": "Read one replication task. An unmet expectation fails the invoke, naming the task.",
        "inputs": _object(inputs, ["instanceId", "taskName"], "Arguments of getReplication."),
        "outputs": _object(outputs, required, "Result of getReplication: the task's fields."),
    }


def project_version() -> str:
    """The Python distribution's version: the plugin and the SDKs carry the same one."""
    with (ROOT / "pyproject.toml").open("rb") as handle:
        return str(tomllib.load(handle)["project"]["version"])


def build_schema(spec: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The whole package schema, as plain data."""
    spec = load_spec() if spec is None else spec
    task = task_properties(task_fields(spec))
    task_ref = {"$ref": f"#/types/{TASK_TYPE}"}
    variables = config_variables()
    title = str(spec.get("info", {}).get("title", "TaurusDB HTAP replication"))
    return {
        "name": PACKAGE,
        "displayName": "TaurusDB HTAP replication",
        "version": project_version(),
        "description": f"Read and assert Huawei Cloud TaurusDB HTAP (StarRocks) replication tasks ({title}).",
        "keywords": ["pulumi", "huaweicloud", "taurusdb", "starrocks", "category/database"],
        "license": "Apache-2.0",
        "publisher": "taurusdb-replication",
        "meta": {"moduleFormat": "(.*)"},
        "language": {
            "nodejs": {"packageName": "@taurusdb-replication/pulumi-taurusdb", "respectSchemaVersion": True},
            "python": {"packageName": "pulumi_taurusdb", "respectSchemaVersion": True},
            "go": {"importBasePath": GO_IMPORT_BASE, "respectSchemaVersion": True},
        },
        "config": {"variables": variables},
        "provider": {
            "description": "The taurusdb provider: where to connect and with which credentials.",
            "inputProperties": variables,
        },
        "types": {
            TASK_TYPE: {
                "type": "object",
                "description": "One replication task, normalized by the client layer.",
                "properties": task,
                "required": ["healthy", "extra"],
            }
        },
        "resources": {},
        "functions": {
            f"{PACKAGE}:index:getReplications": get_replications(task_ref),
            f"{PACKAGE}:index:getReplication": get_replication(task),
        },
    }


def render(schema: Mapping[str, Any]) -> str:
    """Stable bytes: two-space indent, keys in the order built, a final newline."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail when the committed schema is stale")
    args = parser.parse_args(argv)
    wanted = render(build_schema())
    current = SCHEMA_PATH.read_text(encoding="utf-8") if SCHEMA_PATH.exists() else None
    if args.check:
        if current != wanted:
            print(
                f"{SCHEMA_PATH.relative_to(ROOT)} is stale: run python scripts/codegen/pulumi_schema.py",
                file=sys.stderr,
            )
            return 1
        return 0
    if current != wanted:
        SCHEMA_PATH.parent.mkdir(parents=True, exist_ok=True)
        SCHEMA_PATH.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
