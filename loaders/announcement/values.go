package announcement

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/invopop/jsonschema"

	"github.com/armsgraph/armsgraph/loaders/reference"
	"github.com/armsgraph/armsgraph/record"
)

// checkedValue is a scalar of the format with a rule of its own; problem
// returns "" when the value obeys it.
type checkedValue interface {
	problem() string
}

// referencedValue is a scalar that must name something in the reference
// data (an authority, a country, a resolution).
type referencedValue interface {
	referenceProblem(ref *reference.Data) string
}

// Patterns are written once and used both in the schema and by the checks.
// Go's RE2 and the ECMA-262 regexes of JSON Schema agree on these.
const (
	idPattern             = `^[a-z0-9]+(-[a-z0-9]+)*$`
	unLocodePattern       = `^[A-Z]{2}[A-Z2-9]{3}$`
	datePattern           = `^[0-9]{4}-[0-9]{2}-[0-9]{2}$`
	partialDatePattern    = `^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$`
	countryPattern        = `^[A-Z]{2}$`
	languagePattern       = `^[a-z]{2}$`
	urlPattern            = `^https?://[^\s/?#]+[^\s]*$`
	sourceRecordIDPattern = `^[a-z0-9]+(-[a-z0-9]+)*:[^\s]+$`
	imoPattern            = `^[0-9]{7}$`
	mmsiPattern           = `^[0-9]{9}$`
)

var (
	idRegexp             = regexp.MustCompile(idPattern)
	unLocodeRegexp       = regexp.MustCompile(unLocodePattern)
	dateRegexp           = regexp.MustCompile(datePattern)
	partialDateRegexp    = regexp.MustCompile(partialDatePattern)
	countryRegexp        = regexp.MustCompile(countryPattern)
	languageRegexp       = regexp.MustCompile(languagePattern)
	urlRegexp            = regexp.MustCompile(urlPattern)
	sourceRecordIDRegexp = regexp.MustCompile(sourceRecordIDPattern)
	imoRegexp            = regexp.MustCompile(imoPattern)
	mmsiRegexp           = regexp.MustCompile(mmsiPattern)
)

func stringSchema(description, pattern string) *jsonschema.Schema {
	return &jsonschema.Schema{Type: "string", Description: description, Pattern: pattern}
}

func enumSchema(description string, values []string) *jsonschema.Schema {
	s := &jsonschema.Schema{Type: "string", Description: description}
	for _, v := range values {
		s.Enum = append(s.Enum, v)
	}
	return s
}

func enumProblem(what, value string, values []string) string {
	for _, v := range values {
		if v == value {
			return ""
		}
	}
	return fmt.Sprintf("unknown %s %q (expected one of: %s)", what, value, strings.Join(values, ", "))
}

// ID is a local id of the file: lowercase letters, digits and hyphens.
type ID string

// JSONSchema describes ID in the published schema.
func (ID) JSONSchema() *jsonschema.Schema {
	return stringSchema("Lowercase letters and digits in words joined by single hyphens, such as maia-1.", idPattern)
}

func (v ID) problem() string {
	if !idRegexp.MatchString(string(v)) {
		return fmt.Sprintf("%q is not a valid id (lowercase letters and digits in words joined by single hyphens, such as maia-1)", string(v))
	}
	return ""
}

// PortID is a port id: a lowercase slug, or a UN/LOCODE such as KPNJN.
type PortID string

// JSONSchema describes PortID in the published schema.
func (PortID) JSONSchema() *jsonschema.Schema {
	return &jsonschema.Schema{
		Description: "A lowercase slug such as port-rajin, or a UN/LOCODE such as KPNJN.",
		OneOf:       []*jsonschema.Schema{stringSchema("", idPattern), stringSchema("", unLocodePattern)},
	}
}

func (v PortID) problem() string {
	if !idRegexp.MatchString(string(v)) && !unLocodeRegexp.MatchString(string(v)) {
		return fmt.Sprintf("%q is not a valid port id (a lowercase slug such as port-rajin, or a UN/LOCODE such as KPNJN)", string(v))
	}
	return ""
}

// Date is a calendar date written YYYY-MM-DD.
type Date string

// JSONSchema describes Date in the published schema.
func (Date) JSONSchema() *jsonschema.Schema {
	return stringSchema("A calendar date, YYYY-MM-DD.", datePattern)
}

func (v Date) problem() string {
	if !dateRegexp.MatchString(string(v)) {
		return fmt.Sprintf("%q is not a date in the form YYYY-MM-DD", string(v))
	}
	return calendarProblem(string(v), "2006-01-02")
}

// PartialDate is a date known to the year, the month or the day: YYYY,
// YYYY-MM or YYYY-MM-DD.
type PartialDate string

// JSONSchema describes PartialDate in the published schema.
func (PartialDate) JSONSchema() *jsonschema.Schema {
	return stringSchema("A date known to the year, month or day: YYYY, YYYY-MM or YYYY-MM-DD.", partialDatePattern)
}

func (v PartialDate) problem() string {
	if !partialDateRegexp.MatchString(string(v)) {
		return fmt.Sprintf("%q is not a date in the form YYYY, YYYY-MM or YYYY-MM-DD", string(v))
	}
	return calendarProblem(string(v), "2006-01-02"[:len(v)])
}

func calendarProblem(value, layout string) string {
	if _, err := time.Parse(layout, value); err != nil {
		var reason string
		if pe, ok := err.(*time.ParseError); ok && pe.Message != "" {
			reason = strings.TrimPrefix(pe.Message, ": ")
		} else {
			reason = "no such day"
		}
		return fmt.Sprintf("%q is not a calendar date (%s)", value, reason)
	}
	return ""
}

// CountryCode is an ISO 3166-1 alpha-2 code known to the reference data.
type CountryCode string

// JSONSchema describes CountryCode in the published schema.
func (CountryCode) JSONSchema() *jsonschema.Schema {
	return stringSchema("ISO 3166-1 alpha-2 country code, such as KP or RU.", countryPattern)
}

func (v CountryCode) problem() string {
	if !countryRegexp.MatchString(string(v)) {
		return fmt.Sprintf("%q is not an ISO 3166-1 alpha-2 country code (two capital letters, such as RU)", string(v))
	}
	return ""
}

func (v CountryCode) referenceProblem(ref *reference.Data) string {
	if !ref.IsCountry(string(v)) {
		return fmt.Sprintf("unknown country code %q (not in seed/reference/countries.yaml)", string(v))
	}
	return ""
}

// Language is an ISO 639-1 language code.
type Language string

// JSONSchema describes Language in the published schema.
func (Language) JSONSchema() *jsonschema.Schema {
	return stringSchema("ISO 639-1 language code, such as en, ko or ja.", languagePattern)
}

func (v Language) problem() string {
	if !languageRegexp.MatchString(string(v)) {
		return fmt.Sprintf("%q is not an ISO 639-1 language code (two lowercase letters, such as en)", string(v))
	}
	return ""
}

// URL is an absolute http or https address.
type URL string

// JSONSchema describes URL in the published schema.
func (URL) JSONSchema() *jsonschema.Schema {
	return stringSchema("An absolute http or https address.", urlPattern)
}

func (v URL) problem() string {
	u, err := url.Parse(string(v))
	if err != nil || !urlRegexp.MatchString(string(v)) || u.Host == "" {
		return fmt.Sprintf("%q is not an absolute http or https address", string(v))
	}
	return ""
}

// SourceRecordID is the id an official list gives a record, prefixed by
// the authority id: "us-ofac:37098", "un-sc:KPe.020".
type SourceRecordID string

// JSONSchema describes SourceRecordID in the published schema.
func (SourceRecordID) JSONSchema() *jsonschema.Schema {
	return stringSchema("<authority id>:<record id as the list gives it>, such as us-ofac:37098 or un-sc:KPe.020.", sourceRecordIDPattern)
}

func (v SourceRecordID) problem() string {
	if !sourceRecordIDRegexp.MatchString(string(v)) {
		return fmt.Sprintf("%q is not a source record id (<authority id>:<record id>, such as us-ofac:37098)", string(v))
	}
	return ""
}

func (v SourceRecordID) referenceProblem(ref *reference.Data) string {
	authority, _, _ := strings.Cut(string(v), ":")
	if _, ok := ref.Authority(authority); !ok {
		return fmt.Sprintf("unknown authority %q in source record id %q (not in seed/reference/authorities.yaml)", authority, string(v))
	}
	return ""
}

// IMONumber is an IMO ship number: seven digits with a check digit.
type IMONumber string

// JSONSchema describes IMONumber in the published schema.
func (IMONumber) JSONSchema() *jsonschema.Schema {
	return stringSchema("IMO ship number: 7 digits, the last a check digit (weights 7 to 2 over the first six, sum mod 10).", imoPattern)
}

func (v IMONumber) problem() string {
	s := string(v)
	if !imoRegexp.MatchString(s) {
		return fmt.Sprintf("%q is not an IMO number (7 digits, without the IMO prefix)", s)
	}
	if !record.ValidIMO(s) {
		return fmt.Sprintf("%q fails the IMO check digit (expected %d)", s, imoCheckDigit(s))
	}
	return ""
}

func imoCheckDigit(s string) int {
	sum := 0
	for i := 0; i < 6; i++ {
		sum += int(s[i]-'0') * (7 - i)
	}
	return sum % 10
}

func companyIMOCheckDigit(s string) int {
	weights := [6]int{8, 6, 4, 2, 9, 7}
	sum := 0
	for i, w := range weights {
		sum += int(s[i]-'0') * w
	}
	return (11 - sum%11) % 10
}

// MMSI is a Maritime Mobile Service Identity: nine digits.
type MMSI string

// JSONSchema describes MMSI in the published schema.
func (MMSI) JSONSchema() *jsonschema.Schema {
	return stringSchema("Maritime Mobile Service Identity: 9 digits.", mmsiPattern)
}

func (v MMSI) problem() string {
	if !mmsiRegexp.MatchString(string(v)) {
		return fmt.Sprintf("%q is not an MMSI (9 digits)", string(v))
	}
	return ""
}

// AuthorityID is the id of a designating authority in the reference data.
type AuthorityID string

// JSONSchema describes AuthorityID in the published schema; its enum is
// the authorities shipped in seed/reference/authorities.yaml.
func (AuthorityID) JSONSchema() *jsonschema.Schema {
	var ids []string
	for _, a := range reference.Default().Authorities {
		ids = append(ids, a.ID)
	}
	return enumSchema("Id of an authority in seed/reference/authorities.yaml.", ids)
}

func (v AuthorityID) referenceProblem(ref *reference.Data) string {
	if _, ok := ref.Authority(string(v)); !ok {
		var ids []string
		for _, a := range ref.Authorities {
			ids = append(ids, a.ID)
		}
		return enumProblem("authority", string(v), ids)
	}
	return ""
}

// ResolutionNumber is the number of a UN Security Council resolution.
type ResolutionNumber int

// JSONSchema describes ResolutionNumber in the published schema.
func (ResolutionNumber) JSONSchema() *jsonschema.Schema {
	return &jsonschema.Schema{Type: "integer", Minimum: "1", Description: "Number of a UN Security Council resolution in seed/reference/resolutions.yaml, such as 1718."}
}

func (v ResolutionNumber) referenceProblem(ref *reference.Data) string {
	if _, ok := ref.Resolution(int(v)); !ok {
		return fmt.Sprintf("unknown resolution number %d (not in seed/reference/resolutions.yaml)", int(v))
	}
	return ""
}

// Kind is what an entity is.
type Kind string

var kinds = []string{"person", "organization", "vessel", "aircraft"}

var recordKinds = map[Kind]record.Kind{
	"person":       record.Person,
	"organization": record.Organization,
	"vessel":       record.Vessel,
	"aircraft":     record.Aircraft,
}

// JSONSchema describes Kind in the published schema.
func (Kind) JSONSchema() *jsonschema.Schema {
	return enumSchema("Kind of entity.", kinds)
}

func (v Kind) problem() string { return enumProblem("entity kind", string(v), kinds) }

// Measure is a sanctions measure a designation imposes.
type Measure string

var measures = []string{
	"asset-freeze", "travel-ban", "port-entry-ban", "port-entry-approval",
	"transaction-authorisation", "blocking", "export-ban", "import-ban",
	"arms-embargo", "deflagging",
}

// JSONSchema describes Measure in the published schema.
func (Measure) JSONSchema() *jsonschema.Schema {
	return enumSchema("A sanctions measure: asset-freeze, travel-ban, port-entry-ban, port-entry-approval (port entry needs special approval), transaction-authorisation (transactions need prior authorisation), blocking (US blocking of property), export-ban, import-ban, arms-embargo, deflagging.", measures)
}

func (v Measure) problem() string { return enumProblem("measure", string(v), measures) }

// RelationshipType is the type of a link between two entities.
type RelationshipType string

var relationshipTypes = []string{"owns", "operates", "manages", "directs", "linked-to", "family-of"}

var recordRelationshipTypes = map[RelationshipType]string{
	"owns":      record.Owns,
	"operates":  record.Operates,
	"manages":   record.Manages,
	"directs":   record.Directs,
	"linked-to": record.LinkedTo,
	"family-of": record.FamilyOf,
}

// JSONSchema describes RelationshipType in the published schema.
func (RelationshipType) JSONSchema() *jsonschema.Schema {
	return enumSchema("owns, operates, manages, directs (a person directs an organisation), linked-to (OFAC's generic Linked To), family-of.", relationshipTypes)
}

func (v RelationshipType) problem() string {
	return enumProblem("relationship type", string(v), relationshipTypes)
}

// AliasType says what kind of other name an alias is.
type AliasType string

var aliasTypes = []string{"aka", "fka", "nka", "original-script", "previous-name"}

// JSONSchema describes AliasType in the published schema.
func (AliasType) JSONSchema() *jsonschema.Schema {
	return enumSchema("aka (also known as), fka (formerly known as), nka (now known as), original-script (the name in its own script), previous-name (a vessel's earlier name).", aliasTypes)
}

func (v AliasType) problem() string { return enumProblem("alias type", string(v), aliasTypes) }

// AliasQuality grades an alias.
type AliasQuality string

var aliasQualities = []string{"strong", "weak"}

// JSONSchema describes AliasQuality in the published schema.
func (AliasQuality) JSONSchema() *jsonschema.Schema {
	return enumSchema("Quality of the alias.", aliasQualities)
}

func (v AliasQuality) problem() string {
	return enumProblem("alias quality", string(v), aliasQualities)
}

// Gender of a person as the source states it.
type Gender string

var genders = []string{"male", "female"}

// JSONSchema describes Gender in the published schema.
func (Gender) JSONSchema() *jsonschema.Schema {
	return enumSchema("Gender of a person as the source states it.", genders)
}

func (v Gender) problem() string { return enumProblem("gender", string(v), genders) }

// IdentifierType says what an identifier is.
type IdentifierType string

var identifierTypes = []string{
	record.IDPassport, record.IDNationalID, record.IDRegistration, record.IDTax, record.IDCompanyIMO, "other",
}

// JSONSchema describes IdentifierType in the published schema.
func (IdentifierType) JSONSchema() *jsonschema.Schema {
	return enumSchema("passport, national-id, registration (company register number), tax (tax number, such as a Russian INN), company-imo (IMO unique company and registered owner number), other.", identifierTypes)
}

func (v IdentifierType) problem() string {
	return enumProblem("identifier type", string(v), identifierTypes)
}
