package provider

// taurusdb_replications: every task of an instance (optionally filtered), typed, with a
// summary and an optional expectation that fails plan when a task falls short.

import (
	"context"
	"net/url"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	taurusdbhtap "github.com/taurusdb-replication/taurusdb-replication/clients/go"
)

type replicationsDataSource struct {
	client *taurusdbhtap.ReplicationsClient
}

func newReplicationsDataSource() datasource.DataSource { return &replicationsDataSource{} }

func (d *replicationsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_replications"
}

func (d *replicationsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attributes := replicationsArguments()
	attributes["replications"] = schema.ListNestedAttribute{
		Computed:     true,
		Description:  "The listed tasks in the service's order, each with the spec's properties and the derived healthy.",
		NestedObject: schema.NestedAttributeObject{Attributes: taskAttributes()},
	}
	resp.Schema = schema.Schema{
		Description: "Replication tasks of one TaurusDB instance, typed from the spec, filtered and optionally asserted.",
		Attributes:  attributes,
	}
}

func (d *replicationsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, _ *datasource.ConfigureResponse) {
	if client, ok := req.ProviderData.(*taurusdbhtap.ReplicationsClient); ok {
		d.client = client
	}
}

// filters narrow the list; the expectation judges what remains.
type filters struct {
	tasks         []string
	stages        []string
	unhealthyOnly bool
}

func (f filters) keep(task taurusdbhtap.Replication) bool {
	if f.unhealthyOnly && task.Healthy {
		return false
	}
	if len(f.stages) > 0 && !slices.ContainsFunc(f.stages, func(s string) bool { return strings.EqualFold(s, stageText(task.Stage)) }) {
		return false
	}
	return len(f.tasks) == 0 || slices.Contains(f.tasks, task.TaskName)
}

// id is the instance and the filters, so the same configuration keeps the same id.
func (f filters) id(instanceID string) string {
	query := url.Values{}
	if len(f.tasks) > 0 {
		query.Set("task_names", strings.Join(f.tasks, ","))
	}
	if len(f.stages) > 0 {
		query.Set("stages", strings.Join(f.stages, ","))
	}
	if f.unhealthyOnly {
		query.Set("unhealthy_only", "true")
	}
	if len(query) == 0 {
		return instanceID
	}
	return instanceID + "?" + query.Encode()
}

func (d *replicationsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	diags := &resp.Diagnostics
	if d.client == nil {
		diags.AddError("The taurusdb provider is not configured", "the provider could not build a client; see its error")
		return
	}
	var instanceID types.String
	diags.Append(req.Config.GetAttribute(ctx, path.Root("instance_id"), &instanceID)...)
	var unhealthy types.Bool
	diags.Append(req.Config.GetAttribute(ctx, path.Root("unhealthy_only"), &unhealthy)...)
	tasks, _ := stringList(ctx, req.Config, "task_names", diags)
	f := filters{unhealthyOnly: unhealthy.ValueBool()}
	stages, _ := stringList(ctx, req.Config, "stages", diags)
	for _, text := range stages {
		stage, known := knownStage(text)
		if !known {
			diags.AddAttributeWarning(path.Root("stages"), "Stage not listed by the spec",
				quoted(text)+" is not one of "+strings.Join(knownStages, ", ")+"; it matches tasks that send it (any letter case)")
		}
		f.stages = append(f.stages, stage)
	}
	expect := readExpectation(ctx, req.Config, tasks, "task_names", diags)
	if diags.HasError() {
		return
	}
	f.tasks = expect.condition.Tasks
	var listing taurusdbhtap.Listing
	result, err := expect.read(ctx, func(ctx context.Context) ([]taurusdbhtap.Replication, error) {
		var err error
		if listing, err = d.client.ListTasks(ctx, instanceID.ValueString()); err != nil {
			return nil, err
		}
		var kept []taurusdbhtap.Replication
		for _, task := range listing.Tasks {
			if f.keep(task) {
				kept = append(kept, task)
			}
		}
		return kept, nil
	})
	if err != nil {
		diags.AddError("Reading the replication tasks of "+quoted(instanceID.ValueString())+" failed", err.Error())
		return
	}
	warnUnknownStages(result.tasks, diags)
	expect.report(result, diags)
	if diags.HasError() {
		return
	}
	resp.State.Raw = req.Config.Raw.Copy()
	set := func(name string, value attr.Value) {
		diags.Append(resp.State.SetAttribute(ctx, path.Root(name), value)...)
	}
	summary := taurusdbhtap.Listing{Tasks: result.tasks, TotalCount: listing.TotalCount}.Summary()
	names := []string{}
	counts := map[string]attr.Value{}
	objects := make([]attr.Value, 0, len(result.tasks))
	for _, task := range result.tasks {
		names = append(names, task.TaskName)
		stage := stageText(task.Stage)
		if stage == "" {
			stage = "none"
		}
		count, _ := counts[stage].(types.Int64)
		counts[stage] = types.Int64Value(count.ValueInt64() + 1)
		object, objectDiags := taskObject(task)
		diags.Append(objectDiags...)
		objects = append(objects, object)
	}
	list, listDiags := types.ListValue(types.ObjectType{AttrTypes: taskAttrTypes}, objects)
	diags.Append(listDiags...)
	stageCounts, mapDiags := types.MapValue(types.Int64Type, counts)
	diags.Append(mapDiags...)
	set("id", types.StringValue(f.id(instanceID.ValueString())))
	if len(f.tasks) == 0 {
		set("task_names", stringsValue(names))
	}
	total := int64(len(listing.Tasks))
	if listing.TotalCount != nil {
		total = *listing.TotalCount
	}
	set("total_count", types.Int64Value(total))
	set("healthy", types.BoolValue(summary.Healthy))
	set("unhealthy_tasks", stringsValue(summary.UnhealthyTasks))
	set("stage_counts", stageCounts)
	set("replications", list)
}
