"""Reading every task of an instance: pages in order, concurrently, and a consistent snapshot.

Behaviour only; the transport is a ``fetch(offset) -> Page`` coroutine handed in, so this
module can be tested with a fake and reasoned about on its own (botocore keeps its paginators
apart from its HTTP layer for the same reason).

:func:`iter_pages` reads page 0, then, when ``total_count`` is believable, every remaining
offset concurrently through a sliding window (results in offset order, at most
``window`` requests ahead). When ``total_count`` is missing, or a page proves it wrong (a page
holds more tasks than the total leaves room for, or the page just past a total that is a
multiple of the page size is not empty), it walks on until a short or empty page,
growing the look-ahead from 1 page (slow start) so an unknown length costs at most a few
wasted requests. It never runs forever: at most ``max_pages`` pages, and a service that
ignores ``offset`` (the same page twice) is detected.

:func:`snapshot` turns that stream into a consistent list: all pages must report the same
``total_count`` and no task may appear twice (tasks shifting between pages); otherwise it
rescans, at most ``max_rescans`` times, then raises :class:`InconsistentListingError`. A total
that all pages agree on but the items do not reach is a service that over-reports: the walk's
end (a short page) is trusted. Changes that keep both the count and the order unchanged (one
task deleted and another created between two page reads) cannot be seen by any client of an
offset-paged API without a version field; a rescan does not help with those either.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable

from ._errors import InconsistentListingError
from ._logging import logger
from ._models import Page, Replication

Fetch = Callable[[int], Awaitable[Page]]


async def iter_pages(fetch: Fetch, *, page_size: int, window: int, max_pages: int) -> AsyncIterator[Page]:
    """Yield pages in offset order until the end of the list (see the module docstring)."""
    first = await fetch(0)
    yield first
    if len(first) < page_size:
        return
    total = first.total_count
    if total is not None and total < page_size:
        total = None  # a full first page proves the total wrong: walk instead
    stop = _stop(total, page_size)
    pending: deque[tuple[int, asyncio.Task[Page]]] = deque()
    next_offset = page_size
    ahead = window if total is not None else 1
    previous = first
    pages = 1
    try:
        while True:
            while (
                len(pending) < ahead
                and pages + len(pending) < max_pages
                and (stop is None or next_offset < stop)
            ):
                pending.append((next_offset, asyncio.ensure_future(fetch(next_offset))))
                next_offset += page_size
            if not pending:
                if stop is not None and next_offset >= stop:
                    return
                raise InconsistentListingError(
                    f"more than {max_pages} pages of {page_size} tasks; raise max_pages if that is expected"
                )
            offset, task = pending.popleft()
            page = await task
            pages += 1
            yield page
            if len(page) < page_size:
                return
            _check_advancing(previous, page)
            previous = page
            if total is not None and offset + page_size > total:
                logger.debug("total_count %s is too small (page at %d is full); walking on", total, offset)
                total = stop = None
            if total is None:
                ahead = min(window, ahead * 2)
    finally:
        for _, task in pending:
            task.cancel()
        if pending:
            await asyncio.gather(*(task for _, task in pending), return_exceptions=True)


def _stop(total: int | None, page_size: int) -> int | None:
    """The first offset not to request when ``total`` is believed (None: walk to the end).

    A total that is a multiple of the page size ends on a full page, and a full last page
    cannot tell a true total from one that under-reports; so one more page, at ``offset=total``,
    is requested with the others (concurrently, so it costs no extra round trip). It should be
    empty; if it is not, the total was wrong and the walk goes on.
    """
    if total is None:
        return None
    return total + 1 if total % page_size == 0 else total


def _check_advancing(previous: Page, page: Page) -> None:
    before, now = previous.replications, page.replications
    if not now or not before or now[0].task_name != before[0].task_name:
        return  # the usual case, decided by one name
    names = [r.task_name for r in now]
    if names == [r.task_name for r in before] and any(names):
        raise InconsistentListingError(
            f"the service returned the same tasks for offsets {previous.offset} and {page.offset}; "
            "it seems to ignore 'offset'"
        )


def unseen(replications: Iterable[Replication], seen: set[str]) -> list[Replication]:
    """The tasks whose names are not in ``seen`` (which is updated): streaming de-duplication."""
    fresh: list[Replication] = []
    for replication in replications:
        name = replication.task_name
        if name:  # a nameless task ("", the spec's x-taurusdb-default) is never a duplicate
            if name in seen:
                continue
            seen.add(name)
        fresh.append(replication)
    return fresh


def inconsistency(pages: list[Page]) -> str | None:
    """Why these pages do not form one consistent state of the list, or None if they do."""
    totals = {page.total_count for page in pages}
    if len(totals) > 1:
        shown = sorted(("missing" if t is None else str(t)) for t in totals)
        return f"total_count changed during the scan ({', '.join(shown)})"
    names = [replication.task_name for page in pages for replication in page.replications]
    distinct = set(names)
    distinct.discard("")  # nameless tasks ("") are never duplicates
    if len(distinct) == len(names) - names.count(""):
        return None  # the usual case, decided in C; the loop below only names the duplicate
    seen: set[str] = set()
    for name in filter(None, names):
        if name in seen:
            return f"task {name!r} was returned twice (tasks moved between pages)"
        seen.add(name)
    raise AssertionError("unreachable: a duplicate was counted")


async def snapshot(
    fetch: Fetch,
    *,
    page_size: int,
    window: int,
    max_pages: int,
    max_rescans: int,
) -> tuple[list[Replication], int | None]:
    """Every task in one consistent state, and the total the service reported."""
    reason = ""
    for scan in range(max_rescans + 1):
        pages = [
            page async for page in iter_pages(fetch, page_size=page_size, window=window, max_pages=max_pages)
        ]
        reason = inconsistency(pages) or ""
        if not reason:
            items = [replication for page in pages for replication in page.replications]
            total = pages[0].total_count
            if total is not None and total != len(items) and logger.isEnabledFor(logging.DEBUG):
                logger.debug("total_count says %d but the walk found %d tasks", total, len(items))
            return items, total
        logger.info("listing is inconsistent (%s); rescanning (%d of %d)", reason, scan + 1, max_rescans)
    raise InconsistentListingError(
        f"the task list kept changing while it was read: {reason}; gave up after {max_rescans} rescans"
    )
