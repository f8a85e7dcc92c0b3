"""The emulator serves every property of the spec, in the forms the spec allows.

Datasets accept every property (checked by its shape, errors naming the path), the ``large``
dataset fills every property, and the answers validate against the spec's response schema.
The expectations come from the spec itself (``scripts/codegen/spec_fields.py``), so a new
property is covered without editing this file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from openapi_schema_validator import OAS30Validator
from referencing import Registry
from referencing.jsonschema import DRAFT4
from taurusdb_emulator import DatasetError, FakeClock, load_dataset
from taurusdb_emulator.pytest_plugin import EmulatorFactory

from scripts.codegen.spec_fields import SpecField, load_spec, task_fields

from ._helpers import get_page

ROOT = Path(__file__).resolve().parents[2]
INSTANCE = "0123456789abcdef0123456789abcdefin17"
SPEC = load_spec(ROOT / "openapi.yaml")
FIELDS = task_fields(SPEC)


def _validator(schema_name: str) -> OAS30Validator:
    registry: Registry[Any] = Registry().with_resource("urn:spec", DRAFT4.create_resource(SPEC))
    return OAS30Validator({"$ref": f"urn:spec#/components/schemas/{schema_name}"}, registry=registry)


PAGE = _validator("ReplicationPage")


def _sample(field: SpecField) -> Any:
    """A canonical value a dataset may give the property."""
    return {
        "string": "some_text",
        "number": 42,
        "boolean": True,
        "enum": field.enum_values[0] if field.enum_values else "x",
        "json": {"k": [1]},
    }[field.kind]


def _dataset(tasks: list[dict[str, Any]]) -> dict[str, Any]:
    return {"instances": [{"instance_id": INSTANCE, "tasks": tasks}]}


@pytest.mark.parametrize("strict", [False, True], ids=["quirky", "strict"])
@pytest.mark.parametrize("dataset", ["demo", "large"])
def test_answers_validate_against_the_spec(
    taurusdb_emulator_factory: EmulatorFactory, http: httpx.Client, dataset: str, strict: bool
) -> None:
    server = taurusdb_emulator_factory(dataset=dataset, strict=strict, clock=FakeClock())
    token = server.issue_token()
    for offset in (0, 100, 5_000):
        body = get_page(http, server, token, offset=offset, limit=100).json()
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in PAGE.iter_errors(body)]
        assert not errors, errors[:5]


def test_the_large_dataset_serves_every_property_in_every_wire_form(
    taurusdb_emulator_factory: EmulatorFactory, http: httpx.Client
) -> None:
    server = taurusdb_emulator_factory(dataset="large", clock=FakeClock())
    body = get_page(http, server, server.issue_token(), limit=100).json()
    tasks = body["replications"]
    for field in FIELDS:
        assert all(field.name in task for task in tasks), field.name
        sent = {type(task[field.name]).__name__ for task in tasks if task[field.name] is not None}
        wanted = {
            {"string": "str", "number": "int", "integer": "int", "boolean": "bool"}[t]
            for t in field.wire_types
        }
        if field.name not in ("catchup_stage",):  # the mix keeps catch-up stages null, as the service does
            assert wanted <= sent | ({"int"} if "float" in sent else set()), (field.name, sent)


def test_a_dataset_file_accepts_every_property(tmp_path: Path) -> None:
    task = {field.name: _sample(field) for field in FIELDS}
    task["status"] = "Yes"
    path = tmp_path / "all.yaml"
    path.write_text(yaml.safe_dump(_dataset([task])), encoding="utf-8")
    loaded = load_dataset(path).instances[INSTANCE][0].to_dict()
    assert {name: loaded[name] for name in task} == task
    assert loaded["extra"] == {}


@pytest.mark.parametrize("field", [f for f in FIELDS if f.kind != "json" and not f.key], ids=lambda f: f.name)
def test_a_value_of_the_wrong_type_is_refused_naming_the_path(tmp_path: Path, field: SpecField) -> None:
    wrong = {"string": 12, "number": "many", "boolean": "perhaps", "enum": 7}[field.kind]
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(_dataset([{"task_name": "t1"}, {"task_name": "t2", field.name: wrong}])))
    with pytest.raises(DatasetError, match=rf"instances\[0\]\.tasks\[1\]: .*\.{field.name}: must be"):
        load_dataset(path)


@pytest.mark.parametrize("field", [f for f in FIELDS if f.kind == "number"], ids=lambda f: f.name)
def test_numbers_in_string_form_and_bounds_follow_the_spec(tmp_path: Path, field: SpecField) -> None:
    path = tmp_path / "numbers.yaml"
    path.write_text(yaml.safe_dump(_dataset([{"task_name": "t", field.name: "12.5"}])))
    assert getattr(load_dataset(path).instances[INSTANCE][0], field.python_name) == 12.5
    if field.maximum is not None:
        path.write_text(yaml.safe_dump(_dataset([{"task_name": "t", field.name: field.maximum + 1}])))
        with pytest.raises(DatasetError, match=f"{field.name}: must be a number from"):
            load_dataset(path)
