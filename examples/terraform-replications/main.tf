# Read and assert the replication tasks of one TaurusDB instance with the taurusdb provider.
# Settings come from the environment (HW_PROJECT_ID, HW_ACCESS_KEY, HW_SECRET_KEY, and
# HW_REGION_NAME or TAURUSDB_ENDPOINT), so no credential is written into a plan or state.
# See README.md for how to run it against the emulator.

terraform {
  required_providers {
    taurusdb = {
      source = "taurusdb/taurusdb"
    }
  }
}

provider "taurusdb" {}

variable "instance_id" {
  type        = string
  description = "The instance to read (the emulator's demo instance by default)."
  default     = "5f2c7d1e9a3b4c6d8e0f1a2b3c4d5e6fin17"
}

variable "watched_task" {
  type    = string
  default = "orders_sync"
}

variable "expect_stage" {
  type    = string
  default = "incremental"
}

variable "wait_timeout" {
  type     = string
  default  = null
  nullable = true
}

variable "wait_interval" {
  type    = string
  default = "1s"
}

variable "min_percentage" {
  type        = number
  description = "The postcondition's least percentage of the watched task."
  default     = 100
}

# Every task, typed: numbers are numbers, flags are bools, the stage is lower case.
data "taurusdb_replications" "all" {
  instance_id = var.instance_id
}

# One task that must be healthy and in the expected stage; with wait_timeout, plan polls until
# it is (or fails naming the task and what it read).
data "taurusdb_replication" "watched" {
  instance_id    = var.instance_id
  task_name      = var.watched_task
  expect_healthy = true
  expect_stages  = [var.expect_stage]
  wait_timeout   = var.wait_timeout
  wait_interval  = var.wait_interval

  lifecycle {
    postcondition {
      condition     = self.percentage >= var.min_percentage
      error_message = "task ${self.id} is at ${self.percentage}%, below ${var.min_percentage}%"
    }
  }
}

# A check block: its failure is a warning, and plan and apply go on. It asserts on the data
# source above: a data source declared inside a check block is read again at apply, so plans
# would never be empty (docs/terraform.md).
check "every_task_healthy" {
  assert {
    condition     = data.taurusdb_replications.all.healthy
    error_message = "unhealthy tasks: ${join(", ", data.taurusdb_replications.all.unhealthy_tasks)}"
  }
}

output "task_names" {
  value = data.taurusdb_replications.all.task_names
}

output "total_count" {
  value = data.taurusdb_replications.all.total_count
}

output "stage_counts" {
  value = data.taurusdb_replications.all.stage_counts
}

output "replications" {
  value = data.taurusdb_replications.all.replications
}

output "watched_stage" {
  value = data.taurusdb_replication.watched.stage
}
