package record

import (
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

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

// IdentityKeys returns the keys an entity can be matched on, strongest
// first: hull or company IMO number, official source record ids, national
// registration and tax numbers, passports, and for people the full name
// with a full date of birth.
func IdentityKeys(e Entity) []Key {
	var keys []Key
	add := func(k string) {
		for _, have := range keys {
			if string(have) == k {
				return
			}
		}
		keys = append(keys, Key(k))
	}
	if e.Kind == Vessel && e.IMONumber != "" {
		add("imo:" + e.IMONumber)
	}
	if e.Kind == Aircraft && e.ManufacturerSerial != "" {
		add("aircraft-msn:" + compactIdentifier(e.ManufacturerSerial))
	}
	for _, id := range e.Identifiers {
		if id.Type == IDCompanyIMO && id.Value != "" {
			add("company-imo:" + id.Value)
		}
	}
	for _, s := range e.SourceRecordIDs {
		add("src:" + s)
	}
	for _, id := range e.Identifiers {
		switch id.Type {
		case IDRegistration, IDTax, IDPassport, IDNationalID:
			v := compactIdentifier(id.Value)
			if v != "" && id.Country != "" {
				add(id.Type + ":" + id.Country + ":" + v)
			}
		}
	}
	if e.Kind == Person {
		if name := NormalizeName(e.Name); name != "" {
			for _, dob := range e.BirthDates {
				if len(dob) == len("2006-01-02") {
					add("name-dob:" + name + "|" + dob)
				}
			}
		}
	}
	return keys
}

// compactIdentifier drops spaces, dashes and dots, and upper-cases, so
// "HE 131171" and "HE131171" are one key.
func compactIdentifier(v string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(v) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

var foldAccents = transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)

// NormalizeName folds case, accents and punctuation and sorts the words, so
// "MKRTYCHEV, Ashot" and "Ashot Mkrtychev" normalise alike. It is used for
// keys that pair a name with another fact and for the duplicate report,
// never to merge on a name alone.
func NormalizeName(name string) string {
	folded, _, err := transform.String(foldAccents, name)
	if err != nil {
		folded = name
	}
	words := strings.FieldsFunc(strings.ToLower(folded), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	sort.Strings(words)
	return strings.Join(words, " ")
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
