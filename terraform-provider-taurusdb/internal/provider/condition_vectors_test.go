package provider

// The shared condition vectors (tests/vectors/conditions.json, format in its README): each
// case's tasks, served as a page over loopback and read by the Go client's own parser, judged
// by the provider's condition; every case runs, none is skipped.

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	taurusdbhtap "github.com/taurusdb-replication/taurusdb-replication/clients/go"
)

type vectorFile struct {
	Version          int                        `json:"version"`
	ConditionDefault map[string]json.RawMessage `json:"condition_default"`
	Cases            []vectorCase               `json:"cases"`
}

type vectorCase struct {
	ID         string                     `json:"id"`
	Tasks      []json.RawMessage          `json:"tasks"`
	TotalCount json.RawMessage            `json:"total_count"`
	Condition  map[string]json.RawMessage `json:"condition"`
	Expect     struct {
		Met           *bool    `json:"met"`
		CannotSucceed *bool    `json:"cannot_succeed"`
		Selected      []string `json:"selected"`
		Missing       []string `json:"missing"`
		Violations    []struct {
			Task   string `json:"task"`
			Final  bool   `json:"final"`
			Checks []struct {
				Check    string `json:"check"`
				Expected any    `json:"expected"`
				Read     any    `json:"read"`
			} `json:"checks"`
		} `json:"violations"`
		Summary *struct {
			Healthy        bool     `json:"healthy"`
			UnhealthyTasks []string `json:"unhealthy_tasks"`
		} `json:"summary"`
		Error *struct {
			Rule  string `json:"rule"`
			Field string `json:"field"`
		} `json:"error"`
	} `json:"expect"`
}

// readTasks serves the tasks as one page and reads them with the Go client.
func readTasks(t *testing.T, tasks []json.RawMessage, total json.RawMessage) []taurusdbhtap.Replication {
	t.Helper()
	if len(total) == 0 {
		total = json.RawMessage("null")
	}
	if tasks == nil {
		tasks = []json.RawMessage{}
	}
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		items := tasks
		if r.URL.Query().Get("offset") != "0" {
			items = []json.RawMessage{}
		}
		body, _ := json.Marshal(map[string]any{"total_count": total, "replications": items})
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	defer server.Close()
	client, err := taurusdbhtap.NewReplicationsClient(server.URL, "0123456789abcdef0123456789abcdef", nil, "token")
	if err != nil {
		t.Fatal(err)
	}
	read, err := client.ListAllReplications(context.Background(), demoInstance)
	if err != nil {
		t.Fatal(err)
	}
	return read
}

// vectorCondition maps the case's condition (defaults filled) onto the provider's, with the
// provider's validation; the error names the rule as the vectors do.
func vectorCondition(defaults, given map[string]json.RawMessage) (condition, error) {
	raw := map[string]json.RawMessage{}
	for k, v := range defaults {
		raw[k] = v
	}
	for k, v := range given {
		raw[k] = v
	}
	var result condition
	var tasks []string
	if err := json.Unmarshal(raw["tasks"], &tasks); err != nil {
		return result, errors.New("task_list")
	}
	for _, name := range tasks {
		if invalidName(name) {
			return result, errors.New("task_name")
		}
		if !contains(result.tasks, name) {
			result.tasks = append(result.tasks, name)
		}
	}
	var stages []string
	_ = json.Unmarshal(raw["stages"], &stages)
	for _, text := range stages {
		stage, ok := knownStage(text)
		if !ok {
			return result, errors.New("unknown_stage")
		}
		if !contains(result.stages, stage) {
			result.stages = append(result.stages, stage)
		}
	}
	var minimum *float64
	_ = json.Unmarshal(raw["min_percentage"], &minimum)
	if minimum != nil && !(*minimum >= 0 && *minimum <= 100) {
		return result, errors.New("percentage_range")
	}
	result.minPercentage = minimum
	_ = json.Unmarshal(raw["healthy"], &result.healthy)
	return result, nil
}

func TestConditionVectors(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "..", "tests", "vectors", "conditions.json"))
	if err != nil {
		t.Fatalf("the shared condition vectors are missing (take them from branch i20-settings): %v", err)
	}
	var file vectorFile
	if err := json.Unmarshal(data, &file); err != nil || file.Version != 1 || len(file.Cases) == 0 {
		t.Fatalf("conditions.json: version 1 with cases expected (%v)", err)
	}
	for _, c := range file.Cases {
		t.Run(c.ID, func(t *testing.T) {
			cond, err := vectorCondition(file.ConditionDefault, c.Condition)
			if c.Expect.Error != nil {
				if err == nil || err.Error() != c.Expect.Error.Rule {
					t.Fatalf("want error %s, got %v", c.Expect.Error.Rule, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tasks := readTasks(t, c.Tasks, c.TotalCount)
			got := cond.evaluate(tasks)
			if c.Expect.Met != nil && got.met() != *c.Expect.Met {
				t.Errorf("met: want %v, got %v", *c.Expect.Met, got.met())
			}
			if c.Expect.CannotSucceed != nil && got.final() != *c.Expect.CannotSucceed {
				t.Errorf("cannot_succeed: want %v, got %v", *c.Expect.CannotSucceed, got.final())
			}
			selected := []string{}
			for _, task := range got.selected {
				selected = append(selected, task.TaskName)
			}
			if c.Expect.Selected != nil && !reflect.DeepEqual(selected, c.Expect.Selected) {
				t.Errorf("selected: want %v, got %v", c.Expect.Selected, selected)
			}
			if len(got.violations) != len(c.Expect.Violations) {
				t.Fatalf("violations: want %d, got %v", len(c.Expect.Violations), got.violations)
			}
			for i, want := range c.Expect.Violations {
				v := got.violations[i]
				if v.task != want.Task || v.final != want.Final || len(v.checks) != len(want.Checks) {
					t.Fatalf("violation %d: want %+v, got %+v", i, want, v)
				}
				for j, wc := range want.Checks {
					gc := v.checks[j]
					wantJSON, _ := json.Marshal([]any{wc.Check, wc.Expected, wc.Read})
					gotJSON, _ := json.Marshal([]any{gc.name, gc.expected, gc.read})
					if string(wantJSON) != string(gotJSON) {
						t.Errorf("violation %d check %d: want %s, got %s", i, j, wantJSON, gotJSON)
					}
				}
			}
			if s := c.Expect.Summary; s != nil {
				healthy, unhealthy := summarize(tasks)
				if healthy != s.Healthy || !reflect.DeepEqual(unhealthy, append([]string{}, s.UnhealthyTasks...)) {
					t.Errorf("summary: want %v %v, got %v %v", s.Healthy, s.UnhealthyTasks, healthy, unhealthy)
				}
			}
		})
	}
}
