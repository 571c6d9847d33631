package ftm_test

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/armsgraph/armsgraph/ftm"
	"github.com/armsgraph/armsgraph/internal/realdata"
	ftmloader "github.com/armsgraph/armsgraph/loaders/ftm"
	"github.com/armsgraph/armsgraph/loaders/reference"
	"github.com/armsgraph/armsgraph/record"
)

// The facts checked here are in the fixture file itself (yente's Zala Aero
// cluster; shared/data/SOURCES.md): 41 Sanction, 14 Ownership, 11 Company,
// 11 Address, 6 Person, 4 Family, 3 Directorship, 1 Passport.
func TestZalaFixture(t *testing.T) {
	path := realdata.Path(t, realdata.FtMZala)
	doc, err := ftmloader.ParseFile(path, reference.Default())
	if err != nil {
		t.Fatal(err)
	}
	// SOURCES.md gives the file's SHA-256 as 3f718f1328ae368d…
	if doc.Source.ID != "ftm-3f718f1328ae368d" || doc.Source.Kind != "ftm" || doc.Source.Complete {
		t.Errorf("source = %s (%s, complete %v), want ftm-3f718f1328ae368d (ftm, not complete)", doc.Source.ID, doc.Source.Kind, doc.Source.Complete)
	}
	kinds := map[record.Kind]int{}
	byID := map[string]record.Entity{}
	for _, e := range doc.Entities {
		kinds[e.Kind]++
		byID[e.ID] = e
	}
	if kinds[record.Person] != 6 || kinds[record.Organization] != 11 || len(doc.Entities) != 17 {
		t.Errorf("entities by kind = %v, want 6 PERSON and 11 ORGANIZATION", kinds)
	}
	if len(doc.Designations) != 41 {
		t.Errorf("designations = %d, want 41 (every Sanction's entity is in the file)", len(doc.Designations))
	}
	types := map[string]int{}
	for _, r := range doc.Relationships {
		types[r.Type]++
	}
	if want := map[string]int{record.Owns: 14, record.Directs: 3, record.FamilyOf: 4}; !reflect.DeepEqual(types, want) {
		t.Errorf("relationships = %v, want %v", types, want)
	}

	cst := byID["NK-abdzbEBkqyT29GyREbiURZ"] // line 12
	if cst.Name != "LLC CST" || cst.Country != "RU" {
		t.Errorf("LLC CST: name %q, country %q", cst.Name, cst.Country)
	}
	for _, want := range []record.Identifier{
		{Type: record.IDTax, Value: "1841015504", Country: "RU"},             // innCode, also a registrationNumber
		{Type: record.IDRegistration, Value: "1101841007938", Country: "RU"}, // ogrnCode
		{Type: record.IDRegistration, Value: "1091841000624"},
	} {
		if !slices.Contains(cst.Identifiers, want) {
			t.Errorf("LLC CST identifiers %v lack %v", cst.Identifiers, want)
		}
	}
	osetrova := byID["NK-2Tbri3s6GgNtAwsSXh4qpL"] // line 1
	if osetrova.Name != "Maria Aleksandrovna Osetrova" || osetrova.Gender != "female" ||
		!reflect.DeepEqual(osetrova.BirthDates, []string{"1988-01-07"}) || !reflect.DeepEqual(osetrova.Nationalities, []string{"RU"}) {
		t.Errorf("Osetrova = %q %q %v %v", osetrova.Name, osetrova.Gender, osetrova.BirthDates, osetrova.Nationalities)
	}
	if !slices.Contains(osetrova.SourceRecordIDs, "ofac-46001") {
		t.Errorf("Osetrova's referents %v lack ofac-46001", osetrova.SourceRecordIDs)
	}

	sanctions := map[string]record.Designation{}
	for _, d := range doc.Designations {
		sanctions[d.ID] = d
	}
	ofac := sanctions["ofac-780cd5691cab9c1219d921e42857cc300fef150e"] // line 58
	if ofac.AuthorityID != "us-ofac" || ofac.SourceRecordID != "us-ofac:45928" || ofac.TargetRef != cst.ID ||
		!reflect.DeepEqual(ofac.Programs, []string{"RUSSIA-EO14024"}) || !reflect.DeepEqual(ofac.Measures, []string{"RUSSIA-EO14024", "Block"}) {
		t.Errorf("OFAC sanction of LLC CST = %+v", ofac)
	}
	mof := sanctions["ja-mof-4547bdb800b835462d590017ac27032b44f8ae13"] // line 48
	if mof.AuthorityID != "jp-mof" || mof.ListedOn != "2024-06-21" || mof.SourceRecordID != "jp-mof:286" {
		t.Errorf("MOF sanction of LLC CST = %s %s %s", mof.AuthorityID, mof.ListedOn, mof.SourceRecordID)
	}
	for _, r := range doc.Relationships {
		if r.Type == record.FamilyOf && r.FromRef == "NK-JseaPJctnK9o8wrmz8xmoT" {
			if r.ToRef != "NK-aU5ybkbRFJucf8YMwsJvDw" || r.Role != "Family member of" {
				t.Errorf("Family of Nikita Zakharov = %+v", r)
			}
		}
	}
}

func TestAuthority(t *testing.T) {
	ref := reference.Default()
	for _, c := range []struct {
		names, countries []string
		want             string
	}{
		{[]string{"Office of Foreign Assets Control"}, []string{"us"}, "us-ofac"},
		{[]string{"OFAC"}, []string{"us"}, "us-ofac"},
		{[]string{"U.S. Department of the Treasury, Office of Foreign Assets Control"}, []string{"us"}, "us-ofac"},
		{[]string{"us-ofac"}, nil, "us-ofac"},
		{[]string{"Department of Foreign Affairs and Trade"}, []string{"au"}, "au-dfat"},
		{[]string{"Ministry of Finance"}, []string{"jp"}, "jp-mof"},
		{[]string{"Ministry of Economy, Trade and Industry"}, []string{"jp"}, "jp-ministry-of-economy-trade-and-industry"},
		{[]string{"Foreign, Commonwealth & Development Office", "UK"}, []string{"gb"}, "gb-fcdo"},
		{[]string{"Council of the European Union"}, []string{"eu"}, "eu-council"},
		{[]string{"Ministry of Finance"}, []string{"nz"}, "nz-ministry-of-finance"},
		{nil, []string{"nz"}, "nz-authority"},
		{nil, nil, ""},
	} {
		if got := ftmloader.Authority(ref, c.names, c.countries); got != c.want {
			t.Errorf("Authority(%q, %q) = %q, want %q", c.names, c.countries, got, c.want)
		}
	}
}

func TestSniff(t *testing.T) {
	zala, err := os.ReadFile(realdata.Path(t, realdata.FtMZala))
	if err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct {
		head string
		want bool
	}{
		"yente entities, first 4096 bytes": {string(zala[:4096]), true},
		"our export":                       {`{"id":"imo-9358010","schema":"Vessel","properties":{"name":["MAIA-1"]}}`, true},
		"a delta line":                     {`{"op":"ADD","entity":{"id":"x","schema":"Person"}}`, false},
		"yente's delta index":              {`{"versions": {"x": "y"}, "updated_at": "2024"}`, false},
		"YAML":                             {"announcement:\n  id: x\n", false},
	} {
		if got := ftmloader.Sniff([]byte(c.head)); got != c.want {
			t.Errorf("%s: Sniff = %v, want %v", name, got, c.want)
		}
	}
}

func TestProblemsNameFileLineAndField(t *testing.T) {
	in := strings.Join([]string{
		`{"id":"p1","schema":"Person","properties":{"name":["A"],"birthDate":["07/01/1988"]}}`,
		`{"id":"p1","schema":"Person","properties":{"name":["B"]}}`,
		`not json`,
		`{"schema":"Person","properties":{"name":["C"]}}`,
		`{"id":"s1","schema":"Sanction","properties":{"entity":["p1"]}}`,
		`{"id":"v1","schema":"Vessel","properties":{"name":["V"],"imoNumber":["9358011"]}}`,
		`{"id":"c1","schema":"Company","properties":{}}`,
	}, "\n")
	doc, err := ftmloader.Parse(strings.NewReader(in), "x.ftm.json", reference.Default())
	if err == nil {
		t.Fatalf("no error; document %+v", doc)
	}
	if doc != nil {
		t.Error("a document came back with the problems")
	}
	for _, want := range []string{
		`x.ftm.json:1:birthDate: "07/01/1988" is not a date`,
		`x.ftm.json:2:id: "p1" is also the id of line 1`,
		`x.ftm.json:3:json: not an FtM entity`,
		`x.ftm.json:4:id: missing`,
		`x.ftm.json:5:authority: a Sanction needs an authority or a country`,
		`x.ftm.json:6:imoNumber: "9358011" is not a ship IMO number`,
		`x.ftm.json:7:name: a Company needs a name`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("problems lack %q:\n%v", want, err)
		}
	}
}

// TestMappingReadsBack maps records to FtM as export and diff do, and
// reads the lines back: what the graph holds comes back. The entities are
// the seed's and OFAC's (sdn.csv of 2024-05-03); the links of the types the
// seed lacks join placeholders A and B.
func TestMappingReadsBack(t *testing.T) {
	m := ftm.Mapper{Authorities: map[string]ftm.Authority{"us-ofac": {Name: "U.S. Department of the Treasury, Office of Foreign Assets Control", Country: "US"}}}
	budnev := record.Entity{
		ID: "aleksey-budnev", Kind: record.Person, Name: "BUDNEV, Aleksey",
		Aliases:         []record.Alias{{Name: "BUDNEV, Alexey", Type: "aka"}},
		SourceRecordIDs: []string{"us-ofac:48987"}, BirthDates: []string{"1964-07-09"}, BirthPlaces: []string{"Krymskaya Region, Russia"},
		Gender: "male", Nationalities: []string{"RU"},
		Identifiers: []record.Identifier{{Type: record.IDTax, Value: "504217593565", Country: "RU"}},
		Addresses:   []record.Address{{Text: "34 Zolotorozhskiy Val, Building 2, Moscow 111033, RU"}},
		Sources:     []string{"https://www.treasury.gov/ofac/downloads/sdn.csv"},
	}
	maria := record.Entity{
		ID: "imo-8517839", Kind: record.Vessel, Name: "MARIA", IMONumber: "8517839", CallSign: "UBRH7",
		VesselType: "General Cargo", BuildYear: 1986, Flags: []record.Flag{{Country: "RU"}},
		Identifiers: []record.Identifier{{Type: "vessel-registration", Value: "IMO 8517839"}},
	}
	angara := record.Entity{ID: "imo-9179842", Kind: record.Vessel, Name: "ANGARA", IMONumber: "9179842", GrossTonnage: "8811"}
	mLeasing := record.Entity{
		ID: "m-leasing-llc", Kind: record.Organization, Name: "M LEASING LLC", Country: "RU",
		Identifiers: []record.Identifier{{Type: record.IDCompanyIMO, Value: "6246853"}},
	}
	epGom := record.Entity{ID: "us-ofac-15431", Kind: record.Aircraft, Name: "EP-GOM", AircraftModel: "IL76-TD", TailNumber: "EP-GOM", ManufacturerSerial: "1023409321"}
	a := record.Entity{ID: "a", Kind: record.Person, Name: "A"}
	b := record.Entity{ID: "b", Kind: record.Organization, Name: "B"}
	designation := record.Designation{
		ID: "us-ofac:46773", AuthorityID: "us-ofac", TargetRef: maria.ID, Programs: []string{"RUSSIA-EO14024"},
		SourceRecordID: "us-ofac:46773", Sources: []string{"https://www.treasury.gov/ofac/downloads/sdn.csv"},
	}
	links := []record.Relationship{
		{Type: record.Owns, FromRef: mLeasing.ID, ToRef: angara.ID, Role: "owner", Sources: []string{"https://www.treasury.gov/ofac/downloads/sdn.csv"}},
		{Type: record.LinkedTo, FromRef: maria.ID, ToRef: mLeasing.ID, Role: "OFAC: Linked To"},
		{Type: record.Operates, FromRef: b.ID, ToRef: angara.ID},
		{Type: record.Manages, FromRef: b.ID, ToRef: angara.ID, Role: "ISM manager"},
		{Type: record.Directs, FromRef: a.ID, ToRef: b.ID, Role: "director", Since: "2020-01-01", Until: "2021"},
		{Type: record.FamilyOf, FromRef: a.ID, ToRef: budnev.ID, Role: "spouse"},
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	for _, e := range []record.Entity{budnev, maria, angara, mLeasing, epGom, a, b} {
		for _, x := range m.Thing(e) {
			enc.Encode(x)
		}
	}
	enc.Encode(m.Sanction(designation))
	for _, r := range links {
		enc.Encode(m.Link(r))
	}
	doc, err := ftmloader.Parse(&buf, "export.ftm.json", reference.Default())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]record.Entity{}
	for _, e := range doc.Entities {
		got[e.ID] = e
	}
	p := got[budnev.ID]
	if p.Name != budnev.Name || p.Gender != "male" || !reflect.DeepEqual(p.BirthDates, budnev.BirthDates) ||
		!reflect.DeepEqual(p.BirthPlaces, budnev.BirthPlaces) || !reflect.DeepEqual(p.Nationalities, budnev.Nationalities) ||
		!reflect.DeepEqual(p.SourceRecordIDs, budnev.SourceRecordIDs) || !reflect.DeepEqual(p.Addresses, budnev.Addresses) ||
		!reflect.DeepEqual(p.Sources, budnev.Sources) || !reflect.DeepEqual(p.Aliases, budnev.Aliases) ||
		!reflect.DeepEqual(p.Identifiers, budnev.Identifiers) {
		t.Errorf("person read back = %+v", p)
	}
	v := got[maria.ID]
	if v.IMONumber != "8517839" || v.CallSign != "UBRH7" || v.VesselType != "General Cargo" ||
		v.BuildYear != 1986 || !reflect.DeepEqual(v.Flags, maria.Flags) || !reflect.DeepEqual(v.Identifiers, maria.Identifiers) {
		t.Errorf("vessel read back = %+v", v)
	}
	if v := got[angara.ID]; v.GrossTonnage != "8811" {
		t.Errorf("ANGARA read back = %+v", v)
	}
	if c := got[mLeasing.ID]; c.Country != "RU" || !reflect.DeepEqual(c.Identifiers, mLeasing.Identifiers) || c.Kind != record.Organization {
		t.Errorf("company read back = %+v", c)
	}
	if a := got[epGom.ID]; a.AircraftModel != "IL76-TD" || a.TailNumber != "EP-GOM" || a.ManufacturerSerial != "1023409321" || a.Kind != record.Aircraft {
		t.Errorf("aircraft read back = %+v", a)
	}
	if len(doc.Designations) != 1 {
		t.Fatalf("designations = %v", doc.Designations)
	}
	want := designation
	want.ID = "sanction-us-ofac-46773"
	if d := doc.Designations[0]; !reflect.DeepEqual(d, want) {
		t.Errorf("designation read back = %+v\nwant %+v", d, want)
	}
	if len(doc.Relationships) != len(links) {
		t.Fatalf("relationships = %v", doc.Relationships)
	}
	for i, r := range doc.Relationships {
		if !reflect.DeepEqual(r, links[i]) {
			t.Errorf("relationship read back = %+v, want %+v", r, links[i])
		}
	}
}

// One number, two identifiers: OFAC's QUINONES, Benedicto (sdn.csv of
// 2024-05-03, entry 10434) has Cedula No. 14934266 and Passport 14934266,
// both of Colombia; each comes back with its type.
func TestOneNumberTwoIdentifiers(t *testing.T) {
	e := record.Entity{ID: "us-ofac-10434", Kind: record.Person, Name: "QUINONES, Benedicto", Identifiers: []record.Identifier{
		{Type: record.IDNationalID, Value: "14934266", Country: "CO"}, {Type: record.IDPassport, Value: "14934266", Country: "CO"},
	}}
	var buf bytes.Buffer
	for _, x := range (ftm.Mapper{}).Thing(e) {
		json.NewEncoder(&buf).Encode(x)
	}
	doc, err := ftmloader.Parse(&buf, "x.ftm.json", reference.Default())
	if err != nil {
		t.Fatal(err)
	}
	got := doc.Entities[0].Identifiers
	if len(got) != 2 || !slices.Contains(got, e.Identifiers[0]) || !slices.Contains(got, e.Identifiers[1]) {
		t.Errorf("identifiers = %v, want %v", got, e.Identifiers)
	}
}
