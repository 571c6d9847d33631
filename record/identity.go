package record

import "strings"

// Key is an identity key: two records that share a key are the same
// real-world actor. Keys are strings such as "imo:9358010",
// "src:us-ofac:46773", "passport:RU:6102814100" or
// "name-dob:ashot mkrtychev|1966-05-07". Names alone never make a key.
type Key string

// Scheme is the part of the key before the first colon.
func (k Key) Scheme() string {
	s, _, _ := strings.Cut(string(k), ":")
	return s
}

// ValidIMO reports whether s is a ship IMO number: seven digits whose last
// is the check digit (weights 7..2 of the first six, sum mod 10).
func ValidIMO(s string) bool {
	if !sevenDigits(s) {
		return false
	}
	sum := 0
	for i := 0; i < 6; i++ {
		sum += int(s[i]-'0') * (7 - i)
	}
	return sum%10 == int(s[6]-'0')
}

// ValidCompanyIMO reports whether s is an IMO unique company and registered
// owner number: seven digits, check digit (11 - sum mod 11) mod 10 over
// weights 8, 6, 4, 2, 9, 7.
func ValidCompanyIMO(s string) bool {
	if !sevenDigits(s) {
		return false
	}
	weights := [6]int{8, 6, 4, 2, 9, 7}
	sum := 0
	for i, w := range weights {
		sum += int(s[i]-'0') * w
	}
	return (11-sum%11)%10 == int(s[6]-'0')
}

func sevenDigits(s string) bool {
	if len(s) != 7 {
		return false
	}
	for i := 0; i < 7; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
