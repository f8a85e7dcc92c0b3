"""The generated client parses what the real service sends and builds the documented request.

These are the "golden" checks of the spec-first spine: if the spec stops describing the wire
(api-facts.md section 2), the generated models raise here before any hand-written code runs.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import httpx
import pytest
from taurusdb_htap_client import Client
from taurusdb_htap_client.api.replication import list_star_rocks_data_replications as operation
from taurusdb_htap_client.models import (
    ErrorResponse,
    ListStarRocksDataReplicationsXLanguage,
    ReplicationPage,
    ReplicationStage,
    StarRocksReplicationInfo,
)

PATH = "/v3/{project_id}/instances/{instance_id}/starrocks/databases/replication"
PROJECT = "0123456789abcdef0123456789abcdef"
INSTANCE = "0123456789abcdef0123456789abcdefin17"
BASE_URL = "https://gaussdb.cn-north-4.myhuaweicloud.com"


def _examples(spec: dict[str, Any], status: str) -> list[Any]:
    response = spec["paths"][PATH]["get"]["responses"][status]
    if "$ref" in response:
        response = spec["components"]["responses"][response["$ref"].rsplit("/", 1)[-1]]
    examples = next(iter(response["content"].values()))["examples"]
    return [example["value"] for example in examples.values()]


def test_every_success_example_round_trips(spec: dict[str, Any]) -> None:
    examples = _examples(spec, "200")
    assert len(examples) >= 3
    for example in examples:
        parsed = ReplicationPage.from_dict(copy.deepcopy(example))
        assert parsed.to_dict() == example


@pytest.mark.parametrize("status", ["400", "401", "403", "429", "500"])
def test_every_error_example_round_trips(spec: dict[str, Any], status: str) -> None:
    for example in _examples(spec, status):
        parsed = ErrorResponse.from_dict(copy.deepcopy(example))
        assert parsed.error_code == example["error_code"]
        assert parsed.to_dict() == example


def _task(**fields: Any) -> StarRocksReplicationInfo:
    return StarRocksReplicationInfo.from_dict({"task_name": "t1", **fields})


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("incremental", ReplicationStage.INCREMENTAL),
        ("Incremental", ReplicationStage.INCREMENTAL_CAPITALISED),
        ("Wait", ReplicationStage.WAIT_CAPITALISED),
        ("paused", ReplicationStage.PAUSED),
        ("INCREMENTAL", "INCREMENTAL"),
        ("rebuilding", "rebuilding"),
        (None, None),
    ],
)
def test_stages_in_any_case_and_unknown_values_are_kept(wire: str | None, expected: object) -> None:
    task = _task(stage=wire, catchup_stage=wire)
    assert task.stage == expected
    assert task.catchup_stage == expected
    assert task.to_dict()["stage"] == wire


@pytest.mark.parametrize("value", [100, 42.5, "0", "100", None])
def test_percentages_as_numbers_strings_or_null(value: object) -> None:
    task = _task(percentage=value, catchup_percentage=value)
    assert task.percentage == value
    assert task.catchup_percentage == value


@pytest.mark.parametrize("value", [1, "1", None])
def test_total_count_as_number_string_or_null(value: object) -> None:
    assert ReplicationPage.from_dict({"total_count": value}).total_count == value


@pytest.mark.parametrize("value", ["true", "false", True, None])
def test_undocumented_booleans_as_strings_or_booleans(value: object) -> None:
    task = _task(is_need_repair=value, is_main_task=value)
    assert task.is_need_repair == value
    assert task.is_main_task == value


def test_missing_or_null_replications_and_empty_body() -> None:
    assert ReplicationPage.from_dict({"replications": None}).replications is None
    empty = ReplicationPage.from_dict({})
    assert empty.to_dict() == {}
    assert StarRocksReplicationInfo.from_dict({}).to_dict() == {}


def test_unknown_fields_are_preserved_through_to_dict() -> None:
    body = {
        "total_count": 1,
        "replications": [{"task_name": "t1", "lag_seconds": 3, "owner": {"team": "olap"}}],
        "ext_text": None,
        "next_marker": "abc",
    }
    parsed = ReplicationPage.from_dict(copy.deepcopy(body))
    assert parsed.additional_properties == {"next_marker": "abc"}
    assert parsed.to_dict() == body


def _capture(response: httpx.Response) -> tuple[Client, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return response

    client = Client(base_url=BASE_URL)
    client.set_httpx_client(httpx.Client(base_url=BASE_URL, transport=httpx.MockTransport(handler)))
    return client, seen


def test_request_carries_path_query_and_language_header() -> None:
    body = {"total_count": 0, "replications": []}
    client, seen = _capture(httpx.Response(200, json=body))
    result = operation.sync_detailed(
        PROJECT,
        INSTANCE,
        client=client,
        limit=10,
        offset=20,
        x_language=ListStarRocksDataReplicationsXLanguage.ZH_CN,
    )
    (request,) = seen
    assert request.method == "GET"
    assert request.url.path == f"/v3/{PROJECT}/instances/{INSTANCE}/starrocks/databases/replication"
    assert dict(request.url.params) == {"limit": "10", "offset": "20"}
    assert request.headers["X-Language"] == "zh-cn"
    assert isinstance(result.parsed, ReplicationPage)


def test_defaults_are_the_documented_ones() -> None:
    client, seen = _capture(httpx.Response(200, json={}))
    operation.sync_detailed(PROJECT, INSTANCE, client=client)
    assert dict(seen[0].url.params) == {"limit": "100", "offset": "0"}
    assert seen[0].headers["X-Language"] == "en-us"


def test_path_parameters_are_percent_encoded() -> None:
    client, seen = _capture(httpx.Response(200, json={}))
    operation.sync_detailed(PROJECT, "../../admin", client=client)
    assert seen[0].url.raw_path.startswith(b"/v3/" + PROJECT.encode() + b"/instances/..%2F..%2Fadmin/")


def test_error_statuses_parse_to_error_responses() -> None:
    error = {"error_code": "APIGW.0308", "error_msg": "throttled", "request_id": "r1"}
    client, _ = _capture(httpx.Response(429, json=error, headers={"Retry-After": "2"}))
    result = operation.sync_detailed(PROJECT, INSTANCE, client=client)
    assert isinstance(result.parsed, ErrorResponse)
    assert result.parsed.request_id == "r1"
    assert result.headers["Retry-After"] == "2"


def test_html_gateway_errors_come_back_as_text() -> None:
    html = "<html><body><h1>502 Bad Gateway</h1></body></html>"
    client, _ = _capture(httpx.Response(502, text=html, headers={"Content-Type": "text/html"}))
    result = operation.sync_detailed(PROJECT, INSTANCE, client=client)
    assert result.parsed == html


def test_truncated_json_on_a_documented_status_raises() -> None:
    """The generated client cannot survive a cut body; the client layer must catch this."""
    client, _ = _capture(httpx.Response(200, content=json.dumps({"total_count": 1})[:-3].encode()))
    with pytest.raises(json.JSONDecodeError):
        operation.sync_detailed(PROJECT, INSTANCE, client=client)
