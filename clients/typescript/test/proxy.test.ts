/**
 * Proxies (issue 22) through a real forward proxy on loopback: absolute-form for plain http,
 * CONNECT for https to a host name only the proxy resolves (`replication.test`, a TLS endpoint
 * with the test CA of `fixtures/`), the standard variables in both cases, an explicit proxy,
 * NO_PROXY, and a 407 named without the proxy's credentials.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, request as httpRequest } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { connect, type Socket } from "node:net";
import { test } from "node:test";
import { inspect } from "node:util";

import { ProxyError, proxyFromStandardEnvironment, ReplicationsClient, SettingsError, TransportError, ValidationError, validateProxy } from "../src/index.js";
import { listen, page, serveHttp } from "./servers.js";

const PROJECT = "0123456789abcdef0123456789abcdef";
const INSTANCE = "0123456789abcdef0123456789abcdefin17";
const TOKEN = "tok-very-secret-0123456789";
const fixture = (name: string) => readFileSync(new URL(`../../test/fixtures/${name}`, import.meta.url), "utf8");
const fast = { baseDelay: 0.001, maxDelay: 0.005, maxAttempts: 1 };

interface Seen {
  absolute: string[];
  tunnels: string[];
  auth: (string | undefined)[];
}

/**
 * A forward proxy: absolute-form requests are forwarded, CONNECT opens a tunnel to a host of
 * `hosts` (the only place `replication.test` resolves); with `credentials`, anything else is 407.
 */
async function forwardProxy(hosts: Record<string, number>, credentials?: string) {
  const seen: Seen = { absolute: [], tunnels: [], auth: [] };
  const expected = credentials === undefined ? undefined : `Basic ${Buffer.from(credentials).toString("base64")}`;
  const allowed = (req: IncomingMessage) => (seen.auth.push(req.headers["proxy-authorization"]), req.headers["proxy-authorization"] === expected);
  const server = createServer((req, res) => {
    seen.absolute.push(String(req.url));
    if (!allowed(req)) return void res.writeHead(407, { "Proxy-Authenticate": 'Basic realm="test"' }).end();
    const target = new URL(String(req.url));
    const headers = { ...req.headers };
    delete headers["proxy-authorization"];
    const upstream = httpRequest({ host: target.hostname, port: target.port, path: target.pathname + target.search, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => res.writeHead(502).end());
    upstream.end();
  });
  server.on("connect", (req: IncomingMessage, client: Socket, head: Buffer) => {
    seen.tunnels.push(String(req.url));
    if (!allowed(req)) return void client.end("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\n\r\n");
    const [host, port] = String(req.url).split(":");
    const local = hosts[host ?? ""];
    if (local === undefined || port !== String(local)) return void client.end("HTTP/1.1 502 Bad Gateway\r\n\r\n");
    const upstream = connect(local, "127.0.0.1", () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  const { port } = await listen(server);
  return { url: `http://127.0.0.1:${port}`, port, seen };
}

async function tlsEndpoint() {
  const tokens: (string | undefined)[] = [];
  const server = createHttpsServer({ key: fixture("endpoint.key"), cert: fixture("endpoint.pem") }, (req, res) => {
    tokens.push(req.headers["x-auth-token"] as string | undefined);
    res.writeHead(200).end(page(["tls_task_1", "tls_task_2"]));
  });
  const { port } = await listen(server);
  return { url: `https://replication.test:${port}`, port, tokens };
}

test("https through HTTPS_PROXY: a CONNECT tunnel to a name only the proxy resolves; the proxy never sees the token", async () => {
  const endpoint = await tlsEndpoint();
  const proxy = await forwardProxy({ "replication.test": endpoint.port });
  for (const name of ["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"]) {
    const client = new ReplicationsClient({
      baseUrl: endpoint.url, projectId: PROJECT, token: TOKEN, caBundle: fixture("ca.pem"), env: { [name]: proxy.url }, retry: fast,
    });
    assert.equal(client.proxy, `${proxy.url}/`);
    const tasks = await client.listAllReplications(INSTANCE);
    assert.deepEqual(tasks.map((t) => t.taskName), ["tls_task_1", "tls_task_2"], name);
  }
  assert.deepEqual(proxy.seen.tunnels, Array(4).fill(`replication.test:${endpoint.port}`));
  assert.deepEqual(proxy.seen.absolute, []); // nothing in clear: the token only went inside TLS
  assert.deepEqual(endpoint.tokens, Array(4).fill(TOKEN));
});

test("TLS: the system's CAs refuse the test CA's endpoint; caBundle or insecure accept it", async () => {
  const endpoint = await tlsEndpoint();
  const proxy = await forwardProxy({ "replication.test": endpoint.port });
  const client = (extra: object) =>
    new ReplicationsClient({ baseUrl: endpoint.url, projectId: PROJECT, token: TOKEN, proxy: proxy.url, retry: fast, ...extra });
  const error = await client({}).listPage(INSTANCE).then(() => null, (e: unknown) => e);
  assert.ok(error instanceof TransportError && /certificate/i.test(error.message), String(error));
  assert.deepEqual(endpoint.tokens, []); // the token never left before the endpoint proved itself
  assert.equal((await client({ caBundle: fixture("ca.pem") }).listAllReplications(INSTANCE)).length, 2);
  assert.equal((await client({ insecure: true }).listAllReplications(INSTANCE)).length, 2);
});

test("without the proxy the same endpoint is unreachable (the name resolves nowhere else)", async () => {
  const endpoint = await tlsEndpoint();
  const client = new ReplicationsClient({ baseUrl: endpoint.url, projectId: PROJECT, token: TOKEN, caBundle: fixture("ca.pem"), env: {}, retry: fast });
  assert.equal(client.proxy, null);
  const error = await client.listPage(INSTANCE).then(() => null, (e: unknown) => e);
  assert.ok(error instanceof TransportError && /ENOTFOUND|EAI_AGAIN|getaddrinfo/.test(error.message), String(error));
});

test("plain http through an explicit proxy: absolute-form; HTTP_PROXY never applies to loopback", async () => {
  const endpoint = await serveHttp((_req, res) => res.writeHead(200).end(page(["plain_task"])));
  const proxy = await forwardProxy({});
  const explicit = new ReplicationsClient({
    baseUrl: endpoint.url, projectId: PROJECT, token: TOKEN, proxy: proxy.url, env: { HTTP_PROXY: "http://127.0.0.1:9", NO_PROXY: "127.0.0.1" }, retry: fast,
  });
  assert.deepEqual((await explicit.listAllReplications(INSTANCE)).map((t) => t.taskName), ["plain_task"]);
  assert.equal(proxy.seen.absolute.length, 1);
  assert.ok(proxy.seen.absolute[0]!.startsWith(`${endpoint.url}/v3/${PROJECT}/instances/${INSTANCE}/`), String(proxy.seen.absolute));
  for (const host of ["127.0.0.1", "127.0.0.2"]) {
    const loopback = await serveHttp((_req, res) => res.writeHead(200).end(page(["plain_task"])), host);
    const direct = new ReplicationsClient({ baseUrl: loopback.url, projectId: PROJECT, token: TOKEN, env: { http_proxy: proxy.url, ALL_PROXY: proxy.url }, retry: fast });
    assert.equal(direct.proxy, null);
    await direct.listAllReplications(INSTANCE);
    assert.equal(loopback.requests.length, 1, host);
  }
  assert.equal(proxy.seen.absolute.length, 1);
});

test("NO_PROXY excludes the endpoint (a suffix, any case): then the name resolves nowhere", async () => {
  const endpoint = await tlsEndpoint();
  const proxy = await forwardProxy({ "replication.test": endpoint.port });
  const client = new ReplicationsClient({
    baseUrl: endpoint.url, projectId: PROJECT, token: TOKEN, caBundle: fixture("ca.pem"), retry: fast,
    env: { HTTPS_PROXY: proxy.url, no_proxy: "example.org, .TEST" },
  });
  assert.equal(client.proxy, null);
  const error = await client.listPage(INSTANCE).then(() => null, (e: unknown) => e);
  assert.ok(error instanceof TransportError && /ENOTFOUND|EAI_AGAIN|getaddrinfo/.test(error.message), String(error));
  assert.deepEqual(proxy.seen.tunnels, []);
});

test("a 407 is a ProxyError naming the proxy without its credentials, never retried; good credentials pass", async () => {
  const endpoint = await tlsEndpoint();
  const plain = await serveHttp((_req, res) => res.writeHead(200).end(page(["plain_task"])));
  const proxy = await forwardProxy({ "replication.test": endpoint.port }, "proxyuser:proxy-pass-secret");
  const wrong = `http://proxyuser:wrong-pass-secret@127.0.0.1:${proxy.port}`;
  for (const baseUrl of [endpoint.url, plain.url]) {
    const client = new ReplicationsClient({ baseUrl, projectId: PROJECT, token: TOKEN, caBundle: fixture("ca.pem"), proxy: wrong, retry: { ...fast, maxAttempts: 3 } });
    const before = proxy.seen.auth.length;
    const error = await client.listPage(INSTANCE).then(() => null, (e: unknown) => e);
    assert.ok(error instanceof ProxyError, String(error));
    assert.equal(error.status, 407);
    assert.equal(error.proxy, `http://***@127.0.0.1:${proxy.port}/`);
    assert.match(error.message, /^proxy http:\/\/\*\*\*@127\.0\.0\.1:\d+\/: 407 Proxy Authentication Required/);
    assert.equal(proxy.seen.auth.length - before, 1, baseUrl); // not retried
    for (const text of [error.message, inspect(error), inspect(client, { depth: 9 }), String(client.proxy)]) {
      assert.ok(!text.includes("wrong-pass-secret") && !text.includes(TOKEN), text);
    }
  }
  const good = new ReplicationsClient({
    baseUrl: endpoint.url, projectId: PROJECT, token: TOKEN, caBundle: fixture("ca.pem"), retry: fast,
    env: { HTTPS_PROXY: `http://proxyuser:proxy-pass-secret@127.0.0.1:${proxy.port}` },
  });
  assert.equal((await good.listAllReplications(INSTANCE)).length, 2);
  assert.ok(!inspect(good, { depth: 9 }).includes("proxy-pass-secret"));
});

test("a tunnel the proxy refuses (502: a host it cannot reach) is a ProxyError with the status", async () => {
  const proxy = await forwardProxy({}, "u:p@ss-secret");
  const client = new ReplicationsClient({
    baseUrl: "https://unknown.test:8443", projectId: PROJECT, token: TOKEN, proxy: `http://u:p%40ss-secret@127.0.0.1:${proxy.port}`, retry: fast,
  });
  const error = await client.listPage(INSTANCE).then(() => null, (e: unknown) => e);
  assert.ok(error instanceof ProxyError && error.status === 502, String(error));
  assert.match(error.message, /refused the tunnel with HTTP 502/);
  assert.ok(!inspect(error).includes("ss-secret") && !inspect(client, { depth: 9 }).includes("ss-secret"));
});

test("a proxy that is not an http(s) URL is refused naming the variable, its credentials masked", () => {
  assert.throws(() => proxyFromStandardEnvironment("https://replication.test", { HTTPS_PROXY: "socks5://u:hidden-pass@h:1080" }), (e) =>
    e instanceof SettingsError && e.ruleId === "proxy_url" && e.field === "proxy" && !e.message.includes("hidden-pass") && e.message.includes("HTTPS_PROXY"));
  assert.throws(() => validateProxy("ftp://u:hidden-pass@h:21"), (e) => e instanceof ValidationError && e.field === "proxy" && !e.message.includes("hidden-pass"));
  assert.throws(() => new ReplicationsClient({ baseUrl: "https://replication.test", projectId: PROJECT, token: TOKEN, proxy: "not a url" }), ValidationError);
  assert.deepEqual(proxyFromStandardEnvironment("http://example.test", { HTTP_PROXY: "http://upper:1", http_proxy: "http://lower:1/", ALL_PROXY: "http://all:1" }),
    { value: "http://lower:1", origin: { kind: "environment", name: "http_proxy" } });
});
