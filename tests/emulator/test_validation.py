"""Bad input gets the documented 400 naming the field (in the asked language), never a 500."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote, urlencode

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from taurusdb_emulator import EmulatorServer, FakeClock

from ._helpers import PATH, get_page, replication_url

VALID_PROJECT = "a1b2c3d4e5f60718293a4b5c6d7e8f90"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 101}, "limit"),
        ({"limit": -1}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"limit": "1.5"}, "limit"),
        ({"limit": ""}, "limit"),
        ({"limit": ["1", "2"]}, "limit"),
        ({"offset": -1}, "offset"),
        ({"offset": "x"}, "offset"),
        ({"offset": "1e3"}, "offset"),
        ({"offset": "9" * 40}, "offset"),
    ],
)
def test_bad_query_parameters_name_the_field(
    emulator: EmulatorServer, http: httpx.Client, token: str, params: dict[str, object], field: str
) -> None:
    response = get_page(http, emulator, token, **params)
    assert response.status_code == 400
    body = response.json()
    assert body["error_code"] == "DBS.200001"
    assert f"Invalid parameter {field}:" in body["error_msg"]
    assert "request_id" not in body  # service errors do not carry it; the header does
    assert response.headers["X-Request-Id"]


@pytest.mark.parametrize(
    ("project", "instance", "field"),
    [
        ("short", None, "project_id"),
        ("a1b2c3d4e5f60718293a4b5c6d7e8f9-", None, "project_id"),
        (None, "abc", "instance_id"),
        (None, "5f2c7d1e-9a3b-4c6d-8e0f-1a2b3c4d5e6f", "instance_id"),
        (None, "", "instance_id"),
        ("", None, "project_id"),
        (None, "%2F" * 12, "instance_id"),
    ],
)
def test_bad_path_parameters_name_the_field(
    emulator: EmulatorServer,
    http: httpx.Client,
    token: str,
    project: str | None,
    instance: str | None,
    field: str,
) -> None:
    url = replication_url(emulator, instance_id=instance, project_id=project)
    response = http.get(url, headers={"X-Auth-Token": token})
    assert response.status_code == 400, response.text
    assert f"Invalid parameter {field}:" in response.json()["error_msg"]


def test_unknown_instance_is_the_page_example_error(
    emulator: EmulatorServer, http: httpx.Client, token: str
) -> None:
    url = replication_url(emulator, instance_id="0123456789abcdef0123456789abcdefin17")
    response = http.get(url, headers={"X-Auth-Token": token})
    assert response.status_code == 400
    assert response.json() == {"error_code": "DBS.200022", "error_msg": "Instance not found."}


def test_another_project_is_forbidden(emulator: EmulatorServer, http: httpx.Client, token: str) -> None:
    response = http.get(replication_url(emulator, project_id="f" * 32), headers={"X-Auth-Token": token})
    assert response.status_code == 403
    body = response.json()
    assert body["error_code"] == "APIGW.0302"
    assert body["request_id"] == response.headers["X-Request-Id"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"limit": 0}, "参数limit无效：必须是1到100之间的整数。"),  # noqa: RUF001
        ({"offset": -3}, "参数offset无效：必须是大于或等于0的整数。"),  # noqa: RUF001
    ],
)
def test_zh_cn_messages(
    emulator: EmulatorServer, http: httpx.Client, token: str, params: dict[str, int], expected: str
) -> None:
    response = http.get(
        replication_url(emulator), params=params, headers={"X-Auth-Token": token, "X-Language": "zh-cn"}
    )
    assert response.status_code == 400
    assert response.json()["error_msg"] == expected


def test_zh_cn_instance_not_found(emulator: EmulatorServer, http: httpx.Client, token: str) -> None:
    url = replication_url(emulator, instance_id="1" * 32 + "in17")
    response = http.get(url, headers={"X-Auth-Token": token, "X-Language": "zh-cn"})
    assert response.json() == {"error_code": "DBS.200022", "error_msg": "实例不存在。"}


@pytest.mark.parametrize("language", ["fr-fr", "EN-US", "", "zh-cn, en-us"])
def test_unknown_language_is_rejected_in_english(
    emulator: EmulatorServer, http: httpx.Client, token: str, language: str
) -> None:
    response = http.get(replication_url(emulator), headers={"X-Auth-Token": token, "X-Language": language})
    assert response.status_code == 400
    assert response.json()["error_msg"] == "Invalid parameter X-Language: must be en-us or zh-cn."


def test_en_us_is_the_default_and_accepted(emulator: EmulatorServer, http: httpx.Client, token: str) -> None:
    response = http.get(
        replication_url(emulator), params={"limit": 0}, headers={"X-Auth-Token": token, "X-Language": "en-us"}
    )
    assert response.json()["error_msg"] == "Invalid parameter limit: must be an integer from 1 to 100."


@pytest.fixture(scope="module")
def fuzz_server() -> Iterator[tuple[EmulatorServer, str, httpx.Client]]:
    with EmulatorServer(clock=FakeClock()) as server, httpx.Client(timeout=10.0) as http:
        yield server, server.issue_token(), http


_text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)
_header_text = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=20)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    project=_text,
    instance=_text,
    query=st.lists(st.tuples(st.sampled_from(["limit", "offset", "x", ""]), _text), max_size=4),
    language=st.one_of(st.none(), st.sampled_from(["en-us", "zh-cn", "xx"]), _header_text),
)
def test_never_a_server_error(
    fuzz_server: tuple[EmulatorServer, str, httpx.Client],
    project: str,
    instance: str,
    query: list[tuple[str, str]],
    language: str | None,
) -> None:
    server, token, http = fuzz_server
    path = PATH.format(project=quote(project, safe=""), instance=quote(instance, safe=""))
    url = httpx.URL(server.url).copy_with(raw_path=path.encode() + b"?" + urlencode(query).encode())
    headers = {"X-Auth-Token": token}
    if language is not None:
        headers["X-Language"] = language.strip()
    response = http.get(url, headers=headers)
    assert response.status_code < 500, response.text
    assert response.headers["X-Request-Id"]
    if response.status_code != 200:
        assert response.json()["error_code"]
