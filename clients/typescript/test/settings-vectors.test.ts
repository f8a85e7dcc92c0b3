/** Every case of the shared tests/vectors/settings.json (format: tests/vectors/README.md). */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, test } from "node:test";

import { resolveSettings, SettingsError } from "../src/index.js";

interface Case {
  id: string;
  env?: Record<string, string>;
  files?: Record<string, string>;
  arguments?: Record<string, unknown>;
  expect: { values?: Record<string, unknown>; auth?: string; error?: Record<string, unknown> };
  languages?: Record<string, Case["expect"]>;
}
const vectors = JSON.parse(readFileSync(new URL("../../../../tests/vectors/settings.json", import.meta.url), "utf8")) as { version: number; cases: Case[] };
const root = mkdtempSync(join(tmpdir(), "settings-vectors-"));
after(() => rmSync(root, { recursive: true, force: true }));

/** The case with `$HOME` replaced by `home` in every string. */
function substituted<T>(value: T, home: string): T {
  return JSON.parse(JSON.stringify(value).replaceAll("$HOME", home)) as T;
}

test("the vectors file is the version this runner reads, with cases", () => {
  assert.equal(vectors.version, 1);
  assert.ok(vectors.cases.length >= 80);
});

for (const [index, raw] of vectors.cases.entries()) {
  test(`settings.json: ${raw.id}`, () => {
    const home = join(root, String(index));
    mkdirSync(home);
    const vector = substituted(raw, home);
    for (const [path, text] of Object.entries(vector.files ?? {})) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
    }
    const expect = vector.languages?.["typescript"] ?? vector.expect;
    let resolved;
    try {
      resolved = resolveSettings(vector.arguments ?? {}, { HOME: home, ...vector.env });
    } catch (error) {
      assert.ok(error instanceof SettingsError, String(error));
      assert.ok(expect.error, `unexpected error: ${error.ruleId} ${error.field}: ${error.message}`);
      const got: Record<string, unknown> = { rule: error.ruleId, field: error.field };
      if ("origin" in expect.error) got["origin"] = error.origin;
      if ("missing" in expect.error) got["missing"] = error.missing;
      if ("source" in expect.error) got["source"] = error.source;
      assert.deepEqual(got, expect.error);
      return;
    }
    assert.equal(expect.error, undefined, `expected the error ${JSON.stringify(expect.error)}`);
    const values = resolved.values as Record<string, unknown>;
    for (const [name, want] of Object.entries(expect.values ?? {})) assert.deepEqual(values[name], want, name);
    if (expect.auth !== undefined) assert.equal(resolved.auth, expect.auth);
  });
}
