package provider

// The one adapter to the Go client (clients/go): settings resolution and the listing. The
// provider's explicit attributes are laid over the environment and resolved by the client's
// own resolver (SettingsFromEnv), so there is one chain and one set of rules: explicit
// attributes > environment > default. When the Go client's settings resolver with origins
// and profiles lands (branch clients-go), only this file changes.

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"time"

	taurusdbhtap "github.com/taurusdb-replication/taurusdb-replication/clients/go"
)

// credentialEnv are the variables holding credentials: an explicit credential hides them
// all, so credentials never mix sources.
var credentialEnv = []string{
	"HW_ACCESS_KEY", "HW_SECRET_KEY", "HW_SECURITY_TOKEN", "HW_AUTH_TOKEN", "HW_USER_NAME", "HW_USER_PASSWORD",
	"HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK", "HUAWEICLOUD_SDK_SECURITY_TOKEN",
}

// explicitSettings are the provider attributes set in the configuration, by attribute name.
type explicitSettings struct {
	values         map[string]string
	requestTimeout time.Duration
	proxy          *url.URL
}

// overlay is the environment the client's resolver sees: explicit attributes first.
func (s explicitSettings) overlay(getenv func(string) string) func(string) string {
	hidden := map[string]bool{}
	for _, name := range []string{"access_key", "secret_key", "security_token", "auth_token"} {
		if _, ok := s.values[name]; ok {
			for _, env := range credentialEnv {
				hidden[env] = true
			}
		}
	}
	if _, ok := s.values["region"]; ok {
		if _, endpoint := s.values["endpoint"]; !endpoint {
			hidden[providerEnv["endpoint"]] = true
		}
	}
	given := map[string]string{}
	for name, value := range s.values {
		given[providerEnv[name]] = value
	}
	return func(name string) string {
		if value, ok := given[name]; ok {
			return value
		}
		if hidden[name] {
			return ""
		}
		return getenv(name)
	}
}

// newClient resolves the settings and builds the client, with the request timeout and proxy.
func newClient(s explicitSettings) (*taurusdbhtap.ReplicationsClient, error) {
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxIdleConnsPerHost = 2 * taurusdbhtap.DefaultListOptions.Concurrency
	if s.proxy != nil {
		transport.Proxy = http.ProxyURL(s.proxy)
	}
	httpClient := &http.Client{
		Transport: transport,
		Timeout:   s.requestTimeout,
		// No redirects: a redirect could carry a signed request (and its token) elsewhere.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return taurusdbhtap.NewReplicationsClientFromEnv(s.overlay(os.Getenv), taurusdbhtap.WithHTTPClient(httpClient))
}

// listAll reads every task of the instance, normalized, in the service's order.
func listAll(ctx context.Context, client *taurusdbhtap.ReplicationsClient, instanceID string) ([]taurusdbhtap.Replication, error) {
	return client.ListAllReplications(ctx, instanceID)
}
