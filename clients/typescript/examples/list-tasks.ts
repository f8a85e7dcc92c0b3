/**
 * Print the name of every replication task of `TAURUSDB_INSTANCE_ID`, one per line.
 *
 * Reads the settings people already have for Huawei Cloud: `HW_ACCESS_KEY` and
 * `HW_SECRET_KEY` (or `HUAWEICLOUD_SDK_AK`/`HUAWEICLOUD_SDK_SK`; AK/SK signing) or
 * `HW_AUTH_TOKEN`, `HW_PROJECT_ID`, `HW_REGION_NAME` or `TAURUSDB_ENDPOINT`, or the same in
 * the profile file `~/.huaweicloud/credentials`. Task names are service text: control
 * characters in them are printed as escapes, never sent to the terminal.
 * Run with `npm run example:list-tasks`.
 */
import { ReplicationsClient, safeText, TaurusDBError } from "../src/index.js";

async function main(): Promise<number> {
  const instanceId = process.env["TAURUSDB_INSTANCE_ID"]?.trim();
  if (!instanceId) {
    process.stderr.write("list-tasks: set TAURUSDB_INSTANCE_ID to the instance whose tasks to list\n");
    return 2;
  }
  const client = ReplicationsClient.fromEnv();
  const tasks = await client.listAllReplications(instanceId);
  process.stdout.write(tasks.map((task) => `${safeText(task.taskName)}\n`).join(""));
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const text = error instanceof TaurusDBError ? `${error.name}: ${error.message}` : String(error);
    process.stderr.write(`list-tasks: ${text}\n`);
    process.exitCode = 1;
  },
);
