"""The settings conformance vectors (tests/vectors/settings.json) through the public API.

The same file is run by the TypeScript and Go clients' runners; the format is in
tests/vectors/README.md. Each case is resolved through :func:`resolve_settings` with the case's
environment only (the process's own never leaks in) and its profile files in a fresh HOME.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from taurusdb_replication import ConfigurationError, ValidationError, resolve_settings
from taurusdb_replication._origin import RuleValueError, SettingsError
from taurusdb_replication._settings_table import BY_NAME

VECTORS = json.loads((Path(__file__).parents[1] / "vectors" / "settings.json").read_text(encoding="utf-8"))
CASES = VECTORS["cases"]


def _substitute(value: Any, home: str) -> Any:
    if isinstance(value, str):
        return value.replace("$HOME", home)
    if isinstance(value, list):
        return [_substitute(item, home) for item in value]
    if isinstance(value, dict):
        return {_substitute(k, home): _substitute(v, home) for k, v in value.items()}
    return value


def _run(case: dict[str, Any], tmp_path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """The case's expectation, and what this implementation answers, in the vectors' form."""
    home = str(tmp_path)
    case = _substitute(case, home)
    for name, text in case["files"].items():
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        Path(name).write_text(text, encoding="utf-8")
    environ = {"HOME": home, **case["env"]}
    arguments = {str(BY_NAME[name].python): value for name, value in case["arguments"].items()}
    expected = case.get("languages", {}).get("python", case["expect"])
    try:
        settings = resolve_settings(environ=environ, **arguments)
    except SettingsError as exc:
        error: dict[str, Any] = {
            "rule": exc.rule_id,
            "field": exc.setting,
            "missing": list(exc.missing_settings),
        }
        error |= {"origin": exc.origin.to_data() if exc.origin else None, "source": exc.source}
        return expected, {"error": error}
    except RuleValueError as exc:
        origin = exc.origin.to_data() if exc.origin else None
        return expected, {"error": {"rule": exc.rule_id, "field": exc.setting, "origin": origin}}
    values = {
        name: {"value": r.value, "origin": r.origin.to_data() if r.origin else None}
        for name, r in settings.values.items()
    }
    return expected, {"values": values, "auth": settings.credentials.kind}


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_settings_vector(case: dict[str, Any], tmp_path: Path) -> None:
    expected, answered = _run(case, tmp_path)
    if "error" in expected:
        assert "error" in answered, f"resolved instead of failing: {answered}"
        got = {key: answered["error"].get(key) for key in expected["error"]}
        assert got == expected["error"]
        return
    assert "values" in answered, f"failed instead of resolving: {answered}"
    for name, want in expected["values"].items():
        assert answered["values"][name] == want, name
    if "auth" in expected:
        assert answered["auth"] == expected["auth"]


def test_every_error_is_a_configuration_or_validation_error() -> None:
    """The vectors' errors keep the public hierarchy front ends catch."""
    assert issubclass(SettingsError, ConfigurationError)
    assert issubclass(RuleValueError, ValidationError)


def test_every_rule_and_setting_is_covered() -> None:
    """Each rule of settings.yaml is the subject of at least one case, each client setting too."""
    from taurusdb_replication._settings_table import RULES, SETTINGS, VALIDATIONS

    named = {rule for case in CASES for rule in case["rules"]}
    named |= {case["expect"]["error"]["rule"] for case in CASES if "error" in case["expect"]}
    assert set(RULES) - named - {"password_auth_unsupported"} == set()
    used = {s.validation for s in SETTINGS if s.scope == "client"}
    assert used - named - {"nonempty_string"} == set()
    assert set(VALIDATIONS) >= used
    covered = {name for case in CASES for name in case["expect"].get("values", {})}
    assert {s.name for s in SETTINGS if s.scope == "client"} - covered == set()


def test_resolved_secrets_never_show_in_a_repr(tmp_path: Path) -> None:
    environ = {
        "HOME": str(tmp_path),
        "TAURUSDB_ENDPOINT": "https://gaussdb.example.com",
        "HW_PROJECT_ID": "a1b2c3d4e5f60718293a4b5c6d7e8f90",
        "HW_ACCESS_KEY": "AKVISIBLE",
        "HW_SECRET_KEY": "SK-must-not-show",
        "HW_SECURITY_TOKEN": "STS-must-not-show",
        "HTTPS_PROXY": "http://user:pw-must-not-show@proxy.example.com:3128",
    }
    settings = resolve_settings(environ=environ)
    text = repr(settings) + repr(dict(settings.values)) + repr(settings.describe())
    assert "must-not-show" not in text
    assert "AKVISIBLE" not in text
    assert "AKVI…LE" in text  # the one masking rule of keys, as in config, errors and client reprs


@pytest.mark.parametrize(
    ("name", "text", "why"),
    [
        ("credentials", "ak = AKSECRETLINE\n[basic]\n", "line 1 comes before any [section] header"),
        ("credentials", "[basic]\nak = AK1\nthis line holds sk-SECRETLINE\n", "not `key = value` at line 3"),
        ("credentials", "[basic]\nak = AK1\nak = AKSECRETLINE\n", "a duplicate section or key at line 3"),
        (
            "shared.json",
            '{"profiles": [{"sk": "SKSECRETLINE"},]}',
            "not JSON (Expecting value at line 1, column 38)",
        ),
    ],
)
def test_an_unreadable_profile_file_says_where_without_showing_its_lines(
    tmp_path: Path, name: str, text: str, why: str
) -> None:
    """Rule profile_file_invalid: a line number and the kind of fault, never the line (it may hold a key)."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    variable = "HW_SHARED_CONFIG_FILE" if name.endswith(".json") else "HUAWEICLOUD_SDK_CREDENTIALS_FILE"
    environ = {"HOME": str(tmp_path), variable: str(path), "HW_REGION_NAME": "cn-north-4"}
    with pytest.raises(SettingsError) as caught:
        resolve_settings(environ=environ)
    assert caught.value.rule_id == "profile_file_invalid"
    assert str(caught.value).endswith(why)
    assert "SECRETLINE" not in str(caught.value)


def test_a_profile_file_that_exists_but_is_not_a_regular_file_is_read(tmp_path: Path) -> None:
    """/dev/null (what scripts/demo sets) reads empty: a named profile is "not a section of",
    not "no profile file"."""
    environ = {"HOME": str(tmp_path), "HUAWEICLOUD_SDK_CREDENTIALS_FILE": "/dev/null", "HW_PROFILE": "nope"}
    with pytest.raises(SettingsError) as caught:
        resolve_settings(environ=environ)
    assert caught.value.rule_id == "profile_not_found"
    assert "profile 'nope' (from HW_PROFILE) is not a section of /dev/null" in str(caught.value)


def test_diagnose_settings_resolves_the_rest_and_lists_each_problem(tmp_path: Path) -> None:
    from taurusdb_replication.settings import diagnose_settings

    environ = {"HOME": str(tmp_path), "HW_REGION_NAME": "cn-north-4", "HW_MAX_RETRIES": "many"}
    diagnosis = diagnose_settings(environ=environ)
    kinds = [type(problem).__name__ for problem in diagnosis.problems]
    assert kinds == ["RuleValueError", "SettingsError", "SettingsError"]
    assert [getattr(p, "rule_id", None) for p in diagnosis.problems][1:] == [
        "project_id_required",
        "credentials_required",
    ]
    assert diagnosis.values["endpoint"].value == "https://gaussdb.cn-north-4.myhuaweicloud.com"
    assert diagnosis.values["max_retries"].value is None
    assert diagnosis.auth == "none"
    with pytest.raises(ValidationError):  # resolve_settings raises the first of them
        resolve_settings(environ=environ)


@pytest.mark.parametrize(("given", "meant"), [("auth_url", "iam_endpoint"), ("request_timeout", "timeout")])
def test_a_setting_given_by_another_surfaces_name_is_named_in_python(given: str, meant: str) -> None:
    from taurusdb_replication import ReplicationClient

    with pytest.raises(TypeError, match=rf"from_env\(\) got unexpected keyword arguments: {given} "):
        ReplicationClient.from_env(environ={}, **{given: "x"})  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=rf"\(in Python: {given} -> {meant}\)"):
        resolve_settings(environ={}, **{given: "x"})  # type: ignore[arg-type]


def test_a_refused_url_with_a_query_is_not_echoed(tmp_path: Path) -> None:
    """A query string may carry a token: the error names the variable and the rule, not the value."""
    environ = {"HOME": str(tmp_path), "TAURUSDB_ENDPOINT": "https://gaussdb.example.com/?token=HUNTER2"}
    with pytest.raises(ValidationError) as caught:
        resolve_settings(environ=environ)
    assert "TAURUSDB_ENDPOINT" in str(caught.value)
    assert "HUNTER2" not in str(caught.value)
