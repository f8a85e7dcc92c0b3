package taurusdbhtap

// The generated view with the rules of normalize.go, on what the service really sends.

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

const wireQuirks = `[
  {"task_name": "orders_sync", "stage": "Incremental", "percentage": 100, "catchup_stage": null,
   "catchup_percentage": 0, "is_need_repair": "false", "is_main_task": "true", "status": "Yes"},
  {"task_name": "billing_sync", "stage": "full", "percentage": "42", "catchup_stage": "WAIT",
   "is_need_repair": false, "is_main_task": "False", "brand_new_field": {"kept": true}},
  {"task_name": null, "stage": null, "percentage": null},
  {"task_name": "future_sync", "stage": "Repairing", "percentage": "12.5", "is_main_task": "maybe"},
  {"percentage": "about half", "catchup_percentage": "1e400", "stage": 7}
]`

func TestNormalizeWireQuirks(t *testing.T) {
	var raw []map[string]json.RawMessage
	if err := json.Unmarshal([]byte(wireQuirks), &raw); err != nil {
		t.Fatal(err)
	}
	got := make([]Replication, len(raw))
	for i, task := range raw {
		got[i] = normalizeReplication(task)
	}
	check := func(name string, value, want any) {
		t.Helper()
		gotJSON, _ := json.Marshal(value)
		wantJSON, _ := json.Marshal(want)
		if string(gotJSON) != string(wantJSON) {
			t.Errorf("%s: got %s, want %s", name, gotJSON, wantJSON)
		}
	}
	orders, billing, empty, future, odd := got[0], got[1], got[2], got[3], got[4]
	check("capitalised stage", orders.Stage, "incremental")
	check("number", orders.Percentage, 100)
	check("string flag", orders.IsMainTask, true)
	check("null stage", orders.CatchupStage, nil)
	check("status kept", orders.Status, "Yes")
	check("numeric string", billing.Percentage, 42)
	check("upper-case stage", billing.CatchupStage, "wait")
	check("boolean flag", billing.IsNeedRepair, false)
	check("capitalised flag", billing.IsMainTask, false)
	check("unknown field kept", billing.Extra, map[string]any{"brand_new_field": map[string]any{"kept": true}})
	check("nulls", empty, Replication{})
	check("healthy", orders.Healthy, true)
	check("not healthy", billing.Healthy, false)
	check("unlisted stage kept as sent", future.Stage, "Repairing")
	check("decimal", future.Percentage, 12.5)
	check("unreadable flag", future.IsMainTask, nil)
	check("unreadable number", odd.Percentage, nil)
	check("infinite number", odd.CatchupPercentage, nil)
	check("number as stage", odd.Stage, "7")
	if !orders.Stage.Valid() || future.Stage.Valid() {
		t.Errorf("a known stage must be a valid ReplicationStage and an unlisted one not")
	}
}

func TestParseCount(t *testing.T) {
	for raw, want := range map[string]any{`10000`: 10000, `"42"`: 42, `" 7 "`: 7, `-1`: nil, `1.5`: nil, `"x"`: nil, `null`: nil, ``: nil} {
		gotJSON, _ := json.Marshal(parseCount(json.RawMessage(raw)))
		wantJSON, _ := json.Marshal(want)
		if string(gotJSON) != string(wantJSON) {
			t.Errorf("parseCount(%s): got %s, want %s", raw, gotJSON, wantJSON)
		}
	}
}

func TestSettingsNeverPrintTheirSecrets(t *testing.T) {
	env := map[string]string{
		"TAURUSDB_ENDPOINT": "https://gaussdb.cn-north-4.myhuaweicloud.com", "HW_PROJECT_ID": testProject,
		"HW_ACCESS_KEY": "AKID", "HW_SECRET_KEY": "sk-very-secret", "HW_SECURITY_TOKEN": "st-very-secret",
	}
	settings, err := SettingsFromEnv(func(name string) string { return env[name] })
	if err != nil {
		t.Fatal(err)
	}
	tokenEnv := map[string]string{"HW_REGION_NAME": "cn-north-4", "HW_PROJECT_ID": testProject, "HW_AUTH_TOKEN": "tok-very-secret"}
	tokenSettings, err := SettingsFromEnv(func(name string) string { return tokenEnv[name] })
	if err != nil {
		t.Fatal(err)
	}
	if tokenSettings.Endpoint != RegionEndpoints["cn-north-4"] || tokenSettings.Token != "tok-very-secret" {
		t.Errorf("the region table or the token was not used: %s", tokenSettings)
	}
	for _, text := range []string{
		fmt.Sprintf("%v %+v %#v %s", settings, settings, settings, settings),
		fmt.Sprintf("%v %+v %#v", tokenSettings, tokenSettings, tokenSettings),
		fmt.Sprintf("%v %+v %#v", *settings.AccessKey, settings.AccessKey, settings.AccessKey),
	} {
		if strings.Contains(text, "very-secret") {
			t.Errorf("a secret shows: %s", text)
		}
	}
}

func TestSettingsNameWhatIsMissing(t *testing.T) {
	for _, c := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"HW_PROJECT_ID": testProject, "HW_AUTH_TOKEN": "t"}, "set HW_REGION_NAME or TAURUSDB_ENDPOINT"},
		{map[string]string{"HW_REGION_NAME": "cn-north-4", "HW_AUTH_TOKEN": "t"}, "set HW_PROJECT_ID"},
		{map[string]string{"HW_REGION_NAME": "cn-north-4", "HW_PROJECT_ID": testProject, "HW_ACCESS_KEY": "a"}, "set HW_SECRET_KEY"},
		{map[string]string{"HW_REGION_NAME": "cn-north-4", "HW_PROJECT_ID": testProject, "HUAWEICLOUD_SDK_SK": "s"}, "set HUAWEICLOUD_SDK_AK"},
		{map[string]string{"HW_REGION_NAME": "cn-north-4", "HW_PROJECT_ID": testProject}, "no credentials"},
		{map[string]string{"HW_REGION_NAME": "xx-nowhere-1", "HW_PROJECT_ID": testProject, "HW_AUTH_TOKEN": "t"}, "unknown region"},
		{map[string]string{"TAURUSDB_ENDPOINT": "http://example.com", "HW_PROJECT_ID": testProject, "HW_AUTH_TOKEN": "t"}, "endpoint (from environment TAURUSDB_ENDPOINT): must be an http(s) URL"},
		{map[string]string{"HW_REGION_NAME": "cn-north-4", "HW_PROJECT_ID": testProject, "HW_AUTH_TOKEN": "t", "HW_MAX_RETRIES": "-1"}, "HW_MAX_RETRIES"},
	} {
		_, err := SettingsFromEnv(func(name string) string { return c.env[name] })
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: want an error containing %q, got %v", c.env, c.want, err)
		}
	}
}
