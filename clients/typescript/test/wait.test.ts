/** waitFor against a real server on loopback whose tasks move between polls. */
import assert from "node:assert/strict";
import { test } from "node:test";

import { Condition, ReplicationFailedError, ReplicationsClient, WaitTimeoutError } from "../src/index.js";
import { serveHttp } from "./servers.js";

const PROJECT = "0123456789abcdef0123456789abcdef";
const INSTANCE = "0123456789abcdef0123456789abcdefin17";
type Task = Record<string, unknown>;

/** A server answering poll n with states[n] (the last one for ever after). */
async function moving(states: (Task[] | number)[]) {
  let polls = 0;
  const endpoint = await serveHttp((_req, res) => {
    const state = states[Math.min(polls++, states.length - 1)]!;
    if (typeof state === "number") return void res.writeHead(state).end('{"error_code": "X.1"}');
    res.writeHead(200).end(JSON.stringify({ total_count: state.length, replications: state }));
  });
  const client = new ReplicationsClient({ baseUrl: endpoint.url, projectId: PROJECT, token: "tok-0123456789", retry: { maxAttempts: 1 } });
  return { client, polls: () => polls };
}

const task = (stage: string, percentage: string, status = "Yes"): Task => ({ task_name: "orders_sync", status, stage, percentage });
const fast = { interval: 0.01, maxInterval: 0.02 };

test("polls through a full load and a 503 until the task is caught up", async () => {
  const { client, polls } = await moving([[task("Full", "40")], 503, [task("Incremental", "90")], [task("Incremental", "100")]]);
  const seen: number[] = [];
  const result = await client.waitFor(INSTANCE, new Condition(), { ...fast, timeout: 30, onProgress: (s) => seen.push(s[0]?.percentage ?? -1) });
  assert.equal(result.polls, 4);
  assert.equal(polls(), 4);
  assert.deepEqual(seen, [40, 90, 100]);
  assert.equal(result.selected[0]?.stage, "incremental");
});

test("an abnormal or cancelled task ends the wait at once, naming it", async () => {
  for (const state of [task("Incremental", "50", "No"), task("Cancelled", "50")]) {
    const { client, polls } = await moving([[state]]);
    const error = await client.waitFor(INSTANCE, new Condition(), { ...fast, timeout: 30 }).then(() => null, (e: unknown) => e);
    assert.ok(error instanceof ReplicationFailedError, String(error));
    assert.deepEqual(error.taskNames, ["orders_sync"]);
    assert.match(error.message, /^waiting cannot succeed: task 'orders_sync': expected /);
    assert.equal(polls(), 1);
  }
});

// The timeouts leave the first poll ample time even on a loaded machine: what is checked is the
// message built from the last successful read, not how fast the timeout fires.
test("the timeout names every shortfall of the last read; an empty instance never meets a condition", async () => {
  const { client } = await moving([[task("Full", "40")]]);
  const error = await client.waitFor(INSTANCE, new Condition({ tasks: ["orders_sync", "gone_sync"] }), { ...fast, timeout: 1.5 }).then(() => null, (e: unknown) => e);
  assert.ok(error instanceof WaitTimeoutError, String(error));
  assert.match(error.message, /timed out after 1.5 s waiting for stage incremental >= 100% healthy: task 'orders_sync': expected stage incremental and percentage >= 100, read stage full, percentage 40; task 'gone_sync': expected the task to exist, read no such task/);
  assert.deepEqual(error.last?.missing, ["gone_sync"]);
  const empty = await moving([[]]);
  const none = await empty.client.waitFor(INSTANCE, new Condition({ stages: null, minPercentage: null, healthy: false }), { ...fast, timeout: 1.5 }).then(() => null, (e: unknown) => e);
  assert.ok(none instanceof WaitTimeoutError && /the instance has no tasks/.test(none.message), String(none));
});

test("a 401 ends the wait at once", async () => {
  const { client, polls } = await moving([401]);
  await assert.rejects(client.waitFor(INSTANCE, new Condition(), { ...fast, timeout: 30 }), (e) => !(e instanceof WaitTimeoutError) && /HTTP 401/.test(String(e)));
  assert.equal(polls(), 1);
});

test("status: the summary of the whole listing, total_count as the service sent it", async () => {
  const endpoint = await serveHttp((_req, res) => res.writeHead(200).end(JSON.stringify({
    total_count: "2", replications: [task("Incremental", "100"), { ...task("Full", "5", "No"), task_name: "users_sync" }],
  })));
  const client = new ReplicationsClient({ baseUrl: endpoint.url, projectId: PROJECT, token: "tok-0123456789" });
  const status = await client.status(INSTANCE);
  assert.deepEqual({ ...status, replications: status.replications.length }, { healthy: false, unhealthyTasks: ["users_sync"], totalCount: 2, replications: 2 });
});
