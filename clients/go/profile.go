package taurusdbhtap

// The vendor SDK's profile file (~/.huaweicloud/credentials, or HUAWEICLOUD_SDK_CREDENTIALS_FILE):
// an INI file whose section [basic], or the one named by the Profile option or TAURUSDB_PROFILE,
// holds ak, sk, security_token and project_id, as the Python layer reads it.

import (
	"bufio"
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

const defaultProfile = "basic"

var profileKeys = map[string]string{"ak": "access_key", "sk": "secret_key", "project_id": "project_id", "security_token": "security_token"}

// parseINI reads sections of key = value (or key: value) lines; keys are lower-cased, comments
// start with # or ;. A line that is none of these is an error naming its number.
func parseINI(data []byte) (map[string]map[string]string, error) {
	sections := map[string]map[string]string{}
	var current map[string]string
	scanner := bufio.NewScanner(bytes.NewReader(data))
	for number := 1; scanner.Scan(); number++ {
		line := strings.TrimSpace(scanner.Text())
		switch {
		case line == "" || line[0] == '#' || line[0] == ';':
		case line[0] == '[' && line[len(line)-1] == ']':
			name := strings.TrimSpace(line[1 : len(line)-1])
			if sections[name] == nil {
				sections[name] = map[string]string{}
			}
			current = sections[name]
		default:
			at := strings.IndexAny(line, "=:")
			if at < 1 || current == nil {
				return nil, errors.New("line " + itoa(number) + " is not a [section] or a key = value line")
			}
			current[strings.ToLower(strings.TrimSpace(line[:at]))] = strings.TrimSpace(line[at+1:])
		}
	}
	return sections, scanner.Err()
}

func profilePath(options Options, getenv func(string) string) string {
	if options.CredentialsFile != "" {
		return options.CredentialsFile
	}
	if path := strings.TrimSpace(getenv("HUAWEICLOUD_SDK_CREDENTIALS_FILE")); path != "" {
		return path
	}
	home := strings.TrimSpace(getenv("HOME"))
	if home == "" {
		home, _ = os.UserHomeDir()
	}
	return filepath.Join(home, ".huaweicloud", "credentials")
}

func profileSource(options Options, getenv func(string) string) (source, error) {
	path := profilePath(options, getenv)
	name, askedBy := defaultProfile, ""
	if options.Profile != "" {
		name, askedBy = strings.TrimSpace(options.Profile), "argument Profile"
	} else if env := strings.TrimSpace(getenv("TAURUSDB_PROFILE")); env != "" {
		name, askedBy = env, "TAURUSDB_PROFILE"
	}
	label := "profile file " + path + " [" + name + "]"
	names := map[string]string{}
	for key, field := range profileKeys {
		names[field] = key + " in " + label
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) && askedBy == "" {
		return source{label + " (absent)", map[string][2]string{}, names}, nil
	}
	if err != nil {
		return source{}, &ConfigurationError{"profile '" + name + "': cannot read the profile file " + path, []string{"HUAWEICLOUD_SDK_CREDENTIALS_FILE"}}
	}
	sections, err := parseINI(data)
	if err != nil {
		return source{}, &ConfigurationError{"cannot read the profile file " + path + ": " + err.Error(), []string{"HUAWEICLOUD_SDK_CREDENTIALS_FILE"}}
	}
	section, ok := sections[name]
	if !ok && askedBy != "" {
		known := make([]string, 0, len(sections))
		for section := range sections {
			known = append(known, section)
		}
		sort.Strings(known)
		return source{}, &ConfigurationError{"profile '" + name + "' (from " + askedBy + ") is not a section of " +
			path + " (sections: " + strings.Join(known, ", ") + ")", []string{askedBy}}
	}
	values := map[string][2]string{}
	for key, field := range profileKeys {
		if value := section[key]; value != "" {
			values[field] = [2]string{value, path + " [" + name + "] " + key}
		}
	}
	return source{label, values, names}, nil
}
