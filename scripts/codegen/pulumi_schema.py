"""The Pulumi package schema of the native ``taurusdb`` provider, generated from the spec.

The task type's properties come from :mod:`spec_fields` (the normalized view's fields, derived
ones included, so a new property of ``StarRocksReplicationInfo`` reaches every Pulumi
language), the configuration keys from the settings declaration (``settings.yaml``, through the
generated ``_settings_table.py``), and the version from the project; this file holds only what
the spec cannot say: the two functions' inputs and descriptions, and the view's catch-all
``extra``. The schema is committed next to the plugin, which serves it.

    scripts/regenerate --only pulumi-schema            write the schema (scripts/regenerate: every target)
    scripts/regenerate --check --only pulumi-schema    fail when the committed schema is stale
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from collections.abc import Mapping
from typing import Any

from .spec_fields import ROOT, DerivedField, SpecField, load_spec, view_fields

SCHEMA_PATH = ROOT / "provider" / "taurusdb_replication" / "pulumi" / "native" / "schema.json"
PACKAGE = "taurusdb"
TASK_TYPE = f"{PACKAGE}:index:Replication"
GO_IMPORT_BASE = "github.com/taurusdb-replication/taurusdb-replication/sdk/go/taurusdb"

ANY = {"$ref": "pulumi.json#/Any"}
STRING = {"type": "string"}
NUMBER = {"type": "number"}
INTEGER = {"type": "integer"}
BOOLEAN = {"type": "boolean"}

CONFIG_TYPES: dict[str, dict[str, str]] = {"integer": INTEGER, "boolean": BOOLEAN}
"""A setting's type in the schema; every other type (durations too: ``30s``) is a string."""

EXTRA_PROPERTY: dict[str, Any] = {
    "type": "object",
    "additionalProperties": ANY,
    "description": "Fields the service sent that the spec does not know, as sent.",
}
"""The normalized view's catch-all (``Replication.extra``), always last."""

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


def task_property(view_field: SpecField | DerivedField) -> dict[str, Any]:
    """A field of the view as a Pulumi property: numbers as numbers, booleans as booleans,
    open enums as strings (a stage the spec does not list is kept as the service sent it)."""
    shape: dict[str, Any]
    if view_field.kind == "number":
        shape = dict(NUMBER)
    elif view_field.kind == "integer":  # a double in Pulumi: exact up to 2**53 (docs/pulumi.md)
        shape = {"type": "integer"}
    elif view_field.kind == "boolean":
        shape = dict(BOOLEAN)
    elif view_field.kind in ("string", "enum"):
        shape = dict(STRING)
    else:
        shape = dict(ANY)
    description = view_field.description
    if isinstance(view_field, SpecField) and view_field.kind == "enum":
        description += f" Known values, lower case: {', '.join(view_field.enum_values)}."
    shape["description"] = description
    return shape


def task_type(fields: tuple[SpecField | DerivedField, ...]) -> tuple[dict[str, Any], list[str]]:
    """The properties of a normalized task, in the view's order, and those never null (the key,
    the derived values and ``extra``)."""
    properties = {f.camel_name: task_property(f) for f in fields}
    if "extra" in properties:
        raise SystemExit("pulumi_schema: a spec property named 'extra' clashes with the view's catch-all")
    required = [f.camel_name for f in fields if isinstance(f, DerivedField) or f.key]
    return {**properties, "extra": EXTRA_PROPERTY}, [*required, "extra"]


def config_variables() -> dict[str, dict[str, Any]]:
    """The ``taurusdb:`` keys: every setting of settings.yaml with a Pulumi key, in declaration
    order, described once there, secret ones marked so the engine encrypts them."""
    from taurusdb_replication._settings_table import SETTINGS

    variables: dict[str, dict[str, Any]] = {}
    for spec in SETTINGS:
        if spec.pulumi is None:
            continue
        shape: dict[str, Any] = dict(CONFIG_TYPES.get(spec.type, STRING))
        where = ", ".join(spec.env)
        shape["description"] = spec.description + (f" Environment: {where}." if where else "")
        if spec.default is not None:
            shape["description"] += f" Default: {spec.default}."
        if spec.secret:
            shape["secret"] = True
        variables[spec.pulumi] = shape
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
        "totalCount": {
            **INTEGER,
            "description": "The service's total count of tasks (filters never change it).",
        },
        "healthy": {
            **BOOLEAN,
            "description": "True when the instance has at least one task and every task has status `Yes`.",
        },
        "unhealthyTasks": {
            "type": "array",
            "items": STRING,
            "description": "Names of the tasks not healthy, in listing order.",
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


def get_replication(task: dict[str, dict[str, Any]], task_required: list[str]) -> dict[str, Any]:
    """``getReplication``: one task, its fields as outputs."""
    inputs = {
        "instanceId": {**STRING, "description": "Id of the TaurusDB instance."},
        "taskName": {**STRING, "description": "Name of the task; it must exist."},
        **EXPECTATION_INPUTS,
        **LOCATION_INPUTS,
    }
    outputs = {"instanceId": {**STRING, "description": "Id of the instance read."}, **task}
    required = ["instanceId", *task_required]
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
    task, task_required = task_type(view_fields(spec))
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
                "required": task_required,
            }
        },
        "resources": {},
        "functions": {
            f"{PACKAGE}:index:getReplications": get_replications(task_ref),
            f"{PACKAGE}:index:getReplication": get_replication(task, task_required),
        },
    }


def render(schema: Mapping[str, Any]) -> str:
    """Stable bytes: two-space indent, keys in the order built, a final newline."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail when the committed schema is stale")
    parser.add_argument("--stdout", action="store_true", help="print the spec's schema; write nothing")
    args = parser.parse_args(argv)
    wanted = render(build_schema())
    if args.stdout:
        sys.stdout.write(wanted)
        return 0
    current = SCHEMA_PATH.read_text(encoding="utf-8") if SCHEMA_PATH.exists() else None
    if args.check:
        if current != wanted:
            print(
                f"{SCHEMA_PATH.relative_to(ROOT)} is out of date with openapi.yaml; run scripts/regenerate",
                file=sys.stderr,
            )
            return 1
        print(f"{SCHEMA_PATH.relative_to(ROOT)} is up to date with openapi.yaml")
        return 0
    print(f"regenerated {SCHEMA_PATH.relative_to(ROOT)} from openapi.yaml")
    if current != wanted:
        SCHEMA_PATH.parent.mkdir(parents=True, exist_ok=True)
        SCHEMA_PATH.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
