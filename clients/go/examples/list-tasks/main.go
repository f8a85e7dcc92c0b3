// Command list-tasks prints the name of every replication task of TAURUSDB_INSTANCE_ID, one
// per line.
//
// It reads the settings people already have for Huawei Cloud, as every surface of the project
// does (settings.yaml): HW_ACCESS_KEY and HW_SECRET_KEY (or HUAWEICLOUD_SDK_AK/HUAWEICLOUD_SDK_SK;
// AK/SK signing) or HW_AUTH_TOKEN, HW_PROJECT_ID, and HW_REGION_NAME or TAURUSDB_ENDPOINT, else
// the profile file ~/.huaweicloud/credentials. Run with `go run ./examples/list-tasks`.
package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strings"

	taurusdbhtap "github.com/taurusdb-replication/taurusdb-replication/clients/go"
)

func run() (int, error) {
	instanceID := strings.TrimSpace(os.Getenv("TAURUSDB_INSTANCE_ID"))
	if instanceID == "" {
		return 2, fmt.Errorf("set TAURUSDB_INSTANCE_ID to the instance whose tasks to list")
	}
	client, err := taurusdbhtap.NewReplicationsClientFromEnv(os.Getenv)
	if err != nil {
		return 1, err
	}
	tasks, err := client.ListAllReplications(context.Background(), instanceID)
	if err != nil {
		return 1, err
	}
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for _, task := range tasks {
		fmt.Fprintln(out, task.TaskName)
	}
	return 0, nil
}

func main() {
	code, err := run()
	if err != nil {
		fmt.Fprintf(os.Stderr, "list-tasks: %v\n", err)
	}
	os.Exit(code)
}
