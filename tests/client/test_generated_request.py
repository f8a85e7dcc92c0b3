"""The client layer sends the generated operation's request, byte for byte.

The listing builds each request with the generated module's ``_get_kwargs`` and reads the
answer itself (one parse, into the view), instead of calling ``asyncio_detailed``, which
would parse the body into the generated models first. This pins the promise that nothing
about the request changed: on one httpx client, the request ``PageFetcher`` sends and the one
the generated operation sends are the same. A new generator version that builds its request
differently fails here, not in production. (``httpx.MockTransport``: a unit test of one
function; the listing itself is tested against the emulator over loopback.)
"""

from __future__ import annotations

import asyncio
import json
import random

import httpx
from taurusdb_htap_client import Client
from taurusdb_htap_client.api.replication import list_star_rocks_data_replications as operation
from taurusdb_htap_client.models.list_star_rocks_data_replications_x_language import (
    ListStarRocksDataReplicationsXLanguage,
)
from taurusdb_replication import RetryPolicy, TokenAuth
from taurusdb_replication._logging import Redactor
from taurusdb_replication._retry import Retrier
from taurusdb_replication._transport import PageFetcher

PROJECT = "0123456789abcdef0123456789abcdef"
INSTANCE = "0123456789abcdef0123456789abcdefin17"
PAGE = {"total_count": 1, "replications": [{"task_name": "t1", "stage": "Full", "percentage": "50"}]}


def _requests_sent(language: str, limit: int, offset: int) -> tuple[httpx.Request, httpx.Request]:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=PAGE, headers={"X-Request-Id": "r1"})

    async def both() -> None:
        async with httpx.AsyncClient(
            base_url="https://gaussdb.example.test",
            auth=TokenAuth("generated-request-test-token"),
            transport=httpx.MockTransport(answer),
        ) as http:
            fetcher = PageFetcher(
                http,
                project_id=PROJECT,
                language=language,
                retrier=Retrier(RetryPolicy(), random.Random(0)),
                redactor=Redactor(),
                timeout=5.0,
            )
            page = await fetcher.once(INSTANCE, limit, offset)
            assert [task.task_name for task in page.replications] == ["t1"]
            generated = Client(base_url="https://gaussdb.example.test").set_async_httpx_client(http)
            result = await operation.asyncio_detailed(
                PROJECT,
                INSTANCE,
                client=generated,
                limit=limit,
                offset=offset,
                x_language=ListStarRocksDataReplicationsXLanguage(language),
            )
            assert json.loads(result.content) == PAGE

    asyncio.run(both())
    ours, theirs = seen
    return ours, theirs


def test_the_request_is_the_generated_operation_s() -> None:
    for language, limit, offset in (("en-us", 100, 0), ("zh-cn", 7, 245)):
        ours, theirs = _requests_sent(language, limit, offset)
        assert (ours.method, str(ours.url)) == (theirs.method, str(theirs.url))
        assert ours.headers.multi_items() == theirs.headers.multi_items()
        assert ours.content == theirs.content == b""
        assert ours.url.params["offset"] == str(offset)
        assert ours.headers["X-Language"] == language
