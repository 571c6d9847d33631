package dfat

import (
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/armsgraph/armsgraph/identity"
	"github.com/armsgraph/armsgraph/loaders/internal/sheet/sheettest"
	"github.com/armsgraph/armsgraph/record"
)

var header = []any{"Reference", "Name of Individual or Entity", "Type", "Name Type", "Date of Birth", "Place of Birth", "Citizenship", "Address", "Additional Information", "Listing Information", "Committees", "Control Date"}

// fixture writes a list in DFAT's layout: the header, then rows.
func fixture(t *testing.T, rows ...[]any) string {
	t.Helper()
	return sheettest.Write(t, "regulation8_consolidated.xlsx", sheettest.Sheet{Name: "Sheet1", Rows: append([][]any{header}, rows...)})
}

func decodeAll(t *testing.T, path string, opts Options) (*Decoder, []record.Entry, error) {
	t.Helper()
	d, err := Open(path, opts)
	if err != nil {
		return nil, nil, err
	}
	t.Cleanup(func() { d.Close() })
	var out []record.Entry
	for {
		e, err := d.Next()
		if errors.Is(err, io.EOF) {
			return d, out, nil
		}
		if err != nil {
			return d, out, err
		}
		out = append(out, e)
	}
}

var mLeasing = [][]any{
	{"7966", "M Leasing LLC", "Entity", "Primary Name", "", "", "", "Of. 301, Str. 1, D.7, Baumanskaya Ul., Moscow, Russia, 105005", "Company Identification No.1217700121737;\nIMO Identification Number: 6246853 (Company)", "Autonomous Sanctions Amendment (No. 5) Instrument 2024", "Autonomous (Russia)", 45429},
	{"7966a", "M Leasing Limited Liability Company", "Entity ", "Aka ", "", "", "", "", "", "", "Autonomous (Russia)", 45429},
	{"7966b", "М Лизинг", "entity", "original script", "", "", "", "", "", "", "Autonomous (Russia)", 45429},
}

var kimYongSu = [][]any{
	{"3285", "Kim Yong Su", "Individual", "Primary Name", 25243, "", "Afghanistan", "Vietnam", "Passport no.: 654435458 (exp. 26/11/2019).", "Listed on: 17 Aug. 2017.", "Autonomous (DPRK)", 45068},
	{"3285a", "Kim Yo'ng-su", "individual", "aka", "", "", "", "", "", "", "Autonomous (DPRK) ", 45068},
}

func TestListingsGroupTheirNames(t *testing.T) {
	path := fixture(t, append(append([][]any{}, mLeasing...), kimYongSu...)...)
	d, entries, err := decodeAll(t, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if src := d.Source(); src.ID != "au-dfat-consolidated-2024-05-17" || src.AuthorityID != "au-dfat" || !src.Complete {
		t.Errorf("source = %+v, want the latest Control Date 2024-05-17 to date it", src)
	}
	if len(entries) != 2 {
		t.Fatalf("got %d entries, want 2", len(entries))
	}
	m := entries[0]
	if m.Entity.Ref != "au-dfat:7966" || m.Entity.Kind != record.Organization || m.Entity.Name != "M Leasing LLC" || m.Entity.Country != "RU" {
		t.Errorf("M Leasing = %+v", m.Entity)
	}
	wantAliases := []record.Alias{{Name: "M Leasing Limited Liability Company", Type: "aka"}, {Name: "М Лизинг", Type: "original-script"}}
	if !reflect.DeepEqual(m.Entity.Aliases, wantAliases) {
		t.Errorf("aliases = %+v, want %+v", m.Entity.Aliases, wantAliases)
	}
	wantIDs := []record.Identifier{{Type: record.IDCompanyIMO, Value: "6246853"}, {Type: record.IDRegistration, Value: "1217700121737", Country: "RU"}}
	if !reflect.DeepEqual(m.Entity.Identifiers, wantIDs) {
		t.Errorf("identifiers = %+v, want %+v", m.Entity.Identifiers, wantIDs)
	}
	des := m.Designations[0]
	if des.AuthorityID != "au-dfat" || des.ListedOn != "2024-05-17" || !reflect.DeepEqual(des.Programs, []string{"Autonomous (Russia)"}) || des.SourceRecordID != "au-dfat:7966" {
		t.Errorf("designation = %+v", des)
	}
	keys := identity.Keys(m.Entity)
	if keys[0] != "company-imo:6246853" {
		t.Errorf("identity keys = %v, want company-imo:6246853 first", keys)
	}

	k := entries[1]
	if k.Entity.Kind != record.Person || !reflect.DeepEqual(k.Entity.BirthDates, []string{"1969-02-09"}) || !reflect.DeepEqual(k.Entity.Nationalities, []string{"AF"}) {
		t.Errorf("Kim Yong Su = %+v", k.Entity)
	}
	if want := []record.Identifier{{Type: record.IDPassport, Value: "654435458", Country: "AF"}}; !reflect.DeepEqual(k.Entity.Identifiers, want) {
		t.Errorf("identifiers = %+v, want %+v", k.Entity.Identifiers, want)
	}
	if k.Designations[0].ListedOn != "2023-05-22" || !reflect.DeepEqual(k.Designations[0].Programs, []string{"Autonomous (DPRK)"}) {
		t.Errorf("designation = %+v", k.Designations[0])
	}
}

func TestPublishedOnFromPathOrOption(t *testing.T) {
	path := sheettest.Write(t, "au_dfat_2024-11-11.xlsx", sheettest.Sheet{Name: "Sheet1", Rows: append([][]any{header}, mLeasing...)})
	d, _, err := decodeAll(t, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Source().PublishedOn; got != "2024-11-11" {
		t.Errorf("published on %s, want the path's 2024-11-11", got)
	}
	d, _, err = decodeAll(t, path, Options{PublishedOn: "2024-12-01"})
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Source().PublishedOn; got != "2024-12-01" {
		t.Errorf("published on %s, want the option's 2024-12-01", got)
	}
}

func TestMalformedRowsAreLocated(t *testing.T) {
	for _, tc := range []struct {
		name string
		rows [][]any
		want string // the location and message
	}{
		{"unknown type", [][]any{mLeasing[0], {"7966a", "X", "Vessel", "aka", "", "", "", "", "", "", "Autonomous (Russia)", 45429}}, ":Sheet1:3:C: type \"Vessel\" is neither Individual nor Entity"},
		{"kind differs from the primary name's", [][]any{mLeasing[0], {"7966a", "X", "Individual", "aka", "", "", "", "", "", "", "Autonomous (Russia)", 45429}}, ":Sheet1:3:C: reference 7966a is typed Person but its listing's primary name is Organization"},
		{"unknown name type", [][]any{{"7966", "X", "Entity", "Nickname", "", "", "", "", "", "", "", 45429}}, ":Sheet1:2:D: name type \"Nickname\""},
		{"control date not a date", [][]any{{"7966", "X", "Entity", "Primary Name", "", "", "", "", "", "", "", "soon"}}, ":Sheet1:2:L: control date \"soon\" is not a date"},
		{"bad reference", [][]any{{"A-1", "X", "Entity", "Primary Name", "", "", "", "", "", "", "", 45429}}, ":Sheet1:2:A: reference \"a-1\""},
		{"no name", [][]any{{"7966", "", "Entity", "Primary Name", "", "", "", "", "", "", "", 45429}}, ":Sheet1:2:B: reference 7966 has no name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := fixture(t, tc.rows...)
			_, _, err := decodeAll(t, path, Options{PublishedOn: "2024-11-11"})
			if err == nil || !strings.Contains(err.Error(), path+tc.want) {
				t.Errorf("error = %v, want %s%s", err, path, tc.want)
			}
		})
	}
}

func TestHeaderIsChecked(t *testing.T) {
	path := sheettest.Write(t, "list.xlsx", sheettest.Sheet{Name: "Sheet1", Rows: [][]any{{"Reference", "Name"}}})
	_, err := Open(path, Options{})
	if err == nil || !strings.Contains(err.Error(), path+":Sheet1:1: not a DFAT consolidated list header: no column \"name of individual or entity\", \"type\"") {
		t.Errorf("error = %v", err)
	}
}

func TestFreeTextIdentifiers(t *testing.T) {
	ids, warnings := parseIdentifiers("International Maritime Organization (IMO) Number: 1790183. Tax ID No.: 7718763393; IMO number: 1234567.", "KP", nil)
	want := []record.Identifier{{Type: record.IDCompanyIMO, Value: "1790183"}, {Type: record.IDTax, Value: "7718763393", Country: "KP"}}
	if !reflect.DeepEqual(ids, want) {
		t.Errorf("identifiers = %+v, want %+v", ids, want)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "1234567") {
		t.Errorf("warnings = %v, want one about 1234567", warnings)
	}
}

func TestBirthDates(t *testing.T) {
	for in, want := range map[string][]string{
		"25243": {"1969-02-09"},
		"a) 19 Apr. 1982  b) 18 Apr. 1982 c) 24/06/1402 (Hijri Calendar)": {"1982-04-19", "1982-04-18"},
		"a) 15/05/1971; b) 27/01/1974":                                    {"1971-05-15", "1974-01-27"},
		"Approximately 1955-1958":                                         {"1955", "1958"},
		"":                                                                nil,
	} {
		if got := parseDates(in); !reflect.DeepEqual(got, want) {
			t.Errorf("parseDates(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestANameAwayFromItsListingJoinsIt(t *testing.T) {
	path := fixture(t, mLeasing[0], kimYongSu[0], mLeasing[1], kimYongSu[1])
	_, entries, err := decodeAll(t, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 || len(entries[0].Entity.Aliases) != 1 || len(entries[1].Entity.Aliases) != 1 {
		t.Fatalf("entries = %+v, want M Leasing and Kim Yong Su with one alias each", entries)
	}
	if entries[0].Entity.Aliases[0].Name != "M Leasing Limited Liability Company" {
		t.Errorf("M Leasing aliases = %+v", entries[0].Entity.Aliases)
	}
}
