package taurusdbhtap

// Endpoint, project and credentials from the environment people already have set, with the
// Python layer's chain and rules (taurusdb_replication._credentials): the vendor Terraform
// provider's HW_* variables, then the vendor SDK's HUAWEICLOUD_SDK_* ones. Credentials never
// mix sources: the first source holding any credential must hold a complete set; within a
// source a token wins over a key pair. TAURUSDB_ENDPOINT overrides the region table.

import (
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// EndpointEnv overrides the endpoint for every region (for example the emulator's URL).
const EndpointEnv = "TAURUSDB_ENDPOINT"

var (
	projectIDRule  = regexp.MustCompile(`^[A-Za-z0-9]{32}$`)
	instanceIDRule = regexp.MustCompile(`^[A-Za-z0-9]{36}$`)
	regionRule     = regexp.MustCompile(`^[a-z]{2,}(-[a-z]+)+-[0-9]{1,2}$`)
	loopbackHosts  = map[string]bool{"127.0.0.1": true, "localhost": true, "::1": true}
)

// Settings is everything needed to reach the service. Exactly one of AccessKey and Token is set.
type Settings struct {
	Endpoint  string
	Region    string
	ProjectID string
	AccessKey *AccessKey
	Token     string
	// MaxRetries is HW_MAX_RETRIES (-1 when unset).
	MaxRetries int
}

// String keeps %v (and %s) from printing the token.
func (s Settings) String() string { return s.GoString() }

// GoString keeps %#v from printing secrets.
func (s Settings) GoString() string {
	auth := "token"
	if s.AccessKey != nil {
		auth = s.AccessKey.String()
	}
	return "Settings{" + s.Endpoint + ", project " + s.ProjectID + ", " + auth + "}"
}

type source struct {
	label string
	names map[string]string
}

var (
	hwSource = source{"HW_* environment variables", map[string]string{
		"region": "HW_REGION_NAME", "project": "HW_PROJECT_ID", "token": "HW_AUTH_TOKEN",
		"ak": "HW_ACCESS_KEY", "sk": "HW_SECRET_KEY", "securityToken": "HW_SECURITY_TOKEN",
		"user": "HW_USER_NAME", "password": "HW_USER_PASSWORD",
	}}
	sdkSource = source{"HUAWEICLOUD_SDK_* environment variables", map[string]string{
		"project": "HUAWEICLOUD_SDK_PROJECT_ID", "ak": "HUAWEICLOUD_SDK_AK", "sk": "HUAWEICLOUD_SDK_SK",
		"securityToken": "HUAWEICLOUD_SDK_SECURITY_TOKEN",
	}}
)

func (s source) get(getenv func(string) string, key string) string {
	if name, ok := s.names[key]; ok {
		return strings.TrimSpace(getenv(name))
	}
	return ""
}

// credentials fills the settings' credentials from one source; false when it holds none.
func (s source) credentials(getenv func(string) string, into *Settings) (bool, error) {
	if token := s.get(getenv, "token"); token != "" {
		into.Token = token
		return true, nil
	}
	ak, sk := s.get(getenv, "ak"), s.get(getenv, "sk")
	if ak != "" || sk != "" {
		var missing []string
		if ak == "" {
			missing = append(missing, s.names["ak"])
		}
		if sk == "" {
			missing = append(missing, s.names["sk"])
		}
		if missing != nil {
			return false, &ConfigurationError{"an access key pair is incomplete in " + s.label + ": set " + strings.Join(missing, " and "), missing}
		}
		into.AccessKey = &AccessKey{AccessKey: ak, SecretKey: sk, SecurityToken: s.get(getenv, "securityToken")}
		return true, nil
	}
	if s.get(getenv, "user") != "" || s.get(getenv, "password") != "" {
		return false, &ConfigurationError{s.label + " hold an IAM user and password, which this client does not exchange " +
			"for a token: set HW_AUTH_TOKEN or HW_ACCESS_KEY and HW_SECRET_KEY", []string{"HW_AUTH_TOKEN"}}
	}
	return false, nil
}

// ValidateEndpoint accepts an https:// URL, or http:// to a loopback host (anything else
// would send secrets in clear text), without query, fragment or user info.
func ValidateEndpoint(text, field string) (string, error) {
	parsed, err := url.Parse(text)
	if err != nil || parsed.Host == "" {
		return "", &ValidationError{field, "must be an absolute URL such as https://gaussdb.cn-north-4.myhuaweicloud.com"}
	}
	if parsed.RawQuery != "" || parsed.Fragment != "" || parsed.User != nil {
		return "", &ValidationError{field, "must not hold a query, a fragment or credentials"}
	}
	if parsed.Scheme != "https" && !(parsed.Scheme == "http" && loopbackHosts[parsed.Hostname()]) {
		return "", &ValidationError{field, "must use https:// (http:// only for a loopback host)"}
	}
	return strings.TrimRight(text, "/"), nil
}

// ValidateProjectID: a project id is exactly 32 letters or digits.
func ValidateProjectID(text, field string) error {
	if !projectIDRule.MatchString(text) {
		return &ValidationError{field, "must be exactly 32 letters or digits"}
	}
	return nil
}

// ValidateInstanceID: an instance id is exactly 36 letters or digits.
func ValidateInstanceID(text string) error {
	if !instanceIDRule.MatchString(text) {
		return &ValidationError{"instance_id", "must be exactly 36 letters or digits (no '/', '..', spaces or control characters)"}
	}
	return nil
}

func endpointFor(getenv func(string) string, region string) (string, error) {
	if explicit := strings.TrimSpace(getenv(EndpointEnv)); explicit != "" {
		return ValidateEndpoint(explicit, EndpointEnv)
	}
	if region == "" {
		return "", &ConfigurationError{"no region or endpoint: set HW_REGION_NAME or " + EndpointEnv, []string{"HW_REGION_NAME", EndpointEnv}}
	}
	endpoint, ok := RegionEndpoints[region]
	if !ok {
		known := make([]string, 0, len(RegionEndpoints))
		for name := range RegionEndpoints {
			known = append(known, name)
		}
		sort.Strings(known)
		return "", &ConfigurationError{"unknown region '" + region + "': set " + EndpointEnv +
			" or HW_REGION_NAME to one of " + strings.Join(known, ", "), []string{EndpointEnv}}
	}
	return endpoint, nil
}

// SettingsFromEnv resolves every setting from the environment (getenv is os.Getenv in
// programs); a *ConfigurationError or *ValidationError names what to set.
func SettingsFromEnv(getenv func(string) string) (Settings, error) {
	settings := Settings{MaxRetries: -1, Region: hwSource.get(getenv, "region")}
	if settings.Region != "" && !regionRule.MatchString(settings.Region) {
		return settings, &ValidationError{"HW_REGION_NAME", "must look like 'cn-north-4' (lower-case words and a number)"}
	}
	var err error
	if settings.Endpoint, err = endpointFor(getenv, settings.Region); err != nil {
		return settings, err
	}
	for _, s := range []source{hwSource, sdkSource} {
		if project := s.get(getenv, "project"); project != "" {
			if err := ValidateProjectID(project, s.names["project"]); err != nil {
				return settings, err
			}
			settings.ProjectID = project
			break
		}
	}
	if settings.ProjectID == "" {
		return settings, &ConfigurationError{"no project id: set HW_PROJECT_ID (or HUAWEICLOUD_SDK_PROJECT_ID)", []string{"HW_PROJECT_ID"}}
	}
	found := false
	for _, s := range []source{hwSource, sdkSource} {
		if found, err = s.credentials(getenv, &settings); err != nil {
			return settings, err
		} else if found {
			break
		}
	}
	if !found {
		return settings, &ConfigurationError{"no credentials: set HW_ACCESS_KEY and HW_SECRET_KEY " +
			"(or HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK, or HW_AUTH_TOKEN)", []string{"HW_ACCESS_KEY", "HW_SECRET_KEY"}}
	}
	if text := strings.TrimSpace(getenv("HW_MAX_RETRIES")); text != "" {
		retries, err := strconv.Atoi(text)
		if err != nil || retries < 0 || !digits.MatchString(text) {
			return settings, &ValidationError{"HW_MAX_RETRIES", "must be an integer >= 0"}
		}
		settings.MaxRetries = retries
	}
	return settings, nil
}
