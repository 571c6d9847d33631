package identity

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	edlib "github.com/hbollon/go-edlib"

	"github.com/armsgraph/armsgraph"
	"github.com/armsgraph/armsgraph/record"
)

// Profile is what the matcher knows of one record or graph node.
type Profile struct {
	// ID names the profile for the caller: a graph id or a source record id.
	ID    string
	Kind  record.Kind
	Names []string // the name first, then aliases
	// WeakNames are low-quality aliases (UN "Low", OFAC weak a.k.a.):
	// nicknames such as "Abu Muhammad" that many people share. A name
	// that agrees only through one weighs half.
	WeakNames     []string
	BirthDates    []string // YYYY, YYYY-MM or YYYY-MM-DD
	BirthPlaces   []string
	Nationalities []string // alpha-2
	Countries     []string // alpha-2: registration and address countries
	Identifiers   []record.Identifier
	IMONumber     string
	Addresses     []string
	// Programs are the sanctions programs of its listings (UN list types,
	// OFAC tags), compared by their area (armsgraph.ProgramArea).
	Programs []string
	// Sources are the ids of the lists or announcements that state it.
	Sources []string
}

// ProfileOf describes an entity of a record.
func ProfileOf(e record.Entity) Profile {
	p := Profile{
		ID: e.Ref, Kind: e.Kind, Names: []string{e.Name},
		BirthDates: e.BirthDates, BirthPlaces: e.BirthPlaces, Nationalities: e.Nationalities,
		Identifiers: e.Identifiers, IMONumber: e.IMONumber,
	}
	if len(e.SourceRecordIDs) > 0 {
		p.ID = e.SourceRecordIDs[0]
	}
	for _, a := range e.Aliases {
		switch {
		case a.Name == "" || slices.Contains(p.Names, a.Name) || slices.Contains(p.WeakNames, a.Name):
		case a.Quality == "weak":
			p.WeakNames = append(p.WeakNames, a.Name)
		default:
			p.Names = append(p.Names, a.Name)
		}
	}
	if e.Country != "" {
		p.Countries = append(p.Countries, e.Country)
	}
	for _, a := range e.Addresses {
		if a.Country != "" && !slices.Contains(p.Countries, a.Country) {
			p.Countries = append(p.Countries, a.Country)
		}
		p.Addresses = append(p.Addresses, strings.TrimSpace(a.Text+" "+a.City))
	}
	return p
}

// ProfileOfEntry describes the entity of an entry with the programs of
// its listings.
func ProfileOfEntry(en record.Entry) Profile {
	p := ProfileOf(en.Entity)
	for _, d := range en.Designations {
		for _, prog := range d.Programs {
			if !slices.Contains(p.Programs, prog) {
				p.Programs = append(p.Programs, prog)
			}
		}
	}
	return p
}

// Feature is one piece of evidence in a score: which feature, the values
// compared, and the weight it added (negative for evidence against).
type Feature struct {
	Name   string
	Left   string
	Right  string
	Weight float64
	Note   string
}

func (f Feature) String() string {
	return fmt.Sprintf("%s %+.2f (%s | %s: %s)", f.Name, f.Weight, f.Left, f.Right, f.Note)
}

// Score is the evidence that two profiles are one actor, between 0 and 1,
// with the features that make it up.
type Score struct {
	Value float64
	// Evidence is the sum of the weights before Value is held to [0, 1]:
	// it ranks pairs that both reach 1.
	Evidence float64
	Features []Feature
}

// Threshold is the score at and above which a pair is a candidate to
// review (and a screening match). A name alone, however exact, scores
// NameWeight, below it: another fact must agree.
const Threshold = 0.7

// Feature weights. They are chosen so that an exact name needs one more
// agreeing fact to reach Threshold, and a conflicting birth date or
// identifier pulls even an exact name well under it.
const (
	NameWeight              = 0.6
	minNameSimilarity       = 0.85
	IdentifierEqualWeight   = 0.5
	IdentifierConflict      = -0.3
	DocumentConflict        = -0.15
	IMOEqualWeight          = 0.5
	IMOConflict             = -0.8
	BirthDateEqualWeight    = 0.35
	BirthMonthEqualWeight   = 0.2
	BirthYearEqualWeight    = 0.15
	BirthDateConflict       = -0.35
	BirthYearConflict       = -0.5
	NationalityEqualWeight  = 0.1
	NationalityConflict     = -0.1
	CountryEqualWeight      = 0.1
	CountryConflict         = -0.05
	BirthPlaceEqualWeight   = 0.05
	AddressTokensMaxWeight  = 0.1
	ProgramAreaEqualWeight  = 0.1
	WeakNameFactor          = 0.5
	KindConflict            = -1.0
	nameTokenSimilarityBest = 0.92
)

// Compare scores two profiles from every feature both state. A feature
// only one side states adds nothing.
func Compare(a, b Profile) Score {
	var s Score
	add := func(f Feature) {
		s.Features = append(s.Features, f)
		s.Value += f.Weight
	}
	if a.Kind != b.Kind {
		add(Feature{Name: "kind", Left: string(a.Kind), Right: string(b.Kind), Weight: KindConflict, Note: "different kinds"})
		s.Value = 0
		return s
	}
	sim, left, right := NameSimilarity(a.Names, b.Names)
	weakSim, weakLeft, weakRight := NameSimilarity(append(slices.Clip(a.Names), a.WeakNames...), append(slices.Clip(b.Names), b.WeakNames...))
	switch {
	case sim >= minNameSimilarity:
		add(Feature{Name: "name", Left: left, Right: right, Weight: round(NameWeight * sim), Note: fmt.Sprintf("similarity %.2f", sim)})
	case weakSim >= minNameSimilarity:
		add(Feature{Name: "name", Left: weakLeft, Right: weakRight, Weight: round(NameWeight * WeakNameFactor * weakSim),
			Note: fmt.Sprintf("similarity %.2f through a weak alias, weighed %.1f", weakSim, WeakNameFactor)})
	default:
		add(Feature{Name: "name", Left: left, Right: right, Weight: 0, Note: fmt.Sprintf("similarity %.2f, under %.2f", sim, minNameSimilarity)})
	}
	if f, ok := compareIMO(a.IMONumber, b.IMONumber); ok {
		add(f)
	}
	for _, f := range compareIdentifiers(a.Identifiers, b.Identifiers) {
		add(f)
	}
	if a.Kind == record.Person {
		if f, ok := compareBirthDates(a.BirthDates, b.BirthDates); ok {
			add(f)
		}
		if f, ok := compareTokens("birth place", a.BirthPlaces, b.BirthPlaces, BirthPlaceEqualWeight); ok {
			add(f)
		}
	}
	if f, ok := compareCountries("nationality", a.Nationalities, b.Nationalities, NationalityEqualWeight, NationalityConflict); ok {
		add(f)
	}
	if f, ok := compareCountries("country", a.Countries, b.Countries, CountryEqualWeight, CountryConflict); ok {
		add(f)
	}
	if f, ok := compareTokens("address", a.Addresses, b.Addresses, AddressTokensMaxWeight); ok {
		add(f)
	}
	if f, ok := compareProgramAreas(a.Programs, b.Programs); ok {
		add(f)
	}
	s.Evidence = round(s.Value)
	s.Value = round(math.Max(0, math.Min(1, s.Value)))
	return s
}

func round(v float64) float64 { return math.Round(v*1000) / 1000 }

// NameSimilarity is the best similarity between a name or alias of one
// side and one of the other, with the two names that gave it.
func NameSimilarity(left, right []string) (float64, string, string) {
	best, bl, br := 0.0, "", ""
	rightWords := make([][]string, len(right))
	for j, n := range right {
		rightWords[j] = comparableWords(n)
	}
	for _, l := range left {
		lw := comparableWords(l)
		for j, rw := range rightWords {
			if sim := wordsSimilarity(lw, rw); sim > best || bl == "" {
				best, bl, br = sim, l, right[j]
			}
		}
	}
	return best, bl, br
}

// legalForms maps the long forms of company types to the short ones the
// lists also use, so "CORPORATION" and "CORP." compare as one word.
var legalForms = map[string]string{
	"corporation": "corp", "company": "co", "limited": "ltd", "incorporated": "inc",
	"enterprise": "ent", "enterprises": "ent", "international": "intl", "cooperation": "coop",
}

func comparableWords(name string) []string {
	words := Words(name)
	for i, w := range words {
		if short, ok := legalForms[w]; ok {
			words[i] = short
		}
	}
	return words
}

// wordsSimilarity compares two names as sets of words, so word order does
// not count: each word of the shorter name is paired with its most similar
// word of the other (Jaro-Winkler), and the result is the Sørensen–Dice
// share of paired words weighted by how alike they are. A shorter name
// wholly inside a longer one ("THOMAS LUBANGA" in "LUBANGA DYILO, Thomas")
// keeps most of its score when it has two words or more.
func wordsSimilarity(a, b []string) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	if strings.Join(a, "") == strings.Join(b, "") {
		return 1
	}
	short, long := a, b
	if len(short) > len(long) {
		short, long = long, short
	}
	used := make([]bool, len(long))
	total := 0.0
	for _, w := range short {
		best, at := 0.0, -1
		for j, v := range long {
			if used[j] {
				continue
			}
			sim := tokenSimilarity(w, v)
			if sim > best {
				best, at = sim, j
			}
		}
		if at >= 0 && best >= nameTokenSimilarityBest {
			used[at] = true
			total += best
		}
	}
	dice := 2 * total / float64(len(a)+len(b))
	if len(short) >= 2 && total >= float64(len(short))-0.1 {
		// every word of the shorter name is in the longer one
		contained := 0.9 - 0.05*float64(len(long)-len(short)-1)
		return math.Max(dice, contained)
	}
	return dice
}

func tokenSimilarity(a, b string) float64 {
	if a == b {
		return 1
	}
	// Short words and numbers must be equal: "M23" is not "M24".
	if len(a) < 4 || len(b) < 4 || isNumber(a) || isNumber(b) {
		return 0
	}
	return float64(edlib.JaroWinklerSimilarity(a, b))
}

func isNumber(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

func compareIMO(a, b string) (Feature, bool) {
	if a == "" || b == "" {
		return Feature{}, false
	}
	if a == b {
		return Feature{Name: "imo", Left: a, Right: b, Weight: IMOEqualWeight, Note: "same IMO number"}, true
	}
	return Feature{Name: "imo", Left: a, Right: b, Weight: IMOConflict, Note: "different IMO numbers"}, true
}

// compareIdentifiers finds numbers of the same type on both sides: one
// equal number is strong evidence; numbers of a type that never agree,
// issued by the same country, are evidence against (weak for passports
// and national ids, which people renew and hold several of).
func compareIdentifiers(a, b []record.Identifier) []Feature {
	var out []Feature
	byType := func(ids []record.Identifier) map[string][]record.Identifier {
		m := map[string][]record.Identifier{}
		for _, id := range ids {
			if CompactIdentifier(id.Value) != "" {
				m[id.Type] = append(m[id.Type], id)
			}
		}
		return m
	}
	am, bm := byType(a), byType(b)
	types := make([]string, 0, len(am))
	for t := range am {
		if _, ok := bm[t]; ok {
			types = append(types, t)
		}
	}
	sort.Strings(types)
	for _, t := range types {
		var equal *Feature
		var conflict *Feature
		for _, x := range am[t] {
			for _, y := range bm[t] {
				xv, yv := CompactIdentifier(x.Value), CompactIdentifier(y.Value)
				switch {
				case xv == yv && (x.Country == "" || y.Country == "" || x.Country == y.Country):
					equal = &Feature{Name: "identifier", Left: t + " " + x.Value, Right: t + " " + y.Value, Weight: IdentifierEqualWeight, Note: "same number"}
				case x.Country != "" && x.Country == y.Country && conflict == nil:
					w := IdentifierConflict
					if t == record.IDPassport || t == record.IDNationalID {
						// people renew passports and hold several
						w = DocumentConflict
					}
					conflict = &Feature{Name: "identifier", Left: t + " " + x.Value, Right: t + " " + y.Value, Weight: w, Note: "different numbers of the same country"}
				}
			}
		}
		if equal != nil {
			out = append(out, *equal)
		} else if conflict != nil {
			out = append(out, *conflict)
		}
	}
	return out
}

// compareBirthDates weighs the closest agreement between any two stated
// birth dates: the same full date, month or year; or the conflict when no
// year agrees, or when both state full dates and none of those agrees.
// Lists state several dates ("1960 or 1961"), so one agreement is enough.
func compareBirthDates(a, b []string) (Feature, bool) {
	if len(a) == 0 || len(b) == 0 {
		return Feature{}, false
	}
	left, right := strings.Join(a, ", "), strings.Join(b, ", ")
	bestLevel, fullConflict := 0, false
	for _, x := range a {
		for _, y := range b {
			level := commonPrefixLevel(x, y)
			bestLevel = max(bestLevel, level)
			if isFullDate(x) && isFullDate(y) && x != y {
				fullConflict = true
			}
		}
	}
	// Both state full dates and none agrees (bestLevel < 3): a year or
	// month in common elsewhere does not outweigh that.
	switch {
	case bestLevel == 3:
		return Feature{Name: "birth date", Left: left, Right: right, Weight: BirthDateEqualWeight, Note: "same date"}, true
	case bestLevel == 0:
		return Feature{Name: "birth date", Left: left, Right: right, Weight: BirthYearConflict, Note: "no year in common"}, true
	case fullConflict && hasFull(a) && hasFull(b):
		return Feature{Name: "birth date", Left: left, Right: right, Weight: BirthDateConflict, Note: "full dates differ"}, true
	case bestLevel == 2:
		return Feature{Name: "birth date", Left: left, Right: right, Weight: BirthMonthEqualWeight, Note: "same month"}, true
	}
	return Feature{Name: "birth date", Left: left, Right: right, Weight: BirthYearEqualWeight, Note: "same year"}, true
}

// commonPrefixLevel is how far two dates agree as far as both are stated:
// 0 different years, 1 year, 2 month, 3 the full date. "1960" and
// "1960-12-29" agree at the year.
func commonPrefixLevel(x, y string) int {
	xp, yp := strings.Split(x, "-"), strings.Split(y, "-")
	level := 0
	for i := 0; i < len(xp) && i < len(yp); i++ {
		if xp[i] != yp[i] {
			return level
		}
		level++
	}
	return level
}

func hasFull(ds []string) bool {
	return slices.ContainsFunc(ds, isFullDate)
}

// compareProgramAreas weighs listings under one sanctions regime (UN DPRK
// and OFAC DPRK4): as much as a nationality in common, so that with an
// exact name it reaches Threshold and a name alone still does not.
// Different regimes are no evidence against: one actor is listed under
// several.
func compareProgramAreas(a, b []string) (Feature, bool) {
	areas := func(ps []string) map[string]bool {
		m := map[string]bool{}
		for _, p := range ps {
			if area := armsgraph.ProgramArea(p); area != "" {
				m[area] = true
			}
		}
		return m
	}
	aa, ba := areas(a), areas(b)
	var common []string
	for area := range aa {
		if ba[area] {
			common = append(common, area)
		}
	}
	if len(common) == 0 {
		return Feature{}, false
	}
	sort.Strings(common)
	return Feature{Name: "program area", Left: strings.Join(a, ", "), Right: strings.Join(b, ", "), Weight: ProgramAreaEqualWeight,
		Note: "in common: " + strings.Join(common, ", ")}, true
}

func compareCountries(name string, a, b []string, equal, conflict float64) (Feature, bool) {
	if len(a) == 0 || len(b) == 0 {
		return Feature{}, false
	}
	left, right := strings.Join(a, ", "), strings.Join(b, ", ")
	for _, x := range a {
		if slices.Contains(b, x) {
			return Feature{Name: name, Left: left, Right: right, Weight: equal, Note: "in common: " + x}, true
		}
	}
	return Feature{Name: name, Left: left, Right: right, Weight: conflict, Note: "none in common"}, true
}

// addressStopWords are words of addresses too common to tell two apart.
var addressStopWords = map[string]bool{
	"street": true, "st": true, "road": true, "rd": true, "avenue": true, "ave": true, "building": true,
	"floor": true, "no": true, "city": true, "district": true, "province": true, "the": true, "of": true,
	"and": true, "box": true, "po": true, "p": true, "o": true, "suite": true, "office": true, "room": true,
}

// compareTokens weighs the share of words two sets of places or addresses
// have in common (Jaccard over their words, common words left out).
func compareTokens(name string, a, b []string, maxWeight float64) (Feature, bool) {
	if len(a) == 0 || len(b) == 0 {
		return Feature{}, false
	}
	at, bt := placeTokens(a), placeTokens(b)
	if len(at) == 0 || len(bt) == 0 {
		return Feature{}, false
	}
	var common []string
	for t := range at {
		if bt[t] {
			common = append(common, t)
		}
	}
	if len(common) == 0 {
		return Feature{}, false
	}
	sort.Strings(common)
	union := len(at) + len(bt) - len(common)
	share := float64(len(common)) / float64(union)
	w := maxWeight
	if name == "address" {
		w = round(maxWeight * share)
	}
	return Feature{Name: name, Left: strings.Join(a, "; "), Right: strings.Join(b, "; "), Weight: w,
		Note: fmt.Sprintf("words in common: %s", strings.Join(common, " "))}, true
}

func placeTokens(ss []string) map[string]bool {
	m := map[string]bool{}
	for _, s := range ss {
		for _, w := range Words(s) {
			if len(w) > 2 && !addressStopWords[w] && !isNumber(w) {
				m[w] = true
			}
		}
	}
	return m
}
