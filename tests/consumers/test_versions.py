"""One version number, written once (pyproject.toml): every other place that states it agrees,
and dist/ holds exactly the artifacts the release promises, all of that version."""

from __future__ import annotations

import json
import tarfile
import zipfile

from scripts.release import PLUGIN_ENTRY_POINT, project_version, version_mismatches

from .conftest import Dist


def test_every_place_states_the_projects_one_version() -> None:
    assert version_mismatches() == []


def test_dist_holds_each_artifact_once_of_the_one_version(dist: Dist) -> None:
    version = project_version()
    names = [
        f"taurusdb_replication-{version}-py3-none-any.whl",
        f"taurusdb_replication-{version}.tar.gz",
        f"taurusdb_emulator-{version}-py3-none-any.whl",
        f"taurusdb_emulator-{version}.tar.gz",
        f"pulumi_taurusdb-{version}-py3-none-any.whl",
        f"taurusdb-replication-client-{version}.tgz",
        f"taurusdb-replication-pulumi-taurusdb-{version}.tgz",
        f"pulumi-resource-taurusdb-v{version}-linux-amd64.tar.gz",
    ]
    for name in names:
        assert dist.one(name).stat().st_size > 0
    for module in ("clients/go", "sdk/go"):
        proxy = dist.goproxy / "github.com/taurusdb-replication/taurusdb-replication" / module / "@v"
        assert (proxy / "list").read_text().split() == [f"v{version}"]
        assert json.loads((proxy / f"v{version}.info").read_text())["Version"] == f"v{version}"


def test_only_the_emulators_wheel_registers_a_pytest_plugin(dist: Dist) -> None:
    def entry_points(wheel: str) -> str:
        with zipfile.ZipFile(dist.one(wheel)) as archive:
            found = [name for name in archive.namelist() if name.endswith(".dist-info/entry_points.txt")]
            return archive.read(found[0]).decode() if found else ""

    client = entry_points("taurusdb_replication-*.whl")
    assert "pytest11" not in client
    assert "pulumi-resource-taurusdb" not in client
    assert "[pytest11]" in entry_points("taurusdb_emulator-*.whl")


def test_the_plugin_archive_runs_the_plugins_entry_point(dist: Dist) -> None:
    module, function = PLUGIN_ENTRY_POINT.split(":")
    with tarfile.open(dist.one("pulumi-resource-taurusdb-v*-linux-amd64.tar.gz")) as archive:
        launcher = archive.extractfile("pulumi-resource-taurusdb")
        assert launcher is not None
        text = launcher.read().decode()
        libraries = {name.split("/")[1] for name in archive.getnames() if name.startswith("lib/")}
    assert f"from {module} import {function}" in text
    assert libraries == {"common", "python3.11", "python3.12", "python3.13"}
