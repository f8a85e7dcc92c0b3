package taurusdbhtap

// What replication tasks must show, and how one listing measures up to it: the Python layer's
// Condition (taurusdb_replication._condition), the single input of every check. It judges a
// listing into an Evaluation listing EVERY task that falls short, one Violation per task,
// phrased "task 'x': expected ..., read ...". A violation is final when waiting cannot repair
// it: the task is abnormal while health is required, or it is cancelled and the condition
// still asks something of it.

import (
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
	Tasks []string
	// Stages are the accepted stages (alternatives); empty accepts any stage.
	Stages []ReplicationStage
	// MinPercentage is the least progress, 0 to 100; nil for no check.
	MinPercentage *float64
	// Healthy requires status Yes.
	Healthy bool
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
			return &ValidationError{"tasks", "every task name must be a non-empty string without control characters"}
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
			return &ValidationError{"stages", fmt.Sprintf("%q is not a stage; use one of %s", string(stage), strings.Join(names, ", "))}
		}
		if !slices.Contains(stages, known) {
			stages = append(stages, known)
		}
	}
	if m := c.MinPercentage; m != nil && (math.IsNaN(*m) || *m < 0 || *m > 100) {
		return &ValidationError{"min_percentage", "must be a number from 0 to 100"}
	}
	c.Tasks, c.Stages = tasks, stages
	return nil
}

// Violation is one task that does not meet the condition: every unmet criterion and what was
// read. Final says waiting cannot repair it; Replication is the task as read (nil when missing).
type Violation struct {
	Task        string
	Expected    string
	Read        string
	Final       bool
	Replication *Replication
}

func (v Violation) String() string {
	return "task " + pyRepr(&v.Task) + ": expected " + v.Expected + ", read " + v.Read
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

// Evaluate judges one listing: every selected task that falls short, and every missing one.
func (c Condition) Evaluate(tasks []Replication) Evaluation {
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
			out.Violations = append(out.Violations, Violation{Task: name, Expected: "the task to exist", Read: "no such task (" + listingOf(byName) + ")"})
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
	var expected, read []string
	abnormal := c.Healthy && !task.Healthy
	if abnormal {
		expected = append(expected, "status Yes (healthy)")
		read = append(read, "status "+pyRepr(task.Status))
	}
	if len(c.Stages) > 0 && (task.Stage == nil || !slices.Contains(c.Stages, *task.Stage)) {
		expected = append(expected, "stage "+stageList(c.Stages))
		stage := "none"
		if task.Stage != nil {
			stage = CleanText(string(*task.Stage))
		}
		read = append(read, "stage "+stage)
	}
	if m := c.MinPercentage; m != nil && (task.Percentage == nil || *task.Percentage < *m) {
		expected = append(expected, "percentage >= "+formatNumber(*m))
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
	name := task.TaskName
	if name == "" {
		name = "<unnamed>"
	}
	return Violation{Task: name, Expected: strings.Join(expected, " and "), Read: strings.Join(read, ", "),
		Final: abnormal || cancelled, Replication: &task}, true
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
