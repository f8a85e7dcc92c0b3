package taurusdbhtap

// The profile files of settings.yaml (profile_files): the vendor SDK's INI credentials file
// (~/.huaweicloud/credentials, section [basic] or the profile named) and the vendor CLI's JSON
// shared config file ({"current": NAME, "profiles": [{"name": NAME, "accessKeyId": ...}]}).
// Exactly one is read (rule profile_one_file); each yields the profile's values by setting.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"sort"
	"strings"
	"unicode/utf8"
)

// profile is the profile read: setting name -> text and origin; source names it for errors.
type profile struct {
	values map[string]Value
	source CredentialSource
	shared bool
}

// key is the setting's key in this profile file.
func (p profile) key(s settingSpec) string {
	if p.shared {
		return s.ProfileShared
	}
	return s.ProfileINI
}

func (p profile) get(name string) (string, *Origin, bool) {
	found, ok := p.values[name]
	if !ok {
		return "", nil, false
	}
	return found.Value.(string), found.Origin, true
}

// parseINI reads sections of key = value (or key: value) lines as Python's configparser does:
// keys lower-cased, # and ; comment lines, a repeated section or key, or a line outside any
// section, is an error naming its line.
func parseINI(data []byte) (map[string]map[string]string, error) {
	if !utf8.Valid(data) {
		return nil, errors.New("the file is not UTF-8")
	}
	sections := map[string]map[string]string{}
	var current map[string]string
	scanner := bufio.NewScanner(bytes.NewReader(data))
	for number := 1; scanner.Scan(); number++ {
		line := strings.TrimSpace(scanner.Text())
		bad := errors.New("line " + itoa(number) + " is not a [section] or a key = value line of a section")
		switch {
		case line == "" || line[0] == '#' || line[0] == ';':
		case line[0] == '[' && line[len(line)-1] == ']':
			name := line[1 : len(line)-1]
			if sections[name] != nil {
				return nil, errors.New("line " + itoa(number) + " repeats the section [" + name + "]")
			}
			current = map[string]string{}
			sections[name] = current
		default:
			at := strings.IndexAny(line, "=:")
			if at < 1 || current == nil {
				return nil, bad
			}
			key := strings.ToLower(strings.TrimSpace(line[:at]))
			if _, repeated := current[key]; repeated {
				return nil, errors.New("line " + itoa(number) + " repeats the key " + key)
			}
			current[key] = strings.TrimSpace(line[at+1:])
		}
	}
	return sections, scanner.Err()
}

func fileError(rule, field, path string, origin *Origin, why string) error {
	return &ConfigurationError{Message: "the profile file " + path + " (" + field + ", from " + origin.String() + ") " + why,
		Missing: []string{field}, Rule: rule, Field: field, Origin: origin}
}

func notFound(name string, origin *Origin, path string, known []string) error {
	sort.Strings(known)
	return &ConfigurationError{Message: "profile '" + name + "' (from " + origin.String() + ") is not in " + path +
		" (profiles: " + strings.Join(known, ", ") + ")", Missing: []string{"profile"}, Rule: "profile_not_found", Field: "profile", Origin: origin}
}

// readINIProfile reads the section of the INI file; an absent file is an empty profile unless a
// profile is named (wherever its path came from, as the AWS SDKs do).
func readINIProfile(path string, pathOrigin *Origin, name string, nameOrigin *Origin) (profile, error) {
	section := name
	if section == "" {
		section = defaultProfileSection
	}
	empty := profile{map[string]Value{}, CredentialSource{Kind: "profile", File: path, Section: section}, false}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) && name == "" {
		return empty, nil // an absent INI file is an empty profile unless a profile is named
	}
	if err != nil {
		return empty, fileError("profile_file_missing", "credentials_file", path, pathOrigin, "does not exist or cannot be read")
	}
	sections, err := parseINI(data)
	if err != nil {
		return empty, fileError("profile_file_invalid", "credentials_file", path, pathOrigin, "is not an INI file: "+err.Error())
	}
	values, ok := sections[section]
	if !ok && name != "" {
		known := make([]string, 0, len(sections))
		for known1 := range sections {
			known = append(known, known1)
		}
		return empty, notFound(name, nameOrigin, path, known)
	}
	for _, spec := range settingTable {
		if text := strings.TrimSpace(values[spec.ProfileINI]); spec.ProfileINI != "" && text != "" {
			empty.values[spec.Name] = Value{text, &Origin{Kind: "profile", File: path, Section: section, Key: spec.ProfileINI}}
		}
	}
	return empty, nil
}

// readSharedProfile reads one profile of the shared config file: the one named, else current.
func readSharedProfile(path string, pathOrigin *Origin, name string, nameOrigin *Origin) (profile, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return profile{}, fileError("profile_file_missing", "shared_config_file", path, pathOrigin, "does not exist or cannot be read")
	}
	var file struct {
		Current  any              `json:"current"`
		Profiles []map[string]any `json:"profiles"`
	}
	if !utf8.Valid(data) || json.Unmarshal(data, &file) != nil {
		return profile{}, fileError("profile_file_invalid", "shared_config_file", path, pathOrigin, "is not the shared config JSON")
	}
	if name == "" {
		name, _ = file.Current.(string)
		nameOrigin = &Origin{Kind: "profile", File: path, Key: "current"}
	}
	var known []string
	for _, entry := range file.Profiles {
		entryName, _ := entry["name"].(string)
		known = append(known, entryName)
		if entryName != name || name == "" {
			continue
		}
		out := profile{map[string]Value{}, CredentialSource{Kind: "profile", File: path, Section: name}, true}
		for _, spec := range settingTable {
			if text, ok := entry[spec.ProfileShared].(string); ok && spec.ProfileShared != "" && strings.TrimSpace(text) != "" {
				out.values[spec.Name] = Value{strings.TrimSpace(text), &Origin{Kind: "profile", File: path, Section: name, Key: spec.ProfileShared}}
			}
		}
		return out, nil
	}
	return profile{}, notFound(name, nameOrigin, path, known)
}
