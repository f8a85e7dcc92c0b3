package provider

// A data source's expectation: its arguments validated into one condition, and the read
// (with waiting) judged by it. Arguments left out check nothing (like the Pulumi functions);
// a bad value is an error naming the attribute.

import (
	"context"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	taurusdbhtap "github.com/taurusdb-replication/taurusdb-replication/clients/go"
)

const (
	maxWait             = 24 * time.Hour
	defaultWaitInterval = 10 * time.Second
)

// expectation is the condition a read must meet and how long to wait for it.
type expectation struct {
	condition   condition
	waitTimeout time.Duration // 0: judge the first read
	interval    time.Duration
}

// checks: whether the condition asks anything beyond the tasks' existence.
func (e expectation) checks() bool {
	return len(e.condition.stages) > 0 || e.condition.minPercentage != nil || e.condition.healthy
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

// stringList reads an optional list of strings (nil when null), refusing empty or
// control-character items and dropping duplicates.
func stringList(ctx context.Context, config tfsdk.Config, name string, diags *diag.Diagnostics) []string {
	var list types.List
	diags.Append(config.GetAttribute(ctx, path.Root(name), &list)...)
	if list.IsNull() || list.IsUnknown() {
		return nil
	}
	var items []string
	diags.Append(list.ElementsAs(ctx, &items, false)...)
	var out []string
	for _, item := range items {
		if invalidName(item) {
			diags.AddAttributeError(path.Root(name), "Invalid "+name, "every item must be a non-empty string without control characters")
			return nil
		}
		if !contains(out, item) {
			out = append(out, item)
		}
	}
	return out
}

// invalidName: a task name must be a non-empty string without control characters.
func invalidName(name string) bool {
	return strings.TrimSpace(name) == "" || strings.ContainsFunc(name, func(r rune) bool { return r < 32 || r == 127 })
}

func contains(items []string, item string) bool {
	for _, have := range items {
		if have == item {
			return true
		}
	}
	return false
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
			`must be a duration such as "30s" or "5m", greater than 0 and at most "24h" (got `+pyRepr(text.ValueString())+")")
		return 0
	}
	return parsed
}

// readExpectation validates the expectation arguments; tasks are the names that must exist.
func readExpectation(ctx context.Context, config tfsdk.Config, tasks []string, diags *diag.Diagnostics) expectation {
	result := expectation{condition: condition{tasks: tasks}, interval: defaultWaitInterval}
	var healthy types.Bool
	diags.Append(config.GetAttribute(ctx, path.Root("expect_healthy"), &healthy)...)
	result.condition.healthy = healthy.ValueBool()
	var listed types.List
	diags.Append(config.GetAttribute(ctx, path.Root("expect_stages"), &listed)...)
	stages := stringList(ctx, config, "expect_stages", diags)
	if !listed.IsNull() && len(stages) == 0 && !diags.HasError() {
		diags.AddAttributeError(path.Root("expect_stages"), "Invalid expect_stages", "must name at least one stage when given")
	}
	for _, text := range stages {
		stage, ok := knownStage(text)
		if !ok {
			diags.AddAttributeError(path.Root("expect_stages"), "Invalid expect_stages",
				pyRepr(text)+" is not a stage; use one of "+strings.Join(knownStages, ", "))
			continue
		}
		if !contains(result.condition.stages, stage) {
			result.condition.stages = append(result.condition.stages, stage)
		}
	}
	var minimum types.Float64
	diags.Append(config.GetAttribute(ctx, path.Root("min_percentage"), &minimum)...)
	if !minimum.IsNull() && !minimum.IsUnknown() {
		value := minimum.ValueFloat64()
		if !(value >= 0 && value <= 100) {
			diags.AddAttributeError(path.Root("min_percentage"), "Invalid min_percentage", "must be a number from 0 to 100")
		}
		result.condition.minPercentage = &value
	}
	result.waitTimeout = duration(ctx, config, "wait_timeout", diags)
	if interval := duration(ctx, config, "wait_interval", diags); interval > 0 {
		result.interval = interval
	}
	return result
}

// judged is the last read and its evaluation.
type judged struct {
	tasks      []taurusdbhtap.Replication
	evaluation evaluation
	waited     time.Duration
}

// read lists (and filters) the tasks, then, when waiting, reads again every interval until
// the expectation holds, a violation is final, or the timeout passes. Reading errors stop at once.
func (e expectation) read(ctx context.Context, list func(context.Context) ([]taurusdbhtap.Replication, error)) (judged, error) {
	start := time.Now()
	deadline := start.Add(e.waitTimeout)
	for {
		tasks, err := list(ctx)
		if err != nil {
			return judged{}, err
		}
		result := judged{tasks: tasks, evaluation: e.condition.evaluate(tasks), waited: time.Since(start)}
		if e.waitTimeout == 0 || result.evaluation.met() || result.evaluation.final() {
			return result, nil
		}
		remaining := time.Until(deadline)
		if remaining <= 0 {
			return result, nil
		}
		timer := time.NewTimer(min(e.interval, remaining))
		select {
		case <-ctx.Done():
			timer.Stop()
			return result, nil
		case <-timer.C:
		}
	}
}

// report adds one error per violation (what was expected, what was read); a wait that found
// no task at all is one error too. Inside a check block Terraform shows them as warnings.
func (e expectation) report(result judged, diags *diag.Diagnostics) {
	for _, v := range result.evaluation.violations {
		detail := "The data source's expectation (" + e.condition.summary() + ") is not met: " + v.String() + "."
		if e.waitTimeout > 0 {
			detail += " Waited " + result.waited.Round(time.Second).String() + " of wait_timeout " + e.waitTimeout.String() + "."
		}
		diags.AddError(v.String(), detail)
	}
	if e.waitTimeout > 0 && len(result.evaluation.selected) == 0 && len(result.evaluation.violations) == 0 {
		diags.AddError("no task to wait for", "the instance has no tasks matching the filters after waiting "+e.waitTimeout.String())
	}
}
