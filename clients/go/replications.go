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
	"strconv"
	"time"
)

// ReplicationsClient lists and reads replication tasks.
type ReplicationsClient struct {
	// Raw is the generated client, authenticated.
	Raw       *Client
	ProjectID string
	Retry     RetryPolicy
	List      ListOptions
	// Timeout bounds a whole ListAllReplications when the context has no deadline (0: none).
	Timeout time.Duration
}

// NewReplicationsClient builds a client for one project; give exactly one of key and token.
func NewReplicationsClient(endpoint, projectID string, key *AccessKey, token string, opts ...ClientOption) (*ReplicationsClient, error) {
	endpoint, err := ValidateEndpoint(endpoint, "endpoint")
	if err != nil {
		return nil, err
	}
	if err := ValidateProjectID(projectID, "project_id"); err != nil {
		return nil, err
	}
	switch {
	case key != nil && key.AccessKey != "" && key.SecretKey != "":
		opts = append(opts, WithAccessKey(*key))
	case token != "":
		opts = append(opts, WithToken(token))
	default:
		return nil, &ConfigurationError{"give a key pair (both keys) or a token", []string{"credentials"}}
	}
	// Ours first, so a WithHTTPClient of the caller's replaces it.
	raw, err := NewClient(endpoint, append([]ClientOption{WithHTTPClient(pooledHTTPClient())}, opts...)...)
	if err != nil {
		return nil, err
	}
	return &ReplicationsClient{Raw: raw, ProjectID: projectID, Retry: DefaultRetryPolicy, List: DefaultListOptions, Timeout: 5 * time.Minute}, nil
}

// pooledHTTPClient keeps a connection per page in flight alive between requests: the default
// transport keeps only 2 idle per host, so 16 concurrent pages would reconnect all the time.
func pooledHTTPClient() *http.Client {
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxIdleConnsPerHost = 2 * DefaultListOptions.Concurrency
	return &http.Client{Transport: transport}
}

// NewReplicationsClientFromEnv builds a client from the environment people already set
// (see SettingsFromEnv); pass os.Getenv.
func NewReplicationsClientFromEnv(getenv func(string) string, opts ...ClientOption) (*ReplicationsClient, error) {
	settings, err := SettingsFromEnv(getenv)
	if err != nil {
		return nil, err
	}
	client, err := NewReplicationsClient(settings.Endpoint, settings.ProjectID, settings.AccessKey, settings.Token, opts...)
	if err != nil {
		return nil, err
	}
	if settings.MaxRetries >= 0 {
		client.Retry.MaxAttempts = settings.MaxRetries + 1
	}
	return client, nil
}

type wirePage struct {
	TotalCount   json.RawMessage               `json:"total_count"`
	Replications *[]map[string]json.RawMessage `json:"replications"`
}

func apiError(response *http.Response, body []byte) *APIError {
	var fields map[string]json.RawMessage
	_ = json.Unmarshal(body, &fields) // load balancers answer HTML: then only the status is known
	text := func(name string) string {
		if value := parseText(fields[name]); value != nil {
			return *value
		}
		return ""
	}
	requestID := text("request_id")
	if requestID == "" {
		requestID = response.Header.Get("X-Request-Id")
	}
	err := &APIError{Status: response.StatusCode, ErrorCode: text("error_code"), ErrorMessage: text("error_msg"), RequestID: requestID, RetryAfter: -1}
	if response.StatusCode == http.StatusTooManyRequests {
		err.RetryAfter = parseRetryAfter(response.Header.Get("Retry-After"), time.Now())
	}
	return err
}

func (c *ReplicationsClient) attempt(ctx context.Context, instanceID string, offset, limit int) (Page, error) {
	params := &ListStarRocksDataReplicationsParams{Limit: &limit, Offset: &offset}
	response, err := c.Raw.ListStarRocksDataReplications(ctx, c.ProjectID, instanceID, params)
	if err != nil {
		return Page{}, &TransportError{err}
	}
	defer response.Body.Close()
	body, err := io.ReadAll(io.LimitReader(response.Body, 64<<20))
	if err != nil {
		return Page{}, &TransportError{err}
	}
	if response.StatusCode < 200 || response.StatusCode > 299 {
		return Page{}, apiError(response, body)
	}
	requestID := response.Header.Get("X-Request-Id")
	malformed := func(reason string) error {
		return &APIError{Status: response.StatusCode, ErrorMessage: reason, RequestID: requestID, RetryAfter: -1, Malformed: true}
	}
	var wire wirePage
	if err := json.Unmarshal(body, &wire); err != nil {
		var syntax *json.SyntaxError
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
		return Page{}, &ValidationError{"offset", "must be an integer >= 0"}
	}
	if limit < 1 || limit > 100 {
		return Page{}, &ValidationError{"limit", "must be an integer from 1 to 100"}
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
	if err := ValidateInstanceID(instanceID); err != nil {
		return nil, err
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
