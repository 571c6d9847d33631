package unsc

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/armsgraph/armsgraph/loaders/reference"
	"github.com/armsgraph/armsgraph/record"
)

// dprkListType is the UN_LIST_TYPE of the 1718 regime.
const dprkListType = "DPRK"

// dprkResolution established the DPRK sanctions regime and its Committee.
const dprkResolution = 1718

// maxReasonRunes keeps Designation.Reason to about a sentence.
const maxReasonRunes = 300

// mapper turns one decoded record into an entry, collecting warnings.
type mapper struct {
	d        *Decoder
	rec      *xmlRecord
	ref      string
	listedOn string
	entry    record.Entry
	remarks  []string
}

func (d *Decoder) mapRecord(rec *xmlRecord, startLine int) (record.Entry, error) {
	element := rec.XMLName.Local
	refNumber := rec.ReferenceNumber.Value
	if refNumber == "" {
		return record.Entry{}, d.errorf(startLine, "%s: REFERENCE_NUMBER is missing or empty", element)
	}
	where := element + " " + refNumber
	if rec.ListType.Value == "" {
		return record.Entry{}, d.errorf(lineOr(rec.ListType, startLine), "%s: UN_LIST_TYPE is missing or empty", where)
	}
	listedOn, ok := xsDate(rec.ListedOn.Value)
	if !ok {
		return record.Entry{}, d.errorf(lineOr(rec.ListedOn, startLine), "%s: LISTED_ON: %q is not a date YYYY-MM-DD", where, rec.ListedOn.Value)
	}

	m := &mapper{d: d, rec: rec, ref: AuthorityID + ":" + refNumber, listedOn: listedOn}
	e := &m.entry.Entity
	e.Ref = m.ref
	e.SourceRecordIDs = []string{m.ref}
	if element == "INDIVIDUAL" {
		e.Kind = record.Person
		e.Name = joinNonEmpty(" ", rec.FirstName.Value, rec.SecondName.Value, rec.ThirdName.Value, rec.FourthName.Value)
	} else {
		e.Kind = record.Organization
		e.Name = rec.FirstName.Value
	}
	if e.Name == "" {
		return record.Entry{}, d.errorf(lineOr(rec.FirstName, startLine), "%s: FIRST_NAME is missing or empty", where)
	}

	m.mapPersonFacts()
	m.mapNames()
	m.mapDocuments()
	m.mapAddresses()
	m.mapComments()
	m.warnUnknown(rec.Unknown)
	e.Remarks = strings.Join(m.remarks, "\n")
	m.entry.Designations = []record.Designation{m.designation()}
	return m.entry, nil
}

func lineOr(t text, fallback int) int {
	if t.Line > 0 {
		return t.Line
	}
	return fallback
}

func (m *mapper) warn(line int, format string, args ...any) {
	m.entry.Warnings = append(m.entry.Warnings, record.Warning{
		Location: m.d.location(line),
		Message:  m.ref + ": " + fmt.Sprintf(format, args...),
	})
}

func (m *mapper) warnUnknown(elements []unknown) {
	for _, u := range elements {
		m.warn(u.Line, "element <%s> is not part of the known layout and was not mapped", u.Name)
	}
}

func (m *mapper) designation() record.Designation {
	listType := m.rec.ListType.Value
	des := record.Designation{
		AuthorityID:    AuthorityID,
		TargetRef:      m.ref,
		Programs:       []string{listType},
		ListedOn:       m.listedOn,
		SourceRecordID: m.ref,
	}
	if listType == dprkListType {
		// The 1718 Committee's COMMENTS1 is its statement of reasons; other
		// regimes use it for assorted facts (tribe, parents, review dates).
		des.Resolutions = []int{dprkResolution}
		des.Reason = reason(m.rec.Comments.Value)
	} else {
		des.Resolutions = listedPursuantTo(m.rec.Comments.Value)
	}
	return des
}

// countryCode maps a country name to alpha-2, warning when it is unknown.
func (m *mapper) countryCode(field string, t text) (string, bool) {
	if t.Value == "" || notAvailable(t.Value) {
		return "", false
	}
	code, ok := reference.Default().CountryCode(t.Value)
	if !ok {
		m.warn(t.Line, "%s: country %q is not in the reference data", field, t.Value)
	}
	return code, ok
}

// notAvailable tells the list's marks for a missing value; "na" would
// otherwise read as the code of Namibia.
func notAvailable(v string) bool {
	switch strings.ToLower(v) {
	case "na", "n/a", "n.a.", "unknown":
		return true
	}
	return false
}

// --- names ---

func (m *mapper) mapNames() {
	if s := m.rec.NameOriginalScript; s.Value != "" {
		m.addAlias(record.Alias{Name: s.Value, Type: "original-script"})
	}
	for _, a := range append(m.rec.Aliases, m.rec.EntityAliases...) {
		m.warnUnknown(a.Unknown)
		m.mapAlias(a)
	}
}

func (m *mapper) mapAlias(a alias) {
	name := trimQuotes(a.Name.Value)
	if name != "" {
		al := record.Alias{Name: name, Type: "aka"}
		switch strings.ToLower(a.Quality.Value) {
		case "good", "a.k.a.":
			al.Quality = "strong"
		case "low":
			al.Quality = "weak"
		case "f.k.a.":
			al.Type = "fka"
			al.Quality = "strong"
		case "":
		default:
			m.warn(a.Quality.Line, "QUALITY %q of alias %q is not known; kept as a.k.a. without quality", a.Quality.Value, name)
		}
		m.addAlias(al)
	}
	// An alias may carry the birth data it was listed with.
	for _, date := range m.looseDates("alias DATE_OF_BIRTH", a.DateOfBirth) {
		m.addBirthDate(date)
	}
	if place := joinNonEmpty(", ", a.CityOfBirth.Value, a.CountryOfBirth.Value); place != "" {
		m.addBirthPlace(place)
	}
	if note := a.Note.Value; note != "" && !isListingHistoryNote(note) {
		m.remarks = append(m.remarks, "Alias "+name+": "+note)
	}
}

// isListingHistoryNote tells notes that only say the alias was the listed
// name before a correction ("previously listed as").
func isListingHistoryNote(note string) bool {
	n := strings.ToLower(note)
	return n == "previously listed as" || n == "formerly listed as"
}

func trimQuotes(s string) string {
	return strings.TrimSpace(strings.Trim(s, "\"“”"))
}

func (m *mapper) addAlias(a record.Alias) {
	e := &m.entry.Entity
	if a.Name == e.Name {
		return
	}
	for _, have := range e.Aliases {
		if have.Name == a.Name && have.Type == a.Type {
			return
		}
	}
	e.Aliases = append(e.Aliases, a)
}

// --- people ---

var genderInComments = regexp.MustCompile(`(?i)\bgender:\s*(male|female)\b`)

func (m *mapper) mapPersonFacts() {
	e := &m.entry.Entity
	rec := m.rec
	var titles []string
	for _, group := range append(rec.Titles, rec.Designations...) {
		m.warnUnknown(group.Unknown)
		for _, v := range group.Values {
			if v.Value != "" {
				titles = append(titles, v.Value)
			}
		}
	}
	e.Title = strings.Join(titles, "; ")

	for _, group := range rec.Nationalities {
		m.warnUnknown(group.Unknown)
		for _, v := range group.Values {
			if code, ok := m.countryCode("NATIONALITY", v); ok && !slices.Contains(e.Nationalities, code) {
				e.Nationalities = append(e.Nationalities, code)
			}
		}
	}

	switch g := strings.ToLower(rec.Gender.Value); g {
	case "male", "female":
		e.Gender = genderLabel(g)
	case "":
		// The DPRK list states gender in COMMENTS1 ("Gender: male").
		if match := genderInComments.FindStringSubmatch(rec.Comments.Value); match != nil {
			e.Gender = genderLabel(strings.ToLower(match[1]))
		}
	default:
		m.warn(rec.Gender.Line, "GENDER %q is not known", rec.Gender.Value)
	}

	for _, b := range rec.BirthDates {
		m.warnUnknown(b.Unknown)
		for _, date := range m.birthDates(b) {
			m.addBirthDate(date)
		}
	}
	for _, p := range rec.BirthPlaces {
		m.warnUnknown(p.Unknown)
		place := joinNonEmpty(", ", p.Street.Value, p.City.Value, p.StateProvince.Value, p.ZipCode.Value, p.Country.Value)
		if place = withNote(place, p.Note.Value); place != "" {
			m.addBirthPlace(place)
		}
	}
}

// genderLabel spells a gender as the OFAC lists do ("Male", "Female"), so
// that both sources agree in the graph.
func genderLabel(lower string) string {
	return strings.ToUpper(lower[:1]) + lower[1:]
}

func (m *mapper) addBirthDate(date string) {
	if !slices.Contains(m.entry.Entity.BirthDates, date) {
		m.entry.Entity.BirthDates = append(m.entry.Entity.BirthDates, date)
	}
}

func (m *mapper) addBirthPlace(place string) {
	if !slices.Contains(m.entry.Entity.BirthPlaces, place) {
		m.entry.Entity.BirthPlaces = append(m.entry.Entity.BirthPlaces, place)
	}
}

// birthDates maps one INDIVIDUAL_DATE_OF_BIRTH. EXACT and APPROXIMATELY
// give DATE or YEAR; BETWEEN gives every year from FROM_YEAR to TO_YEAR.
// A NOTE may hold the month ("Sep.") or the whole date ("Nov. 1973").
func (m *mapper) birthDates(b dob) []string {
	note := b.Note.Value
	noteUsed := note == "" || strings.EqualFold(note, "approximately")
	var dates []string
	switch {
	case b.Date.Value != "":
		if date, ok := xsDate(b.Date.Value); ok {
			dates = append(dates, date)
		} else {
			m.warn(b.Date.Line, "DATE of birth %q is not a date YYYY-MM-DD", b.Date.Value)
		}
	case b.Year.Value != "":
		if !isYear(b.Year.Value) {
			m.warn(b.Year.Line, "YEAR of birth %q is not a year", b.Year.Value)
			break
		}
		date := b.Year.Value
		if month, ok := singleMonth(note); ok {
			date += "-" + month
			noteUsed = true
		}
		dates = append(dates, date)
	case b.FromYear.Value != "" || b.ToYear.Value != "":
		years, ok := yearRange(b.FromYear.Value, b.ToYear.Value)
		if !ok {
			m.warn(lineOr(b.FromYear, b.ToYear.Line), "FROM_YEAR %q to TO_YEAR %q is not a range of years", b.FromYear.Value, b.ToYear.Value)
		}
		dates = append(dates, years...)
	case note != "" && !noteUsed:
		if date, ok := dateInNote(note); ok {
			dates = append(dates, date)
			noteUsed = true
		}
	}
	if !noteUsed {
		m.warn(b.Note.Line, "date of birth NOTE %q was not mapped", note)
	}
	return dates
}

// looseDates reads a date that an alias gives as text: YYYY-MM-DD, YYYY or
// "YYYY - YYYY"; "null" means none.
func (m *mapper) looseDates(field string, t text) []string {
	v := t.Value
	if v == "" || strings.EqualFold(v, "null") {
		return nil
	}
	if date, ok := xsDate(v); ok {
		return []string{date}
	}
	if isYear(v) {
		return []string{v}
	}
	if from, to, found := strings.Cut(v, "-"); found {
		if years, ok := yearRange(strings.TrimSpace(from), strings.TrimSpace(to)); ok {
			return years
		}
	}
	m.warn(t.Line, "%s %q is not a date", field, v)
	return nil
}

// xsDate reads an xs:date: YYYY-MM-DD with an optional time zone
// ("2015-03-27-04:00"), which the day keeps no trace of.
func xsDate(s string) (string, bool) {
	day, zone := s, ""
	if len(s) > len("2006-01-02") {
		day, zone = s[:len("2006-01-02")], s[len("2006-01-02"):]
	}
	if _, err := time.Parse("2006-01-02", day); err != nil {
		return "", false
	}
	if zone != "" && zone != "Z" {
		if _, err := time.Parse("-07:00", zone); err != nil {
			return "", false
		}
	}
	return day, true
}

func isYear(s string) bool {
	if len(s) != 4 {
		return false
	}
	_, err := strconv.Atoi(s)
	return err == nil && s[0] != '0'
}

// maxBirthYearSpan bounds a BETWEEN range; the list's widest is 5 years.
const maxBirthYearSpan = 20

func yearRange(from, to string) ([]string, bool) {
	if !isYear(from) || !isYear(to) {
		return nil, false
	}
	f, _ := strconv.Atoi(from)
	t, _ := strconv.Atoi(to)
	if t < f || t-f > maxBirthYearSpan {
		return nil, false
	}
	years := make([]string, 0, t-f+1)
	for y := f; y <= t; y++ {
		years = append(years, strconv.Itoa(y))
	}
	return years, true
}

var (
	monthWord = regexp.MustCompile(`(?i)\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?`)
	yearWord  = regexp.MustCompile(`\b(1[89]\d\d|20\d\d)\b`)
)

var monthNumber = map[string]string{
	"jan": "01", "feb": "02", "mar": "03", "apr": "04", "may": "05", "jun": "06",
	"jul": "07", "aug": "08", "sep": "09", "oct": "10", "nov": "11", "dec": "12",
}

// singleMonth returns the month a note names when it names exactly one.
func singleMonth(note string) (string, bool) {
	matches := monthWord.FindAllStringSubmatch(note, -1)
	if len(matches) != 1 {
		return "", false
	}
	return monthNumber[strings.ToLower(matches[0][1])], true
}

// dateInNote reads "Nov. 1973" as 1973-11 and "Between Aug. and Sep. 1977"
// as 1977: a single year, with its month when exactly one is named.
func dateInNote(note string) (string, bool) {
	years := yearWord.FindAllString(note, -1)
	if len(years) != 1 {
		return "", false
	}
	if month, ok := singleMonth(note); ok {
		return years[0] + "-" + month, true
	}
	return years[0], true
}

// --- documents ---

func (m *mapper) mapDocuments() {
	for _, doc := range m.rec.Documents {
		m.warnUnknown(doc.Unknown)
		docType := identifierType(doc.Type.Value)
		country := doc.IssuingCountry
		if country.Value == "" {
			country = doc.CountryOfIssue
		}
		code, known := m.countryCode("document country", country)
		details := []string{doc.Type2.Value}
		if !known && country.Value != "" {
			details = append(details, "issued by "+country.Value)
		}
		if doc.DateOfIssue.Value != "" {
			details = append(details, "issued on "+doc.DateOfIssue.Value)
		}
		if doc.CityOfIssue.Value != "" {
			details = append(details, "issued in "+doc.CityOfIssue.Value)
		}
		details = append(details, doc.Note.Value)
		note := joinNonEmpty("; ", details...)
		number := strings.TrimSpace(doc.Number.Value)
		if number == "" {
			// Without a number there is no identifier; keep what it says.
			if note != "" {
				m.remarks = append(m.remarks, joinNonEmpty(": ", doc.Type.Value, note))
			}
			continue
		}
		if docType == "" {
			docType = "other"
		}
		// The list repeats a document once per language of its type.
		m.addIdentifier(record.Identifier{Type: docType, Value: number, Country: code, Note: note})
	}
}

// identifierType maps TYPE_OF_DOCUMENT (sometimes French or Spanish) to an
// identifier type; other kinds keep their name in lower case.
func identifierType(typeOfDocument string) string {
	t := strings.ToLower(typeOfDocument)
	switch {
	case t == "":
		return ""
	case strings.Contains(t, "passport") || strings.Contains(t, "passeport") || strings.Contains(t, "pasaporte"):
		return record.IDPassport
	case strings.Contains(t, "national identification") || strings.Contains(t, "national identity"):
		return record.IDNationalID
	}
	return t
}

// --- addresses ---

func (m *mapper) mapAddresses() {
	e := &m.entry.Entity
	for _, a := range append(m.rec.Addresses, m.rec.EntityAddresses...) {
		m.warnUnknown(a.Unknown)
		code, known := m.countryCode("address COUNTRY", a.Country)
		parts := []string{a.Street.Value, a.City.Value, a.StateProvince.Value, a.ZipCode.Value}
		if !known {
			parts = append(parts, a.Country.Value)
		}
		addr := record.Address{Text: withNote(joinNonEmpty(", ", parts...), a.Note.Value), City: a.City.Value, Country: code}
		if addr.Text == "" && addr.Country == "" {
			continue
		}
		e.Addresses = append(e.Addresses, addr)
	}
}

// --- comments ---

var (
	imoInComments   = regexp.MustCompile(`(?i)\bIMO\)?(?:\s+(?:number|no\.?))?\s*:?\s*(\d+)`)
	swiftInComments = regexp.MustCompile(`\bSWIFT(?:/BIC)?\s*:?\s*([A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?)\b`)
	listedPursuant  = regexp.MustCompile(`(?i)\blisted\b[^.]{0,60}?\bpursuant to\b[^.]{0,120}?\bresolution (\d{3,4})\b`)
)

// mapComments keeps COMMENTS1 as remarks and takes from it the company IMO
// numbers and SWIFT codes that the list states only there.
func (m *mapper) mapComments() {
	comments := m.rec.Comments.Value
	if comments == "" {
		return
	}
	m.remarks = append([]string{comments}, m.remarks...)
	if m.entry.Entity.Kind != record.Organization {
		return
	}
	for _, match := range imoInComments.FindAllStringSubmatch(comments, -1) {
		number := match[1]
		if !record.ValidCompanyIMO(number) {
			m.warn(m.rec.Comments.Line, "COMMENTS1: IMO number %q is not a valid company IMO number", number)
			continue
		}
		m.addIdentifier(record.Identifier{Type: record.IDCompanyIMO, Value: number})
	}
	for _, match := range swiftInComments.FindAllStringSubmatch(comments, -1) {
		m.addIdentifier(record.Identifier{Type: "swift-bic", Value: match[1]})
	}
}

func (m *mapper) addIdentifier(id record.Identifier) {
	e := &m.entry.Entity
	for _, have := range e.Identifiers {
		if have.Type == id.Type && have.Value == id.Value {
			return
		}
	}
	e.Identifiers = append(e.Identifiers, id)
}

// listedPursuantTo returns the resolutions a record says it was listed
// under ("Listed pursuant to paragraph 15 of resolution 1970").
func listedPursuantTo(comments string) []int {
	var numbers []int
	for _, match := range listedPursuant.FindAllStringSubmatch(comments, -1) {
		n, err := strconv.Atoi(match[1])
		if err == nil && !slices.Contains(numbers, n) {
			numbers = append(numbers, n)
		}
	}
	return numbers
}

// factPrefixes open sentences of COMMENTS1 that state a fact about the
// record rather than the reason for listing it.
var factPrefixes = []string{
	"gender:", "location ", "died on", "imo ", "international maritime organization",
	"company number imo", "swift", "pursuant to resolution", "review pursuant",
	"interpol-un",
}

// reason is the first sentence of comments that gives a reason, cut to
// about maxReasonRunes.
func reason(comments string) string {
	for _, sentence := range sentences(comments) {
		lower := strings.ToLower(sentence)
		isFact := false
		for _, p := range factPrefixes {
			if strings.HasPrefix(lower, p) {
				isFact = true
				break
			}
		}
		if isFact {
			continue
		}
		if runes := []rune(sentence); len(runes) > maxReasonRunes {
			cut := string(runes[:maxReasonRunes])
			if i := strings.LastIndex(cut, " "); i > 0 {
				cut = cut[:i]
			}
			return cut + " …"
		}
		return sentence
	}
	return ""
}

// abbreviations end in a period without ending a sentence.
var abbreviations = map[string]bool{
	"co": true, "ltd": true, "inc": true, "corp": true, "no": true, "nos": true,
	"st": true, "mr": true, "mrs": true, "dr": true, "jr": true, "u.s": true,
	"a.k.a": true, "f.k.a": true, "jan": true, "feb": true, "mar": true,
	"apr": true, "jun": true, "jul": true, "aug": true, "sep": true,
	"sept": true, "oct": true, "nov": true, "dec": true,
}

// sentences splits text at a period followed by a space and a capital
// letter, unless the period ends an initial or a known abbreviation.
func sentences(s string) []string {
	var out []string
	start, wordStart := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' {
			wordStart = i + 1
		}
		if s[i] != '.' || i+2 >= len(s) || s[i+1] != ' ' || !startsUpper(s[i+2:]) {
			continue
		}
		word := s[wordStart:i]
		if isInitial(word) || abbreviations[strings.ToLower(word)] {
			continue
		}
		out = append(out, strings.TrimSpace(s[start:i+1]))
		start = i + 2
	}
	if rest := strings.TrimSpace(s[start:]); rest != "" {
		out = append(out, rest)
	}
	return out
}

// isInitial tells a single letter, as in "Kim J. Un"; "VESSEL 5." still
// ends a sentence.
func isInitial(word string) bool {
	runes := []rune(word)
	return len(runes) == 1 && unicode.IsLetter(runes[0])
}

func startsUpper(s string) bool {
	for _, r := range s {
		return unicode.IsUpper(r)
	}
	return false
}

// withNote appends a NOTE in parentheses, or is the note alone.
func withNote(text, note string) string {
	if note == "" || text == "" {
		return text + note
	}
	return text + " (" + note + ")"
}

func joinNonEmpty(sep string, parts ...string) string {
	kept := parts[:0:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, sep)
}
