/**
 * What replication tasks must show, and how one listing measures up to it: the Python layer's
 * `Condition` (`taurusdb_replication._condition`), proven by the shared vectors of
 * `tests/vectors/conditions.json`. A condition is plain data (tasks, accepted stages, minimum
 * percentage, health); `evaluate` judges a listing into every task that falls short, one
 * `Violation` per task with each unmet check. A violation is *final* when waiting cannot repair
 * it: health is required and the task is abnormal, or the task is cancelled (it no longer
 * moves) and the condition still asks something of it.
 */
import { ValidationError } from "./errors.js";
import { safeText } from "./text.js";
import { REPLICATION_STAGE_VALUES, type Replication, type ReplicationStageValue } from "./view.gen.js";

/** One unmet criterion: what was expected and what was read. */
export type Check =
  | { readonly check: "exists"; readonly expected: true; readonly read: false }
  | { readonly check: "healthy"; readonly expected: true; readonly read: string | null }
  | { readonly check: "stage"; readonly expected: readonly ReplicationStageValue[]; readonly read: string | null }
  | { readonly check: "percentage"; readonly expected: number; readonly read: number | null };

/** One task that does not meet the condition (`replication` is null when it is missing). */
export interface Violation {
  readonly task: string;
  readonly final: boolean;
  readonly checks: readonly Check[];
  readonly replication: Replication | null;
}

/** What every front end shows of a whole listing, whatever a condition or a filter selects. */
export interface ListingSummary {
  /** At least one task, and every task healthy: an instance with no tasks is not healthy. */
  readonly healthy: boolean;
  /** Names of the tasks that are not healthy, in listing order (`""` for an unnamed task). */
  readonly unhealthyTasks: readonly string[];
  /** The service's `total_count`; the number of tasks read when it sent none. */
  readonly totalCount: number;
}

/** A condition applied to one listing. */
export interface Evaluation {
  /** The judged tasks that exist, as read. */
  readonly selected: readonly Replication[];
  /** The required names not in the listing. */
  readonly missing: readonly string[];
  /** One per selected or missing task that falls short, in judging order. */
  readonly violations: readonly Violation[];
  /** At least one task is selected and none falls short. */
  readonly met: boolean;
  /** Some violation is final: waiting cannot succeed. */
  readonly cannotSucceed: boolean;
}

export interface ConditionOptions {
  /** Names to judge, each must exist; empty (the default) judges every task. */
  tasks?: readonly string[] | null;
  /** Accepted stages, any letter case; null or empty accepts any (default: incremental). */
  stages?: readonly string[] | string | null;
  /** Least progress, 0 to 100; null for no check (default 100). */
  minPercentage?: number | null;
  /** Whether status `Yes` is required (default true). */
  healthy?: boolean;
}

const CONTROL = /[\u0000-\u001f\u007f]/;

function parseTasks(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (typeof value === "string") throw new ValidationError("tasks", "must be a list of task names, not one string", "task_list");
  if (!Array.isArray(value)) throw new ValidationError("tasks", "must be a list of task names", "task_list");
  const names: string[] = [];
  for (const item of value) {
    if (typeof item !== "string" || !item.trim() || CONTROL.test(item)) {
      throw new ValidationError("tasks", "every task name must be a non-empty string without control characters", "task_name");
    }
    if (!names.includes(item)) names.push(item);
  }
  return names;
}

function parseStages(value: unknown): ReplicationStageValue[] {
  if (value === null || value === undefined) return [];
  const items: unknown[] = typeof value === "string" ? [value] : Array.isArray(value) ? value : [value];
  const stages: ReplicationStageValue[] = [];
  for (const item of items) {
    const lowered = typeof item === "string" ? item.trim().toLowerCase() : "";
    const stage = REPLICATION_STAGE_VALUES.find((known) => known === lowered);
    if (stage === undefined) {
      const shown = typeof item === "string" ? safeText(item) : String(item);
      throw new ValidationError("stages", `'${shown}' is not a stage; use one of ${REPLICATION_STAGE_VALUES.join(", ")}`, "unknown_stage");
    }
    if (!stages.includes(stage)) stages.push(stage);
  }
  return stages;
}

function parsePercentage(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > 100) {
    throw new ValidationError("min_percentage", "must be a number from 0 to 100", "percentage_range");
  }
  return value;
}

/** `100` rather than `100.0`. */
const shown = (value: number) => String(value);

function phrase(check: Check): [expected: string, read: string] {
  switch (check.check) {
    case "exists":
      return ["the task to exist", "no such task"];
    case "healthy":
      return ["status Yes (healthy)", `status ${check.read === null ? "none" : `'${safeText(check.read)}'`}`];
    case "stage":
      return [`stage ${check.expected.join(" or ")}`, `stage ${check.read === null ? "none" : safeText(check.read)}`];
    case "percentage":
      return [`percentage >= ${shown(check.expected)}`, check.read === null ? "no percentage" : `percentage ${shown(check.read)}`];
  }
}

/** `task 'x': expected ..., read ...`, every unmet check of the violation. */
export function describeViolation(violation: Violation): string {
  const parts = violation.checks.map(phrase);
  const expected = parts.map(([e]) => e).join(" and ");
  const read = parts.map(([, r]) => r).join(", ");
  return `task '${safeText(violation.task) || "<unnamed>"}': expected ${expected}, read ${read}`;
}

/** What every selected task must show. The default is "caught up": incremental, 100 %, healthy. */
export class Condition {
  readonly tasks: readonly string[];
  readonly stages: readonly ReplicationStageValue[];
  readonly minPercentage: number | null;
  readonly healthy: boolean;

  /** Bad values raise a `ValidationError` naming the field (its `ruleId`: the vectors' rule). */
  constructor(options: ConditionOptions = {}) {
    if (options.healthy !== undefined && typeof options.healthy !== "boolean") {
      throw new ValidationError("healthy", "must be true or false");
    }
    this.tasks = parseTasks(options.tasks);
    this.stages = parseStages(options.stages === undefined ? ["incremental"] : options.stages);
    this.minPercentage = parsePercentage(options.minPercentage === undefined ? 100 : options.minPercentage);
    this.healthy = options.healthy ?? true;
  }

  /** What each task must show, e.g. `stage incremental >= 100% healthy`. */
  summary(): string {
    const wanted: string[] = [];
    if (this.stages.length) wanted.push(`stage ${this.stages.join(" or ")}`);
    if (this.minPercentage !== null) wanted.push(`>= ${shown(this.minPercentage)}%`);
    if (this.healthy) wanted.push("healthy");
    return wanted.join(" ") || "any state";
  }

  /** The shortfall of one task (every unmet check), or null when it passes. */
  judge(task: Replication): Violation | null {
    const checks: Check[] = [];
    const abnormal = this.healthy && !task.healthy;
    if (abnormal) checks.push({ check: "healthy", expected: true, read: task.status });
    if (this.stages.length && !(this.stages as readonly string[]).includes(task.stage ?? "")) {
      checks.push({ check: "stage", expected: this.stages, read: task.stage });
    }
    const minimum = this.minPercentage;
    if (minimum !== null && (task.percentage === null || task.percentage < minimum)) {
      checks.push({ check: "percentage", expected: minimum, read: task.percentage });
    }
    if (!checks.length) return null;
    return { task: task.taskName, final: abnormal || task.stage === "cancelled", checks, replication: task };
  }

  /** Judge one listing: every selected task that falls short, and every missing one. */
  evaluate(replications: readonly Replication[]): Evaluation {
    let selected: Replication[];
    const violations: Violation[] = [];
    const missing: string[] = [];
    if (!this.tasks.length) {
      selected = [...replications];
      for (const task of selected) {
        const verdict = this.judge(task);
        if (verdict !== null) violations.push(verdict);
      }
    } else {
      const byName = new Map<string, Replication>();
      for (const task of replications) if (task.taskName) byName.set(task.taskName, task); // the last wins, as in Python
      selected = [];
      for (const name of this.tasks) {
        const task = byName.get(name);
        if (task === undefined) {
          missing.push(name);
          violations.push({ task: name, final: false, checks: [{ check: "exists", expected: true, read: false }], replication: null });
          continue;
        }
        selected.push(task);
        const verdict = this.judge(task);
        if (verdict !== null) violations.push(verdict);
      }
    }
    return {
      selected,
      missing,
      violations,
      met: selected.length > 0 && violations.length === 0,
      cannotSucceed: violations.some((violation) => violation.final),
    };
  }
}

/** The summary of a whole listing (see `ListingSummary`); `totalCount` as the service sent it. */
export function summarize(replications: readonly Replication[], totalCount: number | null): ListingSummary {
  const unhealthyTasks = replications.filter((task) => !task.healthy).map((task) => task.taskName);
  return {
    healthy: replications.length > 0 && unhealthyTasks.length === 0,
    unhealthyTasks,
    totalCount: totalCount ?? replications.length,
  };
}
