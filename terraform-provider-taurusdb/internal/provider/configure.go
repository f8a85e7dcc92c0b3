package provider

// The one adapter to the Go client's settings: the provider block is read into the client's
// explicit Options (providerOptions, generated from settings.yaml) and resolved by the client's
// own resolver, so the chain and its rules are the client's: explicit attributes > environment
// > profile file > default. Readers below turn one attribute into an Options field.

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	taurusdbhtap "github.com/taurusdb-replication/taurusdb-replication/clients/go"
)

// unknown reports an attribute whose value is not known when the provider is configured.
func unknown(name string, diags *diag.Diagnostics) {
	diags.AddAttributeError(path.Root(name), "Unknown "+name,
		name+" must be known when the provider is configured (not computed from a resource)")
}

// configValue reads one attribute of the provider block; an unknown value is an error.
func configValue[T interface{ IsUnknown() bool }](ctx context.Context, config tfsdk.Config, name string, diags *diag.Diagnostics) T {
	var value T
	diags.Append(config.GetAttribute(ctx, path.Root(name), &value)...)
	if value.IsUnknown() {
		unknown(name, diags)
	}
	return value
}

func configString(ctx context.Context, config tfsdk.Config, name string, diags *diag.Diagnostics) string {
	return configValue[types.String](ctx, config, name, diags).ValueString()
}

func configInt64(ctx context.Context, config tfsdk.Config, name string, diags *diag.Diagnostics) *int64 {
	return configValue[types.Int64](ctx, config, name, diags).ValueInt64Pointer()
}

func configBool(ctx context.Context, config tfsdk.Config, name string, diags *diag.Diagnostics) *bool {
	return configValue[types.Bool](ctx, config, name, diags).ValueBoolPointer()
}

// configDuration reads "30s", "1m30s" or a number of seconds.
func configDuration(ctx context.Context, config tfsdk.Config, name string, diags *diag.Diagnostics) *time.Duration {
	text := strings.TrimSpace(configString(ctx, config, name, diags))
	if text == "" {
		return nil
	}
	parsed, err := time.ParseDuration(text)
	if seconds, numberErr := strconv.ParseFloat(text, 64); numberErr == nil {
		parsed, err = time.Duration(seconds*float64(time.Second)), nil
	}
	if err != nil || parsed <= 0 {
		diags.AddAttributeError(path.Root(name), "Invalid "+name, `must be a duration such as "30s" or a number of seconds, greater than 0`)
		return nil
	}
	return &parsed
}

// newClient resolves the settings (the provider block over the environment and the profile
// file) and builds the client; an error names the attribute and the rule, never a secret.
func newClient(options taurusdbhtap.Options, getenv func(string) string) (*taurusdbhtap.ReplicationsClient, error) {
	settings, err := taurusdbhtap.ResolveSettings(options, getenv)
	if err != nil {
		return nil, err
	}
	return taurusdbhtap.NewReplicationsClientFromSettings(settings)
}

// settingsError is the diagnostic of a resolution error: the attribute (and where the bad value
// came from) when the client names a setting.
func settingsError(err error, diags *diag.Diagnostics) {
	var validation *taurusdbhtap.ValidationError
	var configuration *taurusdbhtap.ConfigurationError
	field := ""
	if errors.As(err, &validation) {
		field = validation.Field
	} else if errors.As(err, &configuration) {
		field = configuration.Field
	}
	if attribute, ok := settingAttributes[field]; ok {
		diags.AddAttributeError(path.Root(attribute), "The taurusdb provider is not configured", err.Error())
		return
	}
	diags.AddError("The taurusdb provider is not configured", err.Error())
}
