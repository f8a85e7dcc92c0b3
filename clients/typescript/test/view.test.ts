/** The generated view with the rules of normalize.ts, on what the service really sends. */
import assert from "node:assert/strict";
import { test } from "node:test";

import { parseCount } from "../src/normalize.js";
import { normalizeReplication, REPLICATION_STAGE_VALUES, TASK_FIELDS } from "../src/view.gen.js";

const [orders, billing, empty, future, odd] = [
  { task_name: "orders_sync", stage: "Incremental", percentage: 100, catchup_stage: null, catchup_percentage: 0,
    is_need_repair: "false", is_main_task: "true", status: "Yes" },
  { task_name: "billing_sync", stage: "full", percentage: "42", catchup_stage: "WAIT", is_need_repair: false,
    is_main_task: "False", brand_new_field: { kept: true } },
  { task_name: null, stage: null, percentage: null },
  { task_name: "future_sync", stage: "Repairing", percentage: "12.5", is_main_task: "maybe" },
  { percentage: "about half", catchup_percentage: "1e400", stage: 7 },
].map(normalizeReplication);

test("numbers, flags and stages are normalized; unknown fields kept", () => {
  assert.equal(orders!.stage, "incremental");
  assert.equal(orders!.percentage, 100);
  assert.equal(orders!.isMainTask, true);
  assert.equal(orders!.isNeedRepair, false);
  assert.equal(orders!.catchupStage, null);
  assert.equal(orders!.status, "Yes");
  assert.equal(orders!.healthy, true);
  assert.equal(billing!.healthy, false);
  assert.equal(billing!.percentage, 42);
  assert.equal(billing!.catchupStage, "wait");
  assert.equal(billing!.isMainTask, false);
  assert.deepEqual(billing!.extra, { brand_new_field: { kept: true } });
  assert.deepEqual(orders!.extra, {});
});

test("nulls, unlisted stages and unreadable values", () => {
  assert.deepEqual(
    empty!,
    { taskName: "", sourceDatabase: null, targetDatabase: null, status: null, healthy: false, stage: null,
      percentage: null, catchupStage: null, catchupPercentage: null, isNeedRepair: null, isMainTask: null, extra: {}, unreadable: {} },
  ); // null and absent are not unreadable
  assert.equal(future!.stage, "Repairing");
  assert.equal(future!.percentage, 12.5);
  assert.equal(future!.isMainTask, null);
  assert.equal(odd!.percentage, null);
  assert.equal(odd!.catchupPercentage, null);
  assert.equal(odd!.stage, "7");
  // Never a silent null: what a field could not read stays in extra, with the reason.
  assert.deepEqual(future!.extra, { is_main_task: "maybe" });
  assert.deepEqual(future!.unreadable, { is_main_task: 'expected true or false, got "maybe"' });
  assert.deepEqual(odd!.extra, { percentage: "about half", catchup_percentage: "1e400" });
  assert.deepEqual(odd!.unreadable, { percentage: 'expected a number, got "about half"', catchup_percentage: 'expected a number, got "1e400"' });
});

test("the view's fields and stages come from the spec", () => {
  assert.deepEqual([...REPLICATION_STAGE_VALUES], ["wait", "incremental", "full", "cancelled", "paused"]);
  assert.ok(TASK_FIELDS.includes("is_main_task"));
});

test("total_count parsing", () => {
  for (const [raw, want] of [[10000, 10000], ["42", 42], [" 7 ", 7], [-1, null], [1.5, null], ["x", null], [null, null]] as const) {
    assert.equal(parseCount(raw), want, String(raw));
  }
});
