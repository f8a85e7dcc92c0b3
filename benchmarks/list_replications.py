"""Benchmark of ``list_replications`` against the two sequential loops people use today.

Everything runs side by side in one run, against one emulator started in its own process (so
the emulator and the clients do not share a GIL), with 10,000 tasks and 20 ms of latency
injected per request:

(a) a sequential item-offset loop like the vendor Terraform data source's (limit=100, add the
    items received to offset, stop on an empty page), AK/SK-signed, over one keep-alive
    connection;
(b) the vendor SDK (huaweicloudsdkgaussdb) paging by hand, stopping once total_count is reached;
(ours) ``ReplicationClient.list_replications`` with default settings, and at concurrency 32,
    plus a sweep over concurrency that is how the default was chosen;
(minimal) the minimal hand-written loop: asyncio + httpx, 16 pages in flight, ``json.loads`` only,
    AK/SK-signed like every contender; no typed models, retries, limits or consistency checks.
    "ours / minimal" is the price of every guarantee of the client layer, and of the generated
    operation, over the least any Python client can do;
(floor) the generated operation alone at the same concurrency (``asyncio_detailed``: httpx, the
    generated request and the generated models' parse, AK/SK signing) and nothing of the client
    layer. Ours sends the same generated request but reads the body once, straight into the
    generated view, so ours can run below this "floor": "ours / floor" is what the layer costs
    or saves over calling the generated operation by hand;
(parse) the cost of turning one 100-task JSON page into typed objects, ours vs the SDK's;
(c) the same listing under the emulator's rate limit of 20 requests/s: failures, 429s and the
    wall time against the limit's bound (pages / rate).

(profile) with ``--profile N``: N listings of ours under cProfile, CPU grouped by who spends it.

Usage: ``python benchmarks/list_replications.py [--tasks 10000] [--latency-ms 20] [--repeat 3]
[--profile N] [--json FILE]``. It prints a table; benchmarks/README.md holds the figures of a recorded run.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import cProfile
import gc
import json
import math
import os
import pstats
import statistics
import subprocess
import sys
import time
import timeit
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.http.http_config import HttpConfig
from huaweicloudsdkgaussdb.v3 import GaussDBClient, ListStarRocksDataReplicationsRequest
from taurusdb_htap_client import Client
from taurusdb_htap_client.api.replication import list_star_rocks_data_replications as operation
from taurusdb_htap_client.models.replication_page import ReplicationPage
from taurusdb_replication import (
    AkSkAuth,
    AsyncReplicationClient,
    ClientConfig,
    ReplicationClient,
    TaurusDBError,
)
from taurusdb_replication._config import DEFAULT_CONCURRENCY
from taurusdb_replication._logging import Redactor
from taurusdb_replication._sharded_pool import ShardedTransport
from taurusdb_replication._transport import page_from

PAGE = 100


@dataclass
class Emulator:
    """The emulator in a child process (this script with ``--serve``), driven over its stdin."""

    process: subprocess.Popen[str]
    info: dict[str, str]

    @property
    def url(self) -> str:
        return self.info["url"]

    @property
    def instance_id(self) -> str:
        return self.info["instance_id"]

    @property
    def path(self) -> str:
        """The replication-list path of the benchmark's instance."""
        return f"/v3/{self.info['project_id']}/instances/{self.instance_id}/starrocks/databases/replication"

    def auth(self) -> AkSkAuth:
        """A signer with the emulator's key pair (every contender signs its requests)."""
        return AkSkAuth(self.info["access_key"], self.info["secret_key"])

    def _command(self, line: str) -> None:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        assert self.process.stdout.readline().strip() == "ok"

    def set_rate_limit(self, per_second: float | None) -> None:
        self._command(f"rate {per_second}")

    def cpu_seconds(self) -> float:
        """CPU time the emulator process has used so far (to show it is not the bottleneck)."""
        fields = open(f"/proc/{self.process.pid}/stat").read().rsplit(")", 1)[1].split()  # noqa: SIM115
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=30)


def serve(latency_ms: float) -> None:
    """Child process: run the emulator and obey ``rate N|None`` lines on stdin until it closes."""
    from taurusdb_emulator import EmulatorServer, Faults

    with EmulatorServer(dataset="large", faults=Faults(latency_ms=latency_ms)) as server:
        info = {
            "url": server.url,
            "instance_id": server.instance_ids[0],
            "project_id": server.project_id,
            "access_key": server.access_key,
            "secret_key": server.secret_key,
        }
        print(json.dumps(info), flush=True)
        for line in sys.stdin:
            verb, _, value = line.strip().partition(" ")
            if verb == "rate":
                server.set_rate_limit(None if value == "None" else float(value))
            print("ok", flush=True)


def start_emulator(tasks: int, latency_ms: float) -> Emulator:
    if tasks != 10_000:
        raise SystemExit("--tasks: only the emulator's 'large' dataset (10,000 tasks) is supported")
    command = [sys.executable, __file__, "--serve", "--latency-ms", str(latency_ms)]
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    return Emulator(process, json.loads(process.stdout.readline()))


def terraform_loop(emulator: Emulator) -> int:
    """(a) Sequential item-offset loop, as the vendor Terraform data source does it."""
    auth = emulator.auth()
    path = emulator.path
    names: list[str] = []
    with httpx.Client(base_url=emulator.url, auth=auth, timeout=30) as http:
        while True:
            body = http.get(path, params={"limit": PAGE, "offset": len(names)}).json()
            items = body.get("replications") or []
            if not items:
                return len(names)
            names += [item["task_name"] for item in items]


def vendor_client(emulator: Emulator) -> Any:
    config = HttpConfig.get_default_config()
    config.timeout = (10, 30)
    credentials = BasicCredentials(
        emulator.info["access_key"], emulator.info["secret_key"], emulator.info["project_id"]
    )
    return (
        GaussDBClient.new_builder()
        .with_http_config(config)
        .with_credentials(credentials)
        .with_endpoint(emulator.url)
        .build()
    )


def vendor_sdk_loop(emulator: Emulator) -> int:
    """(b) The vendor SDK, paging by hand until total_count is reached."""
    client = vendor_client(emulator)
    names: list[str] = []
    while True:
        request = ListStarRocksDataReplicationsRequest(
            instance_id=emulator.instance_id, limit=str(PAGE), offset=str(len(names))
        )
        response = client.list_star_rocks_data_replications(request)
        items = response.replications or []
        names += [item.task_name for item in items]
        if not items or len(names) >= int(response.total_count):
            return len(names)


_CLOSERS: list[Callable[[], None]] = []


def ours(emulator: Emulator, concurrency: int | None = None, *, cold: bool = False) -> Callable[[], int]:
    """``list_replications`` on a warm client (built and used once before timing), or a new
    client per listing when ``cold`` (as a one-shot CLI call does)."""

    def build() -> ReplicationClient:
        config = ClientConfig() if concurrency is None else ClientConfig(concurrency=concurrency)
        auth = emulator.auth()
        return ReplicationClient(
            project_id=emulator.info["project_id"], auth=auth, endpoint=emulator.url, config=config
        )

    if cold:

        def run_cold() -> int:
            with build() as client:
                return len(client.list_replications(emulator.instance_id))

        return run_cold
    client = build()
    _CLOSERS.append(client.close)
    client.list_replications(emulator.instance_id)

    def run() -> int:
        return len(client.list_replications(emulator.instance_id))

    return run


def _warm_on_own_loop(
    loop: asyncio.AbstractEventLoop, http: httpx.AsyncClient, listing: Callable[[], Awaitable[int]]
) -> Callable[[], int]:
    """Run ``listing`` once to warm it up; the run to time; the pool closed with the others."""

    def close() -> None:
        loop.run_until_complete(http.aclose())
        loop.close()

    _CLOSERS.append(close)
    loop.run_until_complete(listing())
    return lambda: loop.run_until_complete(listing())


def minimal_loop(emulator: Emulator, concurrency: int = DEFAULT_CONCURRENCY) -> Callable[[], int]:
    """(minimal) asyncio + httpx, ``concurrency`` pages in flight, ``json.loads`` only: the first
    page, then every other page at once under a semaphore, the tasks kept as dicts."""
    loop = asyncio.new_event_loop()
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    http = httpx.AsyncClient(base_url=emulator.url, auth=emulator.auth(), timeout=30, limits=limits)
    path = emulator.path

    async def page(offset: int, gate: asyncio.Semaphore) -> dict[str, Any]:
        async with gate:
            response = await http.get(path, params={"limit": PAGE, "offset": offset})
        body: dict[str, Any] = json.loads(response.content)
        return body

    async def listing() -> int:
        gate = asyncio.Semaphore(concurrency)
        first = await page(0, gate)
        rest = await asyncio.gather(*(page(o, gate) for o in range(PAGE, first["total_count"], PAGE)))
        tasks = [task for body in (first, *rest) for task in body["replications"]]
        return len(tasks)

    return _warm_on_own_loop(loop, http, listing)


def generated_only(emulator: Emulator, concurrency: int) -> Callable[[], int]:
    """(floor) The generated operation alone: the first page, then every other page under a
    semaphore of ``concurrency``, over the same sharded pool and AK/SK auth as ours, on an event
    loop in this thread. No normalization, retries, limiter, look-ahead or consistency checks:
    a lower bound for any client that sends its requests through the generated operation."""
    loop = asyncio.new_event_loop()
    auth = emulator.auth()
    http = httpx.AsyncClient(
        base_url=emulator.url,
        auth=auth,
        timeout=30,
        transport=ShardedTransport(concurrency, verify=True, tls=False),
    )
    generated = Client(base_url=emulator.url).set_async_httpx_client(http)
    project_id, instance_id = emulator.info["project_id"], emulator.instance_id

    async def page(offset: int, gate: asyncio.Semaphore) -> int:
        async with gate:
            result = await operation.asyncio_detailed(
                project_id, instance_id, client=generated, limit=PAGE, offset=offset
            )
        parsed = result.parsed
        assert isinstance(parsed, ReplicationPage)
        assert isinstance(parsed.total_count, int)
        assert isinstance(parsed.replications, list)
        return parsed.total_count if offset == 0 else len(parsed.replications)

    async def listing() -> int:
        gate = asyncio.Semaphore(concurrency)
        total = await page(0, gate)
        rest = await asyncio.gather(*(page(offset, gate) for offset in range(PAGE, total, PAGE)))
        return min(total, PAGE) + sum(rest)

    return _warm_on_own_loop(loop, http, listing)


def round_trip(emulator: Emulator, samples: int = 15) -> float:
    """Median time of one 100-task page over a warm connection (the unit of the ideal)."""
    auth = emulator.auth()
    with ReplicationClient(
        project_id=emulator.info["project_id"], auth=auth, endpoint=emulator.url
    ) as client:
        client.get_page(emulator.instance_id)
        times = []
        for _ in range(samples):
            started = time.perf_counter()
            client.get_page(emulator.instance_id, PAGE, 0)
            times.append(time.perf_counter() - started)
    return statistics.median(times)


def ideal(rtt: float, pages: int, concurrency: int) -> float:
    """One round trip for the first page, then one per wave of ``concurrency`` pages."""
    return rtt * (1 + math.ceil((pages - 1) / concurrency))


def parse_costs(emulator: Emulator, number: int = 2000) -> tuple[float, float]:
    """Microseconds to turn one 100-task JSON page into typed objects: ours, the SDK's."""
    auth = emulator.auth()
    path = emulator.path
    with httpx.Client(base_url=emulator.url, auth=auth) as http:
        raw = http.get(path, params={"limit": PAGE, "offset": 0})
    content = raw.content
    redactor = Redactor()

    def our_parse() -> None:
        page_from(raw, 0, PAGE, redactor)  # raw.content is read once and kept by httpx

    sdk = vendor_client(emulator)

    class SdkResponse:  # what the SDK's deserialize reads from a requests.Response
        def __init__(self) -> None:
            self.headers = {"Content-Type": "application/json"}
            self.text = content.decode()

    def sdk_parse() -> None:
        sdk.deserialize(SdkResponse(), "ListStarRocksDataReplicationsResponse", None)

    ours_us = min(timeit.repeat(our_parse, number=number, repeat=3)) / number * 1e6
    sdk_us = min(timeit.repeat(sdk_parse, number=number, repeat=3)) / number * 1e6
    return ours_us, sdk_us


class ThrottleCounter(httpx.AsyncBaseTransport):
    """The client's own pool, counting the 429 answers it carries (each is retried here)."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.throttled = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        self.throttled += response.status_code == 429
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


def rate_limited(emulator: Emulator, rate: float) -> dict[str, float]:
    """(c) The default listing under a rate limit: wall time, failures, 429s, bound."""
    auth = emulator.auth()
    emulator.set_rate_limit(rate)  # buckets start full (one second's worth of burst)
    failures = 0
    counter = ThrottleCounter(ShardedTransport(DEFAULT_CONCURRENCY, verify=True, tls=False))
    try:
        with ReplicationClient(
            project_id=emulator.info["project_id"], auth=auth, endpoint=emulator.url, transport=counter
        ) as client:
            started = time.perf_counter()
            try:
                count = len(client.list_replications(emulator.instance_id))
            except TaurusDBError:
                failures, count = 1, 0
            wall = time.perf_counter() - started
            throttled = counter.throttled
    finally:
        emulator.set_rate_limit(None)
    pages = 10_000 // PAGE
    return {
        "wall_s": wall,
        "tasks": count,
        "failures": failures,
        "retries_after_429": throttled,
        "bound_s": pages / rate,
        "ratio_to_bound": wall / (pages / rate),
    }


CPU_GROUPS: dict[str, tuple[str, ...]] = {
    "generated models (from_dict, attrs, enums, typing.cast)": (
        "taurusdb_htap_client/models",
        "typing.py",
        "enum.py",
        "attrs generated",
    ),
    "generated operation (kwargs, Response)": ("taurusdb_htap_client/",),
    "normalized Replication, one pass from JSON (_view.py, _normalize.py, dataclass __init__)": (
        "taurusdb_replication/_view.py",
        "taurusdb_replication/_normalize.py",
        "taurusdb_replication/_models.py",
        "<string>:__init__",
    ),
    "json.loads": ("json/",),
    "AK/SK signing": ("taurusdb_replication/_auth.py", "taurusdb_replication/signing.py", "hashlib", "hmac"),
    "client layer: retry, limiter, pagination, body cap, pool, hooks": (
        "taurusdb_replication/",
        "contextlib",
    ),
    "httpx": ("httpx/",),
    "httpcore, h11, anyio": ("httpcore/", "h11/", "anyio/"),
    "asyncio event loop": ("asyncio/", "selectors"),
}


def profile_listing(emulator: Emulator, listings: int) -> dict[str, float]:
    """Share of the listing's CPU by who spends it (cProfile's own time per function, grouped)."""
    profiler = cProfile.Profile()

    async def run() -> None:
        async with AsyncReplicationClient(
            project_id=emulator.info["project_id"], auth=emulator.auth(), endpoint=emulator.url
        ) as client:
            await client.list_replications(emulator.instance_id)
            profiler.enable()
            for _ in range(listings):
                await client.list_replications(emulator.instance_id)
            profiler.disable()

    asyncio.run(run())
    shares: collections.Counter[str] = collections.Counter()
    stats: dict[tuple[str, int, str], tuple[Any, ...]] = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    for (file, _, name), (_, _, own, _, _) in stats.items():
        where = f"{file}:{name}"
        group = next((g for g, marks in CPU_GROUPS.items() if any(m in where for m in marks)), None)
        shares[group or "builtins (isinstance, dict.get, str methods, socket calls)"] += own
    total = sum(shares.values())
    return {group: own / total for group, own in shares.most_common()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--latency-ms", type=float, default=20.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rate", type=float, default=20.0)
    parser.add_argument(
        "--parse-iterations", type=int, default=2000, help="pages parsed per timing of the parse cost"
    )
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="profile N listings of ours")
    parser.add_argument(
        "--pairs",
        type=int,
        default=0,
        metavar="N",
        help="also N back-to-back turns of the minimal loop and ours only: the spread of the ratio",
    )
    parser.add_argument(
        "--sweep",
        type=lambda text: tuple(int(part) for part in text.split(",")),
        default=(1, 4, 8, 16, 32, 64),
        metavar="N,N,...",
        help="concurrency values to measure beside the default (default: 1,4,8,16,32,64)",
    )
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.latency_ms)
        return

    emulator = start_emulator(args.tasks, args.latency_ms)
    try:
        results = run_all(emulator, args)
    finally:
        for close in _CLOSERS:
            close()
        emulator.stop()
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(results, handle, indent=2)


def interleaved(
    repeat: int, runs: dict[str, Callable[[], int]], expected: int
) -> tuple[dict[str, float], dict[str, float]]:
    """Median wall time and median CPU time (this process, all threads) of each run, the runs
    taking turns so machine noise hits all alike."""
    walls: dict[str, list[float]] = {name: [] for name in runs}
    cpus: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeat):
        for name, run in runs.items():
            gc.collect()  # nobody pays for the garbage the previous contender left
            started, cpu = time.perf_counter(), time.process_time()
            count = run()
            walls[name].append(time.perf_counter() - started)
            cpus[name].append(time.process_time() - cpu)
            if count != expected:
                raise SystemExit(f"{name} returned {count} tasks, not {expected}")
    return (
        {name: statistics.median(values) for name, values in walls.items()},
        {name: statistics.median(values) for name, values in cpus.items()},
    )


def ratio_spread(
    minimal: Callable[[], int], ours: Callable[[], int], turns: int, expected: int
) -> dict[str, float]:
    """Ours over the minimal loop, turn by turn: each turn times the two one right after the
    other (in alternating order), so a turn's ratio sees one state of the machine, whose speed
    drifts by up to 2x within minutes here."""
    ratios: list[float] = []
    walls: dict[str, list[float]] = {"minimal": [], "ours": []}
    for turn in range(turns):
        order = [("minimal", minimal), ("ours", ours)]
        for name, run in order if turn % 2 == 0 else reversed(order):
            gc.collect()
            started = time.perf_counter()
            if run() != expected:
                raise SystemExit(f"{name} did not return {expected} tasks")
            walls[name].append(time.perf_counter() - started)
        ratios.append(walls["ours"][-1] / walls["minimal"][-1])
    q1, median, q3 = statistics.quantiles(ratios, n=4, method="inclusive") if turns > 1 else (ratios[0],) * 3
    return {
        "median": median,
        "q1": q1,
        "q3": q3,
        "max": max(ratios),
        "of_medians": statistics.median(walls["ours"]) / statistics.median(walls["minimal"]),
    }


def run_all(emulator: Emulator, args: argparse.Namespace) -> dict[str, Any]:
    pages = math.ceil(args.tasks / PAGE)
    ours(emulator, cold=True)()  # warm up imports and the emulator
    rtt = round_trip(emulator)
    sweep: tuple[int, ...] = args.sweep
    floors = sorted({DEFAULT_CONCURRENCY, *sweep})
    runs: dict[str, Callable[[], int]] = {
        "a": lambda: terraform_loop(emulator),
        "b": lambda: vendor_sdk_loop(emulator),
        "minimal": minimal_loop(emulator),
        "default": ours(emulator),
        "cold": ours(emulator, cold=True),
        **{f"c{c}": ours(emulator, c) for c in sweep},
        **{f"floor{c}": generated_only(emulator, c) for c in floors},
    }
    cpu_before = emulator.cpu_seconds()
    walls, cpus = interleaved(args.repeat, runs, args.tasks)
    emulator_cpu = (emulator.cpu_seconds() - cpu_before) / (args.repeat * len(runs))
    ours_us, sdk_us = parse_costs(emulator, args.parse_iterations)
    profile = profile_listing(emulator, args.profile) if args.profile else {}
    spread = ratio_spread(runs["minimal"], runs["default"], args.pairs, args.tasks) if args.pairs else {}
    limited = rate_limited(emulator, args.rate)

    def row(label: str, wall: float, concurrency: int | None) -> str:
        text = f"{label:46} {wall:8.3f} {walls['a'] / wall:7.1f}x {walls['b'] / wall:7.1f}x"
        if concurrency is not None:
            best = ideal(rtt, pages, concurrency)
            text += f" {best:8.3f} {wall / best:7.2f}"
        return text

    print(
        f"\n{args.tasks} tasks, {pages} pages, {args.latency_ms:g} ms injected latency; one page round trip "
        f"(median) {rtt * 1000:.1f} ms; median of {args.repeat} interleaved runs; emulator CPU per listing "
        f"{emulator_cpu * 1000:.0f} ms (its own process)\n"
    )
    print(f"{'listing':46} {'wall s':>8} {'vs (a)':>8} {'vs (b)':>8} {'ideal s':>8} {'/ideal':>7}")
    print(row("(a) sequential item-offset loop (Terraform)", walls["a"], None))
    print(row("(b) vendor SDK paging by hand", walls["b"], None))
    print(
        row(
            f"minimal loop (asyncio+httpx, {DEFAULT_CONCURRENCY} in flight)",
            walls["minimal"],
            DEFAULT_CONCURRENCY,
        )
    )
    print(row(f"list_replications, default ({DEFAULT_CONCURRENCY})", walls["default"], DEFAULT_CONCURRENCY))
    print(row("  same, new client per listing (CLI-like)", walls["cold"], DEFAULT_CONCURRENCY))
    for concurrency in sweep:
        print(row(f"list_replications, concurrency {concurrency}", walls[f"c{concurrency}"], concurrency))
    print_floors(floors, walls, cpus, lambda c: ideal(rtt, pages, c))
    floor = walls[f"floor{DEFAULT_CONCURRENCY}"]
    print(
        f"\nours / minimal loop at the default concurrency: {walls['default'] / walls['minimal']:.2f}x wall, "
        f"{cpus['default'] / cpus['minimal']:.2f}x CPU (minimal CPU {cpus['minimal']:.3f} s); "
        f"generated operation alone / minimal: {floor / walls['minimal']:.2f}x; "
        f"Terraform-style loop / ours: {walls['a'] / walls['default']:.1f}x"
    )
    print(f"\nparse one 100-task page: ours {ours_us:.0f} us, vendor SDK {sdk_us:.0f} us")
    if spread:
        print(
            f"\nours / minimal, {args.pairs} back-to-back turns: wall ratio median {spread['median']:.2f}x "
            f"(quartiles {spread['q1']:.2f}-{spread['q3']:.2f}x, worst {spread['max']:.2f}x); "
            f"ratio of the medians {spread['of_medians']:.2f}x"
        )
    if profile:
        print(f"\nwhere our listing's CPU goes ({args.profile} listings under cProfile):")
        for group, share in profile.items():
            print(f"  {share * 100:5.1f}%  {group}")
    print(
        f"\n(c) rate limit {args.rate:g} req/s: {limited['tasks']:.0f} tasks, "
        f"{limited['failures']:.0f} failures, "
        f"{limited['retries_after_429']:.0f} retries after 429, {limited['wall_s']:.2f} s; "
        f"bound pages/rate {limited['bound_s']:.2f} s -> {limited['ratio_to_bound']:.2f}x the bound"
    )
    return {
        "tasks": args.tasks,
        "latency_ms": args.latency_ms,
        "rtt_s": rtt,
        "emulator_cpu_per_listing_s": emulator_cpu,
        "ours_over_minimal": walls["default"] / walls["minimal"],
        "walls_s": walls,
        "cpu_s": cpus,
        "ideal_s": {c: ideal(rtt, pages, c) for c in floors},
        "default_concurrency": DEFAULT_CONCURRENCY,
        "parse_us": {"ours": ours_us, "vendor_sdk": sdk_us},
        "rate_limited": limited,
        "cpu_profile_shares": profile,
        "ours_over_minimal_turns": spread,
    }


def print_floors(
    floors: list[int], walls: dict[str, float], cpus: dict[str, float], ideal_for: Callable[[int], float]
) -> None:
    """Ours against the generated operation alone, per concurrency: what the client layer costs,
    and how near the ideal anything built on the generated operation can get here."""
    print(
        f"\n{'concurrency':>11} {'ideal s':>8} {'ours s':>7} {'/ideal':>7} {'floor s':>8} {'/ideal':>7}"
        f" {'ours/floor':>10} {'ours CPU s':>10} {'floor CPU s':>11}"
    )
    for c in floors:
        key = "default" if c == DEFAULT_CONCURRENCY else f"c{c}"
        if key not in walls:
            continue
        best, mine, floor = ideal_for(c), walls[key], walls[f"floor{c}"]
        print(
            f"{c:>11} {best:8.3f} {mine:7.3f} {mine / best:7.2f} {floor:8.3f} {floor / best:7.2f}"
            f" {mine / floor:10.2f} {cpus[key]:10.3f} {cpus[f'floor{c}']:11.3f}"
        )
    print(
        "floor: the generated operation alone (same pool, auth and concurrency; no client layer); "
        "CPU: this process, per listing"
    )


if __name__ == "__main__":
    main()
