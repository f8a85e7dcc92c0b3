"""Normalization of the wire's quirks into Replication, and the stable JSON shape."""

from __future__ import annotations

import json
import pickle

import pytest
from taurusdb_replication import Replication, Stage
from taurusdb_replication._models import REPLICATION_FIELDS

WIRE_QUIRKS = {
    "source_database": "orders",
    "target_database": "orders_olap",
    "task_name": "orders_sync",
    "status": "Yes",
    "stage": "Incremental",
    "percentage": 100,
    "catchup_stage": None,
    "catchup_percentage": 0,
    "is_need_repair": "false",
    "is_main_task": "true",
    "brand_new_field": {"nested": [1, 2]},
}

STABLE_KEYS = [
    "task_name",
    "source_database",
    "target_database",
    "status",
    "healthy",
    "stage",
    "percentage",
    "catchup_stage",
    "catchup_percentage",
    "is_need_repair",
    "is_main_task",
    "extra",
]


def test_the_wire_quirks_are_normalized() -> None:
    task = Replication.from_dict(WIRE_QUIRKS)
    assert task.stage is Stage.INCREMENTAL
    assert task.to_dict()["stage"] == "incremental"
    assert str(task.stage) == "incremental"
    assert task.percentage == 100.0
    assert task.catchup_stage is None
    assert task.catchup_percentage == 0.0
    assert task.is_need_repair is False
    assert task.is_main_task is True
    assert task.healthy is True
    assert task.extra == {"brand_new_field": {"nested": [1, 2]}}
    assert task.raw is not None
    assert task.raw.additional_properties == {"brand_new_field": {"nested": [1, 2]}}


def test_to_dict_is_the_stable_json_shape() -> None:
    data = Replication.from_dict({**WIRE_QUIRKS, "stage": "Full", "percentage": "42.5"}).to_dict()
    assert list(data) == STABLE_KEYS
    assert data["stage"] == "full"
    assert data["percentage"] == 42.5
    assert data["healthy"] is True
    assert data["extra"] == {"brand_new_field": {"nested": [1, 2]}}
    json.dumps(data)  # JSON-ready as it is


@pytest.mark.parametrize("text", ["wait", "Wait", "WAIT", " wait "])
def test_stage_parsing_ignores_case(text: str) -> None:
    assert Stage.parse(text) is Stage.WAIT
    assert Stage(text) is Stage.WAIT


def test_unknown_stage_keeps_its_original_string() -> None:
    task = Replication.from_dict({"task_name": "t", "stage": "Rebalancing"})
    assert task.stage == "Rebalancing"
    assert not isinstance(task.stage, Stage)
    assert task.to_dict()["stage"] == "Rebalancing"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (100, 100.0),
        ("0", 0.0),
        ("42.5", 42.5),
        (None, None),
        ("abc", None),
        (True, None),
        ("nan", None),
        ([], None),
        (10**400, None),  # an integer past a float's range (json.loads reads up to 4,300 digits)
        ("1" * 400, None),
        (float("inf"), None),
        ({"k": 1}, None),
    ],
)
def test_percentages_become_floats_or_none(value: object, expected: float | None) -> None:
    assert Replication.from_dict({"percentage": value}).percentage == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("true", True),
        ("FALSE", False),
        (True, True),
        (False, False),
        (None, None),
        ("maybe", None),
        (1, None),
        ({"true": 1}, None),  # unhashable: the inline fast path must not look it up
    ],
)
def test_flags_become_booleans_or_none(value: object, expected: bool | None) -> None:
    assert Replication.from_dict({"is_need_repair": value}).is_need_repair is expected


@pytest.mark.parametrize(("status", "healthy"), [("Yes", True), ("yes", True), ("No", False), (None, False)])
def test_healthy_follows_status(status: str | None, healthy: bool) -> None:
    task = Replication.from_dict({"status": status})
    assert task.healthy is healthy
    assert task.status == status


def test_everything_missing_still_normalizes() -> None:
    data = Replication.from_dict({}).to_dict()
    assert data == dict.fromkeys(STABLE_KEYS) | {"task_name": "", "healthy": False, "extra": {}}


def test_replications_are_immutable_hashable_and_comparable() -> None:
    first, second = Replication.from_dict(WIRE_QUIRKS), Replication.from_dict(WIRE_QUIRKS)
    assert first == second
    assert len({first, second}) == 1
    with pytest.raises(AttributeError):
        first.task_name = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        first.extra["brand_new_field"] = 1  # type: ignore[index]
    with pytest.raises(TypeError):
        first.wire["task_name"] = "x"  # type: ignore[index]
    again = pickle.loads(pickle.dumps(first))  # noqa: S301 (our own bytes)
    assert again == first
    assert (dict(again.extra), dict(again.wire)) == (dict(first.extra), WIRE_QUIRKS)


def test_to_dict_keys_are_the_published_field_order() -> None:
    assert tuple(Replication.from_dict({"task_name": "t"}).to_dict()) == REPLICATION_FIELDS
