"""Arguments are checked before any request exists; errors name the field and the rule."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from taurusdb_replication import (
    ClientConfig,
    ConfigurationError,
    ReplicationClient,
    TokenAuth,
    ValidationError,
    endpoint_for_region,
)

from .conftest import INSTANCE, OFFLINE_PROJECT, recording_client

PROJECT = OFFLINE_PROJECT

BAD_INSTANCE_IDS = [
    "",
    "abc",
    "../../../v3/other/instances/x/starrocks",
    "0123456789abcdef0123456789abcdef/n17",
    "0123456789abcdef0123456789abcdef..17",
    "0123456789abcdef0123456789abcdef in7",
    "0123456789abcdef0123456789abcdef\nin7",
    "0123456789abcdef0123456789abcdef%2F17",
    "0123456789abcdef0123456789abcdef\x00in7",
    INSTANCE + "x",
]


@pytest.fixture
def offline_client() -> Iterator[tuple[ReplicationClient, list[httpx.Request]]]:
    client, sent = recording_client()
    yield client, sent
    client.close()


@pytest.mark.parametrize("instance_id", BAD_INSTANCE_IDS)
def test_bad_instance_ids_never_reach_the_network(
    offline_client: tuple[ReplicationClient, list[httpx.Request]], instance_id: str
) -> None:
    client, sent = offline_client
    with pytest.raises(ValidationError) as caught:
        client.list_replications(instance_id)
    assert caught.value.field == "instance_id"
    assert "36 letters or digits" in str(caught.value)
    assert isinstance(caught.value, ValueError)
    assert sent == []


@pytest.mark.parametrize(
    ("limit", "offset", "field"),
    [(0, 0, "limit"), (101, 0, "limit"), (True, 0, "limit"), (10, -1, "offset"), (10, 1.5, "offset")],
)
def test_bad_paging_arguments(
    offline_client: tuple[ReplicationClient, list[httpx.Request]], limit: object, offset: object, field: str
) -> None:
    client, sent = offline_client
    with pytest.raises(ValidationError) as caught:
        client.get_page(INSTANCE, limit, offset)  # type: ignore[arg-type]
    assert caught.value.field == field
    assert sent == []


def test_good_arguments_reach_the_path_unchanged(
    offline_client: tuple[ReplicationClient, list[httpx.Request]],
) -> None:
    client, sent = offline_client
    page = client.get_page(INSTANCE, 7, 3)
    assert page.total_count == 0
    assert sent[0].url.path == f"/v3/{PROJECT}/instances/{INSTANCE}/starrocks/databases/replication"
    assert dict(sent[0].url.params) == {"limit": "7", "offset": "3"}
    assert sent[0].headers["X-Language"] == "en-us"


@pytest.mark.parametrize("project_id", ["", "short", PROJECT + "0", PROJECT[:-1] + "/", PROJECT[:-1] + " "])
def test_bad_project_ids(project_id: str) -> None:
    with pytest.raises(ValidationError, match="project_id"):
        ReplicationClient(project_id=project_id, auth=TokenAuth("t0ken"), endpoint="https://h.example")


@pytest.mark.parametrize(
    "endpoint",
    [
        "http://gaussdb.example.com",
        "ftp://h",
        "https://",
        "https://h?x=1",
        "https://h x",
        "gaussdb.example.com",
    ],
)
def test_bad_endpoints(endpoint: str) -> None:
    with pytest.raises(ValidationError, match="endpoint"):
        ReplicationClient(project_id=PROJECT, auth=TokenAuth("t0ken"), endpoint=endpoint)


def test_plain_http_is_allowed_for_loopback_only() -> None:
    with ReplicationClient(
        project_id=PROJECT, auth=TokenAuth("t0ken"), endpoint="http://127.0.0.1:1/"
    ) as client:
        assert client.endpoint == "http://127.0.0.1:1"


@pytest.mark.parametrize("region", ["CN-NORTH-4", "cn_north_4", "north", "cn-north-4/../x", ""])
def test_bad_region_names(region: str) -> None:
    with pytest.raises(ValidationError, match="region"):
        endpoint_for_region(region)


def test_unknown_region_says_how_to_override() -> None:
    with pytest.raises(ConfigurationError) as caught:
        endpoint_for_region("xx-nowhere-9")
    assert "TAURUSDB_ENDPOINT" in str(caught.value)
    assert "cn-north-4" in str(caught.value)


@pytest.mark.parametrize(
    ("region", "endpoint"),
    [
        ("cn-north-4", "https://gaussdb.cn-north-4.myhuaweicloud.com"),
        ("ap-southeast-1", "https://gaussdbformysql.ap-southeast-1.myhuaweicloud.com"),
        ("cn-east-5", "https://gaussdb-mysql.cn-east-5.myhuaweicloud.com"),
    ],
)
def test_region_table(region: str, endpoint: str) -> None:
    with ReplicationClient(project_id=PROJECT, auth=TokenAuth("t0ken"), region=region) as client:
        assert client.endpoint == endpoint


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"concurrency": 0}, "concurrency"), ({"page_size": 101}, "limit"), ({"language": "fr-fr"}, "language")],
)
def test_config_rules(changes: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        ClientConfig(**changes)  # type: ignore[arg-type]
    assert caught.value.field == field


def test_wait_arguments_are_checked_first(
    offline_client: tuple[ReplicationClient, list[httpx.Request]],
) -> None:
    client, sent = offline_client
    with pytest.raises(ValidationError, match="condition"):
        client.wait_for(INSTANCE, {"tasks": ["one_task"]}, timeout=1)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="interval"):
        client.wait_for(INSTANCE, interval=0, timeout=1)
    with pytest.raises(ValidationError, match="task_name"):
        client.get_replication(INSTANCE, "")
    assert sent == []
