"""Expectations: validation of the arguments and the wording of unmet ones (pure functions)."""

from __future__ import annotations

from typing import Any

import pytest
from taurusdb_replication import Condition, Replication, ValidationError, Violation
from taurusdb_replication.pulumi import ExpectationError
from taurusdb_replication.pulumi import _expectations as ex


def task(
    name: str, *, status: str = "Yes", stage: str | None = "Incremental", percentage: Any = 100
) -> Replication:
    return Replication.from_dict(
        {
            "task_name": name,
            "source_database": "db",
            "target_database": "db_olap",
            "status": status,
            "stage": stage,
            "percentage": percentage,
        }
    )


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (None, ()),
        ("incremental", ("incremental",)),
        ("Incremental", ("incremental",)),
        (["FULL", " wait ", "full"], ("full", "wait")),
        (("paused", "cancelled"), ("paused", "cancelled")),
    ],
)
def test_stages_are_normalized(given: object, expected: tuple[str, ...]) -> None:
    assert ex.stages(given) == expected


@pytest.mark.parametrize(
    ("given", "rule"),
    [
        ("incremntal", "'incremntal' is not a stage; use one of"),
        ([], "must name at least one stage"),
        ([1], "1 is not a stage"),
        (3, "must be a stage or a list of stages"),
    ],
)
def test_bad_stages_name_the_field_and_the_rule(given: object, rule: str) -> None:
    with pytest.raises(ValidationError) as caught:
        ex.stages(given)
    assert caught.value.field == "expect_stage"
    assert rule in str(caught.value)


@pytest.mark.parametrize("given", [-1, 100.5, "90", True, float("nan")])
def test_percentage_must_be_0_to_100(given: object) -> None:
    with pytest.raises(ValidationError, match="min_percentage: must be a number from 0 to 100"):
        ex.percentage(given)


@pytest.mark.parametrize("given", [0, -5, float("inf"), "30", True, 86401])
def test_wait_seconds_are_bounded(given: object) -> None:
    with pytest.raises(ValidationError, match="wait_timeout: must be a number of seconds"):
        ex.seconds(given, "wait_timeout")


def test_task_names_accept_one_name_and_drop_duplicates() -> None:
    assert ex.task_names("a") == ("a",)
    assert ex.task_names(["a", "b", "a"]) == ("a", "b")
    with pytest.raises(ValidationError, match="require_tasks: every task name must be a non-empty string"):
        ex.task_names(["a", " "])


def test_flag_rejects_strings() -> None:
    assert ex.flag(None) is False
    assert ex.flag(True) is True
    with pytest.raises(ValidationError, match="expect_healthy: must be true or false"):
        ex.flag("yes")


def test_from_inputs_reads_numbers_as_the_engine_sends_them() -> None:
    expectation = ex.Expectation.from_inputs(
        {
            "expect_stage": ["incremental"],
            "min_percentage": 99.0,
            "wait_timeout": 30.0,
            "require_tasks": ["a"],
        }
    )
    assert expectation == ex.Expectation(
        Condition(stages=["incremental"], min_percentage=99.0, tasks=["a"], healthy=False),
        wait_timeout=30.0,
    )
    assert ex.Expectation.from_inputs({}, task_name="t").condition.tasks == ("t",)


def evaluate(tasks: list[Replication], expectation: ex.Expectation) -> list[Violation]:
    return list(expectation.condition.evaluate(tasks).violations)


def expecting(**criteria: Any) -> ex.Expectation:
    """An expectation with Pulumi's defaults (no input, no check) and these criteria."""
    return ex.Expectation.from_inputs(criteria)


def test_an_empty_expectation_passes_anything() -> None:
    tasks = [task("a", status="No", stage="paused", percentage=None), task("b", stage=None)]
    assert evaluate(tasks, ex.Expectation()) == []
    assert ex.Expectation() == ex.Expectation.from_inputs({})


def test_each_unmet_expectation_names_task_expected_and_read() -> None:
    tasks = [
        task("ok"),
        task("sick", status="No"),
        task("slow", stage="Full", percentage="42.5"),
        task("blank", percentage=None),
    ]
    expectation = expecting(expect_healthy=True, expect_stage="incremental", min_percentage=100)
    found = [str(v) for v in evaluate(tasks, expectation)]
    # One line per failing task, every unmet criterion on it.
    assert found == [
        "task 'sick': expected status Yes (healthy), read status 'No'",
        "task 'slow': expected stage incremental and percentage >= 100, read stage full, percentage 42.5",
        "task 'blank': expected percentage >= 100, read no percentage",
    ]


def test_several_stages_are_alternatives() -> None:
    expectation = expecting(expect_stage=["full", "incremental"])
    assert evaluate([task("a", stage="FULL"), task("b")], expectation) == []
    (violation,) = evaluate([task("c", stage="paused")], expectation)
    assert str(violation) == "task 'c': expected stage full or incremental, read stage paused"


def test_required_tasks_must_exist_and_only_they_are_judged() -> None:
    tasks = [task("a"), task("b", status="No")]
    expectation = expecting(expect_healthy=True, require_tasks=["a", "zz"])
    (violation,) = evaluate(tasks, expectation)
    assert violation.task == "zz"
    assert str(violation) == "task 'zz': expected the task to exist, read no such task (tasks read: 'a', 'b')"


def test_missing_task_on_an_empty_instance() -> None:
    (violation,) = evaluate([], expecting(require_tasks=["a"]))
    assert violation.read == "no such task (the instance has no tasks)"


def test_unknown_stage_is_reported_as_sent() -> None:
    (violation,) = evaluate([task("a", stage="Resyncing")], expecting(expect_stage="incremental"))
    assert violation.read == "stage Resyncing"


def test_expectation_error_is_one_message() -> None:
    one = ExpectationError("instance X", [Violation("a", "stage incremental", "stage full")])
    assert str(one) == (
        "instance X: replication expectations not met: task 'a': expected stage incremental, read stage full"
    )
    two = ExpectationError(
        "instance X",
        [Violation("a", "x", "y"), Violation("b", "x", "z")],
        note="after waiting 30s",
    )
    assert str(two) == (
        "instance X: replication expectations not met after waiting 30s:\n"
        "  - task 'a': expected x, read y\n"
        "  - task 'b': expected x, read z"
    )
