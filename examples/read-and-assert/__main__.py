"""Read every replication task of an instance, assert on the ones that matter, export the state.

Stack configuration (see README.md): ``taurusdb:endpoint`` or ``taurusdb:region``,
``taurusdb:projectId``, ``taurusdb:accessKey`` and ``taurusdb:secretKey`` (``--secret``), and
this project's ``instanceId``.
"""

import pulumi
import pulumi_taurusdb as taurusdb
from taurusdb_replication.pulumi import StarRocksReplication, StarRocksReplications

config = pulumi.Config()
instance_id = config.require("instanceId")

# Every task of the instance, read on each preview and update. The deployment stops, naming the
# task, unless both tasks exist, are healthy and fully caught up in incremental sync.
tasks = StarRocksReplications(
    "replication-tasks",
    instance_id=instance_id,
    require_tasks=["orders_sync", "users_sync"],
    expect_healthy=True,
    expect_stage="incremental",
    min_percentage=100,
)

# One task, for wiring its fields into other resources.
orders = StarRocksReplication(
    "orders-replication",
    instance_id=instance_id,
    task_name="orders_sync",
    expect_healthy=True,
    expect_stage="incremental",
)

# The same data as a function result (the taurusdb plugin's invoke), for programs that only look.
listing = taurusdb.get_replications_output(instance_id=instance_id)

pulumi.export("total_count", tasks.total_count)
pulumi.export("all_healthy", tasks.healthy)
pulumi.export("unhealthy_tasks", tasks.unhealthy_tasks)
pulumi.export("stage_counts", tasks.stage_counts)
pulumi.export("orders_stage", orders.stage)
pulumi.export("orders_target", orders.target_database)
pulumi.export("task_names", listing.apply(lambda result: result.task_names))
