"""Pure functions of the CLI: durations, the error -> exit code table, CSV cells."""

from __future__ import annotations

import json
import logging
import os

import pytest
from hypothesis import given
from hypothesis import strategies as st
from taurusdb_replication import (
    ApiError,
    AuthenticationError,
    Condition,
    ConfigurationError,
    InconsistentListingError,
    InstanceNotFoundError,
    PermissionDeniedError,
    Replication,
    ReplicationClient,
    ReplicationFailedError,
    ReplicationNotFoundError,
    ServerError,
    TaurusDBError,
    ThrottledError,
    TransportError,
    ValidationError,
    WaitTimeoutError,
)
from taurusdb_replication._models import REPLICATION_FIELDS
from taurusdb_replication.cli import ExitCode, run
from taurusdb_replication.cli._app import describe, exit_code_for
from taurusdb_replication.cli._durations import format_duration, parse_duration
from taurusdb_replication.cli._render import listing_json, listing_table, to_csv


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("90", 90.0),
        ("1.5", 1.5),
        ("10s", 10.0),
        ("30m", 1800.0),
        ("1h", 3600.0),
        ("1h30m", 5400.0),
        ("2d", 172800.0),
        ("250ms", 0.25),
        (" 5M ", 300.0),
        ("1m0.5s", 60.5),
    ],
)
def test_durations(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "m", "10x", "10 s", "-5s", "s10", "1h-2m", "inf", "nan", "1e3"])
def test_not_durations(text: str) -> None:
    with pytest.raises(ValueError, match="is not a duration"):
        parse_duration(text)


@given(st.integers(min_value=0, max_value=10**7))
def test_formatted_durations_parse_back(seconds: int) -> None:
    assert parse_duration(format_duration(seconds)) == seconds


def _replication() -> Replication:
    return Replication.from_dict({"task_name": "t", "status": "No", "stage": "Full"})


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (WaitTimeoutError("timed out", last_state=[]), ExitCode.TIMEOUT),
        (ReplicationFailedError(Condition().evaluate([_replication()]).failures), ExitCode.TASK_FAILED),
        (ConfigurationError("no project id"), ExitCode.USAGE),
        (ValidationError("instance_id", "must be 36 letters"), ExitCode.USAGE),
        (AuthenticationError(401, "APIGW.0301", "bad", "r1"), ExitCode.API_ERROR),
        (PermissionDeniedError(403, "APIGW.0302", "no", "r1"), ExitCode.API_ERROR),
        (ThrottledError(429, "APIGW.0308", "slow down", "r1"), ExitCode.API_ERROR),
        (InstanceNotFoundError(400, "DBS.200022", "Instance not found.", "r1"), ExitCode.API_ERROR),
        (ServerError(503, None, None, "r1", excerpt="<html>"), ExitCode.API_ERROR),
        (ApiError(418, "X.1", "teapot", None), ExitCode.API_ERROR),
        (TransportError("connection refused"), ExitCode.API_ERROR),
        (InconsistentListingError("kept changing"), ExitCode.API_ERROR),
        (ReplicationNotFoundError("i", "t"), ExitCode.API_ERROR),
        (TaurusDBError("anything else"), ExitCode.API_ERROR),
    ],
)
def test_every_error_has_its_exit_code(error: TaurusDBError, code: ExitCode) -> None:
    assert exit_code_for(error) == code


def test_the_error_line_is_one_line_and_says_where_to_fix_it() -> None:
    assert describe(ValidationError("argument instance_id", "must be 36 letters")).endswith(
        "(set with --instance-id or TAURUSDB_INSTANCE_ID)"
    )
    multi = describe(TaurusDBError("first line\nsecond line"))
    assert multi == "first line second line"


def test_csv_cells() -> None:
    row = {"task_name": "a,b", "percentage": 42.5, "healthy": True, "is_main_task": None, "extra": {"k": [1]}}
    lines = to_csv([row]).splitlines()
    assert lines[1] == '"a,b",,,,true,,42.5,,,,,"{""k"": [1]}"'


def test_a_bug_is_exit_70_with_one_redacted_line(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """In process, because no real input makes the client fail in an unexpected way."""
    for name in list(os.environ):
        if name.startswith(("HW_", "HUAWEICLOUD_SDK_", "TAURUSDB_")):
            monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    secret = env["HW_SECRET_KEY"]

    def broken(
        self: ReplicationClient, instance_id: str, **_: object
    ) -> tuple[list[Replication], int | None]:
        raise RuntimeError(f"unexpected state near {secret}")

    monkeypatch.setattr(ReplicationClient, "list_replications_with_total", broken)
    assert run(["list"]) == ExitCode.INTERNAL
    err = capsys.readouterr().err
    assert err.startswith("taurusdb-replication: error: internal error, please report it")
    assert "RuntimeError: unexpected state near ***" in err
    assert secret not in err
    assert "Traceback" not in err


def test_run_in_process_leaves_the_package_logger_as_it_was() -> None:
    logger = logging.getLogger("taurusdb_replication")
    before = (list(logger.handlers), logger.level, logger.propagate)
    assert run(["-v", "regions", "-o", "json"]) == ExitCode.OK
    assert (list(logger.handlers), logger.level, logger.propagate) == before


_JSON_LEAF = st.none() | st.booleans() | st.integers() | st.text(alphabet='{}[]", :\\task_name\n')


@given(
    extra=st.recursive(
        _JSON_LEAF,
        lambda children: (
            st.lists(children, max_size=3)
            | st.dictionaries(st.sampled_from(["task_name", "x"]), children, max_size=3)
        ),
        max_leaves=8,
    ),
    name=st.text(alphabet='{}", :task_name'),
)
def test_the_listing_json_parses_back_whatever_the_values_hold(extra: object, name: str) -> None:
    rows = [
        {key: None for key in REPLICATION_FIELDS} | {"task_name": name, "extra": {"e": extra}},
        {key: None for key in REPLICATION_FIELDS} | {"task_name": "b", "extra": {}},
    ]
    text = listing_json(rows, 2)
    assert json.loads(text) == {"total_count": 2, "replications": rows}
    assert text.splitlines()[3].startswith('    {"task_name": ')


def test_a_narrow_table_hides_columns_in_order_and_names_them() -> None:
    row = {"task_name": "inventory_sync", "source_database": "inventory", "target_database": "inventory_olap",
           "healthy": False, "stage": "paused", "percentage": 35.0, "catchup_stage": "full",
           "catchup_percentage": 20.0, "is_need_repair": True, "is_main_task": False}  # fmt: skip
    wide = listing_table([row], width=None, color=False).splitlines()
    assert "MAIN" in wide[0]
    narrow = listing_table([row], width=60, color=False).splitlines()
    assert all(len(line) <= 60 for line in narrow)
    assert narrow[0].split() == ["TASK", "HEALTH", "STAGE", "PROGRESS", "REPAIR"]
    assert narrow[1].split() == ["inventory_sync", "ABNORMAL", "paused", "35%", "yes"]
    assert " ".join(narrow[2:]).startswith(
        "(SOURCE DATABASE, TARGET DATABASE, CATCH-UP, MAIN hidden to fit 60 columns"
    )
    tiny = listing_table([row], width=10, color=False).splitlines()
    assert tiny[1].split()[:2] == ["inventory_sync", "ABNORMAL"]  # never cut, even when too wide
