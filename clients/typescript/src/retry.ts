/**
 * When to send a request again and how long to wait first: the Python layer's policy
 * (`taurusdb_replication._retry`). Retried: 429 (honouring `Retry-After`, capped), 500, 502,
 * 503, 504, network errors and success answers whose body is not the page. Never another 4xx:
 * those are the caller's mistake or an auth problem, and five failed AK/SK attempts in a row
 * lock the key. Every wait is exponential backoff with full jitter, inside one deadline.
 */
import { DeadlineError, formatSeconds, RequestTimeoutError, TaurusDBError, ThrottledError, TransportError, ValidationError } from "./errors.js";

export interface RetryOptions {
  /** Attempts per request, the first included (`HW_MAX_RETRIES` + 1). */
  maxAttempts: number;
  /** 429 answers have their own, larger budget. */
  maxThrottledAttempts: number;
  /** Seconds. */
  baseDelay: number;
  /** Seconds; also the cap on `Retry-After`. */
  maxDelay: number;
  /** Seconds for a whole operation (a listing with all its pages and retries); null: unbounded. */
  deadline: number | null;
  /** Seconds for one attempt, until its whole answer is read (a `RequestTimeoutError` after). */
  requestTimeout: number;
}

export const DEFAULT_RETRY: Readonly<RetryOptions> = {
  maxAttempts: 6,
  maxThrottledAttempts: 30,
  baseDelay: 0.25,
  maxDelay: 20,
  deadline: 300,
  requestTimeout: 30,
};

export function retryOptions(overrides: Partial<RetryOptions> = {}, maxRetries: number | null = null): RetryOptions {
  const options = { ...DEFAULT_RETRY, ...(maxRetries === null ? {} : { maxAttempts: maxRetries + 1 }), ...overrides };
  for (const key of ["maxAttempts", "maxThrottledAttempts"] as const) {
    if (!Number.isInteger(options[key]) || options[key] < 1) throw new ValidationError(key, "must be an integer >= 1");
  }
  for (const key of ["baseDelay", "maxDelay", "requestTimeout"] as const) {
    if (!(options[key] >= 0)) throw new ValidationError(key, "must be a number of seconds >= 0");
  }
  if (options.deadline !== null && !(options.deadline > 0)) throw new ValidationError("deadline", "must be > 0 seconds");
  return options;
}

/** The moment an operation must end by, shared by every page of a listing. */
export class Deadline {
  private readonly end: number | null;
  constructor(readonly seconds: number | null) {
    this.end = seconds === null ? null : performance.now() + seconds * 1000;
  }
  /** Seconds left (never negative), or null when unbounded. */
  remaining(): number | null {
    return this.end === null ? null : Math.max(0, (this.end - performance.now()) / 1000);
  }
}

/** `Retry-After` in seconds (delta or HTTP date); null when absent or unreadable. */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | null {
  if (header === null || header.trim() === "") return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const when = Date.parse(text);
  return Number.isNaN(when) ? null : Math.max(0, (when - now) / 1000);
}

function retryable(error: unknown): error is TaurusDBError {
  if (error instanceof TransportError) return true;
  return error instanceof TaurusDBError && "retryable" in error && (error as { retryable: boolean }).retryable;
}

function delay(options: RetryOptions, error: TaurusDBError, failures: number): number {
  const ceiling = Math.min(options.maxDelay, options.baseDelay * 2 ** Math.max(0, failures - 1));
  if (error instanceof ThrottledError && error.retryAfter !== null) {
    // The server's figure, capped, plus a little jitter so a wave of clients does not return at once.
    return Math.min(error.retryAfter, options.maxDelay) + Math.random() * options.baseDelay;
  }
  return Math.random() * ceiling;
}

function asError(error: unknown): TaurusDBError {
  return error instanceof TaurusDBError ? error : new TransportError(String(error));
}

const sleep = (seconds: number) => new Promise<void>((resolve) => setTimeout(resolve, seconds * 1000));

/**
 * Run one attempt with a signal that aborts after `seconds` (reason: a `RequestTimeoutError`)
 * or when `abandon` aborts. A plain controller and timer, both held until the attempt ends:
 * `AbortSignal.timeout` combined by `AbortSignal.any` is held only weakly on Node 20 and
 * can be collected before it fires, leaving a silent server to hang the request.
 */
async function bounded<T>(seconds: number, abandon: AbortSignal | undefined, attempt: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new RequestTimeoutError(seconds)), Math.max(1, Math.ceil(seconds * 1000)));
  const onAbandon = () => controller.abort(abandon?.reason);
  if (abandon?.aborted) onAbandon();
  abandon?.addEventListener("abort", onAbandon, { once: true });
  try {
    return await attempt(controller.signal);
  } finally {
    clearTimeout(timer);
    abandon?.removeEventListener("abort", onAbandon);
  }
}

/**
 * Run `attempt` until it succeeds, fails for good, or the budget or the deadline runs out.
 * `attempt` receives an AbortSignal bounding that attempt by the request timeout and the
 * deadline (and `abandon`, when the caller no longer needs the answer); its errors must
 * already be typed (`ApiError`, `TransportError`).
 */
export async function withRetries<T>(
  what: string,
  options: RetryOptions,
  deadline: Deadline,
  attempt: (signal: AbortSignal) => Promise<T>,
  abandon?: AbortSignal,
): Promise<T> {
  let attempts = 0;
  let throttled = 0;
  let last: TaurusDBError | null = null;
  for (;;) {
    const remaining = deadline.remaining();
    if (remaining !== null && remaining <= 0) throw new DeadlineError(`${what}: the deadline of ${formatSeconds(deadline.seconds)} s ran out`, last);
    const budget = Math.min(options.requestTimeout, remaining ?? Infinity);
    try {
      return await bounded(budget, abandon, attempt);
    } catch (error) {
      // An attempt whose budget was the rest of the deadline and that timed out was cut by it.
      const cut = error instanceof RequestTimeoutError && budget < options.requestTimeout;
      if (deadline.remaining() === 0 || cut) {
        // The attempt was cut off by the deadline: the failure before it (if any) says more.
        throw new DeadlineError(`${what}: the deadline of ${formatSeconds(deadline.seconds)} s ran out`, last ?? asError(error));
      }
      if (!retryable(error)) throw error;
      last = error;
      attempts += 1;
      if (error instanceof ThrottledError) throttled += 1;
      const allowed = error instanceof ThrottledError ? throttled < options.maxThrottledAttempts : attempts - throttled < options.maxAttempts;
      if (!allowed) throw error;
      const wait = delay(options, error, attempts - throttled || throttled);
      const left = deadline.remaining();
      if (left !== null && wait >= left) throw new DeadlineError(`${what}: the deadline of ${formatSeconds(deadline.seconds)} s ran out`, last);
      await sleep(wait);
    }
  }
}
