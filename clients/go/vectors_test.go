package taurusdbhtap

// The shared conformance vectors of tests/vectors (format: tests/vectors/README.md), passed by
// the Python, TypeScript and Go clients alike.

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func readVectors(t *testing.T, name string, into any) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "tests", "vectors", name))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, into); err != nil {
		t.Fatal(err)
	}
}

// asJSON is a value as generic JSON, so expected and actual compare as the vectors spell them.
func asJSON(t *testing.T, value any) any {
	t.Helper()
	data, err := json.Marshal(value)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

type conditionCase struct {
	ID        string                       `json:"id"`
	Tasks     []map[string]json.RawMessage `json:"tasks"`
	Total     json.RawMessage              `json:"total_count"`
	Condition json.RawMessage              `json:"condition"`
	Expect    map[string]any               `json:"expect"`
}

func judged(evaluation Evaluation, listing Listing) map[string]any {
	selected := []string{}
	for _, task := range evaluation.Selected {
		selected = append(selected, task.TaskName)
	}
	violations := []map[string]any{}
	for _, v := range evaluation.Violations {
		checks := []map[string]any{}
		for _, c := range v.Checks {
			checks = append(checks, map[string]any{"check": c.Check, "expected": c.Expected, "read": c.Read})
		}
		violations = append(violations, map[string]any{"task": v.Task, "final": v.Final, "checks": checks})
	}
	summary := listing.Summary()
	return map[string]any{
		"met": evaluation.Met(), "cannot_succeed": len(evaluation.Failures()) > 0, "selected": selected,
		"missing": append([]string{}, evaluation.Missing...), "violations": violations,
		"summary": map[string]any{"healthy": summary.Healthy, "unhealthy_tasks": summary.UnhealthyTasks, "total_count": summary.TotalCount},
	}
}

func TestConditionVectors(t *testing.T) {
	var file struct {
		Version int             `json:"version"`
		Cases   []conditionCase `json:"cases"`
	}
	readVectors(t, "conditions.json", &file)
	if file.Version != 1 || len(file.Cases) == 0 {
		t.Fatalf("version %d, %d cases", file.Version, len(file.Cases))
	}
	for _, c := range file.Cases {
		t.Run(c.ID, func(t *testing.T) {
			condition, err := ConditionFromJSON(c.Condition)
			if want, ok := c.Expect["error"].(map[string]any); ok {
				var invalid *ValidationError
				if !errors.As(err, &invalid) || invalid.ID != want["rule"] || invalid.Field != want["field"] {
					t.Fatalf("want error %v, got %#v", want, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			listing := Listing{Tasks: []Replication{}}
			for _, raw := range c.Tasks {
				listing.Tasks = append(listing.Tasks, normalizeReplication(raw))
			}
			if total := parseCount(c.Total); total != nil {
				exact := int64(*total)
				listing.TotalCount = &exact
			}
			got := asJSON(t, judged(condition.Evaluate(listing.Tasks), listing))
			if want := asJSON(t, c.Expect); !reflect.DeepEqual(got, want) {
				t.Fatalf("\n got %v\nwant %v", got, want)
			}
		})
	}
}
