package taurusdbhtap

// The rules of the values the spec's x-taurusdb-derived lists (clients compute them from a
// field; the generated view calls them by name), as in the Python layer's view.

import "strings"

// deriveHealthy: healthy is true only when status is "Yes", in any letter case.
func deriveHealthy(status *string) bool {
	return status != nil && strings.EqualFold(strings.TrimSpace(*status), "yes")
}
