package ofac

import (
	"sort"
	"strings"
	"unicode"

	"github.com/armsgraph/armsgraph/record"
)

// fact is one stated particular of a list record: a remarks clause of the
// CSV ("Passport BD3843329 (Slovakia) expires 08 Apr 2029") or an element
// of the XML (an idList/id, a dateOfBirth, an aka). Both layouts reduce
// to facts so that they map to entries in one place.
type fact struct {
	label   string // OFAC's label: "DOB", "Passport", "Linked To:", "a.k.a."
	value   string
	country string // country name, as OFAC writes it
	issued  string
	expires string
	weak    bool // a low-quality alias
}

// Labels OFAC puts in front of a value, in the CSV remarks and as XML
// idType. Labels outside this list stay in the remarks only.
const (
	labelDOB               = "DOB"
	labelPOB               = "POB"
	labelNationality       = "nationality"
	labelCitizen           = "citizen"
	labelGender            = "Gender"
	labelEstablished       = "Organization Established Date"
	labelRegistrationState = "Nationality of Registration"
	labelIdentification    = "Identification Number"
	labelCompanyNumber     = "Company Number"
	labelVesselReg         = "Vessel Registration Identification"
	labelMMSI              = "MMSI"
	labelBuildYear         = "Vessel Year of Build"
	labelFormerFlag        = "Former Vessel Flag"
	labelConstructionNo    = "Aircraft Construction Number (also called L/N or S/N or F/N)"
	labelAircraftBuilt     = "Aircraft Manufacture Date"
	labelAircraftModel     = "Aircraft Model"
	labelTailNumber        = "Aircraft Tail Number"
	labelPreviousTail      = "Previous Aircraft Tail Number"
	labelAircraftOperator  = "Aircraft Operator"
	labelAircraftMSN       = "Aircraft Manufacturer's Serial Number (MSN)"
	labelLinkedTo          = "Linked To:"
	labelAKA               = "a.k.a."
	labelFKA               = "f.k.a."
	labelNKA               = "n.k.a."
)

// identifierLabels map OFAC document labels to record identifier types.
// "Identification Number" is resolved per entity kind (see builder).
var identifierLabels = map[string]string{
	"Passport":                            record.IDPassport,
	"Diplomatic Passport":                 record.IDPassport,
	"Tax ID No.":                          record.IDTax,
	"Registration Number":                 record.IDRegistration,
	"Registration ID":                     record.IDRegistration,
	labelCompanyNumber:                    record.IDRegistration,
	"UK Company Number":                   record.IDRegistration,
	"Government Gazette Number":           record.IDRegistration,
	"Business Registration Number":        record.IDRegistration,
	"Business Registration Document #":    record.IDRegistration,
	"Commercial Registry Number":          record.IDRegistration,
	"Certificate of Incorporation Number": record.IDRegistration,
	"Public Registration Number":          record.IDRegistration,
	"Chamber of Commerce Number":          record.IDRegistration,
	"Unified Social Credit Code (USCC)":   record.IDRegistration,
	"National ID No.":                     record.IDNationalID,
	"Cedula No.":                          record.IDNationalID,
	"D.N.I.":                              record.IDNationalID,
	"Personal ID Card":                    record.IDNationalID,
	"Turkish Identification Number":       record.IDNationalID,
	labelIdentification:                   "",
	"Website":                             "website",
	"Email Address":                       "email",
}

// measureLabels introduce restrictions that come with the listing; they
// become Designation.Measures, never programs.
var measureLabels = []string{
	"Secondary sanctions risk:",
	"Transactions Prohibited For Persons Owned or Controlled By U.S. Financial Institutions:",
	"Additional Sanctions Information -",
}

var otherLabels = []string{
	labelDOB, labelPOB, labelNationality, labelCitizen, labelGender,
	labelEstablished, labelRegistrationState, labelVesselReg, labelMMSI,
	labelBuildYear, labelFormerFlag, labelConstructionNo, labelAircraftBuilt,
	labelAircraftModel, labelTailNumber, labelPreviousTail, labelAircraftOperator,
	labelAircraftMSN, labelLinkedTo, labelAKA, labelFKA, labelNKA,
}

// labels holds every known label, longest first, so that "Registration
// Number" is tried before a shorter label it starts with.
var labels = func() []string {
	var all []string
	for l := range identifierLabels {
		all = append(all, l)
	}
	all = append(all, measureLabels...)
	all = append(all, otherLabels...)
	sort.Slice(all, func(i, j int) bool {
		if len(all[i]) != len(all[j]) {
			return len(all[i]) > len(all[j])
		}
		return all[i] < all[j]
	})
	return all
}()

var knownLabels = func() map[string]bool {
	m := make(map[string]bool, len(labels))
	for _, l := range labels {
		m[l] = true
	}
	return m
}()

// documentLabel reports whether label takes a value of the form "NUMBER (Country) issued D
// expires D".
func documentLabel(label string) bool {
	_, ok := identifierLabels[label]
	return ok || label == labelVesselReg
}

func aliasLabel(label string) bool {
	return label == labelAKA || label == labelFKA || label == labelNKA
}

// parseRemarks reads the remarks text into facts. Clauses with no known
// label are skipped: they stay in the remarks text. sentence is true for
// the CSV, whose remarks end with a full stop that belongs to no value.
func parseRemarks(text string, sentence bool) []fact {
	text = strings.TrimSpace(text)
	if sentence {
		text = trimSentenceStop(text)
	}
	var facts []fact
	for _, clause := range splitRemarks(text) {
		if f, ok := parseClause(clause); ok {
			facts = append(facts, f)
		}
	}
	return facts
}

func trimSentenceStop(text string) string {
	if !strings.HasSuffix(text, ".") || endsWithAbbreviation(text) {
		return text
	}
	return strings.TrimSuffix(text, ".")
}

// endsWithAbbreviation reports whether the last word is an abbreviation
// such as "S.A." or "C.V.", whose final full stop is its own and not the
// end of the sentence: two or more groups of one to four letters, each
// followed by a full stop.
func endsWithAbbreviation(text string) bool {
	word := text[strings.LastIndexAny(text, " ,")+1:]
	groups := strings.Split(strings.TrimSuffix(word, "."), ".")
	if len(groups) < 2 {
		return false
	}
	for _, g := range groups {
		if len(g) < 1 || len(g) > 4 || strings.IndexFunc(g, func(r rune) bool { return !unicode.IsLetter(r) }) >= 0 {
			return false
		}
	}
	return true
}

// splitRemarks splits remarks into clauses at semicolons. A quoted alias
// ("a.k.a. 'A; B'") runs to the quote that closes it, the one followed by
// a semicolon or the end, since names hold both apostrophes and
// semicolons.
func splitRemarks(text string) []string {
	var clauses []string
	for len(text) > 0 {
		text = strings.TrimLeft(text, " ")
		if end := quotedAliasEnd(text); end > 0 {
			clauses = append(clauses, text[:end])
			text = strings.TrimPrefix(text[end:], ".")
			text = strings.TrimPrefix(text, ";")
			continue
		}
		clause, rest, _ := strings.Cut(text, ";")
		if c := strings.TrimSpace(clause); c != "" {
			clauses = append(clauses, c)
		}
		text = rest
	}
	return clauses
}

// quotedAliasEnd returns the length of a leading "a.k.a. '...'" clause up
// to and with its closing quote, or 0 when text does not start with one
// or the quote never closes.
func quotedAliasEnd(text string) int {
	body := strings.TrimPrefix(strings.TrimPrefix(text, "alt. "), "Alt. ")
	skipped := len(text) - len(body)
	var open int
	for _, l := range []string{labelAKA, labelFKA, labelNKA} {
		if strings.HasPrefix(body, l+" '") {
			open = skipped + len(l) + 2
		}
	}
	if open == 0 {
		return 0
	}
	for j := open; j < len(text); j++ {
		if text[j] != '\'' {
			continue
		}
		next := text[j+1:]
		if next == "" || next == "." || strings.HasPrefix(next, ";") {
			return j + 1
		}
	}
	return 0
}

// parseClause reads "LABEL VALUE" into a fact.
func parseClause(clause string) (fact, bool) {
	clause = strings.TrimSpace(clause)
	if strings.HasPrefix(clause, "(") && strings.HasSuffix(clause, ")") {
		clause = strings.TrimSpace(clause[1 : len(clause)-1])
	}
	clause = strings.TrimPrefix(strings.TrimPrefix(clause, "alt. "), "Alt. ")
	for _, l := range labels {
		if len(clause) <= len(l)+1 || clause[len(l)] != ' ' || !strings.HasPrefix(clause, l) {
			continue
		}
		value := strings.TrimSpace(clause[len(l)+1:])
		if value == "" {
			return fact{}, false
		}
		if aliasLabel(l) {
			name, ok := unquote(value)
			if !ok {
				return fact{}, false
			}
			// Weak aliases live in the CSV remarks; strong ones in alt.csv.
			return fact{label: l, value: name, weak: true}, true
		}
		f := fact{label: l, value: value}
		if documentLabel(l) {
			f = documentFact(l, value)
		}
		return f, f.value != ""
	}
	return fact{}, false
}

func unquote(v string) (string, bool) {
	v = strings.TrimSuffix(v, ".")
	if len(v) < 3 || v[0] != '\'' || v[len(v)-1] != '\'' {
		return "", false
	}
	name := strings.TrimSpace(v[1 : len(v)-1])
	return name, name != ""
}

// documentFact reads "NUMBER (Country) issued DATE expires DATE", each part
// after the number optional.
func documentFact(label, value string) fact {
	f := fact{label: label}
	if before, after, ok := strings.Cut(value, " expires "); ok {
		f.expires = strings.TrimSpace(after)
		value = before
	}
	if before, after, ok := strings.Cut(value, " issued "); ok {
		f.issued = strings.TrimSpace(after)
		value = before
	}
	value = strings.TrimSpace(value)
	if strings.HasSuffix(value, ")") {
		if open := strings.LastIndex(value, " ("); open > 0 {
			f.country = value[open+2 : len(value)-1]
			value = strings.TrimSpace(value[:open])
		}
	}
	f.value = value
	return f
}
