/**
 * Benchmark helper (benchmarks/typescript_json_parse.py): parse the page bodies in the file
 * named by argv[2] (a JSON array of strings, each one page as the emulator sent it) with
 * `JSON.parse`, with `parseExactJson` (its fast path: no 16-digit run), and with
 * `parseExactJson` on the same pages holding one integer beyond 2^53 each (the lossless path),
 * taking turns for BENCH_REPEAT rounds; prints each contender's seconds per round as JSON.
 */
import { readFileSync } from "node:fs";

import { parseExactJson } from "../src/index.js";

const pages = JSON.parse(readFileSync(process.argv[2] ?? "", "utf8")) as string[];
const big = pages.map((page) => page.replace('"total_count":', '"big_integer": 9007199254740993, "total_count":'));
if (big.some((page, i) => page === pages[i])) throw new Error("a page has no total_count to put the big integer beside");
const repeat = Number(process.env["BENCH_REPEAT"] ?? "7");
const contenders: Record<string, () => unknown> = {
  "JSON.parse": () => pages.map((page) => JSON.parse(page)),
  "parseExactJson (fast path)": () => pages.map(parseExactJson),
  "parseExactJson (lossless path)": () => big.map(parseExactJson),
};
const seconds: Record<string, number[]> = Object.fromEntries(Object.keys(contenders).map((name) => [name, []]));
for (const run of Object.values(contenders)) run(); // warm every contender before timing
for (let round = 0; round < repeat; round++) {
  for (const [name, run] of Object.entries(contenders)) {
    const start = performance.now();
    run();
    seconds[name]!.push((performance.now() - start) / 1000);
  }
}
const bytes = pages.reduce((sum, page) => sum + Buffer.byteLength(page), 0);
process.stdout.write(JSON.stringify({ pages: pages.length, bytes, seconds }));
