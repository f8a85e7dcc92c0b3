package provider

// Acceptance tests under the real engine (terraform-plugin-testing driving the tofu binary
// named by TF_ACC_TERRAFORM_PATH) against a running emulator: tests/terraform/test_acceptance.py
// starts it with the admin API and runs `go test` with TF_ACC=1 and the variables below.

import (
	"bytes"
	"net/http"
	"os"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

const demoInstance = "5f2c7d1e9a3b4c6d8e0f1a2b3c4d5e6fin17"

var factories = map[string]func() (tfprotov6.ProviderServer, error){
	"taurusdb": providerserver.NewProtocol6WithError(New("test")()),
}

// requireEmulator skips unless TF_ACC is set, and then needs the emulator's variables.
func requireEmulator(t *testing.T) string {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 (tests/terraform/test_acceptance.py does)")
	}
	for _, name := range []string{"TAURUSDB_ENDPOINT", "HW_PROJECT_ID", "HW_ACCESS_KEY", "HW_SECRET_KEY", "TAURUSDB_EMULATOR_ADMIN_URL", "TF_ACC_TERRAFORM_PATH"} {
		if os.Getenv(name) == "" {
			t.Fatalf("%s must be set for the acceptance tests", name)
		}
	}
	return os.Getenv("TAURUSDB_EMULATOR_ADMIN_URL")
}

// patchTask changes a task through the emulator's admin API.
func patchTask(t *testing.T, admin, task, body string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPatch, admin+"/instances/"+demoInstance+"/tasks/"+task, bytes.NewBufferString(body))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("admin PATCH %s: status %d", task, resp.StatusCode)
	}
}

func TestAccReplicationsReadsTypedTasks(t *testing.T) {
	requireEmulator(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{{
			Config: `
provider "taurusdb" {}
data "taurusdb_replications" "all" {
  instance_id = "` + demoInstance + `"
}
data "taurusdb_replications" "incremental" {
  instance_id = "` + demoInstance + `"
  stages      = ["INCREMENTAL"]
}`,
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr("data.taurusdb_replications.all", "id", demoInstance),
				resource.TestCheckResourceAttr("data.taurusdb_replications.all", "total_count", "7"),
				resource.TestCheckResourceAttr("data.taurusdb_replications.all", "replications.#", "7"),
				resource.TestCheckResourceAttr("data.taurusdb_replications.all", "replications.0.task_name", "orders_sync"),
				resource.TestCheckResourceAttr("data.taurusdb_replications.all", "replications.0.percentage", "100"),
				resource.TestCheckResourceAttr("data.taurusdb_replications.all", "replications.0.is_main_task", "true"),
				resource.TestCheckResourceAttr("data.taurusdb_replications.all", "replications.0.healthy", "true"),
				resource.TestCheckResourceAttr("data.taurusdb_replications.all", "healthy", "false"),
				resource.TestCheckResourceAttr("data.taurusdb_replications.all", "unhealthy_tasks.#", "2"),
				resource.TestCheckResourceAttr("data.taurusdb_replications.all", "stage_counts.incremental", "3"),
				resource.TestCheckResourceAttr("data.taurusdb_replications.incremental", "total_count", "7"),
				resource.TestCheckResourceAttr("data.taurusdb_replications.incremental", "replications.#", "3"),
				resource.TestCheckResourceAttr("data.taurusdb_replications.incremental", "id", demoInstance+"?stages=incremental"),
			),
		}},
	})
}

func TestAccReplicationExpectation(t *testing.T) {
	admin := requireEmulator(t)
	config := `
provider "taurusdb" {}
data "taurusdb_replication" "orders" {
  instance_id    = "` + demoInstance + `"
  task_name      = "orders_sync"
  expect_healthy = true
  expect_stages  = ["incremental"]
  min_percentage = 100
}`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("data.taurusdb_replication.orders", "id", demoInstance+"/orders_sync"),
					resource.TestCheckResourceAttr("data.taurusdb_replication.orders", "stage", "incremental"),
					resource.TestCheckResourceAttr("data.taurusdb_replication.orders", "source_database", "orders"),
				),
			},
			{
				PreConfig:   func() { patchTask(t, admin, "orders_sync", `{"status": "No"}`) },
				Config:      config,
				ExpectError: regexp.MustCompile(`task 'orders_sync': expected status Yes \(healthy\), read status 'No'`),
			},
			{
				PreConfig: func() { patchTask(t, admin, "orders_sync", `{"status": "Yes"}`) },
				Config:    config,
				Check:     resource.TestCheckResourceAttr("data.taurusdb_replication.orders", "status", "Yes"),
			},
		},
	})
}

func TestAccMissingTaskAndBadArguments(t *testing.T) {
	requireEmulator(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{
			{
				Config: `
data "taurusdb_replications" "named" {
  instance_id = "` + demoInstance + `"
  task_names  = ["orders_sync", "nope_sync"]
}`,
				ExpectError: regexp.MustCompile(`task 'nope_sync': expected the task to exist, read no such task`),
			},
			{
				Config: `
data "taurusdb_replications" "bad" {
  instance_id  = "` + demoInstance + `"
  wait_timeout = "forever"
}`,
				ExpectError: regexp.MustCompile(`must be a duration`),
			},
		},
	})
}
