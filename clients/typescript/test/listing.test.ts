/**
 * Retries, deadlines and full listings against real HTTP servers on loopback (node:http),
 * each misbehaving in one way the real service or its gateway does.
 */
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { after, test } from "node:test";

import {
  ApiError, DeadlineError, InconsistentListingError, ReplicationsClient, ThrottledError, ValidationError,
} from "../src/index.js";

const PROJECT = "0123456789abcdef0123456789abcdef";
const INSTANCE = "0123456789abcdef0123456789abcdefin17";
type Before = (res: ServerResponse, offset: number, limit: number, call: number) => boolean;
const servers: ReturnType<typeof createServer>[] = [];
after(() => servers.forEach((s) => (s.closeAllConnections(), s.close())));

async function serve(n: number, total: string, before?: Before, retry = {}) {
  const state = { calls: 0 };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    state.calls += 1;
    if (req.headers["x-auth-token"] !== "tok") {
      res.writeHead(401).end(JSON.stringify({ error_code: "APIGW.0301", error_msg: "bad token", request_id: "r-401" }));
      return;
    }
    const url = new URL(req.url ?? "/", "http://x");
    const offset = Number(url.searchParams.get("offset"));
    const limit = Number(url.searchParams.get("limit"));
    if (before?.(res, offset, limit, state.calls)) return;
    const items = [];
    for (let i = offset; i < Math.min(n, offset + limit); i++) items.push({ task_name: `task_${String(i).padStart(5, "0")}` });
    res.writeHead(200, { "X-Request-Id": `req-${state.calls}` }).end(`{"total_count": ${total}, "replications": ${JSON.stringify(items)}}`);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new ReplicationsClient({
    baseUrl, projectId: PROJECT, token: "tok",
    retry: { baseDelay: 0.001, maxDelay: 0.005, ...retry }, list: { pageSize: 10, concurrency: 4 },
  });
  return { client, state, baseUrl };
}

function names(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `task_${String(i).padStart(5, "0")}`);
}

test("a true total: every page read once, concurrently, in order", async () => {
  const { client, state } = await serve(95, "95");
  const tasks = await client.listAllReplications(INSTANCE);
  assert.deepEqual(tasks.map((t) => t.taskName), names(95));
  assert.equal(state.calls, 10);
});

test("no total: walk to the short page; a too small total: walk on", async () => {
  for (const total of ["null", "20"]) {
    const { client } = await serve(57, total);
    assert.deepEqual((await client.listAllReplications(INSTANCE)).map((t) => t.taskName), names(57));
  }
});

test("503 (HTML), 429 with Retry-After and a body cut short are retried", async () => {
  const { client, state } = await serve(30, "30", (res, _o, _l, call) => {
    if (call === 1) res.writeHead(503, { "Content-Type": "text/html" }).end("<html>503</html>");
    else if (call === 2) res.writeHead(429, { "Retry-After": "0" }).end('{"error_code": "APIGW.0308"}');
    else if (call === 3) res.writeHead(200).end('{"total_count": 30, "replicat');
    else return false;
    return true;
  });
  assert.deepEqual((await client.listAllReplications(INSTANCE)).map((t) => t.taskName), names(30));
  assert.equal(state.calls, 7); // 3 failures, 3 pages, and the empty page at offset=total
});

test("a 401 is not retried and carries errorCode and requestId, never the token", async () => {
  const { baseUrl, state } = await serve(30, "30");
  const bad = new ReplicationsClient({ baseUrl, projectId: PROJECT, token: "wrong-token" });
  const error = await bad.listAllReplications(INSTANCE).then(() => null, (e: unknown) => e);
  assert.ok(error instanceof ApiError && !(error instanceof ThrottledError), String(error));
  assert.equal(error.status, 401);
  assert.equal(error.errorCode, "APIGW.0301");
  assert.equal(error.requestId, "r-401");
  assert.equal(error.retryable, false);
  assert.equal(state.calls, 1);
  assert.ok(!error.message.includes("wrong-token"));
});

test("the deadline bounds retries and names the last failure", async () => {
  const { client } = await serve(30, "30", (res) => (res.writeHead(503).end(), true), { maxAttempts: 1_000_000, deadline: 0.15 });
  const started = performance.now();
  const error = await client.listAllReplications(INSTANCE).then(() => null, (e: unknown) => e);
  assert.ok(error instanceof DeadlineError, String(error));
  assert.ok(error.lastError instanceof ApiError && error.lastError.status === 503);
  assert.ok(performance.now() - started < 2000);
});

test("a service ignoring offset is detected; a changing total is rescanned, then refused", async () => {
  const same = await serve(30, "null", (res, _o, limit) => {
    res.writeHead(200).end(JSON.stringify({ replications: names(limit).map((task_name) => ({ task_name })) }));
    return true;
  });
  await assert.rejects(same.client.listAllReplications(INSTANCE), (e) => e instanceof InconsistentListingError && /ignore 'offset'/.test(e.message));
  const moving = await serve(30, "30", (res, offset, _l, call) => {
    if (offset !== 10) return false;
    res.writeHead(200).end(JSON.stringify({ total_count: 30 + call, replications: names(20).slice(10).map((task_name) => ({ task_name })) }));
    return true;
  });
  await assert.rejects(moving.client.listAllReplications(INSTANCE), (e) => e instanceof InconsistentListingError && /after 3 rescans/.test(e.message));
});

test("an invalid instance id is refused before any request, naming the field", async () => {
  const { client, state } = await serve(1, "1");
  await assert.rejects(client.listAllReplications("../../etc/passwd"), (e) => e instanceof ValidationError && e.field === "instance_id");
  assert.equal(state.calls, 0);
});
