package taurusdbhtap_test

// TestListFromEnvironment lists TAURUSDB_INSTANCE_ID with the settings of the environment and
// writes the normalized tasks to TAURUSDB_RESULT_FILE as JSON: tests/other_clients starts the
// emulator, runs it and compares the file with the Python client's view of the same tasks.

import (
	"context"
	"encoding/json"
	"os"
	"testing"

	taurusdbhtap "github.com/taurusdb-replication/taurusdb-replication/clients/go"
)

func TestListFromEnvironment(t *testing.T) {
	instance, result := os.Getenv("TAURUSDB_INSTANCE_ID"), os.Getenv("TAURUSDB_RESULT_FILE")
	if instance == "" || result == "" {
		t.Skip("needs a server: set TAURUSDB_INSTANCE_ID, TAURUSDB_RESULT_FILE and the HW_* settings (tests/other_clients does)")
	}
	client, err := taurusdbhtap.NewReplicationsClientFromEnv(os.Getenv)
	if err != nil {
		t.Fatal(err)
	}
	tasks, err := client.ListAllReplications(context.Background(), instance)
	if err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(tasks)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(result, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkListAllReplications times warm listings of TAURUSDB_INSTANCE_ID
// (benchmarks/other_languages.py runs it against the emulator with 20 ms of latency).
func BenchmarkListAllReplications(b *testing.B) {
	instance := os.Getenv("TAURUSDB_INSTANCE_ID")
	if instance == "" {
		b.Skip("needs a server: set TAURUSDB_INSTANCE_ID and the HW_* settings")
	}
	client, err := taurusdbhtap.NewReplicationsClientFromEnv(os.Getenv)
	if err != nil {
		b.Fatal(err)
	}
	first, err := client.ListAllReplications(context.Background(), instance)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		tasks, err := client.ListAllReplications(context.Background(), instance)
		if err != nil || len(tasks) != len(first) {
			b.Fatalf("%d tasks (want %d): %v", len(tasks), len(first), err)
		}
	}
}
