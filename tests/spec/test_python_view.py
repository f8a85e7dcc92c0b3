"""The generated view gives every spec field its typed, normalized attribute and loses nothing."""

from __future__ import annotations

import copy
import json
import os
import pickle
import shutil
import subprocess
import sys
import types
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any, assert_type

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from taurusdb_htap_client.models.star_rocks_replication_info import StarRocksReplicationInfo
from taurusdb_htap_client.types import Unset
from taurusdb_replication import Replication, Stage
from taurusdb_replication._models import DEFAULT_COLUMNS, REPLICATION_FIELDS, TASK_FIELDS
from taurusdb_replication._normalize import flag, integer, key_text, number, text
from taurusdb_replication._view import MODELLED_WIRE_FIELDS

from scripts.codegen import python_view
from scripts.codegen.spec_fields import task_fields, view_fields

from .conftest import ROOT

TYPE_OF_KIND = {"string": "str | None", "number": "float | None", "boolean": "bool | None"}


def test_mypy_sees_each_attribute_with_its_normalized_type() -> None:
    task = Replication.from_dict(
        {"task_name": "t", "percentage": "42", "is_main_task": "true", "stage": "Full"}
    )
    assert_type(task.task_name, str)
    assert_type(task.percentage, float | None)
    assert_type(task.is_main_task, bool | None)
    assert_type(task.stage, Stage | str | None)
    assert_type(task.status, str | None)
    assert (task.percentage, task.is_main_task, task.stage) == (42.0, True, Stage.FULL)


def test_every_spec_property_is_an_attribute_typed_by_its_shape(spec: dict[str, Any]) -> None:
    hints = typing.get_type_hints(Replication)
    for field in task_fields(spec):
        expected = TYPE_OF_KIND.get(field.kind, "Stage | str | None")
        if field.key:
            expected = "str"
        assert hints[field.name] == eval(expected, {"Stage": Stage}), field.name  # noqa: S307 (our own text)


def test_the_field_table_is_the_spec_in_view_order(spec: dict[str, Any]) -> None:
    names = [f.name for f in view_fields(spec)]
    assert [f.name for f in TASK_FIELDS] == names
    assert (*names, "extra") == REPLICATION_FIELDS
    assert names[0] == "task_name"  # the key first (x-taurusdb-key)
    assert names.index("healthy") == names.index("status") + 1  # derived after its source
    assert tuple(Replication.from_dict({}).to_dict()) == REPLICATION_FIELDS
    assert set(DEFAULT_COLUMNS) <= set(names)
    assert all(f.description for f in TASK_FIELDS)


def test_a_nameless_task_has_the_spec_default_name() -> None:
    assert Replication.from_dict({"task_name": None}).task_name == ""
    assert Replication.from_dict({}).task_name == ""
    assert Replication.from_dict({"task_name": 7}).task_name == "7"


def test_a_new_property_becomes_an_attribute_and_a_key(spec: dict[str, Any]) -> None:
    changed = copy.deepcopy(spec)
    properties = changed["components"]["schemas"]["StarRocksReplicationInfo"]["properties"]
    properties["delay_seconds"] = {
        "description": "Replication delay.",
        "anyOf": [
            {"$ref": "#/components/schemas/DecimalNumber"},
            {"$ref": "#/components/schemas/DecimalString"},
        ],
    }
    source = python_view.render(changed)
    assert "    delay_seconds: float | None\n" in source
    assert "parsed = number(value)\n" in source
    assert "unread = _unread(unread, 'delay_seconds', value)" in source
    assert "set_delay_seconds(view, parsed)" in source
    assert "'delay_seconds': self.delay_seconds," in source  # in to_dict(), so in every front end
    compile(source, "_view.py", "exec")  # the module is valid Python


def test_an_integer_property_is_an_exact_int_of_any_size(spec: dict[str, Any]) -> None:
    changed = copy.deepcopy(spec)
    properties = changed["components"]["schemas"]["StarRocksReplicationInfo"]["properties"]
    properties["lag_ms"] = {
        "description": "Lag.",
        "anyOf": [{"$ref": "#/components/schemas/CountNumber"}, {"$ref": "#/components/schemas/CountString"}],
    }
    source = python_view.render(changed)
    assert "    lag_ms: int | None\n" in source
    module = types.ModuleType("taurusdb_replication._drill_view")
    sys.modules[module.__name__] = module  # dataclasses look their module up
    try:
        code = compile(
            source.replace("from ._normalize", "from taurusdb_replication._normalize"), "v", "exec"
        )
        exec(code, module.__dict__)  # noqa: S102 (the source this test just generated)
    finally:
        del sys.modules[module.__name__]
    view = module.ReplicationView
    for wire, read in (
        (9007199254740993, 9007199254740993),
        ("9007199254740993", 9007199254740993),
        (12.0, 12),
    ):
        task = view.from_dict({"task_name": "t", "lag_ms": wire})
        assert task.lag_ms == read
        assert type(task.lag_ms) is int
        assert not task.unreadable
    odd = view.from_dict({"task_name": "t", "lag_ms": "12ms", "percentage": True})
    assert odd.lag_ms is None
    assert odd.extra == {"lag_ms": "12ms", "percentage": True}
    assert odd.unreadable == {
        "lag_ms": "expected an integer, got '12ms'",
        "percentage": "expected a number, got True",
    }


def test_a_value_the_view_cannot_read_is_kept_in_extra_with_the_reason() -> None:
    task = Replication.from_dict({"task_name": "t", "percentage": "12ms", "is_main_task": "maybe", "x": 1})
    assert task.percentage is None
    assert task.is_main_task is None
    assert dict(task.extra) == {"x": 1, "percentage": "12ms", "is_main_task": "maybe"}
    assert dict(task.unreadable) == {
        "percentage": "expected a number, got '12ms'",
        "is_main_task": "expected true or false, got 'maybe'",
    }
    assert task.to_dict()["extra"]["percentage"] == "12ms"
    assert pickle.loads(pickle.dumps(task)).unreadable == task.unreadable  # noqa: S301 (its own bytes)
    clean = Replication.from_dict({"task_name": "t", "percentage": None, "is_main_task": "true"})
    assert not clean.unreadable
    assert not clean.extra


@pytest.fixture(scope="module")
def newer_client(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated client from a spec with one property more than the committed view knows."""
    workspace = tmp_path_factory.mktemp("newer")
    shutil.copytree(ROOT / "scripts", workspace / "scripts", ignore=shutil.ignore_patterns("__pycache__"))
    spec = yaml.safe_load((ROOT / "openapi.yaml").read_text())
    properties = spec["components"]["schemas"]["StarRocksReplicationInfo"]["properties"]
    properties["delay_seconds"] = {
        "description": "Replication delay.",
        "anyOf": [
            {"$ref": "#/components/schemas/DecimalNumber"},
            {"$ref": "#/components/schemas/DecimalString"},
        ],
    }
    (workspace / "openapi.yaml").write_text(yaml.safe_dump(spec, sort_keys=False))
    command = [sys.executable, str(workspace / "scripts/regenerate.py"), "--only", "python-client"]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    return workspace / "generated_client"


def test_fields_the_generated_model_knows_but_the_view_does_not_go_to_extra(newer_client: Path) -> None:
    program = """
import json, sys
from taurusdb_htap_client.models.star_rocks_replication_info import StarRocksReplicationInfo
from taurusdb_replication import Replication
info = StarRocksReplicationInfo.from_dict(json.loads(sys.argv[1]))
assert info.delay_seconds == "4.5", "the newer generated model knows delay_seconds"
task = Replication.from_generated(info)
print(json.dumps({"extra": dict(task.extra), "percentage": task.percentage}))
"""
    wire = {"task_name": "t", "percentage": "42", "delay_seconds": "4.5", "brand_new": {"k": [1]}}
    env = {**os.environ, "PYTHONPATH": str(newer_client)}
    done = subprocess.run(
        [sys.executable, "-c", program, json.dumps(wire)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "extra": {"delay_seconds": "4.5", "brand_new": {"k": [1]}},
        "percentage": 42.0,
    }


_SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=6)
_JSON = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=6,
)
_QUIRKS = st.sampled_from(
    ["Full", "INCREMENTAL", " wait ", "Rebalancing", "true", "False", "yes", "42.5", " 7 ", "1e999", 10**400]
)
_WIRE_TASKS = st.dictionaries(
    st.sampled_from(sorted(MODELLED_WIRE_FIELDS))
    | st.sampled_from(["brand_new", "taskName"])
    | st.text(max_size=5),
    _QUIRKS | _JSON,
    max_size=14,
)


def _as_sent(value: object) -> object:
    return value


_RULES: dict[str, Callable[[object], object]] = {
    "string": text,
    "number": number,
    "integer": integer,
    "boolean": flag,
    "enum": Stage.parse,
    "json": _as_sent,
}


def _oracle(spec: dict[str, Any], info: StarRocksReplicationInfo) -> dict[str, Any]:
    """What each attribute must be: the generated model's attribute through its kind's rule."""
    values: dict[str, Any] = {}
    for field in task_fields(spec):
        value = getattr(info, field.python_name)
        value = None if isinstance(value, Unset) else value
        values[field.python_name] = (
            key_text(value, field.default or "") if field.key else _RULES[field.kind](value)
        )
    return values


@settings(max_examples=300, deadline=None)
@given(wire=_WIRE_TASKS)
def test_one_pass_over_the_json_reads_what_the_generated_model_holds(
    spec: dict[str, Any], wire: dict[str, Any]
) -> None:
    """The listing reads each task's JSON once, straight into the view (``from_dict``); the view
    must equal reading the generated model of the same JSON field by field, lose nothing
    (``extra``, ``wire``), and give back the generated model itself (``raw``)."""
    info = StarRocksReplicationInfo.from_dict(wire)
    task = Replication.from_dict(wire)
    attributes = {name: getattr(task, name) for name in _oracle(spec, info)}
    assert repr(attributes) == repr(_oracle(spec, info))  # repr: NaN sent inside a value equals itself
    unread = {k: wire[k] for k in task.unreadable}  # values the view could not read stay in extra
    assert set(unread) == {k for k, v in attributes.items() if v is None and wire.get(k) is not None} - {
        f.python_name for f in task_fields(spec) if f.kind not in ("number", "integer", "boolean")
    }
    unmodelled = {k: v for k, v in wire.items() if k not in MODELLED_WIRE_FIELDS}
    assert repr(dict(task.extra)) == repr({**unmodelled, **unread})
    assert task.wire == wire or repr(dict(task.wire)) == repr(wire)
    assert repr(task.raw.to_dict()) == repr(info.to_dict())
    assert repr(Replication.from_generated(info).to_dict()) == repr(task.to_dict())
