package taurusdbhtap

// Typed errors, one type per thing a caller may handle differently (errors.As), mirroring the
// Python layer's taurusdb_replication._errors. No message ever holds a secret.

import (
	"fmt"
	"time"
)

// ConfigurationError: a setting is missing or contradictory. Rule is the rule's id in
// settings.yaml ("credentials_incomplete", "profile_not_found"...), Field the setting it is
// about, Missing the canonical names of the settings to set, Origin where the offending value
// came from, Source the credential source judged.
type ConfigurationError struct {
	Message string
	Missing []string
	Rule    string
	Field   string
	Origin  *Origin
	Source  *CredentialSource
}

// CredentialSource is one source of the credentials group: Kind "argument", "environment"
// (Family "hw" or "sdk") or "profile" (File, Section).
type CredentialSource struct {
	Kind    string
	Family  string
	File    string
	Section string
}

func (s CredentialSource) String() string {
	switch s.Kind {
	case "environment":
		return "the " + s.Family + " environment variables"
	case "profile":
		return "profile " + s.File + " [" + s.Section + "]"
	}
	return "the arguments"
}

func (e *ConfigurationError) Error() string { return e.Message }

// ValidationError: an argument or setting breaks a rule of the spec.
type ValidationError struct {
	Field string
	Rule  string
	// Origin is where the offending value came from (nil when not a setting).
	Origin *Origin
	// ID names the rule for programs (the settings declaration's validation or rule id, or a
	// condition rule such as "unknown_stage"); "" when none applies.
	ID string
}

func (e *ValidationError) Error() string {
	if e.Origin != nil {
		return e.Field + " (from " + e.Origin.String() + "): " + e.Rule
	}
	return e.Field + ": " + e.Rule
}

// TransportError: the request got no answer (connection refused or reset, timed out, cut short).
type TransportError struct {
	Err error
	// TimedOut is the request timeout when the attempt ran out of it (0 otherwise).
	TimedOut time.Duration
}

func (e *TransportError) Error() string {
	if e.TimedOut > 0 {
		return "no answer within the request timeout (" + e.TimedOut.String() + ")"
	}
	return "the request failed before an answer: " + e.Err.Error()
}
func (e *TransportError) Unwrap() error { return e.Err }

// APIError: the service, its gateway or a load balancer answered with an error status, or a
// success status with a body that is not the page (Malformed).
type APIError struct {
	Status       int
	ErrorCode    string
	ErrorMessage string
	RequestID    string
	// RetryAfter is the 429 answer's Retry-After (-1 when absent or unreadable).
	RetryAfter time.Duration
	// Malformed: a success status whose body is not JSON or not a page.
	Malformed bool
	// ContentType: for a Malformed body sent as another media type (a captive portal's, a
	// proxy's or a gateway's HTML page), that type; such a page comes again on a retry.
	ContentType string
}

func (e *APIError) Error() string {
	var head string
	switch {
	case e.Malformed:
		head = fmt.Sprintf("HTTP %d but %s", e.Status, e.ErrorMessage)
	case e.ErrorCode != "":
		head = fmt.Sprintf("%s: %s (HTTP %d)", e.ErrorCode, e.ErrorMessage, e.Status)
	default:
		head = fmt.Sprintf("HTTP %d", e.Status)
	}
	return head + " [request id: " + orNone(e.RequestID) + "]"
}

func orNone(text string) string {
	if text == "" {
		return "none"
	}
	return text
}

// Throttled reports a 429 answer (the gateway's APIGW.0308).
func (e *APIError) Throttled() bool { return e.Status == 429 }

// Retryable reports whether the same request may succeed if sent again.
func (e *APIError) Retryable() bool {
	switch e.Status {
	case 429, 500, 502, 503, 504:
		return true
	}
	return e.Malformed && e.ContentType == ""
}

// RedirectError: the endpoint answered with a redirect, which is never followed (a credential
// must not reach another host). Location has its query values masked.
type RedirectError struct {
	Status    int
	Location  string
	RequestID string
}

func (e *RedirectError) Error() string {
	location := e.Location
	if location == "" {
		location = "no Location header"
	}
	return fmt.Sprintf("HTTP %d redirect to %s, not followed: check the endpoint [request id: %s]",
		e.Status, location, orNone(e.RequestID))
}

// ProxyError: the proxy refused the request (407: it wants other credentials). Proxy is its
// URL without the password.
type ProxyError struct {
	Proxy  string
	Status int
}

func (e *ProxyError) Error() string {
	text := fmt.Sprintf("the proxy %s refused the request with HTTP %d", e.Proxy, e.Status)
	if e.Status == 407 {
		text += " (Proxy Authentication Required: check the credentials in the proxy setting)"
	}
	return text
}

// DeadlineError: the operation's deadline (its context) ran out; Last is the failure before it.
type DeadlineError struct {
	What string
	Last error
	Err  error
}

func (e *DeadlineError) Error() string {
	text := e.What + ": the deadline ran out"
	if e.Last != nil {
		text += " (last error: " + e.Last.Error() + ")"
	}
	return text
}
func (e *DeadlineError) Unwrap() error { return e.Err }

// InconsistentListingError: the task list kept changing (or offset was ignored) while read.
type InconsistentListingError struct {
	Reason string
}

func (e *InconsistentListingError) Error() string { return e.Reason }
