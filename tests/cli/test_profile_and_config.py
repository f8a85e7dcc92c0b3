"""``--profile`` (named sections of the credentials file) and ``config``: what is used, and from where."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from taurusdb_emulator import EmulatorServer

from ._proc import run


@pytest.fixture
def profile_env(env: dict[str, str], emulator: EmulatorServer) -> dict[str, str]:
    """No keys in the environment; the home's credentials file has a wrong [basic] and a right [emu]."""
    home = Path(env["HOME"])
    (home / ".huaweicloud").mkdir()
    (home / ".huaweicloud" / "credentials").write_text(
        "[basic]\nak = WRONGACCESSKEY000000\nsk = wrong-secret\n\n"
        f"[emu]\nak = {emulator.access_key}\nsk = {emulator.secret_key}\n",
        encoding="utf-8",
    )
    return {key: value for key, value in env.items() if key not in ("HW_ACCESS_KEY", "HW_SECRET_KEY")}


def test_basic_is_the_default_section(profile_env: dict[str, str]) -> None:
    assert run(["list"], profile_env).returncode == 3  # [basic] holds the wrong key


@pytest.mark.parametrize(
    ("args", "extra"),
    [
        (["--profile", "emu", "list"], {}),
        (["list", "--profile", "emu"], {}),
        (["list"], {"TAURUSDB_PROFILE": "emu"}),
    ],
)
def test_a_named_profile_from_the_option_or_the_environment(
    profile_env: dict[str, str], args: list[str], extra: dict[str, str]
) -> None:
    result = run(args, profile_env | extra)
    assert result.returncode == 0, result.stderr


def test_an_unknown_profile_names_the_sections_there_are(profile_env: dict[str, str]) -> None:
    result = run(["list", "--profile", "prod"], profile_env)
    assert result.returncode == 64
    assert "profile 'prod' (from --profile) is not a section of" in result.stderr
    assert "(sections: basic, emu)" in result.stderr


def test_config_shows_each_setting_and_its_source_with_secrets_masked(
    profile_env: dict[str, str], emulator: EmulatorServer
) -> None:
    for command in ("config", "whoami"):
        result = run([command, "--profile", "emu", "-o", "json"], profile_env)
        assert result.returncode == 0, result.stderr
        shown = json.loads(result.stdout)
        assert shown["endpoint"] == {"value": emulator.url, "source": "TAURUSDB_ENDPOINT"}
        assert shown["project_id"]["source"] == "HW_PROJECT_ID"
        assert shown["auth"]["value"] == "aksk"
        assert "[emu] ak" in shown["access_key"]["source"]
        assert shown["secret_key"]["value"] == "(set)"
        assert shown["access_key"]["value"] != emulator.access_key
        assert shown["instance_id"]["source"] == "TAURUSDB_INSTANCE_ID"
        assert shown["profile"] == {"value": "emu", "source": "--profile"}
        assert emulator.secret_key not in result.stdout + result.stderr
        assert emulator.access_key not in result.stdout + result.stderr


def test_config_table_and_a_missing_setting(env: dict[str, str]) -> None:
    table = run(["config", "-o", "table"], env)
    assert table.returncode == 0, table.stderr
    assert table.stdout.splitlines()[0].split() == ["SETTING", "VALUE", "SOURCE"]
    assert env["HW_SECRET_KEY"] not in table.stdout
    missing = run(["config"], {k: v for k, v in env.items() if k != "HW_PROJECT_ID"})
    assert missing.returncode == 64
    assert "no project id" in missing.stderr
    assert json.loads(missing.stdout)["instance_id"]["source"] == "TAURUSDB_INSTANCE_ID"


def test_config_json_shows_typed_values_and_true_origins(env: dict[str, str]) -> None:
    """Numbers, booleans and null as JSON, each setting's origin as found (not display strings)."""
    result = run(["config", "-o", "json", "--max-retries", "2"], env | {"HW_INSECURE": "false"})
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["max_retries"] == {"value": 2, "source": "--max-retries"}
    assert shown["concurrency"] == {"value": 16, "source": "default"}
    assert shown["request_timeout"] == {"value": 30.0, "source": "default"}
    assert shown["insecure"] == {"value": False, "source": "HW_INSECURE"}
    assert shown["ca_bundle"] == {"value": None, "source": "default"}
    assert shown["auth_token"] == {"value": None, "source": None}  # a credential not used
    unset = run(["config", "-o", "json"], {k: v for k, v in env.items() if k != "TAURUSDB_INSTANCE_ID"})
    assert json.loads(unset.stdout)["instance_id"] == {"value": None, "source": None}  # null, as every row


def test_config_reads_the_region_from_the_profile(env: dict[str, str]) -> None:
    """A region in the profile section is read (it used to be ignored silently)."""
    home = Path(env["HOME"])
    (home / ".huaweicloud").mkdir(exist_ok=True)
    (home / ".huaweicloud" / "credentials").write_text("[basic]\nregion = cn-east-3\n", encoding="utf-8")
    bare = {k: v for k, v in env.items() if k not in ("TAURUSDB_ENDPOINT", "HW_REGION_NAME")}
    shown = json.loads(run(["config", "-o", "json"], bare).stdout)
    assert shown["region"]["value"] == "cn-east-3"
    assert shown["region"]["source"].endswith("[basic] region")
    assert shown["endpoint"]["source"] == f"region table ({shown['region']['source']})"


def test_config_shows_every_setting_when_one_rule_is_broken(env: dict[str, str]) -> None:
    """What config is for: with no credentials, the rest is still shown (as JSON a script can
    read), the credentials null, and the broken rule is the error and the exit code."""
    without = {k: v for k, v in env.items() if k not in ("HW_ACCESS_KEY", "HW_SECRET_KEY")}
    result = run(["config", "-o", "json"], without)
    assert result.returncode == 64
    assert "no credentials" in result.stderr
    shown = json.loads(result.stdout)
    assert shown["project_id"] == {"value": env["HW_PROJECT_ID"], "source": "HW_PROJECT_ID"}
    assert shown["endpoint"]["source"] == "TAURUSDB_ENDPOINT"
    assert shown["auth"] == {"value": None, "source": None}
    assert shown["secret_key"] == {"value": None, "source": None}
    assert shown["max_retries"] == {"value": 5, "source": "default"}


def test_config_csv_writes_null_as_an_empty_cell_as_list_does(env: dict[str, str]) -> None:
    rows = list(csv.reader(io.StringIO(run(["config", "-o", "csv"], env).stdout)))
    assert rows[0] == ["setting", "value", "source"]
    assert ["auth_token", "", ""] in rows
    assert ["max_retries", "5", "default"] in rows
