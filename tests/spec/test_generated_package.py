"""The generated client is a distribution of its own: it installs and works without this
project's other parts (no pulumi, no aiohttp, no hand-written layer)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
from pathlib import Path

from .conftest import ROOT

_USE_ALONE = """
import importlib.metadata as metadata
from taurusdb_htap_client.models import ReplicationPage
body = {"total_count": "1", "replications": [{"stage": "Wait"}]}
page = ReplicationPage.from_dict(body)
print(page.replications[0].stage.value)
print(" ".join(sorted(d.metadata["Name"].lower() for d in metadata.distributions())))
"""


def test_generated_client_installs_and_runs_on_its_own(tmp_path: Path) -> None:
    source = tmp_path / "generated_client"  # a copy: building must not leave files in the repo
    shutil.copytree(ROOT / "generated_client", source, ignore=shutil.ignore_patterns("__pycache__"))
    venv.create(tmp_path / "venv", with_pip=True)
    python = str(tmp_path / "venv" / "bin" / "python")
    install = [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(source)]
    subprocess.run(install, check=True, capture_output=True)
    result = subprocess.run([python, "-c", _USE_ALONE], capture_output=True, text=True, check=True)
    stage, installed = result.stdout.splitlines()
    assert stage == "Wait"
    names = set(installed.split())
    assert {"taurusdb-htap-client", "httpx", "attrs"} <= names
    assert not names & {"pulumi", "aiohttp", "taurusdb-replication", "click", "rich"}
    assert sys.executable != python
