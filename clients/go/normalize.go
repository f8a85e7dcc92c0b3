package taurusdbhtap

// The rules that turn a wire value into the normalized task's value (api-facts section 2:
// numbers come as numbers or strings, enums in any letter case, flags as "true"/"false", any
// field may be null or missing). The generated view.gen.go applies them field by field; the
// rules are the Python layer's (taurusdb_replication._models).

import (
	"bytes"
	"encoding/json"
	"math"
	"regexp"
	"strconv"
	"strings"
)

var (
	numeric = regexp.MustCompile(`^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$`)
	digits  = regexp.MustCompile(`^\d+$`)
)

// nullable is nil for an absent or null value, else the raw JSON.
func nullable(raw json.RawMessage) json.RawMessage {
	trimmed := bytes.TrimSpace(raw)
	if len(trimmed) == 0 || bytes.Equal(trimmed, []byte("null")) {
		return nil
	}
	return raw
}

// parseText is the text of a JSON string, the JSON spelling of any other value, nil for null.
func parseText(raw json.RawMessage) *string {
	raw = nullable(raw)
	if raw == nil {
		return nil
	}
	var text string
	if json.Unmarshal(raw, &text) != nil {
		text = string(bytes.TrimSpace(raw))
	}
	return &text
}

// textOr is the text of the value, or fallback when it is absent or null (the key's default).
func textOr(raw json.RawMessage, fallback string) string {
	if text := parseText(raw); text != nil {
		return *text
	}
	return fallback
}

// parseNumber is a finite number from a JSON number or a numeric string; else nil.
func parseNumber(raw json.RawMessage) *float64 {
	raw = nullable(raw)
	if raw == nil {
		return nil
	}
	var number float64
	if raw[0] == '"' {
		var text string
		if json.Unmarshal(raw, &text) != nil || !numeric.MatchString(strings.TrimSpace(text)) {
			return nil
		}
		parsed, err := strconv.ParseFloat(strings.TrimSpace(text), 64)
		if err != nil {
			return nil
		}
		number = parsed
	} else if json.Unmarshal(raw, &number) != nil {
		return nil
	}
	if math.IsInf(number, 0) || math.IsNaN(number) {
		return nil
	}
	return &number
}

// parseCount is a non-negative integer from a JSON number or a string of digits (total_count).
func parseCount(raw json.RawMessage) *int {
	text := parseText(raw)
	if text == nil || !digits.MatchString(strings.TrimSpace(*text)) {
		return nil
	}
	count, err := strconv.Atoi(strings.TrimSpace(*text))
	if err != nil {
		return nil
	}
	return &count
}

// parseBool is true/false from a JSON boolean or "true"/"false"/"yes"/"no"/"1"/"0" in any case.
func parseBool(raw json.RawMessage) *bool {
	raw = nullable(raw)
	if raw == nil {
		return nil
	}
	var flag bool
	if json.Unmarshal(raw, &flag) == nil {
		return &flag
	}
	var text string
	if json.Unmarshal(raw, &text) != nil {
		return nil
	}
	switch strings.ToLower(strings.TrimSpace(text)) {
	case "true", "yes", "1":
		flag = true
	case "false", "no", "0":
		flag = false
	default:
		return nil
	}
	return &flag
}

// parseEnum is a known value (lower-cased) in any letter case; other text is kept as sent.
func parseEnum[E ~string](raw json.RawMessage, known map[string]E) *E {
	text := parseText(raw)
	if text == nil {
		return nil
	}
	value, ok := known[strings.ToLower(strings.TrimSpace(*text))]
	if !ok {
		value = E(*text)
	}
	return &value
}

// extraFields holds the fields the spec does not list, as sent (nil when there are none).
func extraFields(raw map[string]json.RawMessage, listed map[string]struct{}) map[string]json.RawMessage {
	var extra map[string]json.RawMessage
	for name, value := range raw {
		if _, ok := listed[name]; ok {
			continue
		}
		if extra == nil {
			extra = map[string]json.RawMessage{}
		}
		extra[name] = value
	}
	return extra
}
