"""Hold the deployment until a replication task has caught up, then publish its state.

In a real program the task is created by another resource (the replication itself); this
resource then waits for it to leave ``full`` and reach ``incremental`` at 100 %, polling with
the client's waiter, and fails after ``waitTimeout`` seconds with the last state it read.
"""

import pulumi
from taurusdb_replication.pulumi import StarRocksReplication

config = pulumi.Config()

task = StarRocksReplication(
    "caught-up-task",
    instance_id=config.require("instanceId"),
    task_name=config.require("taskName"),
    expect_healthy=True,
    expect_stage="incremental",
    min_percentage=100,
    wait_timeout=config.require_int("waitTimeout"),
    wait_interval=config.get_float("waitInterval") or 2.0,
)

pulumi.export("stage", task.stage)
pulumi.export("percentage", task.percentage)
pulumi.export("status", task.status)
