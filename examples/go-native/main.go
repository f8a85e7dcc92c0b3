// Command go-native runs the YAML example's program in Go, with the SDK generated from the
// package schema (sdk/go), as an Automation API inline program: the program's invokes go
// through the engine to the native taurusdb plugin.
//
//	go-native up|preview|destroy
//
// reads the stack from the environment: TAURUSDB_EXAMPLE_WORKDIR (project folder),
// TAURUSDB_EXAMPLE_STACK, TAURUSDB_EXAMPLE_CONFIG (a JSON object of config key -> {"value",
// "secret"}); the backend and PULUMI_HOME come from the usual PULUMI_* variables. `up` prints
// the stack outputs as one JSON object; a failed operation prints the engine's error and
// exits 1.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
	"github.com/taurusdb-replication/taurusdb-replication/sdk/go/taurusdb"
)

const project = "go-native"

// program reads every task of an instance and waits for one to be healthy and in a stage.
func program(ctx *pulumi.Context) error {
	cfg := config.New(ctx, "")
	instanceID := cfg.Require("instanceId")
	taskName := orDefault(cfg.Get("taskName"), "orders_sync")
	waitTimeout := cfg.GetFloat64("waitTimeout")
	if waitTimeout == 0 {
		waitTimeout = 600
	}
	waitInterval := cfg.GetFloat64("waitInterval")
	if waitInterval == 0 {
		waitInterval = 10
	}
	instance := taurusdb.GetReplicationsOutput(ctx, taurusdb.GetReplicationsOutputArgs{
		InstanceId:    pulumi.String(instanceID),
		TaskNames:     pulumi.StringArray{pulumi.String(taskName)},
		ExpectHealthy: pulumi.Bool(true),
	})
	watched := taurusdb.GetReplicationOutput(ctx, taurusdb.GetReplicationOutputArgs{
		InstanceId:    pulumi.String(instanceID),
		TaskName:      pulumi.String(taskName),
		ExpectHealthy: pulumi.Bool(true),
		ExpectStages:  pulumi.StringArray{pulumi.String(orDefault(cfg.Get("expectStage"), "incremental"))},
		WaitTimeout:   pulumi.Float64(waitTimeout),
		WaitInterval:  pulumi.Float64(waitInterval),
	})
	ctx.Export("totalCount", instance.TotalCount())
	ctx.Export("taskNames", instance.TaskNames())
	ctx.Export("healthy", instance.Healthy())
	ctx.Export("unhealthyTasks", instance.UnhealthyTasks())
	ctx.Export("stageCounts", instance.StageCounts())
	ctx.Export("replications", instance.Replications())
	ctx.Export("watchedStage", watched.Stage())
	ctx.Export("watchedPercentage", watched.Percentage())
	return nil
}

func orDefault(value, fallback string) string {
	if value == "" {
		return fallback
	}
	return value
}

type configValue struct {
	Value  string `json:"value"`
	Secret bool   `json:"secret"`
}

func stack(ctx context.Context) (auto.Stack, error) {
	s, err := auto.UpsertStackInlineSource(ctx, os.Getenv("TAURUSDB_EXAMPLE_STACK"), project, program,
		auto.WorkDir(os.Getenv("TAURUSDB_EXAMPLE_WORKDIR")))
	if err != nil {
		return s, err
	}
	var values map[string]configValue
	if err := json.Unmarshal([]byte(os.Getenv("TAURUSDB_EXAMPLE_CONFIG")), &values); err != nil {
		return s, fmt.Errorf("TAURUSDB_EXAMPLE_CONFIG: %w", err)
	}
	config := auto.ConfigMap{}
	for key, value := range values {
		config[key] = auto.ConfigValue{Value: value.Value, Secret: value.Secret}
	}
	return s, s.SetAllConfig(ctx, config)
}

func run(ctx context.Context, operation string) error {
	s, err := stack(ctx)
	if err != nil {
		return err
	}
	switch operation {
	case "preview":
		_, err = s.Preview(ctx)
		return err
	case "destroy":
		_, err = s.Destroy(ctx)
		return err
	case "up":
		result, err := s.Up(ctx)
		if err != nil {
			return err
		}
		outputs := map[string]any{}
		for key, output := range result.Outputs {
			outputs[key] = output.Value
		}
		return json.NewEncoder(os.Stdout).Encode(outputs)
	}
	return fmt.Errorf("unknown operation %q (use up, preview or destroy)", operation)
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go-native up|preview|destroy")
		os.Exit(2)
	}
	if err := run(context.Background(), os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
