/** Settings from the environment: the Python layer's chain, named errors, no secret shown. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { createServer } from "node:net";
import { inspect } from "node:util";

import {
  ConfigurationError, REGION_ENDPOINTS, ReplicationsClient, RequestTimeoutError, settingsFromEnv, ValidationError,
} from "../src/index.js";
import { listen, serveHttp } from "./servers.js";

const PROJECT = "0123456789abcdef0123456789abcdef";

test("a key pair with a security token, and nothing secret in what is printed", () => {
  const env = {
    TAURUSDB_ENDPOINT: "https://gaussdb.cn-north-4.myhuaweicloud.com", HW_PROJECT_ID: PROJECT,
    HW_ACCESS_KEY: "AKID", HW_SECRET_KEY: "sk-very-secret", HW_SECURITY_TOKEN: "st-very-secret",
  };
  const settings = settingsFromEnv(env);
  assert.equal(settings.credentials.kind, "aksk");
  assert.ok(settings.credentials.kind === "aksk" && settings.credentials.secretKey === "sk-very-secret");
  for (const text of [inspect(settings, { depth: 9 }), JSON.stringify(settings), String(settings),
    inspect(ReplicationsClient.fromEnv(env), { depth: 9, showHidden: false })]) {
    assert.ok(!text.includes("very-secret"), text);
  }
});

test("the HW_* source wins, a token wins over a key pair in it, the SDK's variables are the fallback", () => {
  const base = { HW_REGION_NAME: "cn-north-4", HW_PROJECT_ID: PROJECT };
  assert.equal(settingsFromEnv({ ...base, HW_AUTH_TOKEN: "t", HW_ACCESS_KEY: "a", HW_SECRET_KEY: "s" }).credentials.kind, "token");
  const sdk = settingsFromEnv({ ...base, HUAWEICLOUD_SDK_AK: "a", HUAWEICLOUD_SDK_SK: "s" });
  assert.ok(sdk.credentials.kind === "aksk" && sdk.credentials.accessKey === "a");
  assert.equal(sdk.endpoint, REGION_ENDPOINTS["cn-north-4"]);
  assert.equal(settingsFromEnv({ ...base, HW_AUTH_TOKEN: "t", HW_MAX_RETRIES: "2" }).maxRetries, 2);
});

test("what is missing or wrong is named", () => {
  const cases: [Record<string, string>, string][] = [
    [{ HW_PROJECT_ID: PROJECT, HW_AUTH_TOKEN: "t" }, "set HW_REGION_NAME or TAURUSDB_ENDPOINT"],
    [{ HW_REGION_NAME: "cn-north-4", HW_AUTH_TOKEN: "t" }, "set HW_PROJECT_ID"],
    [{ HW_REGION_NAME: "cn-north-4", HW_PROJECT_ID: PROJECT, HW_ACCESS_KEY: "a" }, "set HW_SECRET_KEY"],
    [{ HW_REGION_NAME: "cn-north-4", HW_PROJECT_ID: PROJECT, HUAWEICLOUD_SDK_SK: "s" }, "set HUAWEICLOUD_SDK_AK"],
    [{ HW_REGION_NAME: "cn-north-4", HW_PROJECT_ID: PROJECT }, "no credentials"],
    [{ HW_REGION_NAME: "cn-north-4", HW_PROJECT_ID: PROJECT, HW_USER_NAME: "u" }, "set HW_USER_PASSWORD and HW_DOMAIN_NAME"],
    [{ HW_REGION_NAME: "cn-north-4", HW_PROJECT_ID: PROJECT, HW_USER_NAME: "u", HW_USER_PASSWORD: "p", HW_DOMAIN_NAME: "d" }, "not available in the TypeScript client"],
    [{ HW_REGION_NAME: "xx-nowhere-1", HW_PROJECT_ID: PROJECT, HW_AUTH_TOKEN: "t" }, "unknown region"],
    [{ TAURUSDB_ENDPOINT: "http://example.com", HW_PROJECT_ID: PROJECT, HW_AUTH_TOKEN: "t" }, "endpoint (from the environment variable TAURUSDB_ENDPOINT): must be an http(s) URL"],
    [{ HW_REGION_NAME: "cn-north-4", HW_PROJECT_ID: "short", HW_AUTH_TOKEN: "t" }, "project_id (from the environment variable HW_PROJECT_ID): must be exactly 32 letters or digits"],
    [{ HW_REGION_NAME: "cn-north-4", HW_PROJECT_ID: PROJECT, HW_AUTH_TOKEN: "t", HW_MAX_RETRIES: "-1" }, "HW_MAX_RETRIES"],
  ];
  for (const [env, want] of cases) {
    assert.throws(() => settingsFromEnv(env), (e) => (e instanceof ConfigurationError || e instanceof ValidationError) && e.message.includes(want), want);
  }
});

test("settings from the environment reach the wire: X-Language, the request timeout, the concurrency", async () => {
  const endpoint = await serveHttp((_req, res) => res.writeHead(200).end('{"total_count": 1, "replications": [{"task_name": "a_1"}]}'));
  const env = {
    HOME: "/nonexistent", TAURUSDB_ENDPOINT: endpoint.url, HW_PROJECT_ID: PROJECT, HW_AUTH_TOKEN: "tok-0123456789",
    TAURUSDB_LANGUAGE: "ZH-CN", TAURUSDB_REQUEST_TIMEOUT: "200ms", TAURUSDB_CONCURRENCY: "3", HW_MAX_RETRIES: "0",
  };
  const settings = settingsFromEnv(env);
  assert.deepEqual([settings.language, settings.requestTimeout, settings.concurrency, settings.maxRetries], ["zh-cn", 0.2, 3, 0]);
  assert.deepEqual(settings.origins.request_timeout, { kind: "environment", name: "TAURUSDB_REQUEST_TIMEOUT" });
  await ReplicationsClient.fromEnv(env).listAllReplications("0123456789abcdef0123456789abcdefin17");
  assert.equal(endpoint.requests[0]?.headers["x-language"], "zh-cn");
  const { port } = await listen(createServer(() => undefined));
  const silent = ReplicationsClient.fromEnv({ ...env, TAURUSDB_ENDPOINT: `http://127.0.0.1:${port}` });
  await assert.rejects(silent.listPage("0123456789abcdef0123456789abcdefin17"), (e) => e instanceof RequestTimeoutError && e.seconds === 0.2);
});
