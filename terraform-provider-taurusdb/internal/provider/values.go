package provider

// Terraform values of tasks as the Go client reads them: the generated taskValues plus extra
// (JSON-encoded values) and warnings for stages the spec does not list.

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	taurusdbhtap "github.com/taurusdb-replication/taurusdb-replication/clients/go"
)

// stagePointerValue is a stage as text: known stages lower case, others as sent.
func stagePointerValue(stage *taurusdbhtap.ReplicationStage) types.String {
	if stage == nil {
		return types.StringNull()
	}
	return types.StringValue(string(*stage))
}

// jsonValue is a raw JSON value as compact text (null when absent).
func jsonValue(raw json.RawMessage) types.String {
	if len(raw) == 0 {
		return types.StringNull()
	}
	var compact bytes.Buffer
	if json.Compact(&compact, raw) != nil {
		return types.StringValue(string(raw))
	}
	return types.StringValue(compact.String())
}

// extraValue holds the fields the spec does not list, each JSON-encoded.
func extraValue(task taurusdbhtap.Replication) types.Map {
	elements := make(map[string]attr.Value, len(task.Extra))
	for name, raw := range task.Extra {
		elements[name] = jsonValue(raw)
	}
	value, _ := types.MapValue(types.StringType, elements)
	return value
}

// taskObject is one task as an object of taskAttrTypes.
func taskObject(task taurusdbhtap.Replication) (types.Object, diag.Diagnostics) {
	values := taskValues(task)
	values["extra"] = extraValue(task)
	return types.ObjectValue(taskAttrTypes, values)
}

func isKnownStage(stage *taurusdbhtap.ReplicationStage) bool {
	if stage == nil {
		return true
	}
	_, ok := knownStage(string(*stage))
	return ok
}

// warnUnknownStages is one warning naming the tasks whose stage the spec does not list
// (kept as sent: the spec's stage is an open enum).
func warnUnknownStages(tasks []taurusdbhtap.Replication, diags *diag.Diagnostics) {
	var named []string
	for _, task := range tasks {
		if !isKnownStage(task.Stage) || !isKnownStage(task.CatchupStage) {
			named = append(named, quoted(task.TaskName))
		}
	}
	if len(named) == 0 {
		return
	}
	shown := named[:min(10, len(named))]
	more := ""
	if len(named) > len(shown) {
		more = " and more"
	}
	diags.AddWarning("Stage not listed by the spec",
		"tasks "+strings.Join(shown, ", ")+more+" have a stage other than "+strings.Join(knownStages, ", ")+
			"; it is kept as the service sent it")
}

func stringsValue(items []string) types.List {
	elements := make([]attr.Value, len(items))
	for i, item := range items {
		elements[i] = types.StringValue(item)
	}
	value, _ := types.ListValue(types.StringType, elements)
	return value
}

func stageText(stage *taurusdbhtap.ReplicationStage) string {
	if stage == nil {
		return ""
	}
	return string(*stage)
}
