package dfat

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/armsgraph/armsgraph/loaders/internal/sheet"
	"github.com/armsgraph/armsgraph/record"
)

var months = map[string]int{
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
	"jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}

var (
	dayMonthYear = regexp.MustCompile(`\b(\d{1,2})\s*([A-Za-z]{3})[a-z]*\.?,?\s*(\d{4})\b`)
	slashDate    = regexp.MustCompile(`\b(\d{1,2})/(\d{1,2})/(\d{4})\b`)
	bareYear     = regexp.MustCompile(`\b(1[89]\d\d|20\d\d)\b`)
)

// parseDates reads the Date of Birth cell: an Excel date, or text with
// "24 Nov. 1974", "15/05/1971" or bare years ("Approximately 1963",
// "a) 1966, b) 1961"). Years count only when no whole date is given.
// Hijri dates are not converted: their years fall outside 1800-2099.
func parseDates(s string) []string {
	if d, ok := sheet.SerialDate(s); ok {
		return []string{d}
	}
	var out []string
	for _, m := range dayMonthYear.FindAllStringSubmatch(s, -1) {
		day, _ := strconv.Atoi(m[1])
		year, _ := strconv.Atoi(m[3])
		if d, ok := sheet.ValidDate(year, months[strings.ToLower(m[2])], day); ok {
			out = sheet.AppendNew(out, d)
		}
	}
	for _, m := range slashDate.FindAllStringSubmatch(s, -1) {
		day, _ := strconv.Atoi(m[1])
		month, _ := strconv.Atoi(m[2])
		year, _ := strconv.Atoi(m[3])
		if d, ok := sheet.ValidDate(year, month, day); ok {
			out = sheet.AppendNew(out, d)
		}
	}
	if len(out) > 0 {
		return out
	}
	for _, m := range bareYear.FindAllString(s, -1) {
		out = sheet.AppendNew(out, m)
	}
	return out
}

var (
	// imoNumber finds "IMO Identification Number: 6246853", "IMO number:
	// 5571322", "(IMO) Ship No.5344160", "Company Number IMO 5434358".
	imoNumber = regexp.MustCompile(`\bIMO\b[^0-9;\n]{0,40}?(\d{7})\b`)
	// registrationNumber finds company registration numbers:
	// "Company Identification No.1217700121737", "State Registration
	// Number: 1027700...", "Registration ID: ...", "OGRN 10277...".
	registrationNumber = regexp.MustCompile(`(?i)\b(?:company identification (?:no\.?|number)|state registration (?:no\.?|number)|registration (?:no\.?|number|id)|OGRN)\s*:?\s*([0-9][0-9-]{4,}[0-9])(?:\s*\(([A-Za-z ]+)\))?`)
	// taxNumber finds "Tax ID No.: 7718763393", "TIN: ...", "INN ...".
	taxNumber = regexp.MustCompile(`(?i)\b(?:tax id(?:entification)? (?:no\.?|number)|TIN|INN)\s*:?\s*(\d{8,12})\b`)
	// passportNumber finds "Passport no.: 654435458" and "passport number
	// OR 1961825".
	passportNumber = regexp.MustCompile(`(?i)\bpassport (?:no\.?|number)\s*:?\s*(?:[A-Za-z ]{0,30}passport (?:no\.?|number)\s*:?\s*)?([A-Z]{0,3}\s?\d[A-Z0-9]{4,})\b`)
)

// parseIdentifiers reads identifiers from the free text of Additional
// Information. country is the listing's country (its addresses'), used
// for registration and tax numbers that do not name one; a passport gets
// a country only when the listing has exactly one citizenship.
func parseIdentifiers(text, country string, nationalities []string) ([]record.Identifier, []string) {
	var ids []record.Identifier
	var warnings []string
	add := func(id record.Identifier) {
		for _, have := range ids {
			if have.Type == id.Type && have.Value == id.Value {
				return
			}
		}
		ids = append(ids, id)
	}
	for _, m := range imoNumber.FindAllStringSubmatch(text, -1) {
		if record.ValidCompanyIMO(m[1]) {
			add(record.Identifier{Type: record.IDCompanyIMO, Value: m[1]})
		} else {
			warnings = append(warnings, fmt.Sprintf("IMO number %s in Additional Information fails the company number check digit; kept in the remarks only", m[1]))
		}
	}
	for _, m := range registrationNumber.FindAllStringSubmatch(text, -1) {
		c := country
		if m[2] != "" {
			if code, ok := sheet.CountryCode(m[2]); ok {
				c = code
			}
		}
		add(record.Identifier{Type: record.IDRegistration, Value: m[1], Country: c})
	}
	for _, m := range taxNumber.FindAllStringSubmatch(text, -1) {
		add(record.Identifier{Type: record.IDTax, Value: m[1], Country: country})
	}
	passportCountry := ""
	if len(nationalities) == 1 {
		passportCountry = nationalities[0]
	}
	for _, m := range passportNumber.FindAllStringSubmatch(text, -1) {
		add(record.Identifier{Type: record.IDPassport, Value: strings.ReplaceAll(m[1], " ", ""), Country: passportCountry})
	}
	return ids, warnings
}
