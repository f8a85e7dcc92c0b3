package taurusdbhtap

// The HTTP client under every request: one pooled transport that never follows a redirect
// (a credential must never reach a host other than the endpoint), goes through the resolved
// proxy (or straight to the endpoint), trusts the CA bundle of the settings, and turns a
// proxy's refusal (407 and the like) into a *ProxyError naming the proxy without its
// credentials.

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"net/http"
	"net/url"
	"os"
	"time"
)

// Network is how requests reach the endpoint; the zero value is direct, with the system's CAs.
type Network struct {
	// Proxy is the forward proxy for every request ("" for none): https endpoints are reached
	// through CONNECT, http ones in absolute form. Credentials in it go to the proxy only.
	Proxy string
	// CABundle is a PEM file of the CAs to trust instead of the system's ("" for the system's).
	CABundle string
	// Insecure turns TLS verification off (tests against a self-signed server only).
	Insecure bool
}

// noRedirect stops the client at a 3xx: the answer itself is returned, and reported.
func noRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// NewHTTPClient builds the client every request of a ReplicationsClient goes through.
func NewHTTPClient(network Network) (*http.Client, error) {
	transport := http.DefaultTransport.(*http.Transport).Clone()
	// A connection per page in flight stays alive between requests: the default keeps 2.
	transport.MaxIdleConnsPerHost = 2 * DefaultListOptions.Concurrency
	transport.Proxy = nil
	// Connecting gets at most 10 s of the request timeout (settings.yaml, request_timeout).
	transport.DialContext = (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	if network.Proxy != "" {
		proxy, err := ValidateProxy(network.Proxy, "proxy")
		if err != nil {
			return nil, err
		}
		transport.Proxy = http.ProxyURL(proxy)
		transport.OnProxyConnectResponse = func(_ context.Context, proxyURL *url.URL, _ *http.Request, answer *http.Response) error {
			if answer.StatusCode != http.StatusOK {
				return &ProxyError{Proxy: MaskURL(proxyURL.String()), Status: answer.StatusCode}
			}
			return nil
		}
	}
	if network.CABundle != "" || network.Insecure {
		config := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: network.Insecure} //nolint:gosec // asked for
		if network.CABundle != "" {
			pem, err := os.ReadFile(network.CABundle)
			if err != nil {
				return nil, &ValidationError{Field: "ca_bundle", Rule: "cannot read " + network.CABundle + ": " + errors.Unwrap(err).Error()}
			}
			config.RootCAs = x509.NewCertPool()
			if !config.RootCAs.AppendCertsFromPEM(pem) {
				return nil, &ValidationError{Field: "ca_bundle", Rule: network.CABundle + " holds no PEM certificate"}
			}
		}
		transport.TLSClientConfig = config
	}
	return &http.Client{Transport: transport, CheckRedirect: noRedirect}, nil
}
