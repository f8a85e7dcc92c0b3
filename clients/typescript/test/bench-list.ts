/**
 * Benchmark helper (benchmarks/other_languages.py): list TAURUSDB_INSTANCE_ID once to warm the
 * client, then BENCH_REPEAT more times, printing each listing's seconds as a JSON array.
 */
import { ReplicationsClient } from "../src/index.js";

const instanceId = process.env["TAURUSDB_INSTANCE_ID"] ?? "";
const repeat = Number(process.env["BENCH_REPEAT"] ?? "5");
const client = ReplicationsClient.fromEnv();
const expected = (await client.listAllReplications(instanceId)).length;
const seconds: number[] = [];
for (let i = 0; i < repeat; i++) {
  const start = performance.now();
  const tasks = await client.listAllReplications(instanceId);
  seconds.push((performance.now() - start) / 1000);
  if (tasks.length !== expected) throw new Error(`listing ${i} returned ${tasks.length} tasks, not ${expected}`);
}
process.stdout.write(JSON.stringify({ tasks: expected, seconds }));
