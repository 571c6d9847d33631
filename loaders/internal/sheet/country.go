package sheet

import (
	"strings"

	"github.com/armsgraph/armsgraph/loaders/reference"
)

// CountryCode maps a country name or ISO code to its alpha-2 code.
func CountryCode(name string) (string, bool) {
	name = strings.Trim(strings.TrimSpace(name), ".()")
	if name == "" {
		return "", false
	}
	return reference.Default().CountryCode(name)
}

// AddressCountry is the country an address ends with: its last or
// second-last comma-separated part ("Moscow, Russia, 105005"), or its last
// word ("Astrakhan 414024 Russia"); "" when none names a country.
func AddressCountry(text string) string {
	parts := strings.Split(text, ",")
	for i := len(parts) - 1; i >= 0 && i >= len(parts)-2; i-- {
		if code, ok := CountryCode(parts[i]); ok {
			return code
		}
	}
	if words := strings.Fields(text); len(words) > 0 {
		if code, ok := CountryCode(words[len(words)-1]); ok {
			return code
		}
	}
	return ""
}
