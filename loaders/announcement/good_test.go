package announcement

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/armsgraph/armsgraph/identity"
	"github.com/armsgraph/armsgraph/record"
)

func parseGood(t *testing.T, name string) *record.Document {
	t.Helper()
	doc, err := ParseFile(filepath.Join("testdata", "good", name), testRef(t))
	if err != nil {
		t.Fatalf("%s does not parse:\n%v", name, err)
	}
	return doc
}

func entityByRef(t *testing.T, doc *record.Document, ref string) record.Entity {
	t.Helper()
	for _, e := range doc.Entities {
		if e.Ref == ref {
			return e
		}
	}
	t.Fatalf("no entity %q", ref)
	return record.Entity{}
}

func TestGoodFilesParse(t *testing.T) {
	files, err := yamlFiles("testdata/good")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 2 {
		t.Fatalf("found %d good files, want at least 2", len(files))
	}
	for _, f := range files {
		if _, err := ParseFile(f, testRef(t)); err != nil {
			t.Errorf("%s:\n%v", f, err)
		}
	}
}

func TestCompleteExampleMapsToRecords(t *testing.T) {
	doc := parseGood(t, "kr-mofa-2024-05-24.yaml")

	wantSource := record.Source{
		ID:          "kr-mofa-2024-05-24",
		Kind:        record.SourceAnnouncement,
		Path:        filepath.Join("testdata", "good", "kr-mofa-2024-05-24.yaml"),
		AuthorityID: "kr-mofa",
		Title:       "South Korea sanctions 7 North Koreans and 2 Russian ships for UNSC resolution violations",
		Publisher:   "Ministry of Foreign Affairs of the Republic of Korea",
		URL:         "https://koreajoongangdaily.joins.com/news/2024-05-24/national/northKorea/South-Korea-sanctions-7-North-Koreans-2-Russian-ships-for-UNSC-resolution-violations/2054220",
		PublishedOn: "2024-05-24",
		Language:    "en",
		Stated:      &record.StatedCounts{Persons: 7, Organizations: 0, Vessels: 2, Total: 9},
		Sources: []string{
			"https://pune.news/international/south-korea-sanctions-7-north-koreans-2-russian-ships-for-illegal-arms-fuel-trade-with-russia-182771",
			"https://www.fbcnews.com.fj/world/south-korea-imposes-sanctions-on-north-koreans/",
		},
	}
	if !reflect.DeepEqual(doc.Source, wantSource) {
		t.Errorf("Source =\n%+v\nwant\n%+v", doc.Source, wantSource)
	}
	if len(doc.Entities) != 13 || len(doc.Designations) != 9 || len(doc.Relationships) != 4 || len(doc.Ports) != 2 || len(doc.Transfers) != 1 {
		t.Errorf("counts: %d entities, %d designations, %d relationships, %d ports, %d transfers; want 13, 9, 4, 2, 1",
			len(doc.Entities), len(doc.Designations), len(doc.Relationships), len(doc.Ports), len(doc.Transfers))
	}

	maia := entityByRef(t, doc, "maia-1")
	wantMaia := record.Entity{
		Ref: "maia-1", ID: "maia-1", Kind: record.Vessel, Name: "MAIA-1",
		Aliases:         []record.Alias{{Name: "NEPTUN", Type: "fka"}},
		SourceRecordIDs: []string{"us-ofac:37098"},
		IMONumber:       "9358010", VesselType: "General Cargo", GrossTonnage: "9611",
		Flags:   []record.Flag{{Country: "RU"}},
		Sources: []string{"https://www.treasury.gov/ofac/downloads/sdn.csv"},
	}
	if !reflect.DeepEqual(maia, wantMaia) {
		t.Errorf("maia-1 =\n%+v\nwant\n%+v", maia, wantMaia)
	}
	maria := entityByRef(t, doc, "maria")
	if maria.CallSign != "UBRH7" || maria.BuildYear != 1986 || maria.IMONumber != "8517839" {
		t.Errorf("maria particulars = %q %d %q", maria.CallSign, maria.BuildYear, maria.IMONumber)
	}

	pak := entityByRef(t, doc, "pak-kwang-hyok")
	if pak.Kind != record.Person || !reflect.DeepEqual(pak.Nationalities, []string{"KP"}) ||
		!reflect.DeepEqual(pak.Aliases, []record.Alias{{Name: "PARK Kwang-hyok"}}) {
		t.Errorf("pak-kwang-hyok = %+v", pak)
	}
	if rim := entityByRef(t, doc, "rim-yong-hyok"); rim.Title != "Representative of KOMID in Syria" {
		t.Errorf("rim-yong-hyok title = %q", rim.Title)
	}

	transmorflot := entityByRef(t, doc, "transmorflot-llc")
	wantIDs := []record.Identifier{{Type: record.IDCompanyIMO, Value: "6016988"}, {Type: record.IDTax, Value: "3017041900", Country: "RU"}}
	if transmorflot.Kind != record.Organization || transmorflot.Country != "RU" || !reflect.DeepEqual(transmorflot.Identifiers, wantIDs) {
		t.Errorf("transmorflot-llc = %+v", transmorflot)
	}
	if got := transmorflot.Addresses; !reflect.DeepEqual(got, []record.Address{{Text: "ul. Chkalova, D. 27, Olya, Astrakhan Oblast 416425"}}) {
		t.Errorf("transmorflot-llc addresses = %+v", got)
	}
	taeryong := entityByRef(t, doc, "taeryong-trading-corporation")
	if !reflect.DeepEqual(taeryong.Addresses, []record.Address{{Text: "Vladivostok", City: "Vladivostok", Country: "RU"}}) {
		t.Errorf("taeryong addresses = %+v", taeryong.Addresses)
	}
	if keys := identity.Keys(transmorflot); len(keys) == 0 || keys[0] != "company-imo:6016988" {
		t.Errorf("transmorflot identity keys = %v", keys)
	}

	han := doc.Designations[1]
	wantHan := record.Designation{
		AuthorityID: "kr-mofa", TargetRef: "han-hyok-chol",
		Programs:    []string{"ROK unilateral sanctions"},
		Reason:      "Imported Russian refined oil into North Korea, which resolution 2397 caps",
		ListedOn:    "2024-05-24",
		Resolutions: []int{2397},
	}
	if !reflect.DeepEqual(han, wantHan) {
		t.Errorf("designation of han-hyok-chol =\n%+v\nwant\n%+v", han, wantHan)
	}
	maiaDes := doc.Designations[7]
	if maiaDes.TargetRef != "maia-1" || !reflect.DeepEqual(maiaDes.Measures, []string{"port-entry-approval"}) || maiaDes.DelistedOn != "" {
		t.Errorf("designation of maia-1 = %+v", maiaDes)
	}
	// The designation's own source; the announcement's other reports stay
	// with the announcement (Source.Sources).
	if len(maiaDes.Sources) != 1 || maiaDes.Sources[0] != "https://pune.news/international/south-korea-sanctions-7-north-koreans-2-russian-ships-for-illegal-arms-fuel-trade-with-russia-182771" {
		t.Errorf("designation of maia-1 sources = %v", maiaDes.Sources)
	}

	wantRels := []record.Relationship{
		{Type: record.LinkedTo, FromRef: "rim-yong-hyok", ToRef: "komid", Role: "representative in Syria"},
		{Type: record.Directs, FromRef: "han-hyok-chol", ToRef: "taeryong-trading-corporation", Role: "head"},
		{Type: record.LinkedTo, FromRef: "transmorflot-llc", ToRef: "maia-1"},
		{Type: record.Owns, FromRef: "ibex-shipping-inc", ToRef: "maria", Role: "owner"},
	}
	for i, want := range wantRels {
		got := doc.Relationships[i]
		got.Sources = nil
		if !reflect.DeepEqual(got, want) {
			t.Errorf("relationship %d = %+v, want %+v", i, got, want)
		}
	}

	wantPorts := []record.Port{
		{ID: "port-rajin", Name: "Rajin (Najin), Rason Special Economic Zone", Country: "KP"},
		{ID: "port-dunai", Name: "Dunai (Dunay), Primorsky Krai", Country: "RU"},
	}
	if !reflect.DeepEqual(doc.Ports, wantPorts) {
		t.Errorf("ports = %+v", doc.Ports)
	}
	tr := doc.Transfers[0]
	if tr.ID != "maria-rajin-dunai-2023" || tr.VesselRef != "maria" || tr.FromPortID != "port-rajin" || tr.ToPortID != "port-dunai" ||
		tr.Cargo != "containers" || len(tr.Sources) != 2 {
		t.Errorf("transfer = %+v", tr)
	}
}

func TestMinimalFile(t *testing.T) {
	doc := parseGood(t, "minimal.yaml")
	if doc.Source.ID != "au-dfat-2024-05-17" || doc.Source.AuthorityID != "au-dfat" || doc.Source.Stated != nil {
		t.Errorf("Source = %+v", doc.Source)
	}
	if len(doc.Entities)+len(doc.Designations)+len(doc.Relationships)+len(doc.Ports)+len(doc.Transfers) != 0 {
		t.Errorf("minimal file produced records: %+v", doc)
	}
}

// TestValueForms covers the alternative spellings the format allows: a
// YAML tag forcing a string, block text, birthDate together with
// birthDates, a stated total, a delisting, aircraft particulars and a
// transfer's parties and dates.
func TestValueForms(t *testing.T) {
	src := `announcement:
  id: us-ofac-2024-05-16
  authority: us-ofac
  publishedOn: 2024-05-16
  title: !!str Treasury targets arms transfers between Russia and North Korea
  stated: {persons: 1, total: 2}
entities:
  - id: rafael-gazaryan
    kind: person
    name: GAZARYAN, Rafael Anatolyevich
    aliases:
      - {name: "GAZARYAN, Rafael' Anatol'evich", type: aka, quality: strong}
    birthDate: 1954-10-02
    birthDates: [1954-10-02, "1954"]
    birthPlace: Russia
    gender: male
    identifiers:
      - {type: passport, value: "6102814100", country: RU, note: as OFAC gives it}
    remarks: |
      Negotiated for Mkrtychev.
    sourceRecordIds: ["us-ofac:48986"]
  - {id: test-airframe, kind: aircraft, name: TEST, aircraftModel: IL-76TD, tailNumber: RA-00000, manufacturerSerial: "0000", buildYear: 1990}
  - {id: test-ship, kind: vessel, name: TEST SHIP, mmsi: "273000000"}
designations:
  - {target: rafael-gazaryan, program: DPRK, measures: [blocking], listedOn: 2024-05-16, delistedOn: 2025-01-01, sourceRecordId: "48986"}
transfers:
  - {id: t-1, vessel: test-ship, fromDate: 2024-03-12, toDate: 2024-03-14, parties: [{entity: rafael-gazaryan, role: broker}]}
`
	doc, err := Parse("forms.yaml", []byte(src), testRef(t))
	if err != nil {
		t.Fatal(err)
	}
	if doc.Source.Title != "Treasury targets arms transfers between Russia and North Korea" {
		t.Errorf("title = %q", doc.Source.Title)
	}
	if got := doc.Source.Stated; got == nil || *got != (record.StatedCounts{Persons: 1, Total: 2}) {
		t.Errorf("stated = %+v", got)
	}
	g := doc.Entities[0]
	if !reflect.DeepEqual(g.BirthDates, []string{"1954-10-02", "1954"}) || !reflect.DeepEqual(g.BirthPlaces, []string{"Russia"}) ||
		g.Gender != "male" || g.Remarks != "Negotiated for Mkrtychev.\n" {
		t.Errorf("person = %+v", g)
	}
	if want := []record.Alias{{Name: "GAZARYAN, Rafael' Anatol'evich", Type: "aka", Quality: "strong"}}; !reflect.DeepEqual(g.Aliases, want) {
		t.Errorf("aliases = %+v", g.Aliases)
	}
	if want := []record.Identifier{{Type: "passport", Value: "6102814100", Country: "RU", Note: "as OFAC gives it"}}; !reflect.DeepEqual(g.Identifiers, want) {
		t.Errorf("identifiers = %+v", g.Identifiers)
	}
	a := doc.Entities[1]
	if a.Kind != record.Aircraft || a.AircraftModel != "IL-76TD" || a.TailNumber != "RA-00000" || a.ManufacturerSerial != "0000" || a.BuildYear != 1990 {
		t.Errorf("aircraft = %+v", a)
	}
	if doc.Entities[2].MMSI != "273000000" {
		t.Errorf("mmsi = %q", doc.Entities[2].MMSI)
	}
	des := doc.Designations[0]
	if des.ListedOn != "2024-05-16" || des.DelistedOn != "2025-01-01" || des.SourceRecordID != "48986" || des.Sources != nil {
		t.Errorf("designation = %+v", des)
	}
	tr := doc.Transfers[0]
	if tr.FromDate != "2024-03-12" || tr.ToDate != "2024-03-14" || !reflect.DeepEqual(tr.Parties, []record.Party{{Ref: "rafael-gazaryan", Role: "broker"}}) {
		t.Errorf("transfer = %+v", tr)
	}
}

func TestNilReferenceMeansDefault(t *testing.T) {
	doc, err := Parse("x.yaml", []byte("announcement: {id: a-1, authority: jp-mof, publishedOn: 2024-05-24, title: T}\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Source.AuthorityID != "jp-mof" {
		t.Errorf("authority = %q", doc.Source.AuthorityID)
	}
}

// TestFormatDocShowsTheExample keeps the complete example of FORMAT.md and
// testdata/good/kr-mofa-2024-05-24.yaml identical, apart from the schema
// path, which FORMAT.md gives as seen from seed/announcements.
func TestFormatDocShowsTheExample(t *testing.T) {
	doc, err := os.ReadFile("FORMAT.md")
	if err != nil {
		t.Fatal(err)
	}
	_, after, found := strings.Cut(string(doc), "## A complete example")
	if !found {
		t.Fatal(`FORMAT.md has no "## A complete example" section`)
	}
	_, block, found := strings.Cut(after, "```yaml\n")
	block, _, closed := strings.Cut(block, "```\n")
	if !found || !closed {
		t.Fatal("no yaml code block in the complete example section")
	}
	file, err := os.ReadFile(filepath.Join("testdata", "good", "kr-mofa-2024-05-24.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(string(file), "$schema=../../../../schema/", "$schema=../../schema/", 1)
	if block != want {
		t.Error("the example in FORMAT.md differs from testdata/good/kr-mofa-2024-05-24.yaml")
	}
	if _, err := Parse("FORMAT.md", []byte(block), testRef(t)); err != nil {
		t.Errorf("the example in FORMAT.md does not parse:\n%v", err)
	}
}
