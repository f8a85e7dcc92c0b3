"""The provider on a user's network, under the real engine: the ``proxy`` setting carries every
request through a real forward proxy on loopback, its password reaches no file, log or output,
and a proxy's refusal fails plan naming the proxy without its credentials."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from client.forward_proxy import ForwardProxy
from taurusdb_emulator import EmulatorServer

from .conftest import ROOT, TOFU, Tofu, base_env, emulator_env, files_holding, require

PASSWORD = "tf-pr0xy-s3cret"


@pytest.fixture
def proxy() -> Iterator[ForwardProxy]:
    server = ForwardProxy({"127.0.0.1": ("127.0.0.1", 0)}, credentials=("alice", PASSWORD)).start()
    yield server
    server.stop()


def _tofu(tmp_path: Path, mirror_config: Path, demo: EmulatorServer, proxy_url: str) -> Tofu:
    require(TOFU)
    work = tmp_path / "example"
    work.mkdir()
    shutil.copy(ROOT / "examples" / "terraform-replications" / "main.tf", work / "main.tf")
    env = (
        base_env(tmp_path)
        | emulator_env(demo)
        | {
            "TF_CLI_CONFIG_FILE": str(mirror_config),
            "TAURUSDB_PROXY": proxy_url,
            "TF_LOG": "trace",
            "TF_LOG_PATH": str(work / "trace.log"),
        }
    )
    runner = Tofu(work, env)
    runner.run("init", "-no-color")
    return runner


def test_every_request_goes_through_the_proxy_setting_and_its_password_stays_hidden(
    tmp_path: Path, mirror_config: Path, demo: EmulatorServer, proxy: ForwardProxy
) -> None:
    tofu = _tofu(tmp_path, mirror_config, demo, f"http://alice:{PASSWORD}@127.0.0.1:{proxy.port}")
    applied = tofu.run("apply", "-auto-approve", "-no-color")
    assert proxy.seen
    assert all(seen.target.startswith(f"{demo.url}/v3/") for seen in proxy.seen)  # absolute form
    assert len(demo.request_log) == len(proxy.seen)  # nothing reached the emulator but through it
    assert files_holding(tofu.workdir, PASSWORD) == []  # state, trace log, lock file
    assert PASSWORD not in applied.stdout + applied.stderr


def test_a_proxy_refusal_fails_plan_naming_the_proxy_without_its_credentials(
    tmp_path: Path, mirror_config: Path, demo: EmulatorServer, proxy: ForwardProxy
) -> None:
    tofu = _tofu(tmp_path, mirror_config, demo, f"http://alice:wr0ng-{PASSWORD}@127.0.0.1:{proxy.port}")
    failed = tofu.run("plan", "-no-color", check=False)
    text = " ".join(failed.stderr.split())
    assert failed.returncode == 1
    assert f"the proxy http://***@127.0.0.1:{proxy.port} refused the request with HTTP 407" in text
    assert PASSWORD not in failed.stdout + failed.stderr
    assert files_holding(tofu.workdir, PASSWORD) == []
    assert demo.request_log == []
