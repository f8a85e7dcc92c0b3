package taurusdbhtap

// Settings resolution with the Python layer's chain and rules (taurusdb_replication
// _credentials): explicit options first, then the vendor Terraform provider's HW_* variables,
// then the vendor SDK's HUAWEICLOUD_SDK_* ones, then the vendor SDK's profile file; the first
// source holding a value wins, and every resolved value records where it came from (Origins).
// Credentials never mix sources: the first source holding any credential must hold a complete
// set; within a source a token wins over a key pair. An explicit endpoint wins; an explicit
// region beats TAURUSDB_ENDPOINT; else TAURUSDB_ENDPOINT beats the region table.

import (
	"net"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/http/httpproxy"
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

// Options are the explicit settings (library arguments, Terraform attributes); the zero value
// of a field means "not given", so the environment, the profile or the default decides.
type Options struct {
	Endpoint  string
	Region    string
	ProjectID string
	// Token, or AccessKey and SecretKey (with SecurityToken for temporary keys).
	Token         string
	AccessKey     string
	SecretKey     string
	SecurityToken string
	// Profile is the section of the profile file to read; CredentialsFile the file itself.
	Profile         string
	CredentialsFile string
	// Proxy is a forward proxy URL for every request, ignoring the proxy variables.
	Proxy    string
	CABundle string
	Insecure *bool
	// MaxRetries is the number of retries after the first attempt (nil: the default).
	MaxRetries *int
	// RequestTimeout bounds each attempt (0: the default, DefaultRequestTimeout).
	RequestTimeout time.Duration
}

// Settings is everything needed to reach the service. Exactly one of AccessKey and Token is
// set. Origins names where each value came from, by setting name ("endpoint", "region",
// "project_id", "credentials", "proxy", "max_retries", "request_timeout", "ca_bundle",
// "insecure"): "argument endpoint", "HW_REGION_NAME", "<file> [basic] ak", "region table
// (HW_REGION_NAME)", "default".
type Settings struct {
	Endpoint  string
	Region    string
	ProjectID string
	AccessKey *AccessKey
	Token     string
	// MaxRetries is the number of retries (-1 when unset: DefaultRetryPolicy's).
	MaxRetries int
	// RequestTimeout bounds each attempt.
	RequestTimeout time.Duration
	Network        Network
	Origins        map[string]string
}

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

// source is one layer of the chain: key -> value and origin, and key -> the name users set.
type source struct {
	label  string
	values map[string][2]string
	names  map[string]string
}

func (s source) get(key string) (value, origin string, ok bool) {
	found, ok := s.values[key]
	return found[0], found[1], ok
}

func (s source) name(key string) string {
	if name, ok := s.names[key]; ok {
		return name
	}
	return key
}

var (
	hwNames = map[string]string{
		"region": "HW_REGION_NAME", "project_id": "HW_PROJECT_ID", "token": "HW_AUTH_TOKEN",
		"access_key": "HW_ACCESS_KEY", "secret_key": "HW_SECRET_KEY", "security_token": "HW_SECURITY_TOKEN",
		"user_name": "HW_USER_NAME", "password": "HW_USER_PASSWORD",
	}
	sdkNames = map[string]string{
		"project_id": "HUAWEICLOUD_SDK_PROJECT_ID", "access_key": "HUAWEICLOUD_SDK_AK",
		"secret_key": "HUAWEICLOUD_SDK_SK", "security_token": "HUAWEICLOUD_SDK_SECURITY_TOKEN",
	}
	argumentNames = map[string]string{
		"endpoint": "Endpoint", "region": "Region", "project_id": "ProjectID", "token": "Token",
		"access_key": "AccessKey", "secret_key": "SecretKey", "security_token": "SecurityToken",
	}
)

func envSource(label string, getenv func(string) string, names map[string]string) source {
	values := map[string][2]string{}
	for key, variable := range names {
		if value := strings.TrimSpace(getenv(variable)); value != "" {
			values[key] = [2]string{value, variable}
		}
	}
	return source{label, values, names}
}

func argumentSource(o Options) source {
	given := map[string]string{
		"endpoint": o.Endpoint, "region": o.Region, "project_id": o.ProjectID, "token": o.Token,
		"access_key": o.AccessKey, "secret_key": o.SecretKey, "security_token": o.SecurityToken,
	}
	values := map[string][2]string{}
	for key, value := range given {
		if value = strings.TrimSpace(value); value != "" {
			values[key] = [2]string{value, "argument " + argumentNames[key]}
		}
	}
	return source{"arguments", values, argumentNames}
}

func first(sources []source, key string) (value, origin string, ok bool) {
	for _, s := range sources {
		if value, origin, ok = s.get(key); ok {
			return value, origin, true
		}
	}
	return "", "", false
}

// credentials fills the settings' credentials from one source; false when it holds none.
func (s source) credentials(into *Settings) (bool, error) {
	if token, origin, ok := s.get("token"); ok {
		into.Token, into.Origins["credentials"] = token, origin
		return true, nil
	}
	ak, origin, hasAK := s.get("access_key")
	sk, _, hasSK := s.get("secret_key")
	if hasAK || hasSK {
		var missing []string
		if !hasAK {
			missing = append(missing, s.name("access_key"))
		}
		if !hasSK {
			missing = append(missing, s.name("secret_key"))
		}
		if missing != nil {
			return false, &ConfigurationError{"an access key pair is incomplete in " + s.label + ": set " + strings.Join(missing, " and "), missing}
		}
		securityToken, _, _ := s.get("security_token")
		into.AccessKey = &AccessKey{AccessKey: ak, SecretKey: sk, SecurityToken: securityToken}
		into.Origins["credentials"] = origin
		return true, nil
	}
	if _, _, user := s.get("user_name"); user {
		return false, passwordUnsupported(s)
	}
	if _, _, password := s.get("password"); password {
		return false, passwordUnsupported(s)
	}
	return false, nil
}

func passwordUnsupported(s source) error {
	return &ConfigurationError{s.label + " hold an IAM user and password, which this client does not exchange " +
		"for a token: set HW_AUTH_TOKEN or HW_ACCESS_KEY and HW_SECRET_KEY", []string{"HW_AUTH_TOKEN"}}
}

// IsLoopback: localhost, 127.0.0.0/8, ::1 and ::ffff:127.0.0.0/104.
func IsLoopback(host string) bool {
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return strings.EqualFold(host, "localhost") || (ip != nil && ip.IsLoopback())
}

// ValidateEndpoint accepts an https:// URL, or http:// to a loopback host (anything else
// would send secrets in clear text), without query, fragment or user info.
func ValidateEndpoint(text, field string) (string, error) {
	parsed, err := url.Parse(text)
	if err != nil || parsed.Host == "" {
		return "", &ValidationError{Field: field, Rule: "must be an absolute URL such as https://gaussdb.cn-north-4.myhuaweicloud.com"}
	}
	if parsed.RawQuery != "" || parsed.Fragment != "" || parsed.User != nil {
		return "", &ValidationError{Field: field, Rule: "must not hold a query, a fragment or credentials"}
	}
	if parsed.Scheme != "https" && !(parsed.Scheme == "http" && IsLoopback(parsed.Hostname())) {
		return "", &ValidationError{Field: field, Rule: "must use https:// (http:// only for a loopback host)"}
	}
	return strings.TrimRight(text, "/"), nil
}

// ValidateProjectID: a project id is exactly 32 letters or digits.
func ValidateProjectID(text, field string) error {
	if !projectIDRule.MatchString(text) {
		return &ValidationError{Field: field, Rule: "must be exactly 32 letters or digits"}
	}
	return nil
}

// ValidateInstanceID: an instance id is exactly 36 letters or digits.
func ValidateInstanceID(text string) error {
	if !instanceIDRule.MatchString(text) {
		return &ValidationError{Field: "instance_id", Rule: "must be exactly 36 letters or digits (no '/', '..', spaces or control characters)"}
	}
	return nil
}

func regionEndpoint(region, origin string) (string, error) {
	endpoint, ok := RegionEndpoints[region]
	if !ok {
		known := make([]string, 0, len(RegionEndpoints))
		for name := range RegionEndpoints {
			known = append(known, name)
		}
		sort.Strings(known)
		return "", &ConfigurationError{"unknown region '" + region + "' (from " + origin + "): set " + EndpointEnv +
			" or the region to one of " + strings.Join(known, ", "), []string{EndpointEnv}}
	}
	return endpoint, nil
}

func (r *resolution) endpoint() error {
	region, regionOrigin, hasRegion := first(r.sources[:2], "region")
	if hasRegion {
		if !regionRule.MatchString(region) {
			return &ValidationError{Field: regionOrigin, Rule: "must look like 'cn-north-4' (lower-case words and a number)"}
		}
		r.out.Region, r.out.Origins["region"] = region, regionOrigin
	}
	var err error
	switch explicit, origin, ok := r.sources[0].get("endpoint"); {
	case ok:
		r.out.Endpoint, err = ValidateEndpoint(explicit, origin)
		r.out.Origins["endpoint"] = origin
	case hasRegion && r.options.Region != "":
		r.out.Endpoint, err = regionEndpoint(region, regionOrigin)
		r.out.Origins["endpoint"] = "region table (" + regionOrigin + ")"
	case strings.TrimSpace(r.getenv(EndpointEnv)) != "":
		r.out.Endpoint, err = ValidateEndpoint(strings.TrimSpace(r.getenv(EndpointEnv)), EndpointEnv)
		r.out.Origins["endpoint"] = EndpointEnv
	case hasRegion:
		r.out.Endpoint, err = regionEndpoint(region, regionOrigin)
		r.out.Origins["endpoint"] = "region table (" + regionOrigin + ")"
	default:
		err = &ConfigurationError{"no region or endpoint: set HW_REGION_NAME or " + EndpointEnv +
			" (or the Region or Endpoint option)", []string{"HW_REGION_NAME", EndpointEnv}}
	}
	return err
}

func (r *resolution) project() error {
	project, origin, ok := first(r.sources, "project_id")
	if !ok {
		return &ConfigurationError{"no project id: set HW_PROJECT_ID (or HUAWEICLOUD_SDK_PROJECT_ID, " +
			"project_id in " + r.sources[len(r.sources)-1].label + ", or the ProjectID option)", []string{"HW_PROJECT_ID"}}
	}
	r.out.ProjectID, r.out.Origins["project_id"] = project, origin
	return ValidateProjectID(project, origin)
}

func (r *resolution) credentials() error {
	for _, s := range r.sources {
		if found, err := s.credentials(&r.out); err != nil || found {
			return err
		}
	}
	return &ConfigurationError{"no credentials: set HW_ACCESS_KEY and HW_SECRET_KEY " +
		"(or HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK, or HW_AUTH_TOKEN, or ak and sk in " +
		r.sources[len(r.sources)-1].label + ")", []string{"HW_ACCESS_KEY", "HW_SECRET_KEY"}}
}

func (r *resolution) retries() error {
	r.out.MaxRetries = -1
	if r.options.MaxRetries != nil {
		if *r.options.MaxRetries < 0 {
			return &ValidationError{Field: "argument MaxRetries", Rule: "must be an integer >= 0"}
		}
		r.out.MaxRetries, r.out.Origins["max_retries"] = *r.options.MaxRetries, "argument MaxRetries"
		return nil
	}
	if text := strings.TrimSpace(r.getenv("HW_MAX_RETRIES")); text != "" {
		retries, err := strconv.Atoi(text)
		if err != nil || retries < 0 || !digits.MatchString(text) {
			return &ValidationError{Field: "HW_MAX_RETRIES", Rule: "must be an integer >= 0"}
		}
		r.out.MaxRetries, r.out.Origins["max_retries"] = retries, "HW_MAX_RETRIES"
		return nil
	}
	r.out.Origins["max_retries"] = "default"
	return nil
}

func (r *resolution) timeout() error {
	r.out.RequestTimeout, r.out.Origins["request_timeout"] = DefaultRequestTimeout, "default"
	if r.options.RequestTimeout < 0 {
		return &ValidationError{Field: "argument RequestTimeout", Rule: "must be a positive duration"}
	}
	if r.options.RequestTimeout > 0 {
		r.out.RequestTimeout, r.out.Origins["request_timeout"] = r.options.RequestTimeout, "argument RequestTimeout"
	}
	return nil
}

func truthy(text string) bool {
	switch strings.ToLower(strings.TrimSpace(text)) {
	case "1", "true", "yes", "on":
		return true
	}
	return false
}

func (r *resolution) tls() error {
	switch {
	case r.options.Insecure != nil:
		r.out.Network.Insecure, r.out.Origins["insecure"] = *r.options.Insecure, "argument Insecure"
	case strings.TrimSpace(r.getenv("HW_INSECURE")) != "":
		r.out.Network.Insecure, r.out.Origins["insecure"] = truthy(r.getenv("HW_INSECURE")), "HW_INSECURE"
	default:
		r.out.Origins["insecure"] = "default"
	}
	switch bundle := strings.TrimSpace(r.getenv("TAURUSDB_CA_BUNDLE")); {
	case r.options.CABundle != "":
		r.out.Network.CABundle, r.out.Origins["ca_bundle"] = r.options.CABundle, "argument CABundle"
	case bundle != "":
		r.out.Network.CABundle, r.out.Origins["ca_bundle"] = bundle, "TAURUSDB_CA_BUNDLE"
	default:
		r.out.Origins["ca_bundle"] = "default"
	}
	return nil
}

// proxyVariables are read as Go's http.ProxyFromEnvironment reads them (upper case first),
// plus ALL_PROXY when the scheme's own variable is unset, as curl does.
func (r *resolution) envProxy() (*httpproxy.Config, map[string]string) {
	read := func(names ...string) (string, string) {
		for _, name := range names {
			if value := strings.TrimSpace(r.getenv(name)); value != "" {
				return value, name
			}
		}
		return "", ""
	}
	config, origins := &httpproxy.Config{}, map[string]string{}
	var origin string
	config.HTTPSProxy, origin = read("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy")
	origins["https"] = origin
	config.HTTPProxy, origin = read("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy")
	origins["http"] = origin
	config.NoProxy, _ = read("NO_PROXY", "no_proxy")
	return config, origins
}

func (r *resolution) proxy() error {
	if r.options.Proxy != "" {
		if _, err := ValidateProxy(r.options.Proxy, "argument Proxy"); err != nil {
			return err
		}
		r.out.Network.Proxy, r.out.Origins["proxy"] = r.options.Proxy, "argument Proxy"
		return nil
	}
	r.out.Origins["proxy"] = "default"
	config, origins := r.envProxy()
	endpoint, err := url.Parse(r.out.Endpoint)
	if err != nil {
		return err
	}
	proxy, err := config.ProxyFunc()(endpoint)
	if err != nil || proxy == nil {
		if err != nil {
			return &ValidationError{Field: origins[endpoint.Scheme], Rule: "must be a proxy URL such as http://proxy.example:3128"}
		}
		if origins[endpoint.Scheme] != "" {
			r.out.Origins["proxy"] = "none (NO_PROXY or a loopback endpoint)"
		}
		return nil
	}
	if _, err := ValidateProxy(proxy.String(), origins[endpoint.Scheme]); err != nil {
		return err
	}
	r.out.Network.Proxy, r.out.Origins["proxy"] = proxy.String(), origins[endpoint.Scheme]
	return nil
}

type resolution struct {
	options Options
	getenv  func(string) string
	sources []source
	out     Settings
}

// ResolveSettings resolves every setting from explicit options, then the environment (getenv
// is os.Getenv in programs), then the profile file, then the defaults; a *ConfigurationError
// or *ValidationError names what to set, and Settings.Origins where each value came from.
func ResolveSettings(options Options, getenv func(string) string) (Settings, error) {
	profile, err := profileSource(options, getenv)
	if err != nil {
		return Settings{MaxRetries: -1}, err
	}
	r := &resolution{options: options, getenv: getenv, out: Settings{Origins: map[string]string{}}}
	r.sources = []source{
		argumentSource(options),
		envSource("HW_* environment variables", getenv, hwNames),
		envSource("HUAWEICLOUD_SDK_* environment variables", getenv, sdkNames),
		profile,
	}
	for _, step := range []func() error{r.endpoint, r.project, r.credentials, r.retries, r.timeout, r.tls, r.proxy} {
		if err := step(); err != nil {
			return r.out, err
		}
	}
	return r.out, nil
}

// SettingsFromEnv resolves every setting from the environment and the profile file alone.
func SettingsFromEnv(getenv func(string) string) (Settings, error) {
	return ResolveSettings(Options{}, getenv)
}
