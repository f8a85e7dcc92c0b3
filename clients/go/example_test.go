package taurusdbhtap_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"time"

	taurusdbhtap "github.com/taurusdb-replication/taurusdb-replication/clients/go"
)

// Resolve the settings, list the tasks, print them, and wait until orders_sync is caught up.
func Example() {
	settings, err := taurusdbhtap.ResolveSettings(taurusdbhtap.Options{Region: "cn-north-4"}, os.Getenv)
	if err != nil {
		log.Fatal(err) // names the setting, the rule and where the bad value came from
	}
	fmt.Println("endpoint from", settings.Origin("endpoint"))
	client, err := taurusdbhtap.NewReplicationsClientFromSettings(settings)
	if err != nil {
		log.Fatal(err)
	}
	ctx, instanceID := context.Background(), os.Getenv("TAURUSDB_INSTANCE_ID")
	listing, err := client.ListTasks(ctx, instanceID)
	if err != nil {
		log.Fatal(err)
	}
	for _, task := range listing.Tasks {
		fmt.Println(task.TaskName, task.GetStage(), task.GetPercentage(), task.Healthy)
	}
	fmt.Printf("%+v\n", listing.Summary())
	if _, err := client.Wait(ctx, instanceID, taurusdbhtap.CaughtUp("orders_sync"), taurusdbhtap.WaitOptions{Timeout: 30 * time.Minute}); err != nil {
		log.Fatal(err)
	}
}
