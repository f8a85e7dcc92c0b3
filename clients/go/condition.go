package taurusdbhtap

// What replication tasks must show, and how one listing measures up to it: the Python layer's
// Condition (taurusdb_replication._condition), the single input of every check. It judges a
// listing into an Evaluation listing EVERY task that falls short, one Violation per task,
// phrased "task 'x': expected ..., read ...". A violation is final when waiting cannot repair
// it: the task is abnormal while health is required, or it is cancelled and the condition
// still asks something of it.

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Condition is what every selected task must show. CaughtUp() is the usual one (incremental,
// 100 %, healthy); the zero value checks only that the named Tasks exist.
type Condition struct {
	// Tasks are the names to judge, each of which must exist; empty judges every task of the
	// instance (and a wait then needs at least one task).
	Tasks []string `json:"tasks"`
	// Stages are the accepted stages (alternatives, any letter case); empty accepts any stage.
	Stages []ReplicationStage `json:"stages"`
	// MinPercentage is the least progress, 0 to 100; nil for no check.
	MinPercentage *float64 `json:"min_percentage"`
	// Healthy requires status Yes.
	Healthy bool `json:"healthy"`
}

// ConditionFromJSON reads a condition as the Python layer and the conformance vectors spell it
// ({"tasks": [...], "stages": [...], "min_percentage": 100, "healthy": true}); an absent key
// keeps CaughtUp's value, null clears it. The result is validated.
func ConditionFromJSON(data []byte) (Condition, error) {
	condition := CaughtUp()
	if err := json.Unmarshal(data, &condition); err != nil {
		var wrongType *json.UnmarshalTypeError
		if errors.As(err, &wrongType) && wrongType.Field == "tasks" {
			return Condition{}, &ValidationError{Field: "tasks", Rule: "must be a list of task names, not one string", ID: "task_list"}
		}
		if errors.As(err, &wrongType) {
			return Condition{}, &ValidationError{Field: wrongType.Field, Rule: "must be " + wrongType.Type.String(), ID: "condition"}
		}
		return Condition{}, &ValidationError{Field: "condition", Rule: "must be a JSON object", ID: "condition"}
	}
	return condition, condition.Validate()
}

// CaughtUp is the default condition of every front end: the tasks (all of them when none are
// named) are incremental, at 100 % and healthy.
func CaughtUp(tasks ...string) Condition {
	full := 100.0
	return Condition{Tasks: tasks, Stages: []ReplicationStage{ReplicationStageINCREMENTAL}, MinPercentage: &full, Healthy: true}
}

// Validate names the field and the rule a bad condition breaks; it also lower-cases stages and
// drops repeated names and stages, as the Python layer does.
func (c *Condition) Validate() error {
	var tasks []string
	for _, name := range c.Tasks {
		if strings.TrimSpace(name) == "" || strings.ContainsFunc(name, func(r rune) bool { return r < 32 || r == 127 }) {
			return &ValidationError{Field: "tasks", Rule: "every task name must be a non-empty string without control characters", ID: "task_name"}
		}
		if !slices.Contains(tasks, name) {
			tasks = append(tasks, name)
		}
	}
	var stages []ReplicationStage
	for _, stage := range c.Stages {
		known, ok := knownReplicationStageValues[strings.ToLower(strings.TrimSpace(string(stage)))]
		if !ok {
			names := make([]string, 0, len(knownReplicationStageValues))
			for name := range knownReplicationStageValues {
				names = append(names, name)
			}
			sort.Strings(names)
			return &ValidationError{Field: "stages", Rule: fmt.Sprintf("%q is not a stage; use one of %s", string(stage), strings.Join(names, ", ")), ID: "unknown_stage"}
		}
		if !slices.Contains(stages, known) {
			stages = append(stages, known)
		}
	}
	if m := c.MinPercentage; m != nil && (math.IsNaN(*m) || *m < 0 || *m > 100) {
		return &ValidationError{Field: "min_percentage", Rule: "must be a number from 0 to 100", ID: "percentage_range"}
	}
	c.Tasks, c.Stages = tasks, stages
	return nil
}

// Violation is one task that does not meet the condition: every unmet criterion and what was
// read ("" is an unnamed task). Final says waiting cannot repair it; Replication is the task as read (nil when missing).
type Violation struct {
	Task        string
	Expected    string
	Read        string
	Final       bool
	Replication *Replication
	// Checks are the unmet criteria as data, in order: "exists", "healthy", "stage", "percentage".
	Checks []Check
}

// Check is one unmet criterion: Expected is true ("exists", "healthy"), the accepted stages
// ([]string) or the minimum percentage (float64); Read is false ("exists"), the status or the
// stage (*string, nil when absent) or the percentage (*float64).
type Check struct {
	Check    string
	Expected any
	Read     any
}

func (v Violation) String() string {
	name := pyRepr(&v.Task)
	if v.Task == "" {
		name = "<unnamed>"
	}
	return "task " + name + ": expected " + v.Expected + ", read " + v.Read
}

// Evaluation is a condition applied to one listing: Selected are the judged tasks as read,
// Missing the required names not found, Violations one entry per selected or missing task
// that falls short, in the order of the condition's tasks (else of the listing).
type Evaluation struct {
	Selected   []Replication
	Missing    []string
	Violations []Violation
}

// Met: every selected task meets the condition, and there is at least one.
func (e Evaluation) Met() bool { return len(e.Selected) > 0 && len(e.Violations) == 0 }

// Failures are the violations waiting cannot repair (an abnormal or a cancelled task).
func (e Evaluation) Failures() []Violation {
	var out []Violation
	for _, v := range e.Violations {
		if v.Final {
			out = append(out, v)
		}
	}
	return out
}

// Describe is every shortfall on one line ("the instance has no tasks" for an empty listing).
func (e Evaluation) Describe() string {
	if len(e.Selected) == 0 && len(e.Missing) == 0 {
		return "the instance has no tasks"
	}
	parts := make([]string, len(e.Violations))
	for i, v := range e.Violations {
		parts[i] = v.String()
	}
	return strings.Join(parts, "; ")
}

func stageList(stages []ReplicationStage) string {
	parts := make([]string, len(stages))
	for i, s := range stages {
		parts[i] = string(s)
	}
	return strings.Join(parts, " or ")
}

// formatNumber is 100 rather than 100.0, other values in the fewest digits that read back.
func formatNumber(value float64) string {
	if value == math.Trunc(value) && math.Abs(value) < 1e16 {
		return strconv.FormatFloat(value, 'f', 0, 64)
	}
	return strconv.FormatFloat(value, 'g', -1, 64)
}

// pyRepr quotes as the Python layer's messages do ('x', or None), cleaned for a terminal.
func pyRepr(text *string) string {
	if text == nil {
		return "None"
	}
	return "'" + CleanText(strings.ReplaceAll(*text, "'", `\'`)) + "'"
}

// Summary is what each task must show, e.g. "stage incremental >= 100% healthy".
func (c Condition) Summary() string {
	var wanted []string
	if len(c.Stages) > 0 {
		wanted = append(wanted, "stage "+stageList(c.Stages))
	}
	if c.MinPercentage != nil {
		wanted = append(wanted, ">= "+formatNumber(*c.MinPercentage)+"%")
	}
	if c.Healthy {
		wanted = append(wanted, "healthy")
	}
	if wanted == nil {
		return "any state"
	}
	return strings.Join(wanted, " ")
}

// lowered is the condition with its stages in lower case, as the normalized tasks carry them.
func (c Condition) lowered() Condition {
	stages := make([]ReplicationStage, len(c.Stages))
	for i, stage := range c.Stages {
		stages[i] = ReplicationStage(strings.ToLower(strings.TrimSpace(string(stage))))
	}
	c.Stages = stages
	return c
}

// Evaluate judges one listing: every selected task that falls short, and every missing one.
// Stages compare in any letter case; Validate first to refuse a bad condition.
func (c Condition) Evaluate(tasks []Replication) Evaluation {
	c = c.lowered()
	if len(c.Tasks) == 0 {
		var violations []Violation
		for i := range tasks {
			if v, ok := c.Judge(tasks[i]); ok {
				violations = append(violations, v)
			}
		}
		return Evaluation{Selected: tasks, Violations: violations}
	}
	byName := map[string]*Replication{}
	for i := range tasks {
		if tasks[i].TaskName != "" {
			byName[tasks[i].TaskName] = &tasks[i]
		}
	}
	var out Evaluation
	for _, name := range c.Tasks {
		task, ok := byName[name]
		if !ok {
			out.Missing = append(out.Missing, name)
			out.Violations = append(out.Violations, Violation{Task: name, Expected: "the task to exist",
				Read: "no such task (" + listingOf(byName) + ")", Checks: []Check{{"exists", true, false}}})
			continue
		}
		out.Selected = append(out.Selected, *task)
		if v, ok := c.Judge(*task); ok {
			out.Violations = append(out.Violations, v)
		}
	}
	return out
}

// Judge is the shortfall of one task (all unmet criteria together); false when it passes.
func (c Condition) Judge(task Replication) (Violation, bool) {
	c = c.lowered()
	var expected, read []string
	var checks []Check
	abnormal := c.Healthy && !task.Healthy
	if abnormal {
		expected = append(expected, "status Yes (healthy)")
		read = append(read, "status "+pyRepr(task.Status))
		checks = append(checks, Check{"healthy", true, task.Status})
	}
	if len(c.Stages) > 0 && (task.Stage == nil || !slices.Contains(c.Stages, *task.Stage)) {
		expected = append(expected, "stage "+stageList(c.Stages))
		stage := "none"
		var sent *string
		if task.Stage != nil {
			stage = CleanText(string(*task.Stage))
			text := string(*task.Stage)
			sent = &text
		}
		read = append(read, "stage "+stage)
		accepted := make([]string, len(c.Stages))
		for i, s := range c.Stages {
			accepted[i] = string(s)
		}
		checks = append(checks, Check{"stage", accepted, sent})
	}
	if m := c.MinPercentage; m != nil && (task.Percentage == nil || *task.Percentage < *m) {
		expected = append(expected, "percentage >= "+formatNumber(*m))
		checks = append(checks, Check{"percentage", *m, task.Percentage})
		if task.Percentage == nil {
			read = append(read, "no percentage")
		} else {
			read = append(read, "percentage "+formatNumber(*task.Percentage))
		}
	}
	if expected == nil {
		return Violation{}, false
	}
	cancelled := task.Stage != nil && *task.Stage == ReplicationStageCANCELLED
	if cancelled && !slices.ContainsFunc(read, func(r string) bool { return strings.HasPrefix(r, "stage ") }) {
		read = append(read, "stage cancelled")
	}
	return Violation{Task: task.TaskName, Expected: strings.Join(expected, " and "), Read: strings.Join(read, ", "),
		Final: abnormal || cancelled, Replication: &task, Checks: checks}, true
}

func listingOf(byName map[string]*Replication) string {
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
		shown = append(shown, pyRepr(&name))
	}
	text := "tasks read: " + strings.Join(shown, ", ")
	if len(names) > 10 {
		text += fmt.Sprintf(" and %d more", len(names)-10)
	}
	return text
}

// Summary is what every front end shows about a whole listing, whatever a condition or a
// filter selects: Healthy (at least one task, and every task healthy: an instance without
// tasks is not healthy, as it never meets a condition), UnhealthyTasks (names in listing
// order, "" for an unnamed task) and TotalCount (the service's total_count, else the number of
// tasks read).
type Summary struct {
	Healthy        bool     `json:"healthy"`
	UnhealthyTasks []string `json:"unhealthy_tasks"`
	TotalCount     int64    `json:"total_count"`
}

// Summary of the listing (see the type).
func (l Listing) Summary() Summary {
	out := Summary{Healthy: len(l.Tasks) > 0, UnhealthyTasks: []string{}, TotalCount: int64(len(l.Tasks))}
	for _, task := range l.Tasks {
		if !task.Healthy {
			out.Healthy = false
			out.UnhealthyTasks = append(out.UnhealthyTasks, task.TaskName)
		}
	}
	if l.TotalCount != nil {
		out.TotalCount = *l.TotalCount
	}
	return out
}
