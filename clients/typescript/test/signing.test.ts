/**
 * The TypeScript signer against every shared signing vector (tests/vectors/signing.json,
 * computed by the vendor SDK's signer): the pure functions on the vector's parts, and the
 * middleware's `signRequest` on the Fetch `Request` built from the vector's wire URL.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { authorization, canonicalRequest, signRequest, signedHeaderNames, stringToSign } from "../src/signing.js";

interface Vector {
  name: string;
  access_key: string;
  secret_key: string;
  method: string;
  url: string;
  path: string;
  query: [string, string][];
  headers: Record<string, string>;
  body: string;
  canonical_request: string;
  string_to_sign: string;
  authorization: string;
}

const file = process.env["SIGNING_VECTORS"] ?? new URL("../../../../tests/vectors/signing.json", import.meta.url);
const vectors: Vector[] = JSON.parse(readFileSync(file, "utf8")).vectors;

test("the vector file is there and large", () => {
  assert.ok(vectors.length >= 200, `only ${vectors.length} vectors`);
});

for (const vector of vectors) {
  test(`pure functions: ${vector.name}`, () => {
    const headers = Object.fromEntries(Object.entries(vector.headers).map(([k, v]) => [k.toLowerCase(), v]));
    const input = { method: vector.method, path: vector.path, query: vector.query, headers, body: new TextEncoder().encode(vector.body) };
    const canonical = canonicalRequest(input, signedHeaderNames(Object.keys(headers)));
    assert.equal(canonical, vector.canonical_request);
    assert.equal(stringToSign(canonical, vector.headers["X-Sdk-Date"]!), vector.string_to_sign);
    assert.equal(authorization(vector.access_key, vector.secret_key, input), vector.authorization);
  });

  test(`signRequest on the wire request: ${vector.name}`, async () => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(vector.headers)) {
      if (!["host", "x-security-token"].includes(name.toLowerCase())) headers.set(name, value);
    }
    const init: RequestInit = { method: vector.method, headers };
    if (vector.body) init.body = vector.body;
    const request = new Request(vector.url, init);
    const token = vector.headers["X-Security-Token"];
    await signRequest(request, { accessKey: vector.access_key, secretKey: vector.secret_key, securityToken: token });
    assert.equal(request.headers.get("Authorization"), vector.authorization);
    if (token) assert.equal(request.headers.get("X-Security-Token"), token);
  });
}
