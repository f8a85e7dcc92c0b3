/**
 * Test helper: print every task of TAURUSDB_INSTANCE_ID as the library normalizes it, as JSON
 * (tests/other_clients compares it with the Python client's view of the same tasks).
 */
import { ReplicationsClient, stringifyExactJson } from "../src/index.js";

const instanceId = process.env["TAURUSDB_INSTANCE_ID"] ?? "";
const tasks = await ReplicationsClient.fromEnv().listAllReplications(instanceId);
// The Python view's to_dict() has the fields and extra; `unreadable` (the reasons) is beside them.
process.stdout.write(stringifyExactJson(tasks.map(({ unreadable: _reasons, ...task }) => task)));
