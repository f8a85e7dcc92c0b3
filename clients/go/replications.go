package taurusdbhtap

// The client people use: the generated Client for typed requests, AK/SK signing or a token
// as a request editor, retries bounded by the context, and ListAllReplications, which returns
// every task of an instance normalized by the generated view.

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"
)

// ReplicationsClient lists and reads replication tasks. Build it with
// NewReplicationsClientFromSettings (or NewReplicationsClient); its fields may be adjusted
// before first use.
type ReplicationsClient struct {
	// Raw is the generated client, authenticated.
	Raw       *Client
	ProjectID string
	Retry     RetryPolicy
	List      ListOptions
	// Timeout bounds a whole ListAllReplications when the context has no deadline (0: none).
	Timeout  time.Duration
	proxy    string
	language string
	redact   *redactor
}

// NewReplicationsClient builds a client for one project; give exactly one of key and token.
// Requests go straight to the endpoint, or through the proxy of the HTTPS_PROXY/HTTP_PROXY/
// NO_PROXY variables (Go's rules: never for a loopback endpoint); redirects are not followed.
func NewReplicationsClient(endpoint, projectID string, key *AccessKey, token string, opts ...ClientOption) (*ReplicationsClient, error) {
	if token == "" && (key == nil || key.AccessKey == "" || key.SecretKey == "") {
		return nil, &ConfigurationError{Message: "give a key pair (both keys) or a token", Missing: []string{"credentials"}, Rule: "credentials_required", Field: "credentials"}
	}
	settings, err := ResolveSettings(Options{}.with(endpoint, projectID, key, token), os.Getenv)
	if err != nil {
		return nil, err
	}
	return NewReplicationsClientFromSettings(settings, opts...)
}

// with is the options of NewReplicationsClient's arguments.
func (o Options) with(endpoint, projectID string, key *AccessKey, token string) Options {
	o.Endpoint, o.ProjectID, o.AuthToken = endpoint, projectID, token
	if key != nil {
		o.AccessKey, o.SecretKey, o.SecurityToken = key.AccessKey, key.SecretKey, key.SecurityToken
	}
	o.CredentialsFile = os.DevNull // the arguments are the whole configuration
	return o
}

// NewReplicationsClientFromSettings builds a client from resolved settings (ResolveSettings):
// their endpoint, project, credentials, retries, request timeout, proxy and TLS trust.
func NewReplicationsClientFromSettings(settings Settings, opts ...ClientOption) (*ReplicationsClient, error) {
	endpoint, err := ValidateEndpoint(settings.Endpoint, "endpoint")
	if err != nil {
		return nil, err
	}
	if err := ValidateProjectID(settings.ProjectID, "project_id"); err != nil {
		return nil, err
	}
	var secrets []string
	switch key := settings.AccessKey; {
	case key != nil && key.AccessKey != "" && key.SecretKey != "":
		opts = append(opts, WithAccessKey(*key))
		secrets = append(secrets, key.SecretKey, key.SecurityToken)
	case settings.Token != "":
		opts = append(opts, WithToken(settings.Token))
		secrets = append(secrets, settings.Token)
	default:
		return nil, &ConfigurationError{Message: "give a key pair (both keys) or a token", Missing: []string{"credentials"}, Rule: "credentials_required", Field: "credentials"}
	}
	httpClient, err := NewHTTPClient(settings.Network)
	if err != nil {
		return nil, err
	}
	redact := newRedactor(secrets...)
	// Ours first, so a WithHTTPClient of the caller's replaces it; the signature is remembered
	// after every other editor (the signer among them) has run.
	opts = append(append([]ClientOption{WithHTTPClient(httpClient)}, opts...), WithRequestEditorFn(redact.rememberSignatures))
	raw, err := NewClient(endpoint, opts...)
	if err != nil {
		return nil, err
	}
	client := &ReplicationsClient{Raw: raw, ProjectID: settings.ProjectID, Retry: DefaultRetryPolicy,
		List: DefaultListOptions, Timeout: 5 * time.Minute, proxy: settings.Network.Proxy, redact: redact}
	if settings.MaxRetries >= 0 {
		client.Retry.MaxAttempts = settings.MaxRetries + 1
	}
	if settings.RequestTimeout > 0 {
		client.Retry.RequestTimeout = settings.RequestTimeout
	}
	if settings.Concurrency > 0 {
		client.List.Concurrency = settings.Concurrency
	}
	client.language = settings.Language
	return client, nil
}

// NewReplicationsClientFromEnv builds a client from the environment people already set and
// their profile file (see ResolveSettings); pass os.Getenv.
func NewReplicationsClientFromEnv(getenv func(string) string, opts ...ClientOption) (*ReplicationsClient, error) {
	settings, err := SettingsFromEnv(getenv)
	if err != nil {
		return nil, err
	}
	return NewReplicationsClientFromSettings(settings, opts...)
}

type wirePage struct {
	TotalCount   json.RawMessage               `json:"total_count"`
	Replications *[]map[string]json.RawMessage `json:"replications"`
}

func apiError(response *http.Response, body []byte, redact *redactor) *APIError {
	var fields map[string]json.RawMessage
	_ = json.Unmarshal(body, &fields) // load balancers answer HTML: then only the status is known
	text := func(name string) string {
		if value := parseText(fields[name]); value != nil {
			return redact.clean(*value)
		}
		return ""
	}
	requestID := text("request_id")
	if requestID == "" {
		requestID = redact.clean(response.Header.Get("X-Request-Id"))
	}
	err := &APIError{Status: response.StatusCode, ErrorCode: text("error_code"), ErrorMessage: text("error_msg"), RequestID: requestID, RetryAfter: -1}
	if response.StatusCode == http.StatusTooManyRequests {
		err.RetryAfter = parseRetryAfter(response.Header.Get("Retry-After"), time.Now())
	}
	return err
}

func (c *ReplicationsClient) attempt(ctx context.Context, instanceID string, offset, limit int) (Page, error) {
	params := &ListStarRocksDataReplicationsParams{Limit: &limit, Offset: &offset}
	if c.language != "" {
		language := ListStarRocksDataReplicationsParamsXLanguage(c.language)
		params.XLanguage = &language
	}
	response, err := c.Raw.ListStarRocksDataReplications(ctx, c.ProjectID, instanceID, params)
	if err != nil {
		var proxy *ProxyError
		if errors.As(err, &proxy) {
			return Page{}, proxy
		}
		return Page{}, &TransportError{Err: err}
	}
	defer response.Body.Close()
	body, err := io.ReadAll(io.LimitReader(response.Body, 64<<20))
	if err != nil {
		return Page{}, &TransportError{Err: err}
	}
	requestID := c.redact.clean(response.Header.Get("X-Request-Id"))
	switch status := response.StatusCode; {
	case status >= 300 && status <= 399:
		return Page{}, &RedirectError{Status: status, Location: c.redact.clean(MaskURL(response.Header.Get("Location"))), RequestID: requestID}
	case status == http.StatusProxyAuthRequired && c.proxy != "":
		return Page{}, &ProxyError{Proxy: MaskURL(c.proxy), Status: status}
	case status < 200 || status > 299:
		return Page{}, apiError(response, body, c.redact)
	}
	malformed := func(reason string) error {
		return &APIError{Status: response.StatusCode, ErrorMessage: reason, RequestID: requestID, RetryAfter: -1, Malformed: true}
	}
	var wire wirePage
	if err := json.Unmarshal(body, &wire); err != nil {
		var syntax *json.SyntaxError
		media := strings.ToLower(strings.TrimSpace(strings.SplitN(response.Header.Get("Content-Type"), ";", 2)[0]))
		if media != "" && media != "application/json" && !strings.HasSuffix(media, "+json") {
			media = c.redact.clean(media)
			return Page{}, &APIError{
				Status: response.StatusCode, RequestID: requestID, RetryAfter: -1, Malformed: true, ContentType: media,
				ErrorMessage: "the body is " + media + ", not JSON (a captive portal, a proxy's or a gateway's page?)",
			}
		}
		if errors.As(err, &syntax) || errors.Is(err, io.ErrUnexpectedEOF) {
			return Page{}, malformed("the body is not JSON (cut short?)")
		}
		return Page{}, malformed("the body is not a page: " + err.Error())
	}
	if wire.Replications == nil {
		return Page{}, malformed("the body has no 'replications' array")
	}
	items := make([]Replication, len(*wire.Replications))
	for i, raw := range *wire.Replications {
		items[i] = normalizeReplication(raw)
	}
	return Page{Offset: offset, TotalCount: parseCount(wire.TotalCount), Items: items, RequestID: requestID}, nil
}

// ListPage reads one page (offset is an item index), with retries bounded by ctx.
func (c *ReplicationsClient) ListPage(ctx context.Context, instanceID string, offset, limit int) (Page, error) {
	if err := ValidateInstanceID(instanceID); err != nil {
		return Page{}, err
	}
	if offset < 0 {
		return Page{}, &ValidationError{Field: "offset", Rule: "must be an integer >= 0"}
	}
	if limit < 1 || limit > 100 {
		return Page{}, &ValidationError{Field: "limit", Rule: "must be an integer from 1 to 100"}
	}
	var page Page
	err := c.Retry.do(ctx, "page at offset "+itoa(offset), func(ctx context.Context) error {
		var err error
		page, err = c.attempt(ctx, instanceID, offset, limit)
		return err
	})
	return page, err
}

// ListAllReplications returns every task of the instance in one consistent state, normalized,
// reading pages concurrently (at most List.Concurrency in flight). The context bounds the whole
// listing with its retries; without a deadline, Timeout does.
func (c *ReplicationsClient) ListAllReplications(ctx context.Context, instanceID string) ([]Replication, error) {
	listing, err := c.ListTasks(ctx, instanceID)
	return listing.Tasks, err
}

// ListTasks is ListAllReplications with the service's total_count.
func (c *ReplicationsClient) ListTasks(ctx context.Context, instanceID string) (Listing, error) {
	if err := ValidateInstanceID(instanceID); err != nil {
		return Listing{}, err
	}
	if _, ok := ctx.Deadline(); !ok && c.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.Timeout)
		defer cancel()
	}
	return snapshot(ctx, func(ctx context.Context, offset int) (Page, error) {
		return c.ListPage(ctx, instanceID, offset, c.List.PageSize)
	}, c.List)
}

func itoa(n int) string { return strconv.Itoa(n) }
