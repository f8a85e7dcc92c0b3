from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.list_star_rocks_data_replications_x_language import ListStarRocksDataReplicationsXLanguage
from ...models.replication_page import ReplicationPage
from ...types import UNSET, Response, Unset


def _get_kwargs(
    project_id: str,
    instance_id: str,
    *,
    limit: int | Unset = 100,
    offset: int | Unset = 0,
    x_language: ListStarRocksDataReplicationsXLanguage | Unset = ListStarRocksDataReplicationsXLanguage.EN_US,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_language, Unset):
        headers["X-Language"] = str(x_language)

    params: dict[str, Any] = {}

    params["limit"] = limit

    params["offset"] = offset

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v3/{project_id}/instances/{instance_id}/starrocks/databases/replication".format(
            project_id=quote(str(project_id), safe=""),
            instance_id=quote(str(instance_id), safe=""),
        ),
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | ReplicationPage | str | None:
    if response.status_code == 200:
        response_200 = ReplicationPage.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorResponse.from_dict(response.json())

        return response_403

    if response.status_code == 429:
        response_429 = ErrorResponse.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = ErrorResponse.from_dict(response.json())

        return response_500

    if response.status_code == 502:
        response_502 = response.text
        return response_502

    if response.status_code == 503:
        response_503 = response.text
        return response_503

    if response.status_code == 504:
        response_504 = response.text
        return response_504

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorResponse | ReplicationPage | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    project_id: str,
    instance_id: str,
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 100,
    offset: int | Unset = 0,
    x_language: ListStarRocksDataReplicationsXLanguage | Unset = ListStarRocksDataReplicationsXLanguage.EN_US,
) -> Response[ErrorResponse | ReplicationPage | str]:
    """Query data synchronisation tasks of a StarRocks instance

     Lists the data synchronisation tasks of a StarRocks instance, one page at a time.

    Pagination is by item index: `offset` is the index of the first task returned (not a
    page number) and `limit` is the page size. To read every task, request `offset=0`,
    then add the number of tasks received to `offset` until a page comes back short or
    empty. `total_count` is the number of tasks of the instance when the page was read;
    it can change between pages while tasks are created or removed.

    Args:
        project_id (str):
        instance_id (str):
        limit (int | Unset):  Default: 100.
        offset (int | Unset):  Default: 0.
        x_language (ListStarRocksDataReplicationsXLanguage | Unset):  Default:
            ListStarRocksDataReplicationsXLanguage.EN_US.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ReplicationPage | str]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        instance_id=instance_id,
        limit=limit,
        offset=offset,
        x_language=x_language,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    project_id: str,
    instance_id: str,
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 100,
    offset: int | Unset = 0,
    x_language: ListStarRocksDataReplicationsXLanguage | Unset = ListStarRocksDataReplicationsXLanguage.EN_US,
) -> ErrorResponse | ReplicationPage | str | None:
    """Query data synchronisation tasks of a StarRocks instance

     Lists the data synchronisation tasks of a StarRocks instance, one page at a time.

    Pagination is by item index: `offset` is the index of the first task returned (not a
    page number) and `limit` is the page size. To read every task, request `offset=0`,
    then add the number of tasks received to `offset` until a page comes back short or
    empty. `total_count` is the number of tasks of the instance when the page was read;
    it can change between pages while tasks are created or removed.

    Args:
        project_id (str):
        instance_id (str):
        limit (int | Unset):  Default: 100.
        offset (int | Unset):  Default: 0.
        x_language (ListStarRocksDataReplicationsXLanguage | Unset):  Default:
            ListStarRocksDataReplicationsXLanguage.EN_US.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ReplicationPage | str
    """

    return sync_detailed(
        project_id=project_id,
        instance_id=instance_id,
        client=client,
        limit=limit,
        offset=offset,
        x_language=x_language,
    ).parsed


async def asyncio_detailed(
    project_id: str,
    instance_id: str,
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 100,
    offset: int | Unset = 0,
    x_language: ListStarRocksDataReplicationsXLanguage | Unset = ListStarRocksDataReplicationsXLanguage.EN_US,
) -> Response[ErrorResponse | ReplicationPage | str]:
    """Query data synchronisation tasks of a StarRocks instance

     Lists the data synchronisation tasks of a StarRocks instance, one page at a time.

    Pagination is by item index: `offset` is the index of the first task returned (not a
    page number) and `limit` is the page size. To read every task, request `offset=0`,
    then add the number of tasks received to `offset` until a page comes back short or
    empty. `total_count` is the number of tasks of the instance when the page was read;
    it can change between pages while tasks are created or removed.

    Args:
        project_id (str):
        instance_id (str):
        limit (int | Unset):  Default: 100.
        offset (int | Unset):  Default: 0.
        x_language (ListStarRocksDataReplicationsXLanguage | Unset):  Default:
            ListStarRocksDataReplicationsXLanguage.EN_US.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ReplicationPage | str]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        instance_id=instance_id,
        limit=limit,
        offset=offset,
        x_language=x_language,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    project_id: str,
    instance_id: str,
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 100,
    offset: int | Unset = 0,
    x_language: ListStarRocksDataReplicationsXLanguage | Unset = ListStarRocksDataReplicationsXLanguage.EN_US,
) -> ErrorResponse | ReplicationPage | str | None:
    """Query data synchronisation tasks of a StarRocks instance

     Lists the data synchronisation tasks of a StarRocks instance, one page at a time.

    Pagination is by item index: `offset` is the index of the first task returned (not a
    page number) and `limit` is the page size. To read every task, request `offset=0`,
    then add the number of tasks received to `offset` until a page comes back short or
    empty. `total_count` is the number of tasks of the instance when the page was read;
    it can change between pages while tasks are created or removed.

    Args:
        project_id (str):
        instance_id (str):
        limit (int | Unset):  Default: 100.
        offset (int | Unset):  Default: 0.
        x_language (ListStarRocksDataReplicationsXLanguage | Unset):  Default:
            ListStarRocksDataReplicationsXLanguage.EN_US.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ReplicationPage | str
    """

    return (
        await asyncio_detailed(
            project_id=project_id,
            instance_id=instance_id,
            client=client,
            limit=limit,
            offset=offset,
            x_language=x_language,
        )
    ).parsed
