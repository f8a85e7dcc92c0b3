"""The pagination algorithm on its own, fed by scripted services (a plain ``fetch`` coroutine).

The emulator always tells the truth about ``total_count``; these scripted services lie, omit
it, ignore ``offset`` or never end, which is what the fallback walk and the bounds are for.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from taurusdb_replication import InconsistentListingError, Page, Replication
from taurusdb_replication._limiter import AimdLimiter
from taurusdb_replication._pagination import inconsistency, iter_pages, snapshot, unseen

SIZE = 100


def _task(name: str) -> Replication:
    return Replication.from_dict({"task_name": name, "status": "Yes"})


class Service:
    """A scripted service: ``items`` by offset, a ``total`` function, a request log."""

    def __init__(self, count: int, total: Callable[[int], int | None] | None = None) -> None:
        self.items = [_task(f"t{i:05d}") for i in range(count)]
        self.total = total or (lambda offset: len(self.items))
        self.offsets: list[int] = []
        self.in_flight = 0
        self.peak = 0

    async def fetch(self, offset: int) -> Page:
        self.offsets.append(offset)
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        try:
            # Later offsets answer first, so ordering is really exercised.
            for _ in range(max(0, 40 - offset // SIZE)):
                await asyncio.sleep(0)
            chunk = tuple(self.items[offset : offset + SIZE])
            return Page(offset, SIZE, self.total(offset), chunk)
        finally:
            self.in_flight -= 1


def _run_snapshot(
    service: Service, window: int = 8, max_pages: int = 1000, max_rescans: int = 3
) -> list[str]:
    items, _ = asyncio.run(
        snapshot(service.fetch, page_size=SIZE, window=window, max_pages=max_pages, max_rescans=max_rescans)
    )
    return [r.task_name or "" for r in items]


def _expected(count: int) -> list[str]:
    return [f"t{i:05d}" for i in range(count)]


@pytest.mark.parametrize("count", [0, 1, 99, 100, 101, 250, 1000, 1001])
def test_truthful_totals_cost_one_request_per_page(count: int) -> None:
    # Plus the page just past a total that is a multiple of 100: a full last page cannot
    # tell a true total from an under-reporting one (fetched with the others, in parallel).
    service = Service(count)
    assert _run_snapshot(service) == _expected(count)
    probe = [count] if count and count % SIZE == 0 else []
    assert sorted(service.offsets) == list(range(0, max(count, 1), SIZE)) + probe


def test_a_total_that_under_reports_on_a_page_boundary_is_caught() -> None:
    service = Service(101, total=lambda offset: 100)
    assert _run_snapshot(service) == _expected(101)
    service = Service(1234, total=lambda offset: 1000)
    assert _run_snapshot(service) == _expected(1234)


def test_pages_are_fetched_concurrently_within_the_window() -> None:
    service = Service(5000)
    assert _run_snapshot(service, window=8) == _expected(5000)
    assert service.peak == 8


def test_missing_total_walks_until_a_short_page_with_bounded_waste() -> None:
    service = Service(1050, total=lambda offset: None)
    assert _run_snapshot(service, window=8) == _expected(1050)
    pages = 11
    assert pages <= len(service.offsets) <= pages + 7


def test_a_total_that_over_reports_ends_at_the_short_page() -> None:
    service = Service(250, total=lambda offset: 900)
    assert _run_snapshot(service) == _expected(250)


def test_a_total_that_under_reports_walks_on() -> None:
    service = Service(730, total=lambda offset: 150)
    assert _run_snapshot(service) == _expected(730)


def test_a_full_first_page_with_a_tiny_total_walks_on() -> None:
    service = Service(300, total=lambda offset: 7)
    assert _run_snapshot(service) == _expected(300)


def test_a_service_that_ignores_offset_is_detected() -> None:
    service = Service(500, total=lambda offset: None)
    original = service.fetch

    async def same_page(offset: int) -> Page:
        page = await original(0)
        return Page(offset, SIZE, None, page.replications)

    with pytest.raises(InconsistentListingError, match="ignore 'offset'"):
        asyncio.run(snapshot(same_page, page_size=SIZE, window=4, max_pages=100, max_rescans=0))


def test_an_endless_list_stops_at_max_pages() -> None:
    async def endless(offset: int) -> Page:
        return Page(offset, SIZE, None, tuple(_task(f"n{offset + i}") for i in range(SIZE)))

    with pytest.raises(InconsistentListingError, match="more than 50 pages"):
        asyncio.run(snapshot(endless, page_size=SIZE, window=8, max_pages=50, max_rescans=0))


def test_a_total_that_changes_once_is_rescanned_into_a_snapshot() -> None:
    service = Service(400)
    calls = {"n": 0}
    original = service.fetch

    async def fetch(offset: int) -> Page:
        calls["n"] += 1
        if calls["n"] == 2:  # a task appears while the first scan runs
            service.items.append(_task("t00400"))
        return await original(offset)

    items, total = asyncio.run(snapshot(fetch, page_size=SIZE, window=4, max_pages=100, max_rescans=3))
    assert [r.task_name for r in items] == _expected(401)
    assert total == 401


def test_a_list_that_never_settles_is_a_clear_error_after_bounded_rescans() -> None:
    service = Service(400)
    original = service.fetch

    async def fetch(offset: int) -> Page:
        service.items.append(_task(f"x{len(service.offsets)}"))
        return await original(offset)

    with pytest.raises(InconsistentListingError, match=r"kept changing.*2 rescans"):
        asyncio.run(snapshot(fetch, page_size=SIZE, window=4, max_pages=100, max_rescans=2))
    assert len(service.offsets) < 3 * 10


def test_duplicates_from_shifted_pages_force_a_rescan() -> None:
    service = Service(300)
    original = service.fetch
    calls = {"n": 0}

    async def fetch(offset: int) -> Page:
        calls["n"] += 1
        page = await original(offset)
        if calls["n"] == 2:  # first scan only: a shifted page repeats a task, total unchanged
            return Page(page.offset, SIZE, page.total_count, (service.items[0], *page.replications[1:]))
        return page

    assert _run_snapshot_with(fetch) == _expected(300)


def _run_snapshot_with(fetch: Callable[[int], object]) -> list[str]:
    items, _ = asyncio.run(snapshot(fetch, page_size=SIZE, window=4, max_pages=100, max_rescans=3))  # type: ignore[arg-type]
    return [r.task_name or "" for r in items]


def test_stopping_early_cancels_what_is_in_flight() -> None:
    service = Service(3000)

    async def first_two() -> list[int]:
        seen = []
        stream = iter_pages(service.fetch, page_size=SIZE, window=8, max_pages=100)
        async for page in stream:
            seen.append(page.offset)
            if len(seen) == 2:
                break
        await stream.aclose()  # type: ignore[attr-defined]
        return seen

    assert asyncio.run(first_two()) == [0, 100]
    assert service.in_flight == 0
    assert len(service.offsets) <= 2 + 8


def test_unseen_keeps_the_first_of_each_name_and_every_nameless_task() -> None:
    nameless = Replication.from_dict({"status": "Yes"})
    tasks = [_task("a"), _task("b"), _task("a"), nameless, nameless]
    assert [t.task_name for t in unseen(tasks, set())] == ["a", "b", "", ""]


def test_the_limiter_halves_on_throttling_once_per_epoch_and_recovers() -> None:
    async def scenario() -> tuple[int, int, int]:
        limiter = AimdLimiter(16)
        epoch = limiter.epoch
        limiter.throttled(epoch, None)
        limiter.throttled(epoch, None)  # same wave: counted once
        after_one = limiter.limit
        limiter.throttled(limiter.epoch, None)
        after_two = limiter.limit
        for _ in range(200):
            limiter.succeeded()
        return after_one, after_two, limiter.limit

    assert asyncio.run(scenario()) == (8, 4, 16)


@pytest.mark.parametrize(
    ("retry_after", "opens_at"), [(5.0, 5.0), (99_999.0, 60.0)], ids=["retry-after", "capped-at-max-gate"]
)
def test_the_limiter_gate_holds_every_worker_until_retry_after_or_its_ceiling(
    retry_after: float, opens_at: float
) -> None:
    now = {"t": 0.0}

    async def scenario() -> list[float]:
        limiter = AimdLimiter(4, max_gate=60.0, clock=lambda: now["t"])
        limiter.throttled(limiter.epoch, retry_after)
        entered: list[float] = []

        async def worker() -> None:
            async with limiter.slot():
                entered.append(now["t"])

        task = asyncio.ensure_future(worker())
        for _ in range(5):
            await asyncio.sleep(0)
        assert entered == []  # the gate is closed
        now["t"] = opens_at
        limiter.succeeded()  # any state change wakes the waiters, who re-read the clock
        await asyncio.wait_for(task, 2)
        return entered

    assert asyncio.run(scenario()) == [opens_at]


@settings(max_examples=150, deadline=None)
@given(
    count=st.integers(0, 2500),
    mode=st.sampled_from(["truth", "missing", "over", "under"]),
    lie=st.integers(0, 5000),
    window=st.integers(1, 20),
)
def test_any_size_and_any_total_behaviour_gives_exactly_the_tasks(
    count: int, mode: str, lie: int, window: int
) -> None:
    totals: dict[str, Callable[[int], int | None]] = {
        "truth": lambda offset: count,
        "missing": lambda offset: None,
        "over": lambda offset: count + 1 + lie,
        "under": lambda offset: min(lie, max(count - 1, 0)),
    }
    service = Service(count, total=totals[mode])
    assert _run_snapshot(service, window=window) == _expected(count)
    pages = count // SIZE + 1
    # Never more than the pages plus one look-ahead window of waste.
    assert len(service.offsets) <= pages + window


def test_a_freed_slot_wakes_one_waiter_and_a_cancelled_one_hands_it_on() -> None:
    async def scenario() -> tuple[list[str], int, int]:
        limiter = AimdLimiter(1)
        release = asyncio.Event()
        entered: list[str] = []

        async def holder() -> None:
            async with limiter.slot():
                await release.wait()

        async def worker(name: str) -> None:
            async with limiter.slot():
                entered.append(name)

        held = asyncio.ensure_future(holder())
        await asyncio.sleep(0)
        workers = {name: asyncio.ensure_future(worker(name)) for name in "bcd"}
        await asyncio.sleep(0)  # all three are queued behind the holder
        release.set()
        await asyncio.sleep(0)  # the holder leaves: exactly one waiter (b) is woken...
        still_waiting = sum(not waiter.done() for waiter in limiter._waiters)
        workers["b"].cancel()  # ...and cancelled before it runs: c must get the slot instead
        await asyncio.wait_for(asyncio.gather(held, *workers.values(), return_exceptions=True), 10)
        return entered, still_waiting, limiter._in_flight

    assert asyncio.run(scenario()) == (["c", "d"], 2, 0)


def _names(*names: str) -> Page:
    return Page(0, SIZE, 7, tuple(_task(name) for name in names))


@pytest.mark.parametrize(
    ("pages", "reason"),
    [
        ([_names("a", "", "b"), _names("", "c")], None),  # nameless tasks are never duplicates
        ([_names("", ""), _names("")], None),
        ([_names("a", "b"), _names("c", "b", "a")], "task 'b' was returned twice"),  # the first repeat
        ([_names("a", "a")], "task 'a' was returned twice"),
        ([], None),
    ],
)
def test_inconsistency_names_the_first_duplicate_and_ignores_nameless_tasks(
    pages: list[Page], reason: str | None
) -> None:
    found = inconsistency(pages)
    if reason is None:
        assert found is None
    else:
        assert found is not None
        assert found.startswith(reason), found
