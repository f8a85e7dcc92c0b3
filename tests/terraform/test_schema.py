"""The provider's schema is generated from the spec and settings.yaml (scripts/regenerate,
target ``terraform``): the committed files are what the generator writes, a hand edit is named
as stale, and every task property and setting reaches the schema typed."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from scripts.codegen import terraform_schema
from scripts.codegen.spec_fields import view_fields

from .conftest import ROOT


def test_the_committed_schema_and_reference_are_up_to_date() -> None:
    assert terraform_schema.main(["--check"]) == 0


def test_a_hand_edit_is_named_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    go, doc = tmp_path / "schema.gen.go", tmp_path / "terraform.md"
    committed = terraform_schema.GO_OUTPUT.read_text()
    shutil.copy(terraform_schema.GO_OUTPUT, go)
    shutil.copy(terraform_schema.DOC_OUTPUT, doc)
    go.write_text(go.read_text().replace("schema.Float64Attribute", "schema.StringAttribute", 1))
    monkeypatch.setattr(terraform_schema, "GO_OUTPUT", go)
    monkeypatch.setattr(terraform_schema, "DOC_OUTPUT", doc)
    monkeypatch.setattr(terraform_schema, "ROOT", tmp_path)
    assert terraform_schema.main(["--check"]) == 1
    assert "schema.gen.go is out of date" in capsys.readouterr().err
    assert terraform_schema.main([]) == 0
    assert go.read_text() == committed


def test_every_task_property_is_a_typed_attribute() -> None:
    schema = terraform_schema.GO_OUTPUT.read_text()
    kinds = {"number": "Float64Attribute", "integer": "Int64Attribute", "boolean": "BoolAttribute"}
    for field in view_fields():
        attribute = kinds.get(field.kind, "StringAttribute")
        assert re.search(rf'"{field.name}":\s+schema\.{attribute}\{{Computed: true', schema), field.name


def test_every_setting_with_a_terraform_name_is_a_provider_attribute() -> None:
    schema = terraform_schema.GO_OUTPUT.read_text()
    declaration = yaml.safe_load((ROOT / "settings.yaml").read_text())
    for name, setting in declaration["settings"].items():
        if not setting.get("terraform") or setting.get("scope", "client") != "client":
            continue
        line = next(
            x for x in schema.splitlines() if re.match(rf'\s*"{setting["terraform"]}":\s+providerschema\.', x)
        )
        assert ("Sensitive: true" in line) == bool(setting.get("secret")), name
