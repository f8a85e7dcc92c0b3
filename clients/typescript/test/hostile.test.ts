/**
 * Hostile and broken servers on loopback (issue 22): redirects are never followed and no
 * credential reaches another host; a server that never answers is cut off by the request
 * timeout; service text is redacted and made terminal-safe; integers beyond 2^53 stay exact.
 */
import assert from "node:assert/strict";
import { createServer as createTcpServer, type Socket } from "node:net";
import { test } from "node:test";
import { inspect } from "node:util";
import { deflateRawSync, deflateSync } from "node:zlib";

import {
  ApiError, MalformedResponseError, parseExactJson, parseInteger, RedirectError, ReplicationsClient, RequestTimeoutError, safeText, safeUrl,
  stringifyExactJson,
} from "../src/index.js";
import { listen, page, serveHttp } from "./servers.js";

const PROJECT = "0123456789abcdef0123456789abcdef";
const INSTANCE = "0123456789abcdef0123456789abcdefin17";
const TOKEN = "tok-very-secret-0123456789";
const KEYS = { kind: "aksk" as const, accessKey: "AKIDEXAMPLE0001", secretKey: "sk-very-secret-key", securityToken: "st-very-secret-token" };
const fast = { baseDelay: 0.001, maxDelay: 0.005 };

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(() => assert.fail("expected an error"), (error: unknown) => error);
}

test("a 302 to another host is an error naming status and Location; the other host sees nothing", async () => {
  const foreign = await serveHttp((_req, res) => res.writeHead(200).end(page(["foreign_task"])), "127.0.0.2");
  const endpoint = await serveHttp((req, res) =>
    res.writeHead(302, { Location: `${foreign.url}${req.url}&signature=leaked-sig` }).end("Moved"));
  for (const auth of [{ token: TOKEN }, { credentials: KEYS }]) {
    const client = new ReplicationsClient({ baseUrl: endpoint.url, projectId: PROJECT, ...auth, retry: fast });
    const error = await failure(client.listAllReplications(INSTANCE));
    assert.ok(error instanceof RedirectError, String(error));
    assert.equal(error.status, 302);
    assert.equal(error.retryable, false);
    assert.ok(error.location?.startsWith(`${foreign.url}/v3/${PROJECT}/`), String(error.location));
    assert.match(error.message, /HTTP 302: a redirect to http:\/\/127\.0\.0\.2:\d+\/v3\/.*limit=\*\*\*&offset=\*\*\*&signature=\*\*\*, not followed/);
    assert.ok(!error.message.includes("leaked-sig"));
  }
  assert.equal(endpoint.requests.length, 2); // once per client: a redirect is not retried
  assert.equal(foreign.requests.length, 0); // neither the token nor a signature went there
});

test("a server that accepts and never answers: the request timeout fires, in bounded time", async () => {
  const sockets: Socket[] = [];
  const { server, port } = await listen(createTcpServer((socket) => sockets.push(socket)));
  const client = new ReplicationsClient({
    baseUrl: `http://127.0.0.1:${port}`, projectId: PROJECT, token: TOKEN,
    retry: { ...fast, requestTimeout: 0.3, maxAttempts: 2 },
  });
  const started = performance.now();
  const error = await failure(client.listPage(INSTANCE));
  const seconds = (performance.now() - started) / 1000;
  assert.ok(error instanceof RequestTimeoutError, String(error));
  assert.equal(error.seconds, 0.3);
  assert.match(error.message, /no complete answer within the request timeout of 0.3 s/);
  assert.ok(sockets.length >= 2, String(sockets.length)); // both attempts reached the server and were cut off
  assert.ok(seconds >= 0.6 && seconds < 10, `${seconds} s`);
  sockets.forEach((socket) => socket.destroy());
  server.close();
});

test("a server that stalls in the middle of the body is cut off too", async () => {
  const endpoint = await serveHttp((_req, res) => {
    res.writeHead(200, { "Content-Type": "application/json" });
    res.write('{"total_count": 1, "replications": [');
  });
  const client = new ReplicationsClient({
    baseUrl: endpoint.url, projectId: PROJECT, token: TOKEN, retry: { ...fast, requestTimeout: 0.2, maxAttempts: 1 },
  });
  assert.ok((await failure(client.listPage(INSTANCE))) instanceof RequestTimeoutError);
});

test("an echoed token, key, security token or signature never reaches a message; control characters are shown, not sent", async () => {
  let signature = "";
  const endpoint = await serveHttp((req, res) => {
    const auth = String(req.headers["authorization"] ?? "");
    signature = /Signature=([0-9a-f]+)/.exec(auth)?.[1] ?? "";
    const echoed = [req.headers["x-auth-token"], req.headers["x-security-token"], auth, `bare ${signature}`, KEYS.secretKey];
    res.writeHead(400, { "X-Request-Id": "req\u009b2J-1" }).end(JSON.stringify({
      error_code: "DBS.0001\u0007",
      error_msg: `bad request ${echoed.join(" | ")} \u001b]0;pwned\u0007 \u009b31m \u202eevil \r\nnext line \u007f`,
    }));
  });
  const cases = [
    { auth: { token: TOKEN }, secrets: () => [TOKEN] },
    { auth: { credentials: KEYS }, secrets: () => [KEYS.secretKey, KEYS.securityToken, signature] },
  ];
  for (const { auth, secrets } of cases) {
    const client = new ReplicationsClient({ baseUrl: endpoint.url, projectId: PROJECT, ...auth, retry: fast });
    const error = await failure(client.listAllReplications(INSTANCE));
    assert.ok(error instanceof ApiError && error.status === 400, String(error));
    const shown = [error.message, String(error.errorMessage), String(error.errorCode), String(error.requestId), inspect(error), inspect(client, { depth: 9 })].join("\n");
    for (const secret of secrets()) {
      assert.ok(secret.length > 8 && !shown.includes(secret), `${secret} in ${shown}`);
    }
    assert.doesNotMatch(shown.split("\n    at ")[0]!, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    assert.match(error.message, /\\x1b\]0;pwned\\x07 \\x9b31m \\u202eevil \\x0d\\x0anext line \\x7f/);
    assert.equal(error.errorCode, "DBS.0001\\x07");
    assert.equal(error.requestId, "req\\x9b2J-1");
  }
});

test("integers beyond 2^53 stay exact: bigint beyond, number within, and back to the same digits", async () => {
  const wire = '{"total_count": 1, "replications": [{"task_name": "t_1", "lag_ms": 9007199254740993, "small": 42, "ratio": 0.1, "neg": -12345678901234567890}]}';
  const endpoint = await serveHttp((_req, res) => res.writeHead(200).end(wire));
  const client = new ReplicationsClient({ baseUrl: endpoint.url, projectId: PROJECT, token: TOKEN });
  const [task] = await client.listAllReplications(INSTANCE);
  assert.deepEqual(task?.extra, { lag_ms: 9007199254740993n, small: 42, ratio: 0.1, neg: -12345678901234567890n });
  assert.equal(stringifyExactJson(task?.extra), '{"lag_ms":9007199254740993,"small":42,"ratio":0.1,"neg":-12345678901234567890}');
  assert.deepEqual(parseExactJson('{"a": [1, 2.5, 12345678901234567, "9007199254740993"]}'), { a: [1, 2.5, 12345678901234567n, "9007199254740993"] });
  assert.equal(parseInteger("9007199254740993"), 9007199254740993n);
  assert.equal(parseInteger(" 42 "), 42);
  assert.equal(parseInteger(9007199254740993n), 9007199254740993n);
  for (const odd of ["12ms", 1.5, "1.5", true, null, undefined, {}, 2 ** 60]) assert.equal(parseInteger(odd), null, String(odd));
});

test("a 200 with an HTML page (a captive portal) is named by its Content-Type and not retried", async () => {
  const endpoint = await serveHttp((_req, res) => res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end("<html>Sign in to the Wi-Fi</html>"));
  const client = new ReplicationsClient({ baseUrl: endpoint.url, projectId: PROJECT, token: TOKEN, retry: fast });
  const error = await failure(client.listPage(INSTANCE));
  assert.ok(error instanceof MalformedResponseError && !error.retryable, String(error));
  assert.match(error.message, /^HTTP 200 but the body is text\/html, not JSON \(a captive portal/);
  assert.equal(endpoint.requests.length, 1);
});

test("a page sent as raw deflate (no zlib header, as some servers do) is read like a zlib one", async () => {
  for (const compress of [deflateRawSync, deflateSync]) {
    const endpoint = await serveHttp((_req, res) =>
      res.writeHead(200, { "Content-Type": "application/json", "Content-Encoding": "deflate" })
        .end(compress(Buffer.from(page(["orders_sync", "billing_sync"])))));
    const client = new ReplicationsClient({ baseUrl: endpoint.url, projectId: PROJECT, token: TOKEN, retry: fast });
    const tasks = await client.listAllReplications(INSTANCE);
    assert.deepEqual(tasks.map((task) => task.taskName), ["orders_sync", "billing_sync"]);
  }
});

test("safeText and safeUrl: visible escapes, no credentials, no query values", () => {
  assert.equal(safeText("a\u001b[31mb\u0000\u0085\u2066c"), "a\\x1b[31mb\\x00\\x85\\u2066c");
  assert.equal(safeUrl("http://user:pa%3Ass@proxy.example:3128/"), "http://***@proxy.example:3128/");
  assert.equal(safeUrl("https://h.example/p?X-Sign=abc&b=1#frag"), "https://h.example/p?X-Sign=***&b=***");
  assert.equal(safeUrl("not a url?token=abc"), "not a url?***");
});
