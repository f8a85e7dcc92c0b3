/**
 * The YAML example's program in TypeScript, with the SDK generated from the package schema
 * (sdk/nodejs), as an Automation API inline program: its invokes go through the engine to the
 * native taurusdb plugin.
 *
 *     node dist/examples/typescript-native/index.js up|preview|destroy
 *
 * reads the stack from the environment: TAURUSDB_EXAMPLE_WORKDIR (project folder),
 * TAURUSDB_EXAMPLE_STACK, TAURUSDB_EXAMPLE_CONFIG (a JSON object of config key ->
 * {"value", "secret"}); the backend and PULUMI_HOME come from the usual PULUMI_* variables.
 * `up` prints the stack outputs as one JSON object; a failed operation prints the engine's
 * error and exits 1.
 */
import * as pulumi from "@pulumi/pulumi";
import { LocalWorkspace, type ConfigMap, type Stack } from "@pulumi/pulumi/automation";
import * as taurusdb from "../../sdk/nodejs";

const project = "typescript-native";

/** Read every task of an instance and wait for one to be healthy and in a stage. */
async function program(): Promise<Record<string, unknown>> {
    const config = new pulumi.Config();
    const instanceId = config.require("instanceId");
    const taskName = config.get("taskName") ?? "orders_sync";
    const instance = taurusdb.getReplicationsOutput({ instanceId, taskNames: [taskName], expectHealthy: true });
    const watched = taurusdb.getReplicationOutput({
        instanceId,
        taskName,
        expectHealthy: true,
        expectStages: [config.get("expectStage") ?? "incremental"],
        waitTimeout: config.getNumber("waitTimeout") ?? 600,
        waitInterval: config.getNumber("waitInterval") ?? 10,
    });
    return {
        totalCount: instance.totalCount,
        taskNames: instance.taskNames,
        healthy: instance.healthy,
        unhealthyTasks: instance.unhealthyTasks,
        stageCounts: instance.stageCounts,
        replications: instance.replications,
        watchedStage: watched.stage,
        watchedPercentage: watched.percentage,
    };
}

function required(name: string): string {
    const value = process.env[name];
    if (value === undefined || value === "") {
        throw new Error(`${name} is not set`);
    }
    return value;
}

async function stack(): Promise<Stack> {
    const found = await LocalWorkspace.createOrSelectStack(
        { stackName: required("TAURUSDB_EXAMPLE_STACK"), projectName: project, program },
        { workDir: required("TAURUSDB_EXAMPLE_WORKDIR") },
    );
    const values = JSON.parse(required("TAURUSDB_EXAMPLE_CONFIG")) as Record<string, { value: string; secret: boolean }>;
    const config: ConfigMap = {};
    for (const [key, { value, secret }] of Object.entries(values)) {
        config[key] = { value, secret };
    }
    await found.setAllConfig(config);
    return found;
}

async function run(operation: string | undefined): Promise<void> {
    const selected = await stack();
    switch (operation) {
        case "preview":
            await selected.preview();
            return;
        case "destroy":
            await selected.destroy();
            return;
        case "up": {
            const result = await selected.up();
            const outputs = Object.fromEntries(Object.entries(result.outputs).map(([key, output]) => [key, output.value]));
            process.stdout.write(`${JSON.stringify(outputs)}\n`);
            return;
        }
        default:
            throw new Error(`unknown operation ${String(operation)} (use up, preview or destroy)`);
    }
}

run(process.argv[2]).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
});
