package taurusdbhtap

// The shared conformance vectors of tests/vectors (format: tests/vectors/README.md), passed by
// the Python, TypeScript and Go clients alike.

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
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

type settingsCase struct {
	ID        string                    `json:"id"`
	Env       map[string]string         `json:"env"`
	Files     map[string]string         `json:"files"`
	Arguments map[string]any            `json:"arguments"`
	Expect    map[string]any            `json:"expect"`
	Languages map[string]map[string]any `json:"languages"`
}

// withHome replaces $HOME by home in every string of a decoded JSON value.
func withHome(value any, home string) any {
	switch v := value.(type) {
	case string:
		return strings.ReplaceAll(v, "$HOME", home)
	case map[string]any:
		out := map[string]any{}
		for key, item := range v {
			out[strings.ReplaceAll(key, "$HOME", home)] = withHome(item, home)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, item := range v {
			out[i] = withHome(item, home)
		}
		return out
	}
	return value
}

// optionsFrom sets the Options field tagged with each canonical setting name.
func optionsFrom(t *testing.T, arguments map[string]any) Options {
	var options Options
	fields := reflect.ValueOf(&options).Elem()
	for name, value := range arguments {
		if value == nil || value == "" {
			continue
		}
		found := false
		for i := range fields.NumField() {
			if fields.Type().Field(i).Tag.Get("setting") != name {
				continue
			}
			found = true
			field := fields.Field(i)
			switch target := field.Interface().(type) {
			case string:
				field.SetString(value.(string))
			case *int64:
				number := int64(value.(float64))
				field.Set(reflect.ValueOf(&number))
			case *bool:
				flag := value.(bool)
				field.Set(reflect.ValueOf(&flag))
			case *time.Duration:
				duration := time.Duration(value.(float64) * float64(time.Second))
				field.Set(reflect.ValueOf(&duration))
			default:
				t.Fatalf("argument %s: no rule for %T", name, target)
			}
		}
		if !found {
			t.Fatalf("argument %s is not a field of Options", name)
		}
	}
	return options
}

// vectorValue is a resolved value as the vectors spell it (durations in seconds).
func vectorValue(value any) any {
	if duration, ok := value.(time.Duration); ok {
		return duration.Seconds()
	}
	return value
}

func TestSettingsVectors(t *testing.T) {
	var file struct {
		Version int            `json:"version"`
		Cases   []settingsCase `json:"cases"`
	}
	readVectors(t, "settings.json", &file)
	if file.Version != 1 || len(file.Cases) == 0 {
		t.Fatalf("version %d, %d cases", file.Version, len(file.Cases))
	}
	for _, c := range file.Cases {
		t.Run(c.ID, func(t *testing.T) {
			home := t.TempDir()
			env := map[string]string{"HOME": home}
			for name, value := range c.Env {
				env[name] = strings.ReplaceAll(value, "$HOME", home)
			}
			for path, text := range c.Files {
				path = strings.ReplaceAll(path, "$HOME", home)
				if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			expect := c.Expect
			if answer, ok := c.Languages["go"]; ok {
				expect = answer
			}
			expect = withHome(expect, home).(map[string]any)
			arguments, _ := withHome(map[string]any(c.Arguments), home).(map[string]any)
			settings, err := ResolveSettings(optionsFrom(t, arguments), func(name string) string { return env[name] })
			if want, ok := expect["error"].(map[string]any); ok {
				got := map[string]any{}
				var config *ConfigurationError
				var invalid *ValidationError
				switch {
				case errors.As(err, &config):
					got = map[string]any{"rule": config.Rule, "field": config.Field, "origin": config.Origin, "missing": config.Missing}
					if config.Source != nil {
						source := map[string]any{"kind": config.Source.Kind}
						if config.Source.Family != "" {
							source["family"] = config.Source.Family
						}
						if config.Source.Kind == "profile" {
							source["file"], source["section"] = config.Source.File, config.Source.Section
						}
						got["source"] = source
					}
				case errors.As(err, &invalid):
					got = map[string]any{"rule": invalid.ID, "field": invalid.Field, "origin": invalid.Origin}
				default:
					t.Fatalf("want error %v, got %v", want, err)
				}
				for key := range got {
					if _, compared := want[key]; !compared {
						delete(got, key)
					}
				}
				if got, want := asJSON(t, got), asJSON(t, want); !reflect.DeepEqual(got, want) {
					t.Fatalf("\n got %v\nwant %v (%v)", got, want, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("want %v, got %v", expect, err)
			}
			wantValues, _ := expect["values"].(map[string]any)
			got := map[string]any{}
			for name := range wantValues {
				value, ok := settings.Values[name]
				if !ok {
					t.Fatalf("no value for %s", name)
				}
				got[name] = map[string]any{"value": vectorValue(value.Value), "origin": value.Origin}
			}
			if auth, ok := expect["auth"]; ok && auth != settings.Auth {
				t.Fatalf("auth %s, want %s", settings.Auth, auth)
			}
			if got, want := asJSON(t, got), asJSON(t, wantValues); !reflect.DeepEqual(got, want) {
				t.Fatalf("\n got %v\nwant %v", got, want)
			}
		})
	}
}
