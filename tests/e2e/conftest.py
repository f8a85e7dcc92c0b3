"""Fixtures for the end-to-end tests under the real Pulumi engine (Automation API, file backend)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from .cli_project import missing_native_engine
from .engine_harness import BIN_DIR, CREDENTIAL_ENV_PREFIXES, INSTALL_HINT, Sandbox, missing_engine


@pytest.fixture(scope="session")
def pulumi_engine() -> None:
    """The engine in .tools/bin: skip without it, except under CI, where its absence fails."""
    problem = missing_engine(BIN_DIR, os.environ)
    if problem is None:
        return
    action, message = problem
    if action == "fail":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def native_engine() -> None:
    """The CLI, the YAML host and the taurusdb plugin; under CI their absence fails the run."""
    absent = missing_native_engine()
    if not absent:
        return
    message = f"{', '.join(absent)} missing from {BIN_DIR}: {INSTALL_HINT}"
    if os.environ.get("CI"):
        pytest.fail(f"{message} (CI is set, so the engine tests may not be skipped)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session", autouse=True)
def _no_ambient_credentials(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The engine's provider process inherits this environment: it must find no credential in
    it (nor a profile file), so a test passes only through the ``taurusdb:`` configuration."""
    with pytest.MonkeyPatch.context() as patch:
        for name in list(os.environ):
            if name.startswith(CREDENTIAL_ENV_PREFIXES):
                patch.delenv(name)
        patch.setenv("HUAWEICLOUD_SDK_CREDENTIALS_FILE", str(tmp_path_factory.mktemp("no-profile") / "none"))
        yield


@pytest.fixture(scope="module")
def sandbox(pulumi_engine: None, tmp_path_factory: pytest.TempPathFactory) -> Sandbox:
    """A private backend, PULUMI_HOME and project folder shared by one test module's stacks."""
    return Sandbox.create(tmp_path_factory.mktemp("pulumi"))
