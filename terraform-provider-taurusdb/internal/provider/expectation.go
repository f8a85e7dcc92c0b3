package provider

// A data source's expectation: its arguments validated into the Go client's Condition (the
// judgement shared with Python and proven by tests/vectors/conditions.json), and the read,
// with waiting through the client's PollUntil. Arguments left out check nothing (like the
// Pulumi functions); a bad value is an error naming the attribute.

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	taurusdbhtap "github.com/taurusdb-replication/taurusdb-replication/clients/go"
)

const maxWait = 24 * time.Hour

// conditionAttributes names the attribute behind each field of the client's Condition.
var conditionAttributes = map[string]string{"stages": "expect_stages", "min_percentage": "min_percentage"}

// expectation is the condition a read must meet and how long to wait for it.
type expectation struct {
	condition taurusdbhtap.Condition
	wait      taurusdbhtap.WaitOptions // Timeout 0: judge the first read
}

// quoted is a name as the client's messages quote it ('name').
func quoted(text string) string {
	return "'" + strings.ReplaceAll(text, "'", `\'`) + "'"
}

func knownStage(text string) (string, bool) {
	lowered := strings.ToLower(strings.TrimSpace(text))
	for _, stage := range knownStages {
		if stage == lowered {
			return stage, true
		}
	}
	return text, false
}

// stringList reads an optional list of strings; given is false when it is null.
func stringList(ctx context.Context, config tfsdk.Config, name string, diags *diag.Diagnostics) (items []string, given bool) {
	var list types.List
	diags.Append(config.GetAttribute(ctx, path.Root(name), &list)...)
	if list.IsNull() || list.IsUnknown() {
		return nil, false
	}
	diags.Append(list.ElementsAs(ctx, &items, false)...)
	return items, true
}

func duration(ctx context.Context, config tfsdk.Config, name string, diags *diag.Diagnostics) time.Duration {
	var text types.String
	diags.Append(config.GetAttribute(ctx, path.Root(name), &text)...)
	if text.IsNull() || text.IsUnknown() {
		return 0
	}
	parsed, err := time.ParseDuration(strings.TrimSpace(text.ValueString()))
	if err != nil || parsed <= 0 || parsed > maxWait {
		diags.AddAttributeError(path.Root(name), "Invalid "+name,
			`must be a duration such as "30s" or "5m", greater than 0 and at most "24h" (got `+quoted(text.ValueString())+")")
		return 0
	}
	return parsed
}

// readExpectation validates the expectation arguments; tasks are the names that must exist
// (tasksAttribute names them in messages).
func readExpectation(ctx context.Context, config tfsdk.Config, tasks []string, tasksAttribute string, diags *diag.Diagnostics) expectation {
	var result expectation
	result.condition.Tasks = tasks
	var healthy types.Bool
	diags.Append(config.GetAttribute(ctx, path.Root("expect_healthy"), &healthy)...)
	result.condition.Healthy = healthy.ValueBool()
	stages, given := stringList(ctx, config, "expect_stages", diags)
	if given && len(stages) == 0 {
		diags.AddAttributeError(path.Root("expect_stages"), "Invalid expect_stages", "must name at least one stage when given")
	}
	for _, stage := range stages {
		result.condition.Stages = append(result.condition.Stages, taurusdbhtap.ReplicationStage(stage))
	}
	var minimum types.Float64
	diags.Append(config.GetAttribute(ctx, path.Root("min_percentage"), &minimum)...)
	result.condition.MinPercentage = minimum.ValueFloat64Pointer()
	if err := result.condition.Validate(); err != nil {
		var invalid *taurusdbhtap.ValidationError
		attribute := tasksAttribute
		if errors.As(err, &invalid) && conditionAttributes[invalid.Field] != "" {
			attribute = conditionAttributes[invalid.Field]
		}
		rule := err.Error()
		if invalid != nil {
			rule = invalid.Rule
		}
		diags.AddAttributeError(path.Root(attribute), "Invalid "+attribute, rule)
	}
	result.wait.Timeout = duration(ctx, config, "wait_timeout", diags)
	result.wait.Interval = duration(ctx, config, "wait_interval", diags)
	return result
}

// judged is the last successful read (filtered) and its evaluation.
type judged struct {
	tasks      []taurusdbhtap.Replication
	evaluation taurusdbhtap.Evaluation
	waited     time.Duration
}

// read lists (and filters) the tasks once, or with wait_timeout polls through the client's
// PollUntil until the expectation holds, a task can no longer meet it, or the time is up; the
// last read is judged either way. Reading errors are returned.
func (e expectation) read(ctx context.Context, list func(context.Context) ([]taurusdbhtap.Replication, error)) (judged, error) {
	start := time.Now()
	var last []taurusdbhtap.Replication
	read := func(ctx context.Context) ([]taurusdbhtap.Replication, error) {
		tasks, err := list(ctx)
		if err == nil {
			last = tasks
		}
		return tasks, err
	}
	if e.wait.Timeout == 0 {
		if _, err := read(ctx); err != nil {
			return judged{}, err
		}
	} else if _, err := taurusdbhtap.PollUntil(ctx, read, e.condition, e.wait); err != nil {
		var failed *taurusdbhtap.ReplicationFailedError
		var timeout *taurusdbhtap.WaitTimeoutError
		if !errors.As(err, &failed) && !(errors.As(err, &timeout) && timeout.Last != nil) {
			return judged{}, err
		}
	}
	return judged{tasks: last, evaluation: e.condition.Evaluate(last), waited: time.Since(start)}, nil
}

// report adds one error per violation (what was expected, what was read); a wait that found
// no task at all is one error too. Inside a check block Terraform shows them as warnings.
func (e expectation) report(result judged, diags *diag.Diagnostics) {
	for _, v := range result.evaluation.Violations {
		detail := "The data source's expectation (" + e.condition.Summary() + ") is not met: " + v.String() + "."
		if e.wait.Timeout > 0 {
			detail += " Waited " + result.waited.Round(time.Second).String() + " (wait_timeout " + e.wait.Timeout.String() + ")."
		}
		diags.AddError(v.String(), detail)
	}
	if e.wait.Timeout > 0 && len(result.evaluation.Selected) == 0 && len(result.evaluation.Violations) == 0 {
		diags.AddError("No task to wait for", "the instance has no tasks matching the filters after waiting "+e.wait.Timeout.String())
	}
}
