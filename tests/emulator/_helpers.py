"""Helpers shared by the emulator's tests: URLs and signed requests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
from taurusdb_emulator import EmulatorServer
from taurusdb_replication import signing

PATH = "/v3/{project}/instances/{instance}/starrocks/databases/replication"


def replication_url(
    server: EmulatorServer, instance_id: str | None = None, project_id: str | None = None
) -> str:
    """The replication endpoint of ``server`` for an instance (default: the first one)."""
    instance = server.instance_ids[0] if instance_id is None else instance_id
    project = server.project_id if project_id is None else project_id
    return server.url + PATH.format(project=project, instance=instance)


def signed_headers(
    server: EmulatorServer,
    url: str,
    *,
    params: dict[str, Any] | None = None,
    access_key: str | None = None,
    secret_key: str | None = None,
    when: datetime | None = None,
    extra: dict[str, str] | None = None,
) -> dict[str, str]:
    """Headers of a GET signed with the shared signer, dated by the emulator's own clock."""
    request = httpx.Request("GET", url, params=params)
    moment = when or datetime.fromtimestamp(server.now(), UTC)
    headers = {
        "Host": request.url.netloc.decode(),
        "X-Sdk-Date": signing.format_sdk_date(moment),
        "X-Project-Id": server.project_id,
        **(extra or {}),
    }
    headers["Authorization"] = signing.sign(
        access_key=access_key or server.access_key,
        secret_key=secret_key or server.secret_key,
        method="GET",
        path=request.url.raw_path.split(b"?")[0].decode(),
        query=request.url.params.multi_items(),
        headers=headers,
    )
    return headers


def get_page(http: httpx.Client, server: EmulatorServer, token: str, **params: Any) -> httpx.Response:
    """GET one page of the first instance with a token."""
    return http.get(replication_url(server), params=params, headers={"X-Auth-Token": token})
