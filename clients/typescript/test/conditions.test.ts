/** Every case of the shared tests/vectors/conditions.json (format: tests/vectors/README.md). */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { Condition, type ConditionOptions, normalizeReplication, parseCount, summarize, ValidationError, type WireObject } from "../src/index.js";

interface Case {
  id: string;
  tasks: WireObject[];
  total_count: unknown;
  condition: Record<string, unknown>;
  expect: Record<string, unknown>;
}
const vectors = JSON.parse(readFileSync(new URL("../../../../tests/vectors/conditions.json", import.meta.url), "utf8")) as {
  version: number;
  condition_default: Record<string, unknown>;
  cases: Case[];
};

/** The vectors' keys (the Python Condition's) onto the TypeScript options. */
function options(condition: Record<string, unknown>): ConditionOptions {
  const given = { ...vectors.condition_default, ...condition };
  return {
    tasks: given["tasks"] as string[], stages: given["stages"] as string[] | null,
    minPercentage: given["min_percentage"] as number | null, healthy: given["healthy"] as boolean,
  };
}

test("the vectors file is the version this runner reads, with cases", () => {
  assert.equal(vectors.version, 1);
  assert.ok(vectors.cases.length >= 20);
});

for (const vector of vectors.cases) {
  test(`conditions.json: ${vector.id}`, () => {
    const tasks = vector.tasks.map(normalizeReplication);
    let condition: Condition;
    try {
      condition = new Condition(options(vector.condition));
    } catch (error) {
      assert.ok(error instanceof ValidationError, String(error));
      assert.deepEqual({ rule: error.ruleId, field: error.field }, vector.expect["error"]);
      return;
    }
    assert.equal(vector.expect["error"], undefined, "expected an error");
    const evaluation = condition.evaluate(tasks);
    const summary = summarize(tasks, parseCount(vector.total_count));
    assert.deepEqual(
      {
        met: evaluation.met,
        cannot_succeed: evaluation.cannotSucceed,
        selected: evaluation.selected.map((task) => task.taskName),
        missing: evaluation.missing,
        violations: evaluation.violations.map(({ task, final, checks }) => ({ task, final, checks })),
        summary: { healthy: summary.healthy, unhealthy_tasks: summary.unhealthyTasks, total_count: summary.totalCount },
      },
      vector.expect,
    );
  });
}
