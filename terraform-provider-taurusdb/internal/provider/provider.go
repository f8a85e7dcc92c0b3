// Package provider is the Terraform/OpenTofu provider taurusdb: data sources that read and
// assert TaurusDB HTAP (StarRocks) replication tasks through the project's Go client.
package provider

import (
	"context"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	providerschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	taurusdbhtap "github.com/taurusdb-replication/taurusdb-replication/clients/go"
)

const defaultRequestTimeout = 60 * time.Second

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
		Description: "Read and assert TaurusDB HTAP (StarRocks) data-replication tasks. Every setting falls back " +
			"to the environment (HW_* variables) when not set here.",
		Attributes: providerAttributes(),
	}
}

// Configure resolves the settings (explicit attributes over the environment) into one client.
func (p *taurusdbProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	settings := explicitSettings{values: map[string]string{}, requestTimeout: defaultRequestTimeout}
	for name := range providerAttributes() {
		attribute := path.Root(name)
		if name == "max_retries" {
			var value types.Int64
			resp.Diagnostics.Append(req.Config.GetAttribute(ctx, attribute, &value)...)
			if value.IsUnknown() {
				resp.Diagnostics.AddAttributeError(attribute, "Unknown "+name, name+" must be known when the provider is configured")
			} else if !value.IsNull() {
				settings.values[name] = strconv.FormatInt(value.ValueInt64(), 10)
			}
			continue
		}
		var value types.String
		resp.Diagnostics.Append(req.Config.GetAttribute(ctx, attribute, &value)...)
		switch {
		case value.IsUnknown():
			resp.Diagnostics.AddAttributeError(attribute, "Unknown "+name, name+" must be known when the provider is configured")
		case value.IsNull() || strings.TrimSpace(value.ValueString()) == "":
		case name == "request_timeout":
			parsed, err := time.ParseDuration(value.ValueString())
			if err != nil || parsed <= 0 {
				resp.Diagnostics.AddAttributeError(attribute, "Invalid request_timeout", `must be a duration such as "30s", greater than 0`)
			}
			settings.requestTimeout = parsed
		case name == "proxy":
			parsed, err := url.Parse(value.ValueString())
			if err != nil || parsed.Host == "" || (parsed.Scheme != "http" && parsed.Scheme != "https") {
				// The value may hold credentials (user:password@): never echo it.
				resp.Diagnostics.AddAttributeError(attribute, "Invalid proxy", "must be an http:// or https:// URL with a host")
			}
			settings.proxy = parsed
		default:
			settings.values[name] = value.ValueString()
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}
	client, err := newClient(settings)
	if err != nil {
		resp.Diagnostics.AddError("The taurusdb provider is not configured", settingsMessage(err))
		return
	}
	resp.DataSourceData = client
}

// settingsMessage names what to set; resolver errors never hold secret values.
func settingsMessage(err error) string {
	var validation *taurusdbhtap.ValidationError
	if errors.As(err, &validation) {
		field := validation.Field
		for name, env := range providerEnv {
			if env == field {
				field = name + " (or " + env + ")"
			}
		}
		return field + ": " + validation.Rule
	}
	return err.Error() + " (or set the provider's attributes)"
}

func (p *taurusdbProvider) Resources(context.Context) []func() resource.Resource { return nil }

func (p *taurusdbProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{newReplicationsDataSource, newReplicationDataSource}
}
