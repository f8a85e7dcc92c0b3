// Package provider is the Terraform/OpenTofu provider taurusdb: data sources that read and
// assert TaurusDB HTAP (StarRocks) replication tasks through the project's Go client.
package provider

import (
	"context"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	providerschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// taurusdbProvider serves the data sources; version is set at build time.
type taurusdbProvider struct {
	version string
}

// New returns the provider factory for providerserver.Serve and the acceptance tests.
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &taurusdbProvider{version: version} }
}

func (p *taurusdbProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "taurusdb"
	resp.Version = p.version
}

func (p *taurusdbProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = providerschema.Schema{
		Description: "Read and assert TaurusDB HTAP (StarRocks) data-replication tasks. A setting left out " +
			"here comes from the environment (HW_* variables), then the profile file, then its default.",
		Attributes: providerAttributes(),
	}
}

// Configure resolves the settings (the provider block over the environment and the profile
// file, by the Go client's resolver) into one client shared by the data sources.
func (p *taurusdbProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	options := providerOptions(ctx, req.Config, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	client, err := newClient(options, os.Getenv)
	if err != nil {
		settingsError(err, &resp.Diagnostics)
		return
	}
	resp.DataSourceData = client
}

func (p *taurusdbProvider) Resources(context.Context) []func() resource.Resource { return nil }

func (p *taurusdbProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{newReplicationsDataSource, newReplicationDataSource}
}
