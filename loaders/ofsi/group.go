package ofsi

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/armsgraph/armsgraph/loaders/internal/sheet"
	"github.com/armsgraph/armsgraph/record"
)

// group is what the rows of one Group ID state, kept compact.
type group struct {
	id        int
	where     string // file:sheet:row of its first row
	kind      record.Kind
	name      string
	aliases   []record.Alias
	programs  []string
	listedOn  string
	titles    []string
	dobs      []string
	births    []string
	national  []string
	passports []string
	passInfo  []string
	nids      []string
	nidInfo   []string
	positions []string
	addresses []record.Address
	other     string
	warnings  []record.Warning
}

var kinds = map[string]record.Kind{
	"individual": record.Person,
	"entity":     record.Organization,
	"ship":       record.Vessel,
}

// addRow checks one name row and adds it to its group.
func addRow(byID map[int]*group, rows *sheet.Rows, cols map[string]int) error {
	text := func(col string) string {
		i, ok := cols[col]
		if !ok {
			return ""
		}
		return rows.Text(i)
	}
	idText := text(colGroupID)
	id, err := strconv.Atoi(idText)
	if err != nil || id <= 0 {
		return rows.Errorf(cols[colGroupID], "group ID %q is not a number", idText)
	}
	kind, ok := kinds[strings.ToLower(text(colGroupType))]
	if !ok {
		return rows.Errorf(cols[colGroupType], "group type %q is not Individual, Entity or Ship", text(colGroupType))
	}
	listedOn, ok := parseDate(text(colListedOn))
	if !ok || len(listedOn) != len("2006-01-02") {
		return rows.Errorf(cols[colListedOn], "Listed On %q is not a date (DD/MM/YYYY)", text(colListedOn))
	}
	var parts []string
	for _, c := range []string{"Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Name 6"} {
		if t := text(c); t != "" {
			parts = append(parts, t)
		}
	}
	name := strings.Join(parts, " ")
	if name == "" {
		return rows.Errorf(cols["Name 6"], "group %d has a row without a name", id)
	}
	g := byID[id]
	if g == nil {
		g = &group{id: id, where: rows.Where(-1), kind: kind, listedOn: listedOn}
		byID[id] = g
	} else if g.kind != kind {
		return rows.Errorf(cols[colGroupType], "group %d is typed %s here but %s at %s", id, text(colGroupType), strings.ToLower(g.kind.Label()), g.where)
	}
	if listedOn < g.listedOn {
		g.listedOn = listedOn
	}
	g.programs = sheet.AppendNew(g.programs, text(colRegime))

	aliasType := strings.ToLower(text(colAliasType))
	switch {
	case aliasType == "primary name" && g.name == "":
		g.name = name
	case aliasType == "fka":
		g.addAlias(record.Alias{Name: name, Type: "fka"})
	default:
		a := record.Alias{Name: name, Type: "aka"}
		switch strings.ToLower(text(colAliasQual)) {
		case "low quality":
			a.Quality = "weak"
		case "good quality":
			a.Quality = "strong"
		}
		g.addAlias(a)
	}
	if t := text(colNonLatin); t != "" {
		g.addAlias(record.Alias{Name: t, Type: "original-script"})
	}
	g.titles = sheet.AppendNew(g.titles, text(colTitle))
	if dob := text(colDOB); dob != "" {
		d, ok := parseDate(dob)
		if !ok {
			return rows.Errorf(cols[colDOB], "DOB %q is not a date (DD/MM/YYYY, 00 for unknown parts)", dob)
		}
		g.dobs = sheet.AppendNew(g.dobs, d)
	}
	birth := strings.Trim(text(colTownBirth)+", "+text(colCtryBirth), ", ")
	g.births = sheet.AppendNew(g.births, birth)
	g.national = sheet.AppendNew(g.national, text(colNationalty))
	g.passports = sheet.AppendNew(g.passports, text(colPassport))
	g.passInfo = sheet.AppendNew(g.passInfo, text(colPassDetail))
	g.nids = sheet.AppendNew(g.nids, text(colNationalID))
	g.nidInfo = sheet.AppendNew(g.nidInfo, text(colNIDetail))
	g.positions = sheet.AppendNew(g.positions, text(colPosition))
	var lines []string
	for i := 1; i <= 6; i++ {
		if t := text(fmt.Sprintf("Address %d", i)); t != "" {
			lines = append(lines, t)
		}
	}
	if t := text(colPostCode); t != "" {
		lines = append(lines, t)
	}
	country := text(colCountry)
	if country != "" {
		lines = append(lines, country)
	}
	if len(lines) > 0 {
		a := record.Address{Text: strings.Join(lines, ", ")}
		if code, ok := sheet.CountryCode(country); ok {
			a.Country = code
		}
		dup := false
		for _, have := range g.addresses {
			dup = dup || have.Text == a.Text
		}
		if !dup {
			g.addresses = append(g.addresses, a)
		}
	}
	if g.other == "" {
		g.other = strings.TrimSpace(text(colOtherInfo))
	}
	return nil
}

func (g *group) addAlias(a record.Alias) {
	for _, have := range g.aliases {
		if have.Name == a.Name {
			return
		}
	}
	g.aliases = append(g.aliases, a)
}

// label finds "(Label):value" facts in Other Information.
var label = regexp.MustCompile(`\(([A-Za-z /]+)\):`)

// facts splits Other Information into its labelled facts.
func facts(text string) map[string]string {
	out := map[string]string{}
	idx := label.FindAllStringSubmatchIndex(text, -1)
	for i, m := range idx {
		end := len(text)
		if i+1 < len(idx) {
			end = idx[i+1][0]
		}
		key := text[m[2]:m[3]]
		if _, dup := out[key]; !dup {
			out[key] = strings.TrimSpace(text[m[1]:end])
		}
	}
	return out
}

var (
	numbered       = regexp.MustCompile(`\(\d+\)\s*`)
	ukslReference  = regexp.MustCompile(`^[A-Z]{2,4}\d{4}\b`)
	unReference    = regexp.MustCompile(`^[A-Z]{2}[ei]\.\d{3}\b`)
	companyIMO     = regexp.MustCompile(`\bIMO\b[^0-9]{0,20}(\d{7})\b`)
	registryNumber = regexp.MustCompile(`\b([0-9]{6,15})\b`)
	digits         = regexp.MustCompile(`^\d+`)
)

// items splits a numbered cell, "(1) 123 (2) 456", into its items.
func items(s string) []string {
	var out []string
	for _, p := range numbered.Split(s, -1) {
		if p = strings.Trim(strings.TrimSpace(p), ".,;"); p != "" && p != "-" {
			out = append(out, p)
		}
	}
	return out
}

// entry maps a group to its entity and its one UK designation.
func (g *group) entry() record.Entry {
	info := facts(g.other)
	ref := fmt.Sprintf("gb-ofsi:%d", g.id)
	if r := ukslReference.FindString(info["UK Sanctions List Ref"]); r != "" {
		ref = AuthorityID + ":" + r
	}
	e := record.Entity{
		Ref:             ref,
		Kind:            g.kind,
		Name:            g.name,
		SourceRecordIDs: []string{ref},
		BirthDates:      g.dobs,
		BirthPlaces:     g.births,
		Addresses:       g.addresses,
		Gender:          strings.ToLower(info["Gender"]),
	}
	warn := func(format string, args ...any) {
		g.warnings = append(g.warnings, record.Warning{Location: g.where, Message: fmt.Sprintf(format, args...)})
	}
	if e.Name == "" {
		// No row is the primary name: the first alias stands for it.
		e.Name = g.aliases[0].Name
		g.aliases = g.aliases[1:]
		warn("group %d has no Primary name row; %q stands for it", g.id, e.Name)
	}
	for _, a := range g.aliases {
		if a.Name != e.Name {
			e.Aliases = append(e.Aliases, a)
		}
	}
	if r := unReference.FindString(info["UN Ref"]); r != "" {
		e.SourceRecordIDs = append(e.SourceRecordIDs, "un-sc:"+r)
	}
	if len(g.titles) > 0 {
		e.Title = strings.Join(g.titles, "; ")
	}
	for _, n := range g.national {
		for _, it := range items(n) {
			if code, ok := sheet.CountryCode(it); ok {
				e.Nationalities = sheet.AppendNew(e.Nationalities, code)
			}
		}
	}
	country := ""
	for i, a := range e.Addresses {
		if i == 0 {
			country = a.Country
		} else if a.Country != country {
			country = ""
		}
	}
	if e.Kind == record.Organization {
		e.Country = country
	}
	personCountry := ""
	if len(e.Nationalities) == 1 {
		personCountry = e.Nationalities[0]
	}
	for _, cell := range g.passports {
		for _, v := range items(cell) {
			e.Identifiers = append(e.Identifiers, record.Identifier{Type: record.IDPassport, Value: v, Country: personCountry})
		}
	}
	for _, cell := range g.nids {
		for _, v := range items(cell) {
			e.Identifiers = append(e.Identifiers, record.Identifier{Type: record.IDNationalID, Value: v, Country: personCountry})
		}
	}
	if reg := info["Business Reg No"]; reg != "" {
		idType := record.IDRegistration
		if strings.Contains(reg, "TIN") || strings.Contains(reg, "INN") {
			idType = record.IDTax
		}
		for _, m := range registryNumber.FindAllString(reg, -1) {
			e.Identifiers = append(e.Identifiers, record.Identifier{Type: russianNumberType(country, m, idType), Value: m, Country: country, Note: "Business Reg No: " + reg})
		}
	}
	switch e.Kind {
	case record.Vessel:
		imo := info["IMO number"]
		if record.ValidIMO(imo) {
			e.IMONumber = imo
		} else if imo != "" {
			warn("IMO number %q fails the check digit; kept in the remarks only", imo)
		}
		if code, ok := sheet.CountryCode(info["Flag of ship"]); ok {
			e.Flags = []record.Flag{{Country: code}}
		}
		e.VesselType = info["Type of ship"]
		e.Tonnage = info["Tonnage of ship"]
		if y, err := strconv.Atoi(digits.FindString(info["Year built"])); err == nil {
			e.BuildYear = y
		}
	case record.Organization:
		for _, m := range companyIMO.FindAllStringSubmatch(g.other, -1) {
			if record.ValidCompanyIMO(m[1]) {
				e.Identifiers = append(e.Identifiers, record.Identifier{Type: record.IDCompanyIMO, Value: m[1]})
			}
		}
	}
	var remarks []string
	for _, p := range g.positions {
		remarks = append(remarks, "Position: "+p)
	}
	for _, p := range g.passInfo {
		remarks = append(remarks, "Passport details: "+p)
	}
	for _, p := range g.nidInfo {
		remarks = append(remarks, "National identification details: "+p)
	}
	if g.other != "" {
		remarks = append(remarks, g.other)
	}
	e.Remarks = strings.Join(remarks, "\n")
	return record.Entry{
		Entity: e,
		Designations: []record.Designation{{
			AuthorityID:    AuthorityID,
			TargetRef:      ref,
			Programs:       g.programs,
			Measures:       []string{"asset-freeze"},
			ListedOn:       g.listedOn,
			SourceRecordID: ref,
		}},
		Warnings: g.warnings,
	}
}

// russianNumberType tells a Russian company's numbers apart by length, as
// the list files them all under Business Reg No: a tax number (INN) has 10
// digits (12 for a sole trader), a state registration number (OGRN) 13
// (15 for a sole trader).
func russianNumberType(country, number, otherwise string) string {
	if country != "RU" {
		return otherwise
	}
	switch len(number) {
	case 10, 12:
		return record.IDTax
	case 13, 15:
		return record.IDRegistration
	}
	return otherwise
}
