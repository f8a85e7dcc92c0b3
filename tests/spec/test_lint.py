"""The spec passes the validator and the linter, and the linter really catches mistakes."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT, SPEC_PATH

SPECTRAL = ROOT / "node_modules" / ".bin" / "spectral"


def _spectral(spec_path: Path) -> subprocess.CompletedProcess[str]:
    if not SPECTRAL.exists():
        if os.environ.get("CI"):
            pytest.fail("Spectral is not installed (npm ci at the repository root)")
        pytest.skip("Spectral is not installed: run npm ci at the repository root")
    command = [str(SPECTRAL), "lint", "--fail-severity=warn", "--ruleset", str(ROOT / ".spectral.yaml")]
    return subprocess.run([*command, str(spec_path)], capture_output=True, text=True, check=False)


def test_validator_accepts_the_spec() -> None:
    from openapi_spec_validator import validate
    from openapi_spec_validator.readers import read_from_filename

    document, _ = read_from_filename(str(SPEC_PATH))
    validate(document)


def test_spectral_reports_nothing() -> None:
    result = _spectral(SPEC_PATH)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No results with a severity of 'warn' or higher found!" in result.stdout


def test_spectral_fails_when_a_response_loses_its_request_id(tmp_path: Path) -> None:
    document = yaml.safe_load(SPEC_PATH.read_text())
    operation = document["paths"]["/v3/{project_id}/instances/{instance_id}/starrocks/databases/replication"]
    del operation["get"]["responses"]["200"]["headers"]["X-Request-Id"]
    broken = tmp_path / "openapi.yaml"
    broken.write_text(yaml.safe_dump(document))
    result = _spectral(broken)
    assert result.returncode != 0
    assert "taurusdb-request-id-on-every-response" in result.stdout


def test_spectral_fails_on_an_example_that_breaks_its_schema(tmp_path: Path) -> None:
    text = SPEC_PATH.read_text().replace('percentage: "42"', 'percentage: "forty-two"')
    broken = tmp_path / "openapi.yaml"
    broken.write_text(text)
    shutil.copy(ROOT / ".spectral.yaml", tmp_path / ".spectral.yaml")
    result = _spectral(broken)
    assert result.returncode != 0
    assert "oas3-valid-media-example" in result.stdout


def test_spectral_fails_on_an_inline_union_branch(tmp_path: Path) -> None:
    document = yaml.safe_load(SPEC_PATH.read_text())
    task = document["components"]["schemas"]["StarRocksReplicationInfo"]["properties"]
    task["percentage"]["anyOf"][1] = {"type": "string"}
    broken = tmp_path / "openapi.yaml"
    broken.write_text(yaml.safe_dump(document))
    result = _spectral(broken)
    assert result.returncode != 0
    assert "taurusdb-union-branches-are-named" in result.stdout
