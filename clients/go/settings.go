package taurusdbhtap

// Resolved settings, their origins and the validation rules of settings.yaml. The resolution
// itself (precedence, credentials as a group, the endpoint, the proxy) is in resolve.go; the
// list of settings is generated from settings.yaml into settings.gen.go.

import (
	"encoding/json"
	"net"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// EndpointEnv overrides the endpoint for every region (for example the emulator's URL).
const EndpointEnv = "TAURUSDB_ENDPOINT"

// DefaultRequestTimeout bounds one attempt when no request timeout is set.
const DefaultRequestTimeout = 30 * time.Second

var (
	projectIDRule  = regexp.MustCompile(`^[A-Za-z0-9]{32}$`)
	instanceIDRule = regexp.MustCompile(`^[A-Za-z0-9]{36}$`)
	regionRule     = regexp.MustCompile(`^[a-z]{2,}(-[a-z]+)+-[0-9]{1,2}$`)
)

// settingSpec is one setting of settings.yaml (generated into settingTable).
type settingSpec struct {
	Name, Type, Validation, Default string
	HasDefault, Secret              bool
	Group                           string
	Env                             []string
	ProfileINI, ProfileShared       string
	StandardEnv                     bool
	Values                          []string
}

type environmentFamily struct{ ID, Prefix string }

// Origin says where a resolved value came from. Kind is "argument" (Name: the setting),
// "environment" (Name: the variable), "profile" (File, Section: the INI section or the shared
// file's profile, "" for the shared file's "current" key; Key), "region_table" (Region: the
// region's own origin) or "default".
type Origin struct {
	Kind    string
	Name    string
	File    string
	Section string
	Key     string
	Region  *Origin
}

// String is the origin for people: "argument region", "environment HW_REGION_NAME",
// "profile ~/.huaweicloud/credentials [basic] ak", "region table (environment HW_REGION_NAME)".
func (o Origin) String() string {
	switch o.Kind {
	case "argument", "environment":
		return o.Kind + " " + o.Name
	case "profile":
		section := o.Section
		if section == "" {
			section = "-"
		}
		return "profile " + o.File + " [" + section + "] " + o.Key
	case "region_table":
		return "region table (" + o.Region.String() + ")"
	}
	return o.Kind
}

// MarshalJSON writes the origin as the conformance vectors spell it.
func (o Origin) MarshalJSON() ([]byte, error) {
	out := map[string]any{"kind": o.Kind}
	switch o.Kind {
	case "argument", "environment":
		out["name"] = o.Name
	case "profile":
		out["file"], out["key"], out["section"] = o.File, o.Key, nil
		if o.Section != "" {
			out["section"] = o.Section
		}
	case "region_table":
		out["region"] = o.Region
	}
	return json.Marshal(out)
}

// Value is one resolved setting: Value is a string, int64, bool, time.Duration or nil (not
// set); Origin is nil for a credential setting outside the credentials in use.
type Value struct {
	Value  any
	Origin *Origin
}

// Settings is everything needed to reach the service. Exactly one of AccessKey and Token is
// set (Auth says which: "aksk" or "token"). Values holds every setting of settings.yaml by its
// canonical name, with its origin; the typed fields are the ones the client uses.
type Settings struct {
	Endpoint  string
	Region    string
	ProjectID string
	AccessKey *AccessKey
	Token     string
	Auth      string
	// MaxRetries is the number of retries after the first attempt (-1: DefaultRetryPolicy's).
	MaxRetries int
	// RequestTimeout bounds each attempt.
	RequestTimeout time.Duration
	// Concurrency is the number of pages read at once (0: DefaultListOptions').
	Concurrency int
	// Language is the language of the service's error messages (X-Language; "" sends none).
	Language string
	Network  Network
	Values   map[string]Value
}

// Origin of a setting by its canonical name (nil when it is not set or not in use).
func (s Settings) Origin(name string) *Origin { return s.Values[name].Origin }

// String keeps %v (and %s) from printing a secret.
func (s Settings) String() string { return s.GoString() }

// GoString keeps %#v from printing secrets (the proxy's password included).
func (s Settings) GoString() string {
	auth := "token"
	if s.AccessKey != nil {
		auth = s.AccessKey.String()
	}
	text := "Settings{" + s.Endpoint + ", project " + s.ProjectID + ", " + auth
	if s.Network.Proxy != "" {
		text += ", proxy " + MaskURL(s.Network.Proxy)
	}
	return text + "}"
}

// IsLoopback: localhost, 127.0.0.0/8, ::1 and ::ffff:127.0.0.0/104.
func IsLoopback(host string) bool {
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return strings.EqualFold(host, "localhost") || (ip != nil && ip.IsLoopback())
}

// ValidateEndpoint accepts an https:// URL, or http:// to a loopback host (anything else
// would send secrets in clear text), without query, fragment or user info (rule service_url).
func ValidateEndpoint(text, field string) (string, error) {
	invalid := &ValidationError{Field: field, Rule: "must be " + validationRules["service_url"], ID: "service_url"}
	parsed, err := url.Parse(text)
	if err != nil || parsed.Host == "" || parsed.RawQuery != "" || parsed.Fragment != "" || parsed.User != nil ||
		strings.HasSuffix(text, "?") || strings.HasSuffix(text, "#") {
		return "", invalid
	}
	if parsed.Scheme != "https" && !(parsed.Scheme == "http" && IsLoopback(parsed.Hostname())) {
		return "", invalid
	}
	return strings.TrimRight(text, "/"), nil
}

// ValidateProxy accepts an http:// or https:// URL with a host (and credentials), nothing after
// it (rule proxy_url).
func ValidateProxy(text, field string) (*url.URL, error) {
	parsed, err := url.Parse(text)
	if err != nil || parsed.Host == "" || (parsed.Scheme != "http" && parsed.Scheme != "https") ||
		(parsed.Path != "" && parsed.Path != "/") || parsed.RawQuery != "" || parsed.Fragment != "" {
		return nil, &ValidationError{Field: field, Rule: "must be " + validationRules["proxy_url"], ID: "proxy_url"}
	}
	return parsed, nil
}

// ValidateProjectID: a project id is exactly 32 letters or digits.
func ValidateProjectID(text, field string) error {
	if !projectIDRule.MatchString(text) {
		return &ValidationError{Field: field, Rule: "must be " + validationRules["project_id_format"], ID: "project_id_format"}
	}
	return nil
}

// ValidateInstanceID: an instance id is exactly 36 letters or digits.
func ValidateInstanceID(text string) error {
	if !instanceIDRule.MatchString(text) {
		return &ValidationError{Field: "instance_id", Rule: "must be exactly 36 letters or digits (no '/', '..', spaces or control characters)", ID: "instance_id_format"}
	}
	return nil
}
