"""An independent client: the vendor's own SDK, signing with AK/SK, talks to the emulator.

That the SDK's requests verify proves the emulator checks the real ``SDK-HMAC-SHA256``
algorithm (the SDK's signer, not ours, computes these signatures). The SDK accepts an
``http://`` endpoint as given (it only prefixes ``https://`` to bare host names).
"""

from __future__ import annotations

from typing import Any

import pytest
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
from huaweicloudsdkcore.http.http_config import HttpConfig
from huaweicloudsdkgaussdb.v3 import GaussDBClient, ListStarRocksDataReplicationsRequest
from taurusdb_emulator import DEMO_INSTANCE_ID, EmulatorServer, FakeClock
from taurusdb_emulator.pytest_plugin import EmulatorFactory


def sdk_client(
    server: EmulatorServer, secret_key: str | None = None, security_token: str | None = None
) -> Any:
    config = HttpConfig.get_default_config()
    config.timeout = (5, 10)
    credentials = BasicCredentials(server.access_key, secret_key or server.secret_key, server.project_id)
    if security_token is not None:
        credentials = credentials.with_security_token(security_token)
    return (
        GaussDBClient.new_builder()
        .with_http_config(config)
        .with_credentials(credentials)
        .with_endpoint(server.url)
        .build()
    )


def list_page(client: Any, offset: int = 0, limit: int = 100) -> Any:
    request = ListStarRocksDataReplicationsRequest(
        instance_id=DEMO_INSTANCE_ID, limit=str(limit), offset=str(offset)
    )
    return client.list_star_rocks_data_replications(request)


def test_the_vendor_sdk_lists_the_demo_tasks(emulator: EmulatorServer) -> None:
    response = list_page(sdk_client(emulator))
    assert str(response.total_count) == "7"
    expected = [task.task_name for task in emulator.tasks(DEMO_INSTANCE_ID)]
    assert [task.task_name for task in response.replications] == expected
    billing = next(task for task in response.replications if task.task_name == "billing_sync")
    assert (billing.stage, str(billing.percentage), billing.status) == ("Full", "60", "Yes")
    assert emulator.request_log[-1].status == 200


def test_the_vendor_sdk_pages_by_item_index(emulator: EmulatorServer) -> None:
    client = sdk_client(emulator)
    names: list[str] = []
    while True:
        page = list_page(client, offset=len(names), limit=3).replications
        if not page:
            break
        names += [task.task_name for task in page]
    assert names == [task.task_name for task in emulator.tasks(DEMO_INSTANCE_ID)]


def test_a_wrong_secret_key_gets_401_apigw_0301(emulator: EmulatorServer) -> None:
    with pytest.raises(ClientRequestException) as caught:
        list_page(sdk_client(emulator, secret_key="not-the-secret"))
    error = caught.value
    assert error.status_code == 401
    assert error.error_code == "APIGW.0301"
    assert error.request_id  # the SDK reads X-Request-Id


def test_the_vendor_sdk_with_temporary_credentials(taurusdb_emulator_factory: EmulatorFactory) -> None:
    server = taurusdb_emulator_factory(clock=FakeClock(), security_token="sts-from-iam")
    assert str(list_page(sdk_client(server, security_token="sts-from-iam")).total_count) == "7"
    with pytest.raises(ClientRequestException) as caught:
        list_page(sdk_client(server, security_token="stale"))
    assert caught.value.status_code == 401


def test_the_vendor_sdk_sees_unknown_instances_as_the_page_says(emulator: EmulatorServer) -> None:
    request = ListStarRocksDataReplicationsRequest(instance_id="1" * 32 + "in17")
    with pytest.raises(ClientRequestException) as caught:
        sdk_client(emulator).list_star_rocks_data_replications(request)
    assert (caught.value.status_code, caught.value.error_code) == (400, "DBS.200022")
