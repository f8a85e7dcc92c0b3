package taurusdbhtap

// The rules that turn a wire value into the normalized task's value (api-facts section 2:
// numbers come as numbers or strings, enums in any letter case, flags as "true"/"false", any
// field may be null or missing). The generated view.gen.go applies them field by field; the
// rules are the Python layer's (taurusdb_replication._models).

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

var (
	numeric = regexp.MustCompile(`^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$`)
	digits  = regexp.MustCompile(`^\d+$`)
	// integerText is an integer as text: a sign and digits, nothing else (no fraction, no exponent).
	integerText = regexp.MustCompile(`^[+-]?\d+$`)
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

// parseInteger is an exact integer from a JSON integer or a string of digits (with an optional
// sign); nil for anything else, a fraction, or a value beyond int64. It never passes through a
// float64, so 9007199254740993 stays itself.
func parseInteger(raw json.RawMessage) *int64 {
	text := parseText(raw)
	if text == nil {
		return nil
	}
	trimmed := strings.TrimSpace(*text)
	if !integerText.MatchString(trimmed) {
		return nil
	}
	number, err := strconv.ParseInt(strings.TrimPrefix(trimmed, "+"), 10, 64)
	if err != nil {
		return nil
	}
	return &number
}

// keepUnreadable keeps a present, non-null value whose parser gave nil: the value in Extra
// under the field's name, the reason in Unreadable (never a silent nil).
func keepUnreadable(task *Replication, name string, raw json.RawMessage, failed bool, expected string) {
	if !failed || nullable(raw) == nil {
		return
	}
	if task.Extra == nil {
		task.Extra = map[string]json.RawMessage{}
	}
	if task.Unreadable == nil {
		task.Unreadable = map[string]string{}
	}
	task.Extra[name] = raw
	sent := []rune(CleanText(string(bytes.TrimSpace(raw))))
	task.Unreadable[name] = "expected " + expected + ", got " + string(sent[:min(len(sent), 80)])
}

// String is the stage as text, so fmt prints a *ReplicationStage as its value.
func (s ReplicationStage) String() string { return string(s) }

// shown is one value of a task for String(): null for nil, text cleaned for a terminal.
func shown(value any) string {
	reflected := reflect.ValueOf(value)
	if reflected.Kind() == reflect.Pointer {
		if reflected.IsNil() {
			return "null"
		}
		value = reflected.Elem().Interface()
	}
	switch v := value.(type) {
	case string:
		return strconv.Quote(CleanText(v))
	case ReplicationStage:
		return strconv.Quote(CleanText(string(v)))
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	case json.RawMessage:
		return CleanText(string(v))
	}
	return fmt.Sprint(value)
}

type namedValue struct {
	name  string
	value any
}

// showTask is a task's String(): its values in order, then the extra fields sorted by name
// (an unreadable value marked so).
func showTask(values []namedValue, extra map[string]json.RawMessage, unreadable map[string]string) string {
	parts := make([]string, 0, len(values)+len(extra))
	for _, v := range values {
		parts = append(parts, v.name+"="+shown(v.value))
	}
	for _, name := range slices.Sorted(maps.Keys(extra)) {
		value := CleanText(string(extra[name]))
		if _, unread := unreadable[name]; unread {
			value = "unreadable(" + value + ")"
		}
		parts = append(parts, CleanText(name)+"="+value)
	}
	return "Replication{" + strings.Join(parts, ", ") + "}"
}
