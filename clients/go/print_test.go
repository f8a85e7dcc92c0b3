package taurusdbhtap

// A task prints its values (never pointer addresses), a value the typed view cannot read is
// kept with the reason, and integers stay exact: the service's total_count of 2^53 + 1 from a
// real server on loopback, and the integer parser every spec integer field is generated with.

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

func rawTask(t *testing.T, text string) map[string]json.RawMessage {
	t.Helper()
	var raw map[string]json.RawMessage
	if err := json.Unmarshal([]byte(text), &raw); err != nil {
		t.Fatal(err)
	}
	return raw
}

func TestPrintingATaskShowsItsValues(t *testing.T) {
	task := normalizeReplication(rawTask(t, `{"task_name": "orders\u001b[2J", "status": "Yes", "stage": "Incremental",
		"percentage": "99.5", "is_main_task": "true", "lag": 7}`))
	text := fmt.Sprint(task)
	for _, want := range []string{`task_name="orders\\x1b[2J"`, `stage="incremental"`, "percentage=99.5", "healthy=true",
		"is_main_task=true", "catchup_stage=null", "lag=7"} {
		if !strings.Contains(text, want) {
			t.Errorf("%q lacks %q", text, want)
		}
	}
	if strings.Contains(text, "0x") || strings.ContainsRune(text, 0x1b) {
		t.Errorf("pointers or raw control characters: %q", text)
	}
	if got := fmt.Sprint(task.Stage, task.GetPercentage(), task.GetIsMainTask()); got != "incremental 99.5 true" {
		t.Errorf("fmt.Sprint(task.Stage, task.GetPercentage(), task.GetIsMainTask()) = %q", got)
	}
	if task.GetCatchupPercentage() != 0 || task.CatchupPercentage != nil {
		t.Error("an absent value reads as the zero value through its getter and stays nil")
	}
}

func TestAValueTheViewCannotReadIsKeptWithTheReason(t *testing.T) {
	task := normalizeReplication(rawTask(t, `{"task_name": "a_sync", "percentage": "12ms", "is_need_repair": "maybe", "catchup_percentage": null}`))
	if task.Percentage != nil || task.IsNeedRepair != nil {
		t.Fatal("unreadable values must not land in the typed fields")
	}
	if string(task.Extra["percentage"]) != `"12ms"` || task.Unreadable["percentage"] != `expected a number, got "12ms"` {
		t.Fatalf("percentage: %s, %+v", task.Extra["percentage"], task.Unreadable)
	}
	if _, ok := task.Unreadable["catchup_percentage"]; ok || len(task.Unreadable) != 2 || len(task.Extra) != 2 {
		t.Fatalf("null is absent, not unreadable: %+v %s", task.Unreadable, task.Extra)
	}
	data, _ := json.Marshal(task)
	if !strings.Contains(string(data), `"extra":{"is_need_repair":"maybe","percentage":"12ms"}`) {
		t.Fatalf("the JSON must carry the values in extra, as the Python view's to_dict: %s", data)
	}
	if text := fmt.Sprint(task); !strings.Contains(text, `percentage=unreadable("12ms")`) {
		t.Fatalf("String must show it: %s", text)
	}
}

func TestIntegersStayExact(t *testing.T) {
	for raw, want := range map[string]int64{`9007199254740993`: 9007199254740993, `"9007199254740993"`: 9007199254740993,
		`" -42 "`: -42, `9223372036854775807`: 9223372036854775807} {
		if got := parseInteger(json.RawMessage(raw)); got == nil || *got != want {
			t.Errorf("parseInteger(%s) = %v, want %d", raw, got, want)
		}
	}
	for _, raw := range []string{`1.5`, `"12ms"`, `1e3`, `9223372036854775808`, `true`, `null`} {
		if got := parseInteger(json.RawMessage(raw)); got != nil {
			t.Errorf("parseInteger(%s) = %d, want nil", raw, *got)
		}
	}
	server := listen(t, "127.0.0.1", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprint(w, `{"total_count": 9007199254740993, "replications": [{"task_name": "a_sync"}]}`)
	}))
	listing, err := tokenClient(t, Options{Endpoint: server.URL}).ListTasks(context.Background(), testInstance)
	if err != nil || listing.TotalCount == nil || *listing.TotalCount != 9007199254740993 {
		t.Fatalf("total_count %v, %v", listing.TotalCount, err)
	}
	if summary := listing.Summary(); summary.TotalCount != 9007199254740993 {
		t.Fatalf("summary total %d", summary.TotalCount)
	}
	if data, _ := json.Marshal(listing.Summary()); !strings.Contains(string(data), "9007199254740993") {
		t.Fatalf("JSON %s", data)
	}
}

func TestOneMaskingRule(t *testing.T) {
	for raw, want := range map[string]string{
		"http://user:pw-1@proxy.example:3128":  "http://***@proxy.example:3128",
		"https://h.example/p?sig=abc&offset=0": "https://h.example/p?offset=***&sig=***",
		"http://token@proxy.example:3128/":     "http://***@proxy.example:3128/",
	} {
		if got := MaskURL(raw); got != want {
			t.Errorf("MaskURL(%q) = %q, want %q", raw, got, want)
		}
	}
	if got := fmt.Sprint(AccessKey{AccessKey: "AKIAEXAMPLE42", SecretKey: "s3cret-value"}); got != "AccessKey{AKIA…42, secret=***}" {
		t.Errorf("AccessKey prints %q", got)
	}
	if got := CleanText("a\x1b]0;t\x07b\r\n\u009b\u202e\x7fz é"); got != `a\x1b]0;t\x07b\x0d\x0a\u009b\u202e\x7fz é` {
		t.Errorf("CleanText = %q", got)
	}
}

func TestEvaluateComparesStagesInAnyLetterCase(t *testing.T) {
	task := normalizeReplication(rawTask(t, `{"task_name": "a_sync", "status": "Yes", "stage": "INCREMENTAL", "percentage": 100}`))
	condition := Condition{Stages: []ReplicationStage{"Incremental"}}
	if evaluation := condition.Evaluate([]Replication{task}); !evaluation.Met() {
		t.Fatal(evaluation.Describe())
	}
}
