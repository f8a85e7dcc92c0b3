/**
 * Waiting until tasks meet a `Condition`: the Python layer's polling loop
 * (`taurusdb_replication._waiter.poll_until`). What "done" and "failed" mean is the condition;
 * the loop only lists, judges, reports progress, sleeps with a growing interval (x1.5 up to
 * `maxInterval`) and stops at the timeout. It stops at once when a task can no longer meet the
 * condition (a final violation), naming every such task. Transient failures of a poll (5xx,
 * throttling, transport, a listing that changed under the scan, a poll cut off by the wait's
 * own time) do not end the wait; the last one is attached to the timeout error. Any other
 * error (auth, permission, validation) ends it at once.
 */
import { type Condition, describeViolation, type Evaluation, type Violation } from "./condition.js";
import { DeadlineError, formatSeconds, InconsistentListingError, TaurusDBError } from "./errors.js";
import type { Replication } from "./view.gen.js";

/** Selected tasks can no longer meet the condition (abnormal, or cancelled); waiting stopped. */
export class ReplicationFailedError extends TaurusDBError {
  override name = "ReplicationFailedError";
  readonly taskNames: readonly string[];
  constructor(readonly failures: readonly Violation[]) {
    super(`waiting cannot succeed: ${failures.map(describeViolation).join("; ")}`);
    this.taskNames = failures.map((failure) => failure.task);
  }
}

/** The condition did not hold before the timeout; the last evaluation and the last poll error. */
export class WaitTimeoutError extends TaurusDBError {
  override name = "WaitTimeoutError";
  constructor(
    message: string,
    readonly last: Evaluation | null,
    readonly lastError: TaurusDBError | null,
  ) {
    super(message);
  }
}

export interface WaitOptions {
  /** Seconds to wait in all (default 1800). */
  timeout?: number;
  /** Seconds between polls at first (default 10). */
  interval?: number;
  /** The longest pause (default 6 x interval, at most 60 s). */
  maxInterval?: number;
  /** Called with the selected tasks after each successful poll. */
  onProgress?: (selected: readonly Replication[]) => void;
}

export interface WaitResult {
  /** The selected tasks when the condition held. */
  readonly selected: readonly Replication[];
  /** Every task of that listing. */
  readonly replications: readonly Replication[];
  readonly polls: number;
  readonly seconds: number;
}

/** Whether the wait outlives a failed poll: what the client would retry, or a poll cut short. */
export function transient(error: unknown): error is TaurusDBError {
  if (error instanceof DeadlineError || error instanceof InconsistentListingError) return true;
  return error instanceof TaurusDBError && "retryable" in error && (error as { retryable: unknown }).retryable === true;
}

const sleep = (seconds: number) => new Promise<void>((resolve) => setTimeout(resolve, seconds * 1000));

function describe(last: Evaluation): string {
  if (!last.selected.length && !last.missing.length) return "the instance has no tasks";
  return last.violations.map(describeViolation).join("; ");
}

/** Poll `list(remainingSeconds)` until `condition` holds for every selected task. */
export async function pollUntil(
  list: (remaining: number) => Promise<readonly Replication[]>,
  condition: Condition,
  options: WaitOptions = {},
): Promise<WaitResult> {
  const timeout = options.timeout ?? 1800;
  const interval = options.interval ?? 10;
  const cap = options.maxInterval ?? Math.max(interval, Math.min(60, interval * 6));
  for (const [name, value] of [["timeout", timeout], ["interval", interval], ["maxInterval", cap]] as const) {
    if (!(value >= 0) || (name !== "timeout" && value === 0)) throw new RangeError(`${name} must be a number of seconds > 0`);
  }
  const start = performance.now();
  const elapsed = () => (performance.now() - start) / 1000;
  let delay = interval;
  let polls = 0;
  let last: Evaluation | null = null;
  let lastError: TaurusDBError | null = null;
  for (;;) {
    polls += 1;
    try {
      const replications = await list(Math.max(timeout - elapsed(), 0.001));
      last = condition.evaluate(replications);
      options.onProgress?.(last.selected);
      if (last.cannotSucceed) throw new ReplicationFailedError(last.violations.filter((violation) => violation.final));
      if (last.met) return { selected: last.selected, replications, polls, seconds: elapsed() };
    } catch (error) {
      if (!transient(error)) throw error;
      // A poll cut short by the wait's own timeout says less than the failure before it.
      if (lastError === null || !(error instanceof DeadlineError)) lastError = error;
    }
    const remaining = timeout - elapsed();
    if (remaining <= 0) {
      const state = last === null ? `no successful read (last error: ${lastError?.message ?? "none"})` : describe(last);
      throw new WaitTimeoutError(`timed out after ${formatSeconds(timeout)} s waiting for ${condition.summary()}: ${state}`, last, lastError);
    }
    await sleep(Math.min(delay, remaining));
    delay = Math.min(delay * 1.5, cap);
  }
}
