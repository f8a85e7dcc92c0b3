package provider

// taurusdb_replication: one task by name, its fields as attributes, with the same expectation
// and waiting as taurusdb_replications.

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	taurusdbhtap "github.com/taurusdb-replication/taurusdb-replication/clients/go"
)

type replicationDataSource struct {
	client *taurusdbhtap.ReplicationsClient
}

func newReplicationDataSource() datasource.DataSource { return &replicationDataSource{} }

func (d *replicationDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_replication"
}

func (d *replicationDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attributes := replicationArguments()
	for name, attribute := range taskAttributes() {
		if name != "task_name" {
			attributes[name] = attribute
		}
	}
	resp.Schema = schema.Schema{
		Description: "One replication task of a TaurusDB instance by name, typed from the spec, optionally asserted.",
		Attributes:  attributes,
	}
}

func (d *replicationDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, _ *datasource.ConfigureResponse) {
	if client, ok := req.ProviderData.(*taurusdbhtap.ReplicationsClient); ok {
		d.client = client
	}
}

func (d *replicationDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	diags := &resp.Diagnostics
	if d.client == nil {
		diags.AddError("The taurusdb provider is not configured", "the provider could not build a client; see its error")
		return
	}
	var instanceID, taskName types.String
	diags.Append(req.Config.GetAttribute(ctx, path.Root("instance_id"), &instanceID)...)
	diags.Append(req.Config.GetAttribute(ctx, path.Root("task_name"), &taskName)...)
	expect := readExpectation(ctx, req.Config, []string{taskName.ValueString()}, "task_name", diags)
	if diags.HasError() {
		return
	}
	result, err := expect.read(ctx, func(ctx context.Context) ([]taurusdbhtap.Replication, error) {
		return d.client.ListAllReplications(ctx, instanceID.ValueString())
	})
	if err != nil {
		diags.AddError("Reading the replication tasks of "+quoted(instanceID.ValueString())+" failed", err.Error())
		return
	}
	expect.report(result, diags)
	if diags.HasError() {
		return
	}
	task := result.evaluation.Selected[0]
	warnUnknownStages(result.evaluation.Selected, diags)
	resp.State.Raw = req.Config.Raw.Copy()
	values := taskValues(task)
	values["extra"] = extraValue(task)
	values["id"] = types.StringValue(instanceID.ValueString() + "/" + taskName.ValueString())
	delete(values, "task_name")
	for name, value := range values {
		diags.Append(resp.State.SetAttribute(ctx, path.Root(name), value)...)
	}
}
