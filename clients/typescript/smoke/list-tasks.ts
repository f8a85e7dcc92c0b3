/**
 * Smoke program: lists every replication task of one instance with the generated client and
 * prints them, normalised, as one JSON document on stdout.
 *
 * It exists to prove that openapi.yaml yields a TypeScript client that compiles under
 * `tsc --strict` and copes with what the service really sends: numbers as strings, stages
 * capitalised, nulls, and fields the spec does not list. The normalisation below is what a
 * user of the generated types has to write; the types force every quirk to be handled.
 *
 * Configuration comes from the environment so that the token never shows in a process list:
 * TAURUSDB_ENDPOINT, TAURUSDB_PROJECT_ID, TAURUSDB_INSTANCE_ID, TAURUSDB_AUTH_TOKEN and
 * optionally TAURUSDB_PAGE_SIZE (1-100, default 100).
 */
import process from "node:process";

import { createReplicationClient, LIST_REPLICATIONS_PATH, type ErrorBody, type ReplicationTask } from "../src/index.js";

const KNOWN_STAGES = ["wait", "incremental", "full", "cancelled", "paused"] as const;
type KnownStage = (typeof KNOWN_STAGES)[number];

/** Every field the spec lists for a task; anything else is kept in `extra`. */
const TASK_FIELDS = new Set<string>([
  "source_database",
  "target_database",
  "task_name",
  "status",
  "stage",
  "percentage",
  "catchup_stage",
  "catchup_percentage",
  "is_need_repair",
  "is_main_task",
]);

/** Pages are requested until one comes back short; this bounds a server that never stops. */
const MAX_PAGES = 10_000;

export interface NormalisedTask {
  task_name: string | null;
  source_database: string | null;
  target_database: string | null;
  status: string | null;
  stage: string | null;
  stage_known: boolean;
  percentage: number | null;
  catchup_stage: string | null;
  catchup_percentage: number | null;
  is_need_repair: boolean | null;
  is_main_task: boolean | null;
  extra: Record<string, unknown>;
}

class SmokeError extends Error {}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === "") {
    throw new SmokeError(`environment variable ${name} is required`);
  }
  return value;
}

function pageSize(): number {
  const raw = process.env["TAURUSDB_PAGE_SIZE"] ?? "100";
  const size = Number(raw);
  if (!Number.isInteger(size) || size < 1 || size > 100) {
    throw new SmokeError(`TAURUSDB_PAGE_SIZE must be an integer from 1 to 100, got ${JSON.stringify(raw)}`);
  }
  return size;
}

/** A count or percentage: the wire sends `100` or `"100"`; null and absent mean unknown. */
export function toNumber(value: number | string | null | undefined, field: string): number | null {
  if (value === null || value === undefined) {
    return null;
  }
  if (typeof value === "number") {
    return value;
  }
  if (!/^-?[0-9]+(\.[0-9]+)?$/.test(value.trim())) {
    throw new SmokeError(`${field}: expected a number or a string of digits, got ${JSON.stringify(value)}`);
  }
  return Number(value);
}

/** A stage: compared case-insensitively; values the spec does not list are kept as sent. */
export function toStage(value: string | null | undefined): string | null {
  return value === null || value === undefined ? null : value.trim().toLowerCase();
}

function isKnownStage(stage: string | null): stage is KnownStage {
  return (KNOWN_STAGES as readonly string[]).includes(stage ?? "");
}

/** A flag: the wire sends `"true"`/`"false"` strings, the spec also allows JSON booleans. */
export function toFlag(value: boolean | string | null | undefined, field: string): boolean | null {
  if (value === null || value === undefined || typeof value === "boolean") {
    return value ?? null;
  }
  const text = value.trim().toLowerCase();
  if (text === "true" || text === "false") {
    return text === "true";
  }
  throw new SmokeError(`${field}: expected true or false, got ${JSON.stringify(value)}`);
}

export function normaliseTask(task: ReplicationTask, index: number): NormalisedTask {
  const where = `replications[${index}]`;
  const stage = toStage(task.stage);
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(task)) {
    if (!TASK_FIELDS.has(key)) {
      extra[key] = value;
    }
  }
  return {
    task_name: task.task_name ?? null,
    source_database: task.source_database ?? null,
    target_database: task.target_database ?? null,
    status: task.status ?? null,
    stage,
    stage_known: isKnownStage(stage),
    percentage: toNumber(task.percentage, `${where}.percentage`),
    catchup_stage: toStage(task.catchup_stage),
    catchup_percentage: toNumber(task.catchup_percentage, `${where}.catchup_percentage`),
    is_need_repair: toFlag(task.is_need_repair, `${where}.is_need_repair`),
    is_main_task: toFlag(task.is_main_task, `${where}.is_main_task`),
    extra,
  };
}

function describeError(status: number, error: ErrorBody | string): string {
  if (typeof error === "string") {
    return `HTTP ${status} (non-JSON body of ${error.length} characters)`;
  }
  return `HTTP ${status} ${error.error_code ?? "(no error_code)"}: ${error.error_msg ?? "(no error_msg)"}`;
}

async function main(): Promise<void> {
  const client = createReplicationClient({
    baseUrl: requiredEnv("TAURUSDB_ENDPOINT"),
    token: requiredEnv("TAURUSDB_AUTH_TOKEN"),
  });
  const path = { project_id: requiredEnv("TAURUSDB_PROJECT_ID"), instance_id: requiredEnv("TAURUSDB_INSTANCE_ID") };
  const limit = pageSize();
  const tasks: NormalisedTask[] = [];
  let totalCount: number | null = null;
  let pages = 0;
  for (let offset = 0; ; ) {
    if (pages === MAX_PAGES) {
      throw new SmokeError(`gave up after ${MAX_PAGES} full pages: the listing never ended`);
    }
    const { data, error, response } = await client.GET(LIST_REPLICATIONS_PATH, {
      params: { path, query: { limit, offset }, header: { "X-Language": "en-us" } },
    });
    if (error !== undefined) {
      throw new SmokeError(`ListStarRocksDataReplications failed: ${describeError(response.status, error)}`);
    }
    pages += 1;
    const page = data.replications ?? [];
    totalCount = toNumber(data.total_count, "total_count");
    page.forEach((task, index) => tasks.push(normaliseTask(task, offset + index)));
    offset += page.length;
    if (page.length < limit) {
      break;
    }
  }
  process.stdout.write(`${JSON.stringify({ total_count: totalCount, pages, tasks }, null, 2)}\n`);
}

main().catch((error: unknown) => {
  const message = error instanceof SmokeError ? error.message : `unexpected failure: ${String(error)}`;
  process.stderr.write(`list-tasks: ${message}\n`);
  process.exitCode = 1;
});
