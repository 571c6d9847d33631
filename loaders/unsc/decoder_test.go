package unsc

import (
	"bytes"
	"errors"
	"io"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/armsgraph/armsgraph/identity"
	"github.com/armsgraph/armsgraph/record"
)

const samplePath = "testdata/sample.xml"

// decodeAll reads every entry; it fails the test on any error.
func decodeAll(t *testing.T, r io.Reader, path string, opts Options) (*Decoder, []record.Entry) {
	t.Helper()
	d, err := NewDecoder(r, path, opts)
	if err != nil {
		t.Fatalf("NewDecoder: %v", err)
	}
	var entries []record.Entry
	for {
		e, err := d.Next()
		if errors.Is(err, io.EOF) {
			return d, entries
		}
		if err != nil {
			t.Fatalf("Next after %d entries: %v", len(entries), err)
		}
		entries = append(entries, e)
	}
}

func decodeSample(t *testing.T, opts Options) (*Decoder, map[string]record.Entry, []string) {
	t.Helper()
	f, err := os.Open(samplePath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d, entries := decodeAll(t, f, samplePath, opts)
	byRef := make(map[string]record.Entry)
	var order []string
	for _, e := range entries {
		byRef[e.Entity.Ref] = e
		order = append(order, e.Entity.Ref)
	}
	return d, byRef, order
}

func TestSource(t *testing.T) {
	d, _, _ := decodeSample(t, Options{})
	want := record.Source{
		ID:          "un-sc-2024-09-26",
		Kind:        record.SourceUNSC,
		Path:        samplePath,
		AuthorityID: "un-sc",
		Title:       "UN Security Council Consolidated List",
		Publisher:   "United Nations Security Council",
		URL:         "https://scsanctions.un.org/resources/xml/en/consolidated.xml",
		PublishedOn: "2024-09-26",
		Language:    "en",
		Complete:    true,
	}
	if got := d.Source(); !reflect.DeepEqual(got, want) {
		t.Errorf("Source() = %+v\nwant %+v", got, want)
	}
	filtered, _, _ := decodeSample(t, Options{ListTypes: []string{"DPRK"}})
	if filtered.Source().Complete {
		t.Error("a filtered load must not claim to be complete")
	}
}

func TestAllRecordsInOrder(t *testing.T) {
	_, byRef, order := decodeSample(t, Options{})
	want := []string{
		"un-sc:TAi.005", "un-sc:KPi.008", "un-sc:KPi.066", "un-sc:KPi.068", "un-sc:KPi.018",
		"un-sc:QDi.395", "un-sc:CDi.004",
		"un-sc:KPe.001", "un-sc:KPe.020", "un-sc:KPe.028", "un-sc:KPe.066", "un-sc:TAe.010",
	}
	if !reflect.DeepEqual(order, want) {
		t.Fatalf("refs = %v\nwant %v", order, want)
	}
	for ref, e := range byRef {
		if len(e.Warnings) != 0 {
			t.Errorf("%s: unexpected warnings %+v", ref, e.Warnings)
		}
		if !reflect.DeepEqual(e.Entity.SourceRecordIDs, []string{ref}) {
			t.Errorf("%s: SourceRecordIDs = %v", ref, e.Entity.SourceRecordIDs)
		}
	}
}

// countingReader counts the bytes the decoder has pulled.
type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

func TestStreams(t *testing.T) {
	sample, err := os.ReadFile(samplePath)
	if err != nil {
		t.Fatal(err)
	}
	counter := &countingReader{r: bytes.NewReader(sample)}
	d, err := NewDecoder(counter, samplePath, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Next(); err != nil {
		t.Fatal(err)
	}
	if counter.n >= len(sample)/2 {
		t.Errorf("the first entry needed %d of %d bytes; the decoder should read one record at a time", counter.n, len(sample))
	}
}

func TestListTypeFilter(t *testing.T) {
	_, byRef, order := decodeSample(t, Options{ListTypes: []string{"DPRK"}})
	if len(order) != 8 {
		t.Fatalf("DPRK filter kept %d entries (%v), want 8", len(order), order)
	}
	for ref, e := range byRef {
		if got := e.Designations[0].Programs; !reflect.DeepEqual(got, []string{"DPRK"}) {
			t.Errorf("%s: programs %v passed the DPRK filter", ref, got)
		}
	}
	_, _, two := decodeSample(t, Options{ListTypes: []string{"Taliban", "DRC"}})
	if want := []string{"un-sc:TAi.005", "un-sc:CDi.004", "un-sc:TAe.010"}; !reflect.DeepEqual(two, want) {
		t.Errorf("Taliban+DRC filter = %v, want %v", two, want)
	}
}

func TestIndividualNamesAliasesTitles(t *testing.T) {
	_, byRef, _ := decodeSample(t, Options{})
	e := byRef["un-sc:TAi.005"].Entity
	if e.Kind != record.Person || e.Name != "MUHAMMAD TAHER ANWARI" {
		t.Errorf("kind/name = %s %q", e.Kind, e.Name)
	}
	wantAliases := []record.Alias{
		{Name: "محمد طاهر أنوري", Type: "original-script"},
		{Name: "Mohammad Taher Anwari", Type: "aka", Quality: "strong"},
		{Name: "Haji Mudir", Type: "aka", Quality: "weak"},
	}
	if !reflect.DeepEqual(e.Aliases, wantAliases) {
		t.Errorf("aliases = %+v\nwant %+v", e.Aliases, wantAliases)
	}
	wantTitle := "Mullah; a) Director of Administrative Affairs under the Taliban regime; Minister of Finance under the Taliban regime"
	if e.Title != wantTitle {
		t.Errorf("title = %q\nwant %q", e.Title, wantTitle)
	}
	if !reflect.DeepEqual(e.Nationalities, []string{"AF"}) {
		t.Errorf("nationalities = %v", e.Nationalities)
	}
	if !reflect.DeepEqual(e.BirthPlaces, []string{"Zurmat District, Paktia Province, Afghanistan"}) {
		t.Errorf("birth places = %v", e.BirthPlaces)
	}
	if len(e.Addresses) != 0 {
		t.Errorf("an address with an empty COUNTRY only must be skipped, got %+v", e.Addresses)
	}
	if e.Remarks != "Belongs to Andar tribe. Review pursuant to Security Council resolution 1822 (2008) was concluded on 23 Jul. 2010." {
		t.Errorf("remarks = %q", e.Remarks)
	}
	des := byRef["un-sc:TAi.005"].Designations
	if len(des) != 1 || des[0].Reason != "" || des[0].Resolutions != nil {
		t.Errorf("a Taliban listing has no stated reason or resolution in the file: %+v", des)
	}
}

func TestBirthDates(t *testing.T) {
	_, byRef, _ := decodeSample(t, Options{})
	cases := []struct {
		ref  string
		want []string
	}{
		{"un-sc:TAi.005", []string{"1961"}},                     // APPROXIMATELY, YEAR
		{"un-sc:KPi.008", []string{"1954-06-04"}},               // EXACT, DATE
		{"un-sc:KPi.066", []string{"1967", "1968", "1969"}},     // BETWEEN
		{"un-sc:QDi.395", []string{"1958-09"}},                  // EXACT, YEAR, month in NOTE
		{"un-sc:CDi.004", []string{"1973-11"}},                  // EXACT, only a NOTE
		{"un-sc:KPi.018", []string{"1976-10-18", "1976-08-25"}}, // and the alias's date
	}
	for _, c := range cases {
		if got := byRef[c.ref].Entity.BirthDates; !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: birth dates = %v, want %v", c.ref, got, c.want)
		}
	}
}

func TestGender(t *testing.T) {
	_, byRef, _ := decodeSample(t, Options{})
	for ref, want := range map[string]string{
		"un-sc:CDi.004": "Male", // GENDER element
		"un-sc:KPi.066": "Male", // "Gender: male" in COMMENTS1
		"un-sc:TAi.005": "",
	} {
		if got := byRef[ref].Entity.Gender; got != want {
			t.Errorf("%s: gender = %q, want %q", ref, got, want)
		}
	}
}

func TestDocuments(t *testing.T) {
	_, byRef, _ := decodeSample(t, Options{})
	cases := map[string][]record.Identifier{
		// The same passport in French and English is one identifier.
		"un-sc:KPi.008": {{Type: record.IDPassport, Value: "645120196", Country: "KP"}},
		"un-sc:KPi.068": {
			{Type: record.IDPassport, Value: "927234267"},
			{Type: record.IDPassport, Value: "108120258", Country: "KP", Note: "issued on 2018-02-14; expiration date 14 Feb. 2023"},
		},
		"un-sc:QDi.395": {{Type: record.IDNationalID, Value: "3311092409580002", Country: "ID"}},
	}
	for ref, want := range cases {
		if got := byRef[ref].Entity.Identifiers; !reflect.DeepEqual(got, want) {
			t.Errorf("%s: identifiers = %+v\nwant %+v", ref, got, want)
		}
	}
	keys := identity.Keys(byRef["un-sc:KPi.008"].Entity)
	if !containsKey(keys, "passport:KP:645120196") || !containsKey(keys, "src:un-sc:KPi.008") {
		t.Errorf("identity keys of KPi.008 = %v", keys)
	}
}

func containsKey(keys []record.Key, want string) bool {
	for _, k := range keys {
		if string(k) == want {
			return true
		}
	}
	return false
}

func TestAddresses(t *testing.T) {
	_, byRef, _ := decodeSample(t, Options{})
	cases := map[string][]record.Address{
		"un-sc:KPe.020": {{Text: "Donghung Dong, Central District, PO Box 120, Pyongyang", City: "Pyongyang", Country: "KP"}},
		"un-sc:KPi.066": {{Country: "KP"}},
		"un-sc:CDi.004": {{Text: "as of early 2016", Country: "UG"}},
		"un-sc:QDi.395": {{
			Text:    "Desa Cemani, Waringinrejo RT 001/021, Kecamatan Grogol, Kabupaten Sukoharjo, Jawa Tengah",
			City:    "Desa Cemani, Waringinrejo RT 001/021, Kecamatan Grogol, Kabupaten Sukoharjo",
			Country: "ID",
		}},
		"un-sc:TAe.010": {{Text: "Branch Office 13: Sarafi Market, Farah, Afghanistan"}},
	}
	for ref, want := range cases {
		if got := byRef[ref].Entity.Addresses; !reflect.DeepEqual(got, want) {
			t.Errorf("%s: addresses = %+v\nwant %+v", ref, got, want)
		}
	}
}

func TestEntities(t *testing.T) {
	_, byRef, _ := decodeSample(t, Options{})
	komid := byRef["un-sc:KPe.001"]
	if komid.Entity.Kind != record.Organization || komid.Entity.Name != "KOREA MINING DEVELOPMENT TRADING CORPORATION" {
		t.Errorf("KPe.001 kind/name = %s %q", komid.Entity.Kind, komid.Entity.Name)
	}
	wantAliases := []record.Alias{
		{Name: "CHANGGWANG SINYONG CORPORATION", Type: "aka", Quality: "strong"},
		{Name: "KOMID", Type: "aka", Quality: "strong"},
	}
	if !reflect.DeepEqual(komid.Entity.Aliases, wantAliases) {
		t.Errorf("KPe.001 aliases = %+v", komid.Entity.Aliases)
	}
	wantDesignation := record.Designation{
		AuthorityID:    "un-sc",
		TargetRef:      "un-sc:KPe.001",
		Programs:       []string{"DPRK"},
		Resolutions:    []int{1718},
		ListedOn:       "2009-04-24",
		SourceRecordID: "un-sc:KPe.001",
		Reason:         "Primary arms dealer and main exporter of goods and equipment related to ballistic missiles and conventional weapons.",
	}
	if !reflect.DeepEqual(komid.Designations, []record.Designation{wantDesignation}) {
		t.Errorf("KPe.001 designations = %+v\nwant %+v", komid.Designations, wantDesignation)
	}

	omm := byRef["un-sc:KPe.020"]
	if got := omm.Entity.Identifiers; !reflect.DeepEqual(got, []record.Identifier{{Type: record.IDCompanyIMO, Value: "1790183"}}) {
		t.Errorf("KPe.020 identifiers = %+v", got)
	}
	if got := omm.Designations[0].Reason; got != "Ocean Maritime Management Company, Limited is the operator/manager of the vessel Chong Chon Gang." {
		t.Errorf("KPe.020 reason = %q", got)
	}
	if got := omm.Designations[0].ListedOn; got != "2014-07-28" {
		t.Errorf("KPe.020 listed on %s", got)
	}
	if got := byRef["un-sc:KPe.066"].Entity.Identifiers; !reflect.DeepEqual(got, []record.Identifier{{Type: record.IDCompanyIMO, Value: "5434358"}}) {
		t.Errorf("KPe.066 identifiers = %+v", got)
	}
	if got := byRef["un-sc:KPe.066"].Entity.Aliases; len(got) != 0 {
		t.Errorf("an empty ENTITY_ALIAS must give no alias, got %+v", got)
	}

	mid := byRef["un-sc:KPe.028"].Entity.Aliases
	if want := (record.Alias{Name: "MACHINE INDUSTRY DEPARTMENT", Type: "fka", Quality: "strong"}); len(mid) != 2 || mid[1] != want {
		t.Errorf("KPe.028 aliases = %+v, want the second to be %+v", mid, want)
	}

	hawala := byRef["un-sc:TAe.010"].Entity
	if len(hawala.Aliases) != 2 || hawala.Aliases[0].Type != "original-script" {
		t.Errorf("TAe.010 aliases = %+v", hawala.Aliases)
	}
}

func TestReasonSkipsRecordFacts(t *testing.T) {
	_, byRef, _ := decodeSample(t, Options{})
	for _, ref := range []string{"un-sc:KPi.066", "un-sc:KPi.018"} {
		if got := byRef[ref].Designations[0].Reason; got != "" {
			t.Errorf("%s: reason = %q, want none (COMMENTS1 states no reason)", ref, got)
		}
	}
	if got := byRef["un-sc:KPi.008"].Designations[0].Reason; got != "Ra Ky'ong-Su is a Tanchon Commercial Bank (TCB) official." {
		t.Errorf("KPi.008 reason = %q", got)
	}
}

func TestReasonSentences(t *testing.T) {
	cases := []struct{ in, want string }{
		{"IMO Number: 5342883. The Chongchongang Shipping Company attempted it. More.", "The Chongchongang Shipping Company attempted it."},
		{"Registered owner of the YU PHYONG 5. In late November 2017 it moved.", "Registered owner of the YU PHYONG 5."},
		{"Owned by Korea Mirae Shipping Co. Ltd and by Kim J. Un. Second.", "Owned by Korea Mirae Shipping Co. Ltd and by Kim J. Un."},
		{"Location Libya. Gender: male", ""},
		{"DPRK government entity", "DPRK government entity"},
		{strings.Repeat("word ", 100), strings.TrimSpace(strings.Repeat("word ", 60)) + " …"},
	}
	for _, c := range cases {
		if got := reason(c.in); got != c.want {
			t.Errorf("reason(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestListedPursuantTo(t *testing.T) {
	cases := []struct {
		in   string
		want []int
	}{
		{"Listed pursuant to paragraphs 15 and 17 of resolution 1970 (Travel Ban, Asset Freeze).", []int{1970}},
		{"Listed pursuant to paragraphs 7 (b), 7 (e) and 7 (h) of resolution 2293 (2016) as leaders.", []int{2293}},
		{"Review pursuant to Security Council resolution 1822 (2008) was concluded on 23 Jul. 2010.", nil},
	}
	for _, c := range cases {
		if got := listedPursuantTo(c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("listedPursuantTo(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}

// oneRecord wraps one INDIVIDUAL or ENTITY body in a one-record list.
func oneRecord(element, body string) string {
	container := "INDIVIDUALS"
	if element == "ENTITY" {
		container = "ENTITIES"
	}
	return "<?xml version='1.0' encoding='UTF-8'?>\n" +
		"<CONSOLIDATED_LIST dateGenerated='2024-09-26T00:00:07.514Z'>\n" +
		"<" + container + ">\n<" + element + ">\n" + body + "\n</" + element + ">\n</" + container + ">\n" +
		"</CONSOLIDATED_LIST>\n"
}

func TestWarnings(t *testing.T) {
	// The invalid company IMO number below differs from OMM's 1790183 by its
	// check digit; "Ruritania" is no country.
	body := `<REFERENCE_NUMBER>KPe.020</REFERENCE_NUMBER>
<FIRST_NAME>OCEAN MARITIME MANAGEMENT COMPANY, LIMITED (OMM)</FIRST_NAME>
<UN_LIST_TYPE>DPRK</UN_LIST_TYPE>
<LISTED_ON>2014-07-28</LISTED_ON>
<COMMENTS1>IMO number: 1790184.</COMMENTS1>
<ENTITY_ALIAS><QUALITY>fair</QUALITY><ALIAS_NAME>OMM</ALIAS_NAME></ENTITY_ALIAS>
<ENTITY_ADDRESS><CITY>Pyongyang</CITY><COUNTRY>Ruritania</COUNTRY></ENTITY_ADDRESS>
<VESSEL_NAME>CHONG CHON GANG</VESSEL_NAME>`
	_, entries := decodeAll(t, strings.NewReader(oneRecord("ENTITY", body)), "w.xml", Options{})
	if len(entries) != 1 {
		t.Fatalf("got %d entries, want 1", len(entries))
	}
	e := entries[0]
	wantWarnings := []string{
		`w.xml:10 un-sc:KPe.020: QUALITY "fair" of alias "OMM"`,
		`w.xml:11 un-sc:KPe.020: address COUNTRY: country "Ruritania"`,
		`w.xml:9 un-sc:KPe.020: COMMENTS1: IMO number "1790184"`,
		`w.xml:12 un-sc:KPe.020: element <VESSEL_NAME>`,
	}
	if len(e.Warnings) != len(wantWarnings) {
		t.Fatalf("warnings = %+v, want %d", e.Warnings, len(wantWarnings))
	}
	for i, w := range e.Warnings {
		if got := w.Location + " " + w.Message; !strings.HasPrefix(got, wantWarnings[i]) {
			t.Errorf("warning %d = %q, want prefix %q", i, got, wantWarnings[i])
		}
	}
	if len(e.Entity.Identifiers) != 0 {
		t.Errorf("an invalid company IMO number must not become an identifier: %+v", e.Entity.Identifiers)
	}
	if want := (record.Address{Text: "Pyongyang, Ruritania", City: "Pyongyang"}); len(e.Entity.Addresses) != 1 || e.Entity.Addresses[0] != want {
		t.Errorf("an unknown country stays in the address text: %+v", e.Entity.Addresses)
	}
}

func TestUnmappedValuesWarn(t *testing.T) {
	body := `<REFERENCE_NUMBER>LYi.022</REFERENCE_NUMBER>
<FIRST_NAME>ABDELBASET</FIRST_NAME>
<UN_LIST_TYPE>Libya</UN_LIST_TYPE>
<LISTED_ON>2015-03-27-04:00</LISTED_ON>
<NATIONALITY><VALUE>na</VALUE><VALUE>former Soviet Union</VALUE></NATIONALITY>
<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>APPROXIMATELY</TYPE_OF_DATE><NOTE>30-35 years old</NOTE></INDIVIDUAL_DATE_OF_BIRTH>
<INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT><NOTE>Libyan passport number 347834, expired</NOTE></INDIVIDUAL_DOCUMENT>`
	_, entries := decodeAll(t, strings.NewReader(oneRecord("INDIVIDUAL", body)), "w.xml", Options{})
	e := entries[0]
	if got := e.Designations[0].ListedOn; got != "2015-03-27" {
		t.Errorf("LISTED_ON with a time zone = %q, want 2015-03-27", got)
	}
	if len(e.Entity.Nationalities) != 0 {
		t.Errorf(`"na" is no nationality (it is not Namibia): %v`, e.Entity.Nationalities)
	}
	if len(e.Warnings) != 2 ||
		!strings.Contains(e.Warnings[0].Message, `"former Soviet Union"`) ||
		!strings.Contains(e.Warnings[1].Message, `"30-35 years old"`) {
		t.Errorf("warnings = %+v", e.Warnings)
	}
	if e.Entity.Remarks != "Passport: Libyan passport number 347834, expired" {
		t.Errorf("a document without NUMBER goes to remarks, got %q", e.Entity.Remarks)
	}
}

func TestErrors(t *testing.T) {
	valid := `<REFERENCE_NUMBER>KPe.001</REFERENCE_NUMBER>
<FIRST_NAME>KOREA MINING DEVELOPMENT TRADING CORPORATION</FIRST_NAME>
<UN_LIST_TYPE>DPRK</UN_LIST_TYPE>
<LISTED_ON>2009-04-24</LISTED_ON>`
	cases := []struct {
		name, input, want string
	}{
		{"wrong root", "<?xml version='1.0'?>\n<sdnList>\n</sdnList>", "bad.xml:2: root element is <sdnList>, want <CONSOLIDATED_LIST>"},
		{"empty", "", "bad.xml:1: no root element"},
		{"no date", "<CONSOLIDATED_LIST>\n</CONSOLIDATED_LIST>", "bad.xml:1: CONSOLIDATED_LIST dateGenerated"},
		{"unclosed element", strings.Replace(oneRecord("ENTITY", valid), "</FIRST_NAME>", "", 1), "bad.xml:9: malformed XML: element <FIRST_NAME> closed by </ENTITY>"},
		{"truncated", strings.TrimSuffix(oneRecord("ENTITY", valid), "</CONSOLIDATED_LIST>\n"), "bad.xml:11: unexpected end of file: the list is truncated"},
		{"no reference", oneRecord("ENTITY", strings.Replace(valid, "KPe.001", "", 1)), "bad.xml:4: ENTITY: REFERENCE_NUMBER is missing or empty"},
		{"bad listing date", oneRecord("ENTITY", strings.Replace(valid, "2009-04-24", "24/04/2009", 1)), `bad.xml:8: ENTITY KPe.001: LISTED_ON: "24/04/2009" is not a date`},
		{"no name", oneRecord("ENTITY", strings.Replace(valid, "KOREA MINING DEVELOPMENT TRADING CORPORATION", "", 1)), "bad.xml:6: ENTITY KPe.001: FIRST_NAME is missing or empty"},
		{"no list type", oneRecord("ENTITY", strings.Replace(valid, "DPRK", "", 1)), "bad.xml:7: ENTITY KPe.001: UN_LIST_TYPE is missing or empty"},
		{"truncated record", oneRecord("ENTITY", valid)[:200], "bad.xml:6: unexpected end of file: the list is truncated"},
		{"unknown container", "<CONSOLIDATED_LIST dateGenerated='2024-09-26'>\n<VESSELS>\n</VESSELS>\n</CONSOLIDATED_LIST>", "bad.xml:2: unexpected element <VESSELS>"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := decodeError(strings.NewReader(c.input), "bad.xml")
			if err == nil || !strings.HasPrefix(err.Error(), c.want) {
				t.Errorf("error = %v\nwant prefix %q", err, c.want)
			}
		})
	}
}

// decodeError returns the first error NewDecoder or Next gives, or nil.
func decodeError(r io.Reader, path string) error {
	d, err := NewDecoder(r, path, Options{})
	if err != nil {
		return err
	}
	for {
		if _, err := d.Next(); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
	}
}

func TestSniff(t *testing.T) {
	head, err := os.ReadFile(samplePath)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		head []byte
		want bool
	}{
		{"sample, first 512 bytes", head[:512], true},
		{"root without prolog", []byte("<CONSOLIDATED_LIST dateGenerated='2024-09-26'><INDIV"), true},
		{"OFAC SDN XML", []byte(`<?xml version="1.0" standalone="yes"?><sdnList xmlns="https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML">`), false},
		{"CSV", []byte(`36,"AEROCARIBBEAN AIRLINES",-0-,"CUBA"`), false},
		{"empty", nil, false},
	}
	for _, c := range cases {
		if got := Sniff(c.head); got != c.want {
			t.Errorf("%s: Sniff = %v, want %v", c.name, got, c.want)
		}
	}
}
