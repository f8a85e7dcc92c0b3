package provider

// The judgement of a listing against an expectation, with the Python layer's semantics and
// wording (taurusdb_replication._condition.Condition): every task that falls short is one
// violation, "task 'x': expected ..., read ...", all unmet criteria of a task together; a
// violation is final when waiting cannot repair it (an abnormal task while health is
// required, or a cancelled task). The Go client (branch clients-go) gains the same Condition;
// this file goes when the provider switches to it.

import (
	"sort"
	"strconv"
	"strings"

	taurusdbhtap "github.com/taurusdb-replication/taurusdb-replication/clients/go"
)

// condition is what every judged task must show; empty stages and a nil minPercentage
// check nothing, tasks empty judges every task.
type condition struct {
	tasks         []string
	stages        []string // known stages, lower case
	minPercentage *float64
	healthy       bool
}

// check is one unmet criterion of a task: which ("exists", "healthy", "stage",
// "percentage"), what was expected and what was read (nil when absent), as in the vectors.
type check struct {
	name     string
	expected any
	read     any
}

// violation is one task that does not meet the condition.
type violation struct {
	task     string
	expected string
	read     string
	final    bool
	checks   []check
}

func (v violation) String() string {
	name := v.task
	if name == "" {
		name = "<unnamed>"
	}
	return "task " + pyRepr(name) + ": expected " + v.expected + ", read " + v.read
}

// evaluation is a condition applied to one listing.
type evaluation struct {
	selected   []taurusdbhtap.Replication
	violations []violation
}

// met: every selected task meets the condition, and there is at least one.
func (e evaluation) met() bool { return len(e.selected) > 0 && len(e.violations) == 0 }

// final: some violation cannot be repaired by waiting.
func (e evaluation) final() bool {
	for _, v := range e.violations {
		if v.final {
			return true
		}
	}
	return false
}

// pyRepr quotes text as Python's repr of a str does for the usual cases.
func pyRepr(text string) string {
	if strings.Contains(text, "'") && !strings.Contains(text, `"`) {
		return `"` + text + `"`
	}
	return "'" + strings.ReplaceAll(strings.ReplaceAll(text, `\`, `\\`), "'", `\'`) + "'"
}

// number prints 100 rather than 100.0, other values in their shortest form.
func number(value float64) string {
	if value == float64(int64(value)) {
		return strconv.FormatInt(int64(value), 10)
	}
	return strconv.FormatFloat(value, 'g', -1, 64)
}

func stageText(stage *taurusdbhtap.ReplicationStage) string {
	if stage == nil {
		return ""
	}
	return string(*stage)
}

func (c condition) acceptsStage(task taurusdbhtap.Replication) bool {
	for _, wanted := range c.stages {
		if strings.EqualFold(stageText(task.Stage), wanted) {
			return true
		}
	}
	return false
}

func cancelled(task taurusdbhtap.Replication) bool {
	return strings.EqualFold(stageText(task.Stage), "cancelled")
}

// judge is the shortfall of one task, or nil when it passes.
func (c condition) judge(task taurusdbhtap.Replication) *violation {
	var expected, read []string
	var checks []check
	abnormal := c.healthy && !task.Healthy
	if abnormal {
		expected = append(expected, "status Yes (healthy)")
		status := "None"
		var readStatus any
		if task.Status != nil {
			status = pyRepr(*task.Status)
			readStatus = *task.Status
		}
		read = append(read, "status "+status)
		checks = append(checks, check{"healthy", true, readStatus})
	}
	stageRead := false
	if len(c.stages) > 0 && !c.acceptsStage(task) {
		expected = append(expected, "stage "+strings.Join(c.stages, " or "))
		shown := stageText(task.Stage)
		if shown == "" {
			shown = "none"
		}
		read = append(read, "stage "+shown)
		stageRead = true
		var readStage any
		if task.Stage != nil {
			readStage = stageText(task.Stage)
		}
		checks = append(checks, check{"stage", c.stages, readStage})
	}
	if c.minPercentage != nil && (task.Percentage == nil || *task.Percentage < *c.minPercentage) {
		expected = append(expected, "percentage >= "+number(*c.minPercentage))
		var readPercentage any
		if task.Percentage == nil {
			read = append(read, "no percentage")
		} else {
			read = append(read, "percentage "+number(*task.Percentage))
			readPercentage = *task.Percentage
		}
		checks = append(checks, check{"percentage", *c.minPercentage, readPercentage})
	}
	if len(expected) == 0 {
		return nil
	}
	if cancelled(task) && !stageRead {
		read = append(read, "stage cancelled")
	}
	return &violation{task.TaskName, strings.Join(expected, " and "), strings.Join(read, ", "), abnormal || cancelled(task), checks}
}

// evaluate judges one listing: every selected task that falls short, and every missing one.
func (c condition) evaluate(tasks []taurusdbhtap.Replication) evaluation {
	var result evaluation
	if len(c.tasks) == 0 {
		result.selected = tasks
		for _, task := range tasks {
			if v := c.judge(task); v != nil {
				result.violations = append(result.violations, *v)
			}
		}
		return result
	}
	byName := map[string]taurusdbhtap.Replication{}
	for _, task := range tasks {
		if _, seen := byName[task.TaskName]; task.TaskName != "" && !seen {
			byName[task.TaskName] = task
		}
	}
	for _, name := range c.tasks {
		task, ok := byName[name]
		if !ok {
			result.violations = append(result.violations, violation{name, "the task to exist", "no such task (" + listing(byName) + ")", false,
				[]check{{"exists", true, false}}})
			continue
		}
		result.selected = append(result.selected, task)
		if v := c.judge(task); v != nil {
			result.violations = append(result.violations, *v)
		}
	}
	return result
}

// summary is what each task must show, e.g. "stage incremental >= 100% healthy".
func (c condition) summary() string {
	var wanted []string
	if len(c.stages) > 0 {
		wanted = append(wanted, "stage "+strings.Join(c.stages, " or "))
	}
	if c.minPercentage != nil {
		wanted = append(wanted, ">= "+number(*c.minPercentage)+"%")
	}
	if c.healthy {
		wanted = append(wanted, "healthy")
	}
	if len(wanted) == 0 {
		return "any state"
	}
	return strings.Join(wanted, " ")
}

func listing(byName map[string]taurusdbhtap.Replication) string {
	if len(byName) == 0 {
		return "the instance has no tasks"
	}
	names := make([]string, 0, len(byName))
	for name := range byName {
		names = append(names, name)
	}
	sort.Strings(names)
	shown := make([]string, 0, 10)
	for _, name := range names[:min(10, len(names))] {
		shown = append(shown, pyRepr(name))
	}
	more := ""
	if len(names) > 10 {
		more = " and " + strconv.Itoa(len(names)-10) + " more"
	}
	return "tasks read: " + strings.Join(shown, ", ") + more
}
