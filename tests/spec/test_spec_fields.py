"""The one classification of the task's fields follows the spec's shapes through named branches."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from scripts.codegen.spec_fields import SpecShapeError, task_fields


def test_every_property_is_classified_in_spec_order(spec: dict[str, Any]) -> None:
    fields = task_fields(spec)
    assert [f.name for f in fields] == list(
        spec["components"]["schemas"]["StarRocksReplicationInfo"]["properties"]
    )
    kinds = {f.name: f.kind for f in fields}
    assert kinds["percentage"] == "number"
    assert kinds["is_main_task"] == "boolean"
    assert kinds["task_name"] == "string"
    stage = next(f for f in fields if f.name == "stage")
    assert (stage.kind, stage.enum_name, stage.open_enum) == ("enum", "ReplicationStage", True)
    assert stage.enum_values == ("wait", "incremental", "full", "cancelled", "paused")


def test_a_new_number_or_string_property_reusing_named_branches_is_a_number(spec: dict[str, Any]) -> None:
    changed = copy.deepcopy(spec)
    properties = changed["components"]["schemas"]["StarRocksReplicationInfo"]["properties"]
    properties["delay_seconds"] = {
        "description": "Delay.",
        "anyOf": [
            {"$ref": "#/components/schemas/DecimalNumber"},
            {"$ref": "#/components/schemas/DecimalString"},
        ],
    }
    added = task_fields(changed)[-1]
    assert (added.name, added.kind, added.wire_types) == ("delay_seconds", "number", ("number", "string"))
    assert (added.camel_name, added.pascal_name) == ("delaySeconds", "DelaySeconds")


def test_a_dangling_reference_names_the_component(spec: dict[str, Any]) -> None:
    changed = copy.deepcopy(spec)
    properties = changed["components"]["schemas"]["StarRocksReplicationInfo"]["properties"]
    properties["percentage"]["anyOf"][0] = {"$ref": "#/components/schemas/NoSuchThing"}
    with pytest.raises(SpecShapeError, match="NoSuchThing"):
        task_fields(changed)


def test_an_integer_or_digits_property_is_the_integer_kind_and_a_number_branch_wins(
    spec: dict[str, Any],
) -> None:
    changed = copy.deepcopy(spec)
    properties = changed["components"]["schemas"]["StarRocksReplicationInfo"]["properties"]
    properties["lag_ms"] = {
        "description": "Lag.",
        "anyOf": [{"$ref": "#/components/schemas/CountNumber"}, {"$ref": "#/components/schemas/CountString"}],
    }
    properties["mixed"] = {"anyOf": [{"type": "integer"}, {"type": "number"}]}
    kinds = {f.name: (f.kind, f.wire_types, f.minimum) for f in task_fields(changed)}
    assert kinds["lag_ms"] == ("integer", ("integer", "string"), 0.0)
    assert kinds["mixed"][0] == "number"
