package taurusdbhtap_test

// These tests prove that openapi.yaml yields a Go client that decodes what the service really
// sends (numbers as strings, capitalised stages, nulls, unknown fields) and that lists the tasks
// of a running emulator. The normalisation helpers below are what a user of the generated types
// writes; they are deliberately not part of the generated package.
//
// TestListDemoTasks needs a server: TAURUSDB_ENDPOINT, TAURUSDB_PROJECT_ID,
// TAURUSDB_INSTANCE_ID and TAURUSDB_AUTH_TOKEN (tests/other_clients starts the emulator and
// sets them). With TAURUSDB_RESULT_FILE set, the normalised tasks are written there as JSON.

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	client "github.com/taurusdb-replication/taurusdb-replication/clients/go"
)

// Task is one task with the wire quirks resolved; its JSON keys match the TypeScript smoke
// program's output so both can be compared with the same expectation.
type Task struct {
	TaskName          *string        `json:"task_name"`
	SourceDatabase    *string        `json:"source_database"`
	TargetDatabase    *string        `json:"target_database"`
	Status            *string        `json:"status"`
	Stage             *string        `json:"stage"`
	StageKnown        bool           `json:"stage_known"`
	Percentage        *float64       `json:"percentage"`
	CatchupStage      *string        `json:"catchup_stage"`
	CatchupPercentage *float64       `json:"catchup_percentage"`
	IsNeedRepair      *bool          `json:"is_need_repair"`
	IsMainTask        *bool          `json:"is_main_task"`
	Extra             map[string]any `json:"extra"`
}

// Listing is the result of reading every page, in the smoke program's shape.
type Listing struct {
	TotalCount *float64 `json:"total_count"`
	Pages      int      `json:"pages"`
	Tasks      []Task   `json:"tasks"`
}

// union is a generated anyOf type: its JSON is whatever the server sent.
type union[T any] interface {
	*T
	json.Marshaler
}

// rawJSON returns the union's JSON as sent, or nil when the field was absent or null.
func rawJSON[T any, P union[T]](value P) ([]byte, error) {
	if value == nil {
		return nil, nil
	}
	raw, err := value.MarshalJSON()
	if err != nil || string(raw) == "null" || len(raw) == 0 {
		return nil, err
	}
	return raw, nil
}

// number reads a count or percentage sent as a JSON number or as a string of digits.
func number[T any, P union[T]](value P, field string) (*float64, error) {
	raw, err := rawJSON[T](value)
	if raw == nil || err != nil {
		return nil, err
	}
	var n float64
	if json.Unmarshal(raw, &n) == nil {
		return &n, nil
	}
	var text string
	if err := json.Unmarshal(raw, &text); err != nil {
		return nil, fmt.Errorf("%s: expected a number or a string of digits, got %s", field, raw)
	}
	n, err = strconv.ParseFloat(strings.TrimSpace(text), 64)
	if err != nil {
		return nil, fmt.Errorf("%s: expected a number or a string of digits, got %q", field, text)
	}
	return &n, nil
}

// flag reads a boolean sent as a JSON boolean or as "true"/"false".
func flag[T any, P union[T]](value P, field string) (*bool, error) {
	raw, err := rawJSON[T](value)
	if raw == nil || err != nil {
		return nil, err
	}
	var b bool
	if json.Unmarshal(raw, &b) == nil {
		return &b, nil
	}
	var text string
	if json.Unmarshal(raw, &text) == nil {
		switch strings.ToLower(strings.TrimSpace(text)) {
		case "true":
			b = true
			return &b, nil
		case "false":
			return &b, nil
		}
	}
	return nil, fmt.Errorf("%s: expected true or false, got %s", field, raw)
}

// stage reads a stage in any letter case; values the spec does not list are kept.
func stage[T any, P union[T]](value P, field string) (*string, error) {
	raw, err := rawJSON[T](value)
	if raw == nil || err != nil {
		return nil, err
	}
	var text string
	if err := json.Unmarshal(raw, &text); err != nil {
		return nil, fmt.Errorf("%s: expected a string, got %s", field, raw)
	}
	lower := strings.ToLower(strings.TrimSpace(text))
	return &lower, nil
}

func normalise(task client.StarRocksReplicationInfo, index int) (Task, error) {
	where := fmt.Sprintf("replications[%d]", index)
	out := Task{
		TaskName:       task.TaskName,
		SourceDatabase: task.SourceDatabase,
		TargetDatabase: task.TargetDatabase,
		Status:         task.Status,
		Extra:          map[string]any{},
	}
	for key, value := range task.AdditionalProperties {
		out.Extra[key] = value
	}
	var err error
	if out.Stage, err = stage(task.Stage, where+".stage"); err != nil {
		return out, err
	}
	// The generated enum knows the listed stages in both cases; Valid() says whether it is one.
	out.StageKnown = out.Stage != nil && client.ReplicationStage(*out.Stage).Valid()
	if out.CatchupStage, err = stage(task.CatchupStage, where+".catchup_stage"); err != nil {
		return out, err
	}
	if out.Percentage, err = number(task.Percentage, where+".percentage"); err != nil {
		return out, err
	}
	if out.CatchupPercentage, err = number(task.CatchupPercentage, where+".catchup_percentage"); err != nil {
		return out, err
	}
	if out.IsNeedRepair, err = flag(task.IsNeedRepair, where+".is_need_repair"); err != nil {
		return out, err
	}
	if out.IsMainTask, err = flag(task.IsMainTask, where+".is_main_task"); err != nil {
		return out, err
	}
	return out, nil
}

func normalisePage(page client.ReplicationPage, offset int) (*float64, []Task, error) {
	total, err := number(page.TotalCount, "total_count")
	if err != nil {
		return nil, nil, err
	}
	var tasks []Task
	if page.Replications != nil {
		for i, task := range *page.Replications {
			normalised, err := normalise(task, offset+i)
			if err != nil {
				return nil, nil, err
			}
			tasks = append(tasks, normalised)
		}
	}
	return total, tasks, nil
}

// wireQuirks is the spec's `wire-quirks` example plus a task that is all nulls and one with an
// unlisted stage: what the real service sends, not what the vendor page's tables say.
const wireQuirks = `{
  "total_count": "3",
  "replications": [
    {"source_database": "orders", "target_database": "orders_olap", "task_name": "orders_sync",
     "status": "Yes", "stage": "Incremental", "percentage": 100, "catchup_stage": null,
     "catchup_percentage": 0, "is_need_repair": "false", "is_main_task": "true"},
    {"source_database": "billing", "target_database": "billing_olap", "task_name": "billing_sync",
     "status": "Yes", "stage": "Full", "percentage": "42", "catchup_stage": "Wait",
     "catchup_percentage": "0", "is_need_repair": false, "is_main_task": "FALSE",
     "brand_new_field": {"kept": true}},
    {"source_database": null, "target_database": null, "task_name": null, "status": null,
     "stage": null, "percentage": null, "catchup_stage": null, "catchup_percentage": null,
     "is_need_repair": null, "is_main_task": null},
    {"task_name": "future_sync", "stage": "Repairing", "percentage": "12.5"}
  ],
  "ext_text": null,
  "request_trace": "kept too"
}`

func TestDecodeWireQuirks(t *testing.T) {
	var page client.ReplicationPage
	if err := json.Unmarshal([]byte(wireQuirks), &page); err != nil {
		t.Fatalf("the generated types reject what the service sends: %v", err)
	}
	total, tasks, err := normalisePage(page, 0)
	if err != nil {
		t.Fatal(err)
	}
	if total == nil || *total != 3 {
		t.Errorf("total_count: got %v, want 3", total)
	}
	if len(tasks) != 4 {
		t.Fatalf("got %d tasks, want 4", len(tasks))
	}
	if page.AdditionalProperties["request_trace"] != "kept too" {
		t.Errorf("an unknown top-level field was dropped: %v", page.AdditionalProperties)
	}
	orders, billing, empty, future := tasks[0], tasks[1], tasks[2], tasks[3]
	check := func(name string, got, want any) {
		t.Helper()
		gotJSON, _ := json.Marshal(got)
		wantJSON, _ := json.Marshal(want)
		if string(gotJSON) != string(wantJSON) {
			t.Errorf("%s: got %s, want %s", name, gotJSON, wantJSON)
		}
	}
	check("orders stage", orders.Stage, "incremental")
	check("orders known", orders.StageKnown, true)
	check("orders percentage", orders.Percentage, 100)
	check("orders is_main_task", orders.IsMainTask, true)
	check("billing percentage", billing.Percentage, 42)
	check("billing catchup_stage", billing.CatchupStage, "wait")
	check("billing is_need_repair", billing.IsNeedRepair, false)
	check("billing is_main_task", billing.IsMainTask, false)
	check("billing extra", billing.Extra, map[string]any{"brand_new_field": map[string]any{"kept": true}})
	check("all-null task", empty, Task{Extra: map[string]any{}})
	check("unlisted stage", future.Stage, "repairing")
	check("unlisted stage known", future.StageKnown, false)
	check("decimal percentage", future.Percentage, 12.5)
}

func TestDecodeRejectsNonNumericPercentage(t *testing.T) {
	var page client.ReplicationPage
	body := `{"replications": [{"percentage": "about half"}]}`
	if err := json.Unmarshal([]byte(body), &page); err != nil {
		t.Fatalf("decoding: %v", err)
	}
	_, _, err := normalisePage(page, 0)
	if err == nil || !strings.Contains(err.Error(), "replications[0].percentage") {
		t.Fatalf("want an error naming replications[0].percentage, got %v", err)
	}
}

func requiredEnv(t *testing.T, name string) string {
	t.Helper()
	value := os.Getenv(name)
	if value == "" {
		t.Fatalf("environment variable %s is required when TAURUSDB_ENDPOINT is set", name)
	}
	return value
}

func newClient(t *testing.T, endpoint, token string) *client.ClientWithResponses {
	t.Helper()
	withToken := func(_ context.Context, req *http.Request) error {
		req.Header.Set("X-Auth-Token", token)
		return nil
	}
	c, err := client.NewClientWithResponses(endpoint,
		client.WithHTTPClient(&http.Client{Timeout: 10 * time.Second}),
		client.WithRequestEditorFn(withToken))
	if err != nil {
		t.Fatalf("creating the client: %v", err)
	}
	return c
}

// listAll reads every page: offset is an item index, and a short page is the last one.
func listAll(ctx context.Context, c *client.ClientWithResponses, project, instance string, limit int) (Listing, error) {
	listing := Listing{Tasks: []Task{}}
	lang := client.ListStarRocksDataReplicationsParamsXLanguageEnUs
	for offset := 0; listing.Pages < 10_000; {
		params := client.ListStarRocksDataReplicationsParams{Limit: &limit, Offset: &offset, XLanguage: &lang}
		resp, err := c.ListStarRocksDataReplicationsWithResponse(ctx, project, instance, &params)
		if err != nil {
			return listing, err
		}
		if resp.JSON200 == nil {
			return listing, fmt.Errorf("HTTP %d: %s", resp.StatusCode(), errorText(resp))
		}
		listing.Pages++
		total, tasks, err := normalisePage(*resp.JSON200, offset)
		if err != nil {
			return listing, err
		}
		listing.TotalCount = total
		listing.Tasks = append(listing.Tasks, tasks...)
		offset += len(tasks)
		if len(tasks) < limit {
			return listing, nil
		}
	}
	return listing, fmt.Errorf("the listing never ended")
}

func errorText(resp *client.ListStarRocksDataReplicationsResponse) string {
	for _, body := range []*client.ErrorResponse{resp.JSON400, resp.JSON401, resp.JSON403, resp.JSON429, resp.JSON500} {
		if body != nil && body.ErrorCode != nil {
			return *body.ErrorCode
		}
	}
	return fmt.Sprintf("%d bytes of %s", len(resp.Body), resp.HTTPResponse.Header.Get("Content-Type"))
}

func TestListDemoTasks(t *testing.T) {
	endpoint := os.Getenv("TAURUSDB_ENDPOINT")
	if endpoint == "" {
		t.Skip("TAURUSDB_ENDPOINT is not set: no server to list (tests/other_clients starts the emulator)")
	}
	project, instance := requiredEnv(t, "TAURUSDB_PROJECT_ID"), requiredEnv(t, "TAURUSDB_INSTANCE_ID")
	token := requiredEnv(t, "TAURUSDB_AUTH_TOKEN")
	limit := 100
	if raw := os.Getenv("TAURUSDB_PAGE_SIZE"); raw != "" {
		var err error
		if limit, err = strconv.Atoi(raw); err != nil || limit < 1 || limit > 100 {
			t.Fatalf("TAURUSDB_PAGE_SIZE must be an integer from 1 to 100, got %q", raw)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	listing, err := listAll(ctx, newClient(t, endpoint, token), project, instance, limit)
	if err != nil {
		t.Fatalf("listing the tasks: %v", err)
	}
	if len(listing.Tasks) == 0 {
		t.Fatal("the demo instance has tasks, but none were listed")
	}
	if listing.TotalCount == nil || int(*listing.TotalCount) != len(listing.Tasks) {
		t.Errorf("total_count %v does not match the %d tasks listed", listing.TotalCount, len(listing.Tasks))
	}
	t.Logf("listed %d tasks in %d pages", len(listing.Tasks), listing.Pages)
	if path := os.Getenv("TAURUSDB_RESULT_FILE"); path != "" {
		data, err := json.MarshalIndent(listing, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

func TestWrongTokenIsAGatewayError(t *testing.T) {
	endpoint := os.Getenv("TAURUSDB_ENDPOINT")
	if endpoint == "" {
		t.Skip("TAURUSDB_ENDPOINT is not set: no server to call")
	}
	project, instance := requiredEnv(t, "TAURUSDB_PROJECT_ID"), requiredEnv(t, "TAURUSDB_INSTANCE_ID")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	resp, err := newClient(t, endpoint, "not-a-token-the-service-issued").
		ListStarRocksDataReplicationsWithResponse(ctx, project, instance, nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode() != http.StatusUnauthorized || resp.JSON401 == nil || resp.JSON401.ErrorCode == nil {
		t.Fatalf("want a parsed 401 error body, got HTTP %d: %s", resp.StatusCode(), resp.Body)
	}
	if !strings.HasPrefix(*resp.JSON401.ErrorCode, "APIG") {
		t.Errorf("want an API gateway error code, got %q", *resp.JSON401.ErrorCode)
	}
}
