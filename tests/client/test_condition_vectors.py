"""The condition conformance vectors (tests/vectors/conditions.json) through the public API.

The same file is run by the TypeScript and Go clients' runners (format: tests/vectors/README.md).
Tasks are normalized by the client's own parser (``Replication.from_dict``), judged by
:class:`Condition`, and summarized by the one rule every front end shows.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from taurusdb_replication import Condition, Replication
from taurusdb_replication._condition import summarize
from taurusdb_replication._normalize import count
from taurusdb_replication._origin import RuleValueError

VECTORS = json.loads((Path(__file__).parents[1] / "vectors" / "conditions.json").read_text(encoding="utf-8"))
CASES = VECTORS["cases"]


def _answer(case: dict[str, Any]) -> dict[str, Any]:
    arguments = {**VECTORS["condition_default"], **case["condition"]}
    try:
        condition = Condition(**arguments)
    except RuleValueError as exc:
        return {"error": {"rule": exc.rule_id, "field": exc.setting}}
    listing = [Replication.from_dict(task) for task in case["tasks"]]
    evaluation = condition.evaluate(listing)
    summary = summarize(listing, count(case["total_count"]))
    return {
        "met": evaluation.met,
        "cannot_succeed": evaluation.cannot_succeed,
        "selected": [r.task_name for r in evaluation.selected],
        "missing": list(evaluation.missing),
        "violations": [
            {
                "task": v.task,
                "final": v.final,
                "checks": [{"check": c.check, "expected": c.expected, "read": c.read} for c in v.checks],
            }
            for v in evaluation.violations
        ],
        "summary": {
            "healthy": summary.healthy,
            "unhealthy_tasks": list(summary.unhealthy_tasks),
            "total_count": summary.total_count,
        },
    }


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_condition_vector(case: dict[str, Any]) -> None:
    expected = case.get("languages", {}).get("python", case["expect"])
    assert _answer(case) == expected


def test_vectors_cover_both_outcomes() -> None:
    """Met and unmet, final and not, errors: a runner that always answers one way fails."""
    outcomes = {(c["expect"].get("met"), c["expect"].get("cannot_succeed")) for c in CASES}
    assert {(True, False), (False, False), (False, True), (None, None)} <= outcomes
