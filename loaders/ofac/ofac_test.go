package ofac

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/armsgraph/armsgraph/record"
)

const (
	fixtureCSV = "testdata/sdn_2024-05-03/sdn-fixture.csv"
	fixtureXML = "testdata/sdn_2024-05-03/sdn-fixture.xml"
)

func fixtureEntries(t *testing.T, open func() (*Decoder, error)) (record.Source, []record.Entry) {
	t.Helper()
	d, err := open()
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	return d.Source(), readAll(t, d)
}

// The same seven records written in both layouts (real rows of the
// 2024-05-03 sdn.csv, their add.csv/alt.csv rows, and the XML OFAC would
// publish for them) must give equal entries. Remarks differ by design: the
// CSV keeps its whole remarks column, the XML its remarks element and the
// ids that map to no field.
func TestCSVAndXMLGiveEqualEntries(t *testing.T) {
	csvSource, fromCSV := fixtureEntries(t, func() (*Decoder, error) { return OpenCSV(fixtureCSV, Options{}) })
	xmlSource, fromXML := fixtureEntries(t, func() (*Decoder, error) { return OpenXML(fixtureXML, Options{}) })
	if len(fromCSV) != 7 || len(fromXML) != 7 {
		t.Fatalf("got %d CSV and %d XML entries, want 7 each", len(fromCSV), len(fromXML))
	}
	for i := range fromCSV {
		c, x := fromCSV[i], fromXML[i]
		if len(c.Warnings)+len(x.Warnings) > 0 {
			t.Errorf("%s: unexpected warnings %+v %+v", c.Entity.Ref, c.Warnings, x.Warnings)
		}
		if c.Entity.Remarks == "" && x.Entity.Remarks != "" {
			t.Errorf("%s: XML remarks %q but no CSV remarks", c.Entity.Ref, x.Entity.Remarks)
		}
		c.Entity.Remarks, x.Entity.Remarks = "", ""
		if !reflect.DeepEqual(c, x) {
			t.Errorf("entry %d differs between layouts:\ncsv %+v\nxml %+v", i, c, x)
		}
	}
	for _, src := range []record.Source{csvSource, xmlSource} {
		if src.ID != "us-ofac-sdn-2024-05-03" || src.Kind != record.SourceOFACSDN || src.AuthorityID != "us-ofac" ||
			src.PublishedOn != "2024-05-03" || !src.Complete || !strings.HasPrefix(src.URL, "https://www.treasury.gov/ofac/downloads/") {
			t.Errorf("source = %+v", src)
		}
	}
	if csvSource.URL == xmlSource.URL {
		t.Errorf("both layouts claim the download %s", csvSource.URL)
	}
	if got := fromXML[3].Entity.Remarks; got != "(Linked To: PRIVATE MILITARY COMPANY 'WAGNER'); Target Type State-Owned Enterprise" {
		t.Errorf("43113 XML remarks = %q", got)
	}
}

func TestFixtureMapping(t *testing.T) {
	_, entries := fixtureEntries(t, func() (*Decoder, error) { return OpenCSV(fixtureCSV, Options{}) })
	get := func(ref string) record.Entry {
		e, ok := byRef(entries, ref)
		if !ok {
			t.Fatalf("%s missing", ref)
		}
		return e
	}

	mkrtychev := get("us-ofac:41736")
	wantPerson := record.Entity{
		Ref:             "us-ofac:41736",
		Kind:            record.Person,
		Name:            "MKRTYCHEV, Ashot",
		Aliases:         []record.Alias{{Name: "MKRTYCEV, Asot", Type: "aka", Quality: "strong"}},
		SourceRecordIDs: []string{"us-ofac:41736"},
		BirthDates:      []string{"1966-05-07"},
		BirthPlaces:     []string{"Baku, Azerbaijan"},
		Gender:          "Male",
		Nationalities:   []string{"SK"},
		Identifiers: []record.Identifier{
			{Type: record.IDPassport, Value: "BD3843329", Country: "SK", Note: "Passport; expires 2029-04-08"},
			{Type: record.IDPassport, Value: "BD5609822", Country: "SK", Note: "Passport; expires 2024-05-19"},
		},
		Addresses: []record.Address{{Text: "Hana Melichkova Street 3448/37", City: "Bratislava 84105", Country: "SK"}},
		Remarks:   mkrtychev.Entity.Remarks,
	}
	if !reflect.DeepEqual(mkrtychev.Entity, wantPerson) {
		t.Errorf("MKRTYCHEV =\n%+v\nwant\n%+v", mkrtychev.Entity, wantPerson)
	}
	if !strings.HasPrefix(mkrtychev.Entity.Remarks, "DOB 07 May 1966; POB Baku") {
		t.Errorf("remarks not kept whole: %q", mkrtychev.Entity.Remarks)
	}
	wantDesignation := record.Designation{
		AuthorityID: "us-ofac",
		TargetRef:   "us-ofac:41736",
		Programs:    []string{"DPRK"},
		Measures: []string{
			"Secondary sanctions risk: North Korea Sanctions Regulations, sections 510.201 and 510.210",
			"Transactions Prohibited For Persons Owned or Controlled By U.S. Financial Institutions: North Korea Sanctions Regulations section 510.214",
		},
		SourceRecordID: "us-ofac:41736",
	}
	if !reflect.DeepEqual(mkrtychev.Designations, []record.Designation{wantDesignation}) {
		t.Errorf("MKRTYCHEV designations = %+v", mkrtychev.Designations)
	}

	maria := get("us-ofac:46773").Entity
	if maria.Kind != record.Vessel || maria.IMONumber != "8517839" || maria.BuildYear != 1986 || maria.CallSign != "UBRH7" ||
		maria.VesselType != "General Cargo" || !reflect.DeepEqual(maria.Flags, []record.Flag{{Country: "RU"}}) || len(maria.Addresses) != 0 {
		t.Errorf("MARIA = %+v", maria)
	}
	if got := get("us-ofac:46773").Relationships; !reflect.DeepEqual(got, []record.Relationship{{Type: record.LinkedTo, FromRef: "us-ofac:46773", ToName: "IBEX SHIPPING INC"}}) {
		t.Errorf("MARIA relationships = %+v", got)
	}
	maia := get("us-ofac:37098").Entity
	if maia.IMONumber != "9358010" || maia.GrossTonnage != "9611" || !reflect.DeepEqual(maia.Aliases, []record.Alias{{Name: "NEPTUN", Type: "fka", Quality: "strong"}}) {
		t.Errorf("MAIA-1 = %+v", maia)
	}

	ibex := get("us-ofac:46768").Entity
	wantIBEX := []record.Identifier{{Type: record.IDCompanyIMO, Value: "5344160", Note: "Identification Number"}}
	if !reflect.DeepEqual(ibex.Identifiers, wantIBEX) || ibex.Addresses[0].Country != "CY" {
		t.Errorf("IBEX = %+v", ibex)
	}
	leasing := get("us-ofac:37065").Entity
	if len(leasing.Identifiers) != 2 || leasing.Identifiers[0] != (record.Identifier{Type: record.IDTax, Value: "9701173086", Country: "RU", Note: "Tax ID No."}) ||
		leasing.Identifiers[1].Value != "6246853" || leasing.Identifiers[1].Type != record.IDCompanyIMO {
		t.Errorf("M LEASING identifiers = %+v", leasing.Identifiers)
	}

	unit := get("us-ofac:43113").Entity
	var names []string
	for _, a := range unit.Aliases {
		names = append(names, a.Quality+":"+a.Name)
	}
	wantNames := []string{
		"strong:JSC THE 224TH FLIGHT UNIT STATE AIRLINES", "strong:OJSC GOSUDARSTVENNAYA AVIAKOMPANIYA 224 LETNY OTRYAD",
		"strong:224TH FLIGHT UNIT STATE AIRLINES", "strong:TTF AIR HEAVY LIFTING", "strong:LYOTNY OTRYAD 224",
		"weak:224TH FLIGHT UNIT", "weak:224 FU JSC", "weak:OAO 224 LO",
	}
	if !reflect.DeepEqual(names, wantNames) {
		t.Errorf("224th aliases = %q", names)
	}
	if !reflect.DeepEqual(unit.BirthDates, []string{"1971-10-16"}) {
		t.Errorf("established date = %v", unit.BirthDates)
	}
	if got := linkedTo(get("us-ofac:43113")); !reflect.DeepEqual(got, []string{"PRIVATE MILITARY COMPANY 'WAGNER'"}) {
		t.Errorf("224th linked to %q", got)
	}

	aircraft := get("us-ofac:43131").Entity
	if aircraft.Kind != record.Aircraft || aircraft.AircraftModel != "IL-76" || aircraft.TailNumber != "RA-76592" ||
		aircraft.ManufacturerSerial != "43452555" || aircraft.BuildYear != 1984 {
		t.Errorf("RA-76592 = %+v", aircraft)
	}
	if got := linkedTo(get("us-ofac:43131")); !reflect.DeepEqual(got, []string{"JOINT STOCK COMPANY THE 224TH FLIGHT UNIT STATE AIRLINES"}) {
		t.Errorf("RA-76592 linked to %q", got)
	}
}

// sdnRow writes one sdn.csv row with the given type, vessel columns and
// remarks.
func sdnRow(entNum, name, sdnType, remarks string) string {
	return entNum + `,"` + name + `",` + quoteOrNull(sdnType) + `,"DPRK3",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,` + quoteOrNull(remarks)
}

func quoteOrNull(s string) string {
	if s == "" {
		return "-0- "
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// writeFiles writes files (name -> raw bytes) into a fresh folder whose
// name carries a list date, and returns the folder.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "list_2024-05-03")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, body := range files {
		// OFAC ends every CSV file with 0x1A; files without it are refused.
		if strings.HasSuffix(name, ".csv") && !strings.HasSuffix(body, "\x1a") {
			body += "\x1a"
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// oneCSVEntry decodes a one-row sdn.csv.
func oneCSVEntry(t *testing.T, row string) record.Entry {
	t.Helper()
	dir := writeFiles(t, map[string]string{"sdn.csv": row + "\r\n\x1a"})
	d, err := OpenCSV(filepath.Join(dir, "sdn.csv"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	entries := readAll(t, d)
	if len(entries) != 1 {
		t.Fatalf("got %d entries, want 1", len(entries))
	}
	return entries[0]
}

func TestRemarkFields(t *testing.T) {
	tests := []struct {
		name, sdnType, remarks string
		check                  func(t *testing.T, e record.Entry)
	}{
		{"full and partial birth dates", "individual", "DOB 07 May 1966; alt. DOB 1964; alt. DOB circa 1960; alt. DOB Jan 1960; alt. DOB 1962 to 1965.",
			func(t *testing.T, e record.Entry) {
				want := []string{"1966-05-07", "1964", "1960", "1960-01", "1962", "1963", "1965"}
				if !reflect.DeepEqual(e.Entity.BirthDates, want) {
					t.Errorf("birth dates = %v, want %v", e.Entity.BirthDates, want)
				}
			}},
		{"birth date ranges", "individual", "DOB 01 Feb 1960 to 29 Feb 1960; alt. DOB 01 Jan 1961 to 31 Dec 1962; alt. DOB circa 1979-1982; alt. DOB 1900 to 1950",
			func(t *testing.T, e record.Entry) {
				want := []string{"1960-02", "1961", "1962", "1979", "1980", "1981", "1982"}
				if !reflect.DeepEqual(e.Entity.BirthDates, want) {
					t.Errorf("birth dates = %v, want %v", e.Entity.BirthDates, want)
				}
				if len(e.Warnings) != 1 || !strings.Contains(e.Warnings[0].Message, "1900 to 1950") {
					t.Errorf("a fifty-year range should warn: %+v", e.Warnings)
				}
			}},
		{"place, nationality, citizenship, gender", "individual", "POB Baku, Azerbaijan; nationality Russia; alt. nationality Korea, North; citizen Slovakia; Gender Male",
			func(t *testing.T, e record.Entry) {
				if !reflect.DeepEqual(e.Entity.BirthPlaces, []string{"Baku, Azerbaijan"}) || !reflect.DeepEqual(e.Entity.Nationalities, []string{"RU", "KP", "SK"}) || e.Entity.Gender != "Male" {
					t.Errorf("entity = %+v", e.Entity)
				}
			}},
		{"unknown nationality warns", "individual", "nationality Region: Gaza",
			func(t *testing.T, e record.Entry) {
				if len(e.Entity.Nationalities) != 0 || len(e.Warnings) != 1 || !strings.Contains(e.Warnings[0].Location, "sdn.csv:1") {
					t.Errorf("nationalities %v, warnings %+v", e.Entity.Nationalities, e.Warnings)
				}
			}},
		{"documents", "individual", "Passport BD3843329 (Slovakia) issued 19 Mar 2018 expires 08 Apr 2029; National ID No. 216040 (Yemen); Identification Number 159014 (Iraq); Tax ID No. AABA 670850 Y",
			func(t *testing.T, e record.Entry) {
				want := []record.Identifier{
					{Type: record.IDPassport, Value: "BD3843329", Country: "SK", Note: "Passport; issued 2018-03-19; expires 2029-04-08"},
					{Type: record.IDNationalID, Value: "216040", Country: "YE", Note: "National ID No."},
					{Type: record.IDNationalID, Value: "159014", Country: "IQ", Note: "Identification Number"},
					{Type: record.IDTax, Value: "AABA 670850 Y", Note: "Tax ID No."},
				}
				if !reflect.DeepEqual(e.Entity.Identifiers, want) {
					t.Errorf("identifiers =\n%+v\nwant\n%+v", e.Entity.Identifiers, want)
				}
			}},
		{"registrations", "", "Tax ID No. 9701173086 (Russia); Registration Number 1097746281160 (Russia); Registration ID 14063277; Company Number 01074897 (United Kingdom); Government Gazette Number 09804148 (Russia); Business Registration Number 1037739709138 (Russia); Identification Number 808 195 689 00019 (France); Organization Established Date 27 Nov 2018; Nationality of Registration Korea, North",
			func(t *testing.T, e record.Entry) {
				var got []string
				for _, id := range e.Entity.Identifiers {
					got = append(got, id.Type+":"+id.Country+":"+id.Value)
				}
				want := []string{"tax:RU:9701173086", "registration:RU:1097746281160", "registration::14063277", "registration:GB:01074897",
					"registration:RU:09804148", "registration:RU:1037739709138", "registration:FR:808 195 689 00019"}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("identifiers = %q, want %q", got, want)
				}
				if !reflect.DeepEqual(e.Entity.BirthDates, []string{"2018-11-27"}) || e.Entity.Country != "KP" {
					t.Errorf("established %v, country %q", e.Entity.BirthDates, e.Entity.Country)
				}
			}},
		{"company IMO numbers", "", "Identification Number IMO 6246853; Company Number IMO 543400; alt. Identification Number IMO 5344161",
			func(t *testing.T, e record.Entry) {
				if !reflect.DeepEqual(e.Entity.Identifiers, []record.Identifier{{Type: record.IDCompanyIMO, Value: "6246853", Note: "Identification Number"}}) {
					t.Errorf("identifiers = %+v", e.Entity.Identifiers)
				}
				if len(e.Warnings) != 2 {
					t.Errorf("two failing company IMO numbers should warn: %+v", e.Warnings)
				}
			}},
		{"vessel particulars", "vessel", "Former Vessel Flag Malta; alt. Former Vessel Flag None Identified; alt. Former Vessel Flag Tuvalu; Vessel Registration Identification IMO 9179842; MMSI 273345910; Vessel Year of Build 1986",
			func(t *testing.T, e record.Entry) {
				v := e.Entity
				if v.IMONumber != "9179842" || v.MMSI != "273345910" || v.BuildYear != 1986 || !reflect.DeepEqual(v.Flags, []record.Flag{{Country: "MT"}, {Country: "TV"}}) {
					t.Errorf("vessel = %+v", v)
				}
			}},
		{"failing vessel IMO is only a warning", "vessel", "Vessel Registration Identification IMO 9179843",
			func(t *testing.T, e record.Entry) {
				if e.Entity.IMONumber != "" || len(e.Warnings) != 1 || !strings.Contains(e.Warnings[0].Message, "9179843") {
					t.Errorf("IMO %q, warnings %+v", e.Entity.IMONumber, e.Warnings)
				}
			}},
		{"aliases, with a semicolon inside quotes", "", "a.k.a. 'DEFENSE ENGINEERING, TOO'; f.k.a. 'ALPHA; BETA'; n.k.a. 'ABU 'ABD AL-'AZIZ'; a.k.a. 'SEP CO.'.",
			func(t *testing.T, e record.Entry) {
				want := []record.Alias{
					{Name: "DEFENSE ENGINEERING, TOO", Type: "aka", Quality: "weak"},
					{Name: "ALPHA; BETA", Type: "fka", Quality: "weak"},
					{Name: "ABU 'ABD AL-'AZIZ", Type: "nka", Quality: "weak"},
					{Name: "SEP CO.", Type: "aka", Quality: "weak"},
				}
				if !reflect.DeepEqual(e.Entity.Aliases, want) {
					t.Errorf("aliases =\n%+v\nwant\n%+v", e.Entity.Aliases, want)
				}
			}},
		{"aircraft particulars", "aircraft", "Aircraft Construction Number (also called L/N or S/N or F/N) 1013409321; Aircraft Manufacture Date Apr 1994; Aircraft Model IL76-TD; Aircraft Tail Number RA-76502; Previous Aircraft Tail Number YI-NAE; Aircraft Operator Air Koryo; Linked To: AIR KORYO",
			func(t *testing.T, e record.Entry) {
				a := e.Entity
				if a.ManufacturerSerial != "1013409321" || a.BuildYear != 1994 || a.AircraftModel != "IL76-TD" || a.TailNumber != "RA-76502" {
					t.Errorf("aircraft = %+v", a)
				}
				if len(a.Identifiers) != 2 || a.Identifiers[0].Type != "aircraft-construction-number" || a.Identifiers[1].Value != "YI-NAE" {
					t.Errorf("identifiers = %+v", a.Identifiers)
				}
				// The operator and the Linked To name the same airline: one link with its role.
				want := []record.Relationship{{Type: record.LinkedTo, FromRef: a.Ref, ToName: "Air Koryo", Role: "operator"}}
				if !reflect.DeepEqual(e.Relationships, want) {
					t.Errorf("relationships = %+v", e.Relationships)
				}
			}},
		{"MSN wins over the construction number", "aircraft", "Aircraft Manufacturer's Serial Number (MSN) 2726628.1; Aircraft Construction Number (also called L/N or S/N or F/N) 8401",
			func(t *testing.T, e record.Entry) {
				if e.Entity.ManufacturerSerial != "2726628.1" {
					t.Errorf("MSN = %q", e.Entity.ManufacturerSerial)
				}
			}},
		{"several links, the last ending the sentence", "", "Linked To: SAGAX INVESTMENT GROUP LTD.; Linked To: MKRTYCHEV, Ashot; Linked To: TRADING S.A.",
			func(t *testing.T, e record.Entry) {
				want := []string{"SAGAX INVESTMENT GROUP LTD.", "MKRTYCHEV, Ashot", "TRADING S.A."}
				if got := linkedTo(e); !reflect.DeepEqual(got, want) {
					t.Errorf("linked to %q, want %q", got, want)
				}
			}},
		{"websites and e-mail", "", "Website www.mebank.ir; alt. Website http://sevmorzavod.com/; Email Address info@tempbank.ru",
			func(t *testing.T, e record.Entry) {
				want := []record.Identifier{
					{Type: "website", Value: "www.mebank.ir", Note: "Website"},
					{Type: "website", Value: "http://sevmorzavod.com/", Note: "Website"},
					{Type: "email", Value: "info@tempbank.ru", Note: "Email Address"},
				}
				if !reflect.DeepEqual(e.Entity.Identifiers, want) {
					t.Errorf("identifiers = %+v", e.Entity.Identifiers)
				}
			}},
		{"unknown clauses stay only in the remarks", "", "Target Type State-Owned Enterprise; a.k.a. 'snowsjo; Additional Sanctions Information - Subject to Secondary Sanctions",
			func(t *testing.T, e record.Entry) {
				if len(e.Entity.Aliases) != 0 || len(e.Entity.Identifiers) != 0 || e.Entity.Remarks == "" {
					t.Errorf("entity = %+v", e.Entity)
				}
				if !reflect.DeepEqual(e.Designations[0].Measures, []string{"Additional Sanctions Information - Subject to Secondary Sanctions"}) {
					t.Errorf("measures = %q", e.Designations[0].Measures)
				}
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.check(t, oneCSVEntry(t, sdnRow("100", "TEST NAME", tc.sdnType, tc.remarks)))
		})
	}
}

func TestVesselColumns(t *testing.T) {
	row := `4238,"MAR AZUL","vessel","CUBA",-0- ,"CL2192","Tug","99,144","212","Cuba","Samir de Navegacion S.A.",-0- `
	e := oneCSVEntry(t, row)
	v := e.Entity
	if v.CallSign != "CL2192" || v.VesselType != "Tug" || v.Tonnage != "99,144" || v.GrossTonnage != "212" || !reflect.DeepEqual(v.Flags, []record.Flag{{Country: "CU"}}) {
		t.Errorf("vessel = %+v", v)
	}
	want := []record.Relationship{{Type: record.LinkedTo, FromRef: "us-ofac:4238", ToName: "Samir de Navegacion S.A.", Role: "owner"}}
	if !reflect.DeepEqual(e.Relationships, want) {
		t.Errorf("relationships = %+v", e.Relationships)
	}
	if v.Remarks != "" || e.Designations[0].Programs[0] != "CUBA" {
		t.Errorf("-0- remarks should be empty: %q", v.Remarks)
	}
}

func TestCSVEncodingAndNulls(t *testing.T) {
	// 0xE9 is é in Latin-1; the file ends with 0x1A and no line break.
	row := "7,\"CAF\xc9 NO\xcbL, Jos\xe9\",\"individual\",\"DPRK3] [RUSSIA-EO14024\",\"Director\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \x1a"
	dir := writeFiles(t, map[string]string{"sdn.csv": row})
	d, err := OpenCSV(filepath.Join(dir, "sdn.csv"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	entries := readAll(t, d)
	if len(entries) != 1 {
		t.Fatalf("entries = %d", len(entries))
	}
	e := entries[0]
	if e.Entity.Name != "CAFÉ NOËL, José" || e.Entity.Title != "Director" || e.Entity.Remarks != "" {
		t.Errorf("entity = %+v", e.Entity)
	}
	if !reflect.DeepEqual(e.Designations[0].Programs, []string{"DPRK3", "RUSSIA-EO14024"}) {
		t.Errorf("programs = %q", e.Designations[0].Programs)
	}
}

func TestProgramFilter(t *testing.T) {
	d, err := OpenCSV(fixtureCSV, Options{Programs: []string{"DPRK"}})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if d.Source().Complete {
		t.Error("a filtered read is not the complete list")
	}
	entries := readAll(t, d)
	if len(entries) != 1 || entries[0].Entity.Ref != "us-ofac:41736" {
		t.Fatalf("DPRK entries = %+v", entries)
	}
	// The join skipped the filtered entries' rows and still found this one's.
	if len(entries[0].Entity.Addresses) != 1 || len(entries[0].Entity.Aliases) != 1 {
		t.Errorf("joined rows lost: %+v", entries[0].Entity)
	}
}

func TestJoinWarningsAndOrder(t *testing.T) {
	sdn := sdnRow("10", "A", "", "") + "\r\n" + sdnRow("30", "C", "", "") + "\r\n"
	dir := writeFiles(t, map[string]string{
		"sdn.csv": sdn,
		"alt.csv": "10,1,\"weak aka\",\"AY\",-0- \r\n20,2,\"aka\",\"BEE\",-0- \r\n30,3,\"fka\",\"SEA\",-0- \r\n",
	})
	d, err := OpenCSV(filepath.Join(dir, "sdn.csv"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	entries := readAll(t, d)
	d.Close()
	if len(entries) != 2 || !reflect.DeepEqual(entries[0].Entity.Aliases, []record.Alias{{Name: "AY", Type: "aka", Quality: "weak"}}) {
		t.Fatalf("entries = %+v", entries)
	}
	if w := entries[1].Warnings; len(w) != 1 || !strings.HasSuffix(w[0].Location, "alt.csv:2") || !strings.Contains(w[0].Message, "ent_num 20") {
		t.Errorf("orphan alt.csv row warnings = %+v", w)
	}

	dir = writeFiles(t, map[string]string{
		"sdn.csv": sdn,
		"add.csv": "30,1,\"Street\",\"City\",\"Russia\",-0- \r\n10,2,\"Street\",\"City\",\"Russia\",-0- \r\n",
	})
	d, err = OpenCSV(filepath.Join(dir, "sdn.csv"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for err == nil {
		_, err = d.Next()
	}
	if !strings.Contains(err.Error(), "add.csv:2: field ent_num: 10 follows 30") {
		t.Errorf("unsorted add.csv: err = %v", err)
	}
}

func TestBadCSV(t *testing.T) {
	tests := []struct {
		name, file, body, want string
	}{
		{"wrong column count", "sdn.csv", sdnRow("1", "A", "", "") + "\r\n2,\"B\",-0- ,\"DPRK\"\r\n", "sdn.csv:2: 4 fields, want 12 (ent_num, SDN_Name"},
		{"ent_num not a number", "sdn.csv", sdnRow("x1", "A", "", ""), "sdn.csv:1: field ent_num: \"x1\""},
		{"unknown type", "sdn.csv", sdnRow("1", "A", "ship", ""), "sdn.csv:1: field SDN_Type: \"ship\""},
		{"empty name", "sdn.csv", sdnRow("1", "", "", ""), "sdn.csv:1: field SDN_Name: empty"},
		{"bare quote", "sdn.csv", "1,\"A\"B\",-0- ", "sdn.csv:1: column"},
		{"unknown alias type", "alt.csv", "1,1,\"alias\",\"X\",-0- \r\n", "alt.csv:1: field alt_type: \"alias\""},
		{"short add.csv row", "add.csv", "1,1,\"X\"\r\n", "add.csv:1: 3 fields, want 6"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{"sdn.csv": sdnRow("1", "A", "", "") + "\r\n"}
			files[tc.file] = tc.body
			dir := writeFiles(t, files)
			d, err := OpenCSV(filepath.Join(dir, "sdn.csv"), Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			var lastErr error
			for lastErr == nil {
				_, lastErr = d.Next()
			}
			if errors.Is(lastErr, io.EOF) || !strings.Contains(lastErr.Error(), tc.want) {
				t.Errorf("err = %v, want it to contain %q", lastErr, tc.want)
			}
			if !strings.Contains(lastErr.Error(), dir) {
				t.Errorf("err %v does not name the file's path", lastErr)
			}
		})
	}
}

func TestBadXML(t *testing.T) {
	entry := func(body string) string {
		return "<sdnList>\n<publshInformation><Publish_Date>05/03/2024</Publish_Date></publshInformation>\n" + body + "\n</sdnList>\n"
	}
	tests := []struct {
		name, body, want string
	}{
		{"mismatched tag", entry("<sdnEntry>\n<uid>1</uid>\n<lastName>A</firstName>\n</sdnEntry>"), "bad.xml:5: malformed XML"},
		{"truncated", entry("<sdnEntry>\n<uid>1</uid>")[:60], "bad.xml:"},
		{"uid not a number", entry("<sdnEntry>\n<uid>one</uid><lastName>A</lastName><sdnType>Entity</sdnType>\n</sdnEntry>"), "bad.xml:3: sdnEntry uid: \"one\""},
		{"unknown sdnType", entry("<sdnEntry>\n<uid>1</uid><lastName>A</lastName><sdnType>Ship</sdnType>\n</sdnEntry>"), "bad.xml:3: sdnEntry 1 sdnType: \"Ship\""},
		{"no name", entry("<sdnEntry>\n<uid>1</uid><sdnType>Entity</sdnType>\n</sdnEntry>"), "bad.xml:3: sdnEntry 1 lastName: empty"},
		{"bad alias type", entry("<sdnEntry>\n<uid>1</uid><lastName>A</lastName><akaList><aka><type>alias</type><lastName>B</lastName></aka></akaList>\n</sdnEntry>"), "bad.xml:3: sdnEntry 1 aka: type \"alias\""},
		{"wrong root", "<consolidatedList/>", "bad.xml:1: root element <consolidatedList> is not <sdnList>"},
		{"bad publish date", "<sdnList><publshInformation><Publish_Date>2024-05-03</Publish_Date></publshInformation></sdnList>", "bad.xml:1: publshInformation Publish_Date: \"2024-05-03\""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := NewXMLDecoder(strings.NewReader(tc.body), "bad.xml", Options{})
			for err == nil {
				_, err = d.Next()
			}
			if errors.Is(err, io.EOF) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestXMLSourceAndDates(t *testing.T) {
	body := "<sdnList><sdnEntry><uid>5</uid><lastName>A</lastName><sdnType>Entity</sdnType></sdnEntry></sdnList>"
	if _, err := NewXMLDecoder(strings.NewReader(body), "sdn.xml", Options{}); err == nil || !strings.Contains(err.Error(), "Options.PublishedOn") {
		t.Errorf("an undated list from a reader should ask for a date: %v", err)
	}
	d, err := NewXMLDecoder(strings.NewReader(body), "lists/2021-01-02/consolidated.xml", Options{ListKind: record.SourceOFACCons})
	if err != nil {
		t.Fatal(err)
	}
	if src := d.Source(); src.ID != "us-ofac-cons-2021-01-02" || src.Kind != record.SourceOFACCons {
		t.Errorf("source = %+v", src)
	}
	if entries := readAll(t, d); len(entries) != 1 || entries[0].Entity.Ref != "us-ofac:5" {
		t.Errorf("the entry met before any publshInformation was lost: %+v", entries)
	}
	if _, err := NewXMLDecoder(strings.NewReader(body), "sdn.xml", Options{PublishedOn: "3 May 2024"}); err == nil {
		t.Error("a malformed PublishedOn option should be rejected")
	}
}

func TestCSVPublicationDate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "undated")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "sdn.csv")
	if err := os.WriteFile(path, []byte(sdnRow("1", "A", "", "")), 0o644); err != nil {
		t.Fatal(err)
	}
	modified := time.Date(2023, 7, 9, 12, 0, 0, 0, time.UTC)
	if err := os.Chtimes(path, modified, modified); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		opts Options
		want string
	}{{Options{}, "2023-07-09"}, {Options{PublishedOn: "2024-05-03"}, "2024-05-03"}} {
		d, err := OpenCSV(path, tc.opts)
		if err != nil {
			t.Fatal(err)
		}
		if got := d.Source().PublishedOn; got != tc.want {
			t.Errorf("published on %s, want %s", got, tc.want)
		}
		d.Close()
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		head, format string
	}{
		{`36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- `, FormatCSV},
		{`41736,"MKRTYCHEV, Ashot","individual","DPRK",-0- ,`, FormatCSV},
		{"\xef\xbb\xbf<?xml version=\"1.0\" standalone=\"yes\"?>\n<sdnList xmlns=\"x\">", FormatXML},
		{`36,25,-0- ,"Havana","Cuba",-0- `, ""},          // add.csv
		{`36,12,"aka","AERO-CARIBBEAN",-0- `, ""},        // alt.csv
		{`<?xml version="1.0"?><CONSOLIDATED_LIST>`, ""}, // UN list
		{`id,schema,name`, ""},
	}
	for _, tc := range tests {
		format, ok := Sniff([]byte(tc.head))
		if format != tc.format || ok != (tc.format != "") {
			t.Errorf("Sniff(%q) = %q, %v; want %q", tc.head, format, ok, tc.format)
		}
	}
	for _, path := range []string{fixtureCSV, fixtureXML} {
		head, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := Sniff(head[:200]); !ok {
			t.Errorf("Sniff does not recognise %s", path)
		}
	}
}

func TestAddresses(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"sdn.csv": sdnRow("5", "A", "", "") + "\r\n",
		"add.csv": "5,1,-0- ,-0- ,-0- ,-0- \r\n" +
			"5,2,\"Al-Wahda Street\",\"Gaza City\",\"Region: Gaza\",-0- \r\n" +
			"5,3,-0- ,\"Moscow 105005\",\"Russia\",\"head office\"\r\n\x1a",
	})
	d, err := OpenCSV(filepath.Join(dir, "sdn.csv"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	entries := readAll(t, d)
	want := []record.Address{
		{Text: "Al-Wahda Street, Region: Gaza", City: "Gaza City"},
		{Text: "(head office)", City: "Moscow 105005", Country: "RU"},
	}
	if len(entries) != 1 || !reflect.DeepEqual(entries[0].Entity.Addresses, want) {
		t.Errorf("addresses = %+v, want %+v", entries[0].Entity.Addresses, want)
	}
}

func TestXMLDeclaredLatin1(t *testing.T) {
	body := "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<sdnList><sdnEntry><uid>9</uid><firstName>Jos\xe9</firstName>" +
		"<lastName>NO\xcbL</lastName><sdnType>Individual</sdnType></sdnEntry></sdnList>"
	d, err := NewXMLDecoder(strings.NewReader(body), "sdn.xml", Options{PublishedOn: "2024-05-03"})
	if err != nil {
		t.Fatal(err)
	}
	entries := readAll(t, d)
	if len(entries) != 1 || entries[0].Entity.Name != "NOËL, José" || entries[0].Entity.Kind != record.Person {
		t.Errorf("entries = %+v", entries)
	}
}

func TestIntegrityChecks(t *testing.T) {
	row := sdnRow("10", "A", "", "")
	dir := writeFiles(t, map[string]string{"sdn.txt": row + "\r\n"})
	d, err := OpenCSV(filepath.Join(dir, "sdn.txt"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for err == nil {
		_, err = d.Next()
	}
	if !strings.Contains(err.Error(), "sdn.txt: end-of-file check") {
		t.Errorf("a CSV without its end-of-file mark: err = %v", err)
	}

	xmlBody := `<sdnList><publshInformation><Publish_Date>05/06/2024</Publish_Date><Record_Count>2</Record_Count></publshInformation>` +
		`<sdnEntry><uid>5</uid><lastName>A</lastName><sdnType>Entity</sdnType><programList><program>NS-PLC</program></programList></sdnEntry></sdnList>`
	x, err := NewXMLDecoder(strings.NewReader(xmlBody), "sdn.xml", Options{})
	if err != nil {
		t.Fatal(err)
	}
	for err == nil {
		_, err = x.Next()
	}
	if !strings.Contains(err.Error(), "record-count check: publshInformation Record_Count says 2 entries, the file holds 1") {
		t.Errorf("a short XML: err = %v", err)
	}
	if x.ContentKind() != record.SourceOFACCons {
		t.Errorf("an entry with only NS-PLC is on the consolidated list; content kind = %s", x.ContentKind())
	}
}
