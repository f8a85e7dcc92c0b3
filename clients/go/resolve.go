package taurusdbhtap

// Settings resolution: the engine that walks settingTable (generated from settings.yaml) with
// the named rules of that declaration, the same in Python, TypeScript and Go and proven by
// tests/vectors/settings.json. For each setting: explicit, then its environment variables in
// order, then the profile file, then the default (rule precedence); credentials as a group from
// one source (credentials_one_source, credentials_priority); the endpoint from the region table
// unless an endpoint is given (endpoint_from_region,
// explicit_region_beats_environment_endpoint); IAM from the region (iam_endpoint_from_region);
// the proxy from the standard variables when no source sets it (proxy_from_standard_environment).
// Errors come in the declaration's order: the profile file, each setting's validation, the
// endpoint, the project id, the credentials.

import (
	"net"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// credentialKinds are the kinds of credentials in priority order (rule credentials_priority):
// the settings that trigger a kind, and those it needs.
type credentialKind struct {
	name             string
	triggers, needed []string
}

var credentialKinds = []credentialKind{
	{"token", []string{"auth_token"}, []string{"auth_token"}},
	{"aksk", []string{"access_key", "secret_key", "security_token"}, []string{"access_key", "secret_key"}},
	{"password", []string{"user_name", "password"}, []string{"user_name", "password", "domain_name"}},
}

var durationPart = regexp.MustCompile(`(\d+(?:\.\d+)?)(ms|s|m|h|d)`)

type resolver struct {
	explicit map[string]any
	getenv   func(string) string
	profile  profile
	values   map[string]Value
}

// explicitValues reads the Options fields that were given, by their setting tag.
func explicitValues(options Options) map[string]any {
	given := map[string]any{}
	value := reflect.ValueOf(options)
	for i := range value.NumField() {
		field, name := value.Field(i), value.Type().Field(i).Tag.Get("setting")
		switch {
		case field.Kind() == reflect.String && strings.TrimSpace(field.String()) != "":
			given[name] = strings.TrimSpace(field.String())
		case field.Kind() == reflect.Pointer && !field.IsNil():
			given[name] = field.Elem().Interface()
		}
	}
	return given
}

func spec(name string) settingSpec {
	for _, s := range settingTable {
		if s.Name == name {
			return s
		}
	}
	panic("no setting " + name + " in settings.yaml")
}

// lookup is a setting's first value: explicit, then its variables, then (when asked) the profile.
func (r *resolver) lookup(s settingSpec, withProfile bool) (any, *Origin, bool) {
	if value, ok := r.explicit[s.Name]; ok {
		return value, &Origin{Kind: "argument", Name: s.Name}, true
	}
	for _, variable := range s.Env {
		if text := strings.TrimSpace(r.getenv(variable)); text != "" {
			return text, &Origin{Kind: "environment", Name: variable}, true
		}
	}
	if withProfile {
		if text, origin, ok := r.profile.get(s.Name); ok {
			return text, origin, true
		}
	}
	return nil, nil, false
}

// home expands a leading ~ with the HOME of the environment being resolved.
func (r *resolver) home(path string) string {
	if path != "~" && !strings.HasPrefix(path, "~/") {
		return path
	}
	home := strings.TrimSpace(r.getenv("HOME"))
	if home == "" {
		home, _ = os.UserHomeDir()
	}
	return filepath.Join(home, path[1:])
}

func parseDuration(text string) (time.Duration, bool) {
	if seconds, err := strconv.ParseFloat(text, 64); err == nil && !strings.ContainsAny(text, "eEnN+") {
		return time.Duration(seconds * float64(time.Second)), true
	}
	parts := durationPart.FindAllStringSubmatch(text, -1)
	if parts == nil || strings.Join(durationPart.FindAllString(text, -1), "") != text {
		return 0, false
	}
	units := map[string]time.Duration{"ms": time.Millisecond, "s": time.Second, "m": time.Minute, "h": time.Hour, "d": 24 * time.Hour}
	var total time.Duration
	for _, part := range parts {
		amount, _ := strconv.ParseFloat(part[1], 64)
		total += time.Duration(amount * float64(units[part[2]]))
	}
	return total, true
}

// convert turns a found value (text from a variable or a file, or a typed argument) into the
// setting's type and checks its validation; the error names the setting, the rule and the origin.
func (r *resolver) convert(s settingSpec, raw any, origin *Origin) (any, error) {
	invalid := &ValidationError{Field: s.Name, Rule: "must be " + validationRules[s.Validation], ID: s.Validation, Origin: origin}
	text, isText := raw.(string)
	switch s.Type {
	case "integer":
		number, ok := raw.(int64)
		if isText {
			parsed, err := strconv.ParseInt(text, 10, 64)
			ok = err == nil && digits.MatchString(text)
			number = parsed
		}
		if !ok || number < 0 || (s.Validation == "positive_integer" && number < 1) {
			return nil, invalid
		}
		return number, nil
	case "boolean":
		flag, ok := raw.(bool)
		if isText {
			parsed := parseBool([]byte(strconv.Quote(strings.ToLower(text))))
			ok = parsed != nil || slices.Contains([]string{"on", "off"}, strings.ToLower(text))
			flag = (parsed != nil && *parsed) || strings.EqualFold(text, "on")
		}
		if !ok {
			return nil, invalid
		}
		return flag, nil
	case "duration":
		duration, ok := raw.(time.Duration)
		if isText {
			duration, ok = parseDuration(text)
		}
		if !ok || duration <= 0 {
			return nil, invalid
		}
		return duration, nil
	case "enum":
		if !slices.Contains(s.Values, strings.ToLower(text)) {
			return nil, invalid
		}
		return strings.ToLower(text), nil
	case "path":
		text = r.home(text)
		if info, err := os.Stat(text); s.Validation == "existing_file" && (err != nil || info.IsDir()) {
			return nil, invalid
		}
		return text, nil
	case "url":
		if s.Validation == "proxy_url" {
			if _, err := ValidateProxy(text, s.Name); err != nil {
				return nil, invalid
			}
			return strings.TrimRight(text, "/"), nil
		}
		if _, err := ValidateEndpoint(text, s.Name); err != nil {
			return nil, invalid
		}
		return strings.TrimRight(text, "/"), nil
	}
	rules := map[string]*regexp.Regexp{"region_format": regionRule, "project_id_format": projectIDRule, "instance_id_format": instanceIDRule}
	if rule := rules[s.Validation]; rule != nil && !rule.MatchString(text) {
		return nil, invalid
	}
	return text, nil
}

// setting resolves one setting by precedence, with its default when no source sets it.
func (r *resolver) setting(s settingSpec, withProfile bool) error {
	raw, origin, found := r.lookup(s, withProfile)
	if !found {
		r.values[s.Name] = Value{nil, &Origin{Kind: "default"}}
		if !s.HasDefault {
			return nil
		}
		raw, origin = s.Default, &Origin{Kind: "default"}
	}
	value, err := r.convert(s, raw, origin)
	if err == nil {
		r.values[s.Name] = Value{value, origin}
	}
	return err
}

// readProfile reads the one profile file (rule profile_one_file).
func (r *resolver) readProfile() error {
	for _, name := range []string{"profile", "credentials_file", "shared_config_file"} {
		if err := r.setting(spec(name), false); err != nil {
			return err
		}
	}
	name, _ := r.values["profile"].Value.(string)
	if shared, ok := r.values["shared_config_file"].Value.(string); ok {
		found, err := readSharedProfile(shared, r.values["shared_config_file"].Origin, name, r.values["profile"].Origin)
		r.profile = found
		return err
	}
	path := r.values["credentials_file"]
	found, err := readINIProfile(path.Value.(string), path.Origin, name, r.values["profile"].Origin)
	r.profile = found
	return err
}

// endpoint applies rules endpoint_from_region and explicit_region_beats_environment_endpoint.
func (r *resolver) endpoint() error {
	region, endpoint := r.values["region"], r.values["endpoint"]
	fromTable := func() error {
		url, ok := RegionEndpoints[region.Value.(string)]
		if !ok {
			return &ConfigurationError{Message: "unknown region '" + region.Value.(string) + "' (from " + region.Origin.String() +
				"): set the endpoint (" + EndpointEnv + ") or a region of the table", Missing: []string{"endpoint"},
				Rule: "unknown_region", Field: "region", Origin: region.Origin}
		}
		r.values["endpoint"] = Value{url, &Origin{Kind: "region_table", Region: region.Origin}}
		return nil
	}
	switch {
	case endpoint.Value != nil && endpoint.Origin.Kind == "argument":
		return nil
	case region.Value != nil && region.Origin.Kind == "argument":
		return fromTable()
	case endpoint.Value != nil:
		return nil
	case region.Value != nil:
		return fromTable()
	}
	return &ConfigurationError{Message: "no region or endpoint: set HW_REGION_NAME or " + EndpointEnv +
		" (or region in the profile, or the Region or Endpoint option)", Missing: []string{"region", "endpoint"},
		Rule: "region_or_endpoint_required", Field: "region"}
}

// credentialSources are the sources of the credentials group, in order (rule credentials_one_source).
func (r *resolver) credentialSources() []profile {
	group := []settingSpec{}
	for _, s := range settingTable {
		if s.Group == "credentials" {
			group = append(group, s)
		}
	}
	explicit := profile{map[string]Value{}, CredentialSource{Kind: "argument"}, false}
	for _, s := range group {
		if value, ok := r.explicit[s.Name]; ok {
			explicit.values[s.Name] = Value{value, &Origin{Kind: "argument", Name: s.Name}}
		}
	}
	sources := []profile{explicit}
	for _, family := range environmentFamilies {
		source := profile{map[string]Value{}, CredentialSource{Kind: "environment", Family: family.ID}, false}
		for _, s := range group {
			for _, variable := range s.Env {
				if text := strings.TrimSpace(r.getenv(variable)); familyOf(variable) == family.ID && text != "" {
					source.values[s.Name] = Value{text, &Origin{Kind: "environment", Name: variable}}
					break
				}
			}
		}
		sources = append(sources, source)
	}
	return append(sources, r.profile)
}

// credentials applies rules credentials_one_source and credentials_priority.
func (r *resolver) credentials() (string, error) {
	var group []string
	for _, s := range settingTable {
		if s.Group == "credentials" {
			group = append(group, s.Name)
			r.values[s.Name] = Value{}
		}
	}
	for _, source := range r.credentialSources() {
		for _, kind := range credentialKinds {
			if !slices.ContainsFunc(kind.triggers, func(name string) bool { _, ok := source.values[name]; return ok }) {
				continue
			}
			var missing []string
			for _, name := range group {
				if _, ok := source.values[name]; !ok && slices.Contains(kind.needed, name) {
					missing = append(missing, name)
				}
			}
			if missing != nil {
				return "", &ConfigurationError{Message: "the " + kind.name + " credentials are incomplete in " + source.source.String() +
					": set " + strings.Join(settingPlaces(missing, source), " and "), Missing: missing, Rule: "credentials_incomplete", Field: missing[0], Source: &source.source}
			}
			if kind.name == "password" {
				return "", &ConfigurationError{Message: "IAM password authentication (from " + source.source.String() +
					") is not supported by the Go client: give an auth token or an access key pair", Missing: []string{"auth_token"},
					Rule: "password_auth_unsupported", Field: "password", Source: &source.source}
			}
			for _, name := range append(kind.triggers, kind.needed...) {
				if value, ok := source.values[name]; ok {
					r.values[name] = value
				}
			}
			return kind.name, nil
		}
	}
	var needed []string
	for _, name := range group {
		if slices.ContainsFunc(credentialKinds, func(kind credentialKind) bool { return slices.Contains(kind.needed, name) }) {
			needed = append(needed, name)
		}
	}
	return "", &ConfigurationError{Message: "no credentials: set HW_ACCESS_KEY and HW_SECRET_KEY (or HUAWEICLOUD_SDK_AK and " +
		"HUAWEICLOUD_SDK_SK, or HW_AUTH_TOKEN), ak and sk in the profile file, or the AccessKey and SecretKey options",
		Missing: needed, Rule: "credentials_required", Field: "credentials"}
}

// settingPlaces names where a user sets each setting in one credential source: the variable of
// the family, the key of the profile file, or the option.
func settingPlaces(names []string, source profile) []string {
	places := make([]string, len(names))
	for i, name := range names {
		s, place := spec(name), name
		switch source.source.Kind {
		case "environment":
			for _, variable := range s.Env {
				if familyOf(variable) == source.source.Family {
					place = variable
					break
				}
			}
		case "profile":
			place = source.key(s) + " in " + source.source.String()
		}
		places[i] = place
	}
	return places
}

func familyOf(variable string) string {
	for _, family := range environmentFamilies {
		if strings.HasPrefix(variable, family.Prefix) {
			return family.ID
		}
	}
	return ""
}

// iamEndpoint applies rule iam_endpoint_from_region.
func (r *resolver) iamEndpoint() {
	if r.values["auth_url"].Value != nil {
		return
	}
	if region := r.values["region"]; region.Value != nil {
		r.values["auth_url"] = Value{"https://iam." + region.Value.(string) + ".myhuaweicloud.com/v3", &Origin{Kind: "region_table", Region: region.Origin}}
		return
	}
	r.values["auth_url"] = Value{"https://iam.myhuaweicloud.com/v3", &Origin{Kind: "default"}}
}

// excluded: a no_proxy entry names the host (or a domain above it), "*", or host:port.
func excluded(noProxy string, endpoint *url.URL) bool {
	host, port := strings.ToLower(endpoint.Hostname()), endpoint.Port()
	if port == "" {
		port = map[string]string{"https": "443", "http": "80"}[endpoint.Scheme]
	}
	for _, entry := range strings.Split(strings.ToLower(noProxy), ",") {
		entry = strings.TrimSpace(entry)
		if entryHost, entryPort, err := net.SplitHostPort(entry); err == nil {
			if entryPort != port {
				continue
			}
			entry = entryHost
		}
		entry = strings.TrimPrefix(entry, ".")
		if entry == "*" || (entry != "" && (host == entry || strings.HasSuffix(host, "."+entry))) {
			return true
		}
	}
	return false
}

// proxy applies rule proxy_from_standard_environment when no source set the proxy.
func (r *resolver) proxy() error {
	s := spec("proxy")
	if r.values["proxy"].Value != nil || !s.StandardEnv {
		return nil
	}
	endpoint, err := url.Parse(r.values["endpoint"].Value.(string))
	if err != nil || IsLoopback(endpoint.Hostname()) {
		return err
	}
	first := func(names ...string) (string, string) {
		for _, name := range names {
			if text := strings.TrimSpace(r.getenv(name)); text != "" {
				return text, name
			}
		}
		return "", ""
	}
	scheme := strings.ToLower(endpoint.Scheme)
	text, variable := first(scheme+"_proxy", strings.ToUpper(scheme)+"_PROXY", "all_proxy", "ALL_PROXY")
	if text == "" {
		return nil
	}
	if noProxy, name := first("no_proxy", "NO_PROXY"); noProxy != "" && excluded(noProxy, endpoint) {
		r.values["proxy"] = Value{nil, &Origin{Kind: "environment", Name: name}}
		return nil
	}
	origin := &Origin{Kind: "environment", Name: variable}
	value, err := r.convert(s, text, origin)
	if err == nil {
		r.values["proxy"] = Value{value, origin}
	}
	return err
}

// ResolveSettings resolves every setting of settings.yaml from explicit options, then the
// environment (getenv is os.Getenv in programs; HOME in it locates ~), then the profile file,
// then the defaults. A *ConfigurationError or *ValidationError names the setting, the rule
// (Rule or ID, the rule's id in settings.yaml) and where the offending value came from;
// Settings.Values says where each value came from.
func ResolveSettings(options Options, getenv func(string) string) (Settings, error) {
	r := &resolver{explicit: explicitValues(options), getenv: getenv, values: map[string]Value{}}
	fail := func(err error) (Settings, error) { return Settings{MaxRetries: -1, Values: r.values}, err }
	if err := r.readProfile(); err != nil {
		return fail(err)
	}
	for _, s := range settingTable {
		if _, done := r.values[s.Name]; done || s.Group == "credentials" {
			continue
		}
		if err := r.setting(s, s.ProfileINI != "" || s.ProfileShared != ""); err != nil {
			return fail(err)
		}
	}
	if err := r.endpoint(); err != nil {
		return fail(err)
	}
	if r.values["project_id"].Value == nil {
		return fail(&ConfigurationError{Message: "no project id: set HW_PROJECT_ID (or HUAWEICLOUD_SDK_PROJECT_ID, project_id in the " +
			"profile file, or the ProjectID option)", Missing: []string{"project_id"}, Rule: "project_id_required", Field: "project_id"})
	}
	auth, err := r.credentials()
	if err != nil {
		return fail(err)
	}
	r.iamEndpoint()
	if err := r.proxy(); err != nil {
		return fail(err)
	}
	return r.settings(auth), nil
}

// settings are the typed fields the client uses, from the resolved values.
func (r *resolver) settings(auth string) Settings {
	text := func(name string) string { value, _ := r.values[name].Value.(string); return value }
	number := func(name string) int { value, _ := r.values[name].Value.(int64); return int(value) }
	out := Settings{Endpoint: text("endpoint"), Region: text("region"), ProjectID: text("project_id"), Auth: auth,
		MaxRetries: number("max_retries"), Concurrency: number("concurrency"), Language: text("language"), Values: r.values}
	out.RequestTimeout, _ = r.values["request_timeout"].Value.(time.Duration)
	out.Network.Proxy, out.Network.CABundle = text("proxy"), text("ca_bundle")
	out.Network.Insecure, _ = r.values["insecure"].Value.(bool)
	if auth == "token" {
		out.Token = text("auth_token")
	} else {
		out.AccessKey = &AccessKey{AccessKey: text("access_key"), SecretKey: text("secret_key"), SecurityToken: text("security_token")}
	}
	return out
}

// SettingsFromEnv resolves every setting from the environment, the profile file and the defaults.
func SettingsFromEnv(getenv func(string) string) (Settings, error) {
	return ResolveSettings(Options{}, getenv)
}
