"""Read every task of an instance and wait for one to be healthy and in the expected stage.

The same program as ``examples/yaml-replications`` (same config, same outputs), through the
SDK generated from the package schema: ``pulumi_taurusdb`` calls the ``taurusdb`` plugin's
functions, so nothing here depends on the dynamic provider.
"""

import pulumi
import pulumi_taurusdb as taurusdb


def main() -> None:
    """The whole program: two invokes, their results as stack outputs."""
    config = pulumi.Config()
    instance_id = config.require("instanceId")
    task_name = config.get("taskName") or "orders_sync"
    instance = taurusdb.get_replications_output(
        instance_id=instance_id, task_names=[task_name], expect_healthy=True
    )
    watched = taurusdb.get_replication_output(
        instance_id=instance_id,
        task_name=task_name,
        expect_healthy=True,
        expect_stages=[config.get("expectStage") or "incremental"],
        wait_timeout=config.get_float("waitTimeout") or 600,
        wait_interval=config.get_float("waitInterval") or 10,
    )
    pulumi.export("totalCount", instance.total_count)
    pulumi.export("taskNames", instance.task_names)
    pulumi.export("healthy", instance.healthy)
    pulumi.export("unhealthyTasks", instance.unhealthy_tasks)
    pulumi.export("stageCounts", instance.stage_counts)
    pulumi.export("replications", instance.replications)
    pulumi.export("watchedStage", watched.stage)
    pulumi.export("watchedPercentage", watched.percentage)


if __name__ == "__main__":
    main()
