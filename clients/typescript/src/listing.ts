/**
 * Reading every task of an instance, the Python layer's rules (`taurusdb_replication._pagination`):
 * page 0 first; when its `total_count` is believable, every remaining offset concurrently
 * (at most `window` pages in flight, results kept in offset order); when it is missing or a
 * page proves it wrong, walk on until a short page, growing the look-ahead from one page.
 * The pages must form one consistent state (same `total_count` everywhere, no task twice),
 * else the whole list is read again, at most `maxRescans` times. At most `maxPages` pages; a
 * service that ignores `offset` (the same page twice) is detected.
 */
import { InconsistentListingError } from "./errors.js";

/** One page as the listing needs it. */
export interface ListedPage<T> {
  offset: number;
  totalCount: number | null;
  items: readonly T[];
}

export interface ListingOptions {
  pageSize: number;
  window: number;
  maxPages: number;
  maxRescans: number;
}

/** Reads the page at `offset`; `signal` aborts it when the listing no longer needs it. */
type Fetch<T> = (offset: number, signal: AbortSignal) => Promise<ListedPage<T>>;
type Named = { readonly taskName: string };

/** The first offset not to request when the total is believed; one past a full last page. */
function stopAt(total: number | null, pageSize: number): number | null {
  if (total === null) return null;
  return total % pageSize === 0 ? total + 1 : total;
}

function checkAdvancing<T extends Named>(previous: ListedPage<T>, page: ListedPage<T>): void {
  const names = page.items.map((item) => item.taskName);
  const before = previous.items.map((item) => item.taskName);
  if (names.length && names.some((n) => n) && names.length === before.length && names.every((n, i) => n === before[i])) {
    throw new InconsistentListingError(
      `the service returned the same tasks for offsets ${previous.offset} and ${page.offset}; it seems to ignore 'offset'`,
    );
  }
}

/** Every page in offset order until the end of the list. */
export async function readPages<T extends Named>(fetch: Fetch<T>, options: ListingOptions): Promise<ListedPage<T>[]> {
  const { pageSize, window, maxPages } = options;
  const abandon = new AbortController();
  const first = await fetch(0, abandon.signal);
  const pages = [first];
  if (first.items.length < pageSize) return pages;
  let total = first.totalCount !== null && first.totalCount >= pageSize ? first.totalCount : null;
  let stop = stopAt(total, pageSize);
  let ahead = total !== null ? window : 1;
  let nextOffset = pageSize;
  const pending: { offset: number; page: Promise<ListedPage<T>> }[] = [];
  try {
    for (;;) {
      while (pending.length < ahead && pages.length + pending.length < maxPages && (stop === null || nextOffset < stop)) {
        const page = fetch(nextOffset, abandon.signal);
        page.catch(() => undefined); // awaited below in order; an early failure must not go unhandled
        pending.push({ offset: nextOffset, page });
        nextOffset += pageSize;
      }
      const head = pending.shift();
      if (head === undefined) {
        if (stop !== null && nextOffset >= stop) return pages;
        throw new InconsistentListingError(`more than ${maxPages} pages of ${pageSize} tasks; raise maxPages if that is expected`);
      }
      const page = await head.page;
      const previous = pages[pages.length - 1]!;
      pages.push(page);
      if (page.items.length < pageSize) return pages;
      checkAdvancing(previous, page);
      if (total !== null && head.offset + pageSize > total) {
        total = null; // a full page past the total: the total is wrong, walk on
        stop = null;
      }
      if (total === null) ahead = Math.min(window, ahead * 2);
    }
  } finally {
    abandon.abort(); // pages requested ahead of an end (or an error) are not waited for
  }
}

/** Why these pages are not one consistent state of the list, or null when they are. */
export function inconsistency<T extends Named>(pages: readonly ListedPage<T>[]): string | null {
  const totals = new Set(pages.map((page) => page.totalCount));
  if (totals.size > 1) {
    const shown = [...totals].map((t) => (t === null ? "missing" : String(t))).sort();
    return `total_count changed during the scan (${shown.join(", ")})`;
  }
  const seen = new Set<string>();
  for (const page of pages) {
    for (const { taskName } of page.items) {
      if (!taskName) continue; // a nameless task ("", the key's default) is never a duplicate
      if (seen.has(taskName)) return `task '${taskName}' was returned twice (tasks moved between pages)`;
      seen.add(taskName);
    }
  }
  return null;
}

/** Every task in one consistent state of the list, and the service's `total_count` of it. */
export async function snapshot<T extends Named>(fetch: Fetch<T>, options: ListingOptions): Promise<{ items: T[]; totalCount: number | null }> {
  let reason = "";
  for (let scan = 0; scan <= options.maxRescans; scan++) {
    const pages = await readPages(fetch, options);
    reason = inconsistency(pages) ?? "";
    // One total on every page (else inconsistency() said so): the first page's is the listing's.
    if (!reason) return { items: pages.flatMap((page) => page.items), totalCount: pages[0]?.totalCount ?? null };
  }
  throw new InconsistentListingError(
    `the task list kept changing while it was read: ${reason}; gave up after ${options.maxRescans} rescans`,
  );
}
