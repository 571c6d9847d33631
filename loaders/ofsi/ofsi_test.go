package ofsi

import (
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/armsgraph/armsgraph/loaders/internal/sheet/sheettest"
	"github.com/armsgraph/armsgraph/record"
)

var header = []any{"Name 6", "Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Title", "Name Non-Latin Script", "Non-Latin Script Type", "Non-Latin Script Language", "DOB", "Town of Birth", "Country of Birth", "Nationality", "Passport Number", "Passport Details", "National Identification Number", "National Identification Details", "Position", "Address 1", "Address 2", "Address 3", "Address 4", "Address 5", "Address 6", "Post/Zip Code", "Country", "Other Information", "Group Type", "Alias Type", "Alias Quality", "Regime", "Listed On", "UK Sanctions List Date Designated", "Last Updated", "Group ID"}

// row builds a ConList row from the cells that matter here.
func row(cells map[string]string) []any {
	out := make([]any, len(header))
	for i, h := range header {
		out[i] = cells[h.(string)]
	}
	return out
}

func fixture(t *testing.T, rows ...[]any) string {
	t.Helper()
	all := append([][]any{{"Last Updated", "10/04/2025"}, header}, rows...)
	return sheettest.Write(t, "ConList.xlsx", sheettest.Sheet{Name: "Data", Rows: all})
}

const leasingInfo = "(UK Sanctions List Ref):RUS1850. (UK Statement of Reasons):M LEASING is an involved person. (Type of entity):Limited Liability Company (LLC) (Business Reg No):9701173086"

var (
	leasing = row(map[string]string{"Name 6": "M LEASING", "Name Non-Latin Script": "М ЛИЗИНГ", "Address 1": "Of. 301, Str. 1, D.7, Baumanskaya Ul.", "Address 6": "Moscow", "Post/Zip Code": "105005", "Country": "Russia", "Other Information": leasingInfo, "Group Type": "Entity", "Alias Type": "Primary name", "Regime": "Russia", "Listed On": "16/05/2023", "Group ID": "15923"})
	lizing  = row(map[string]string{"Name 6": "M LIZING", "Country": "Russia", "Other Information": leasingInfo, "Group Type": "Entity", "Alias Type": "AKA", "Alias Quality": "Good quality", "Regime": "Russia", "Listed On": "16/05/2023", "Group ID": "15923"})
	ship    = row(map[string]string{"Name 6": "PETREL 8", "Other Information": "(UK Sanctions List Ref):DPR0075. (IMO number):9562233 (Flag of ship):Comoros (Type of ship):Bulk carrier (Year built):2008", "Group Type": "Ship", "Alias Type": "Primary name", "Regime": "Democratic People's Republic of Korea", "Listed On": "30/03/2018", "Group ID": "13636"})
	person  = row(map[string]string{"Name 6": "ZADACHIN", "Name 1": "Andrei", "Name 2": "Andreevich", "DOB": "22/08/1990", "Nationality": "Russia", "Passport Number": "(1) 7512345 (2) 7567890", "Other Information": "(UK Sanctions List Ref):RUS1831. (Gender):Male", "Group Type": "Individual", "Alias Type": "Primary name", "Regime": "Russia", "Listed On": "21/04/2023", "Group ID": "15800"})
	variant = row(map[string]string{"Name 6": "ZADACHIN", "Name 1": "Andrey", "DOB": "00/08/1990", "Group Type": "Individual", "Alias Type": "Primary name variation", "Alias Quality": "Low quality", "Regime": "Russia", "Listed On": "21/04/2023", "Group ID": "15800"})
)

func decodeAll(t *testing.T, path string) (*Decoder, []record.Entry, error) {
	t.Helper()
	d, err := Open(path, Options{})
	if err != nil {
		return nil, nil, err
	}
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

func TestGroupsInTheOfficialLayout(t *testing.T) {
	// Rows of one group apart, as the list sorts them by name.
	path := fixture(t, lizing, person, ship, leasing, variant)
	d, entries, err := decodeAll(t, path)
	if err != nil {
		t.Fatal(err)
	}
	if src := d.Source(); src.ID != "gb-ofsi-conlist-2025-04-10" || src.AuthorityID != "gb-fcdo" || !src.Complete {
		t.Errorf("source = %+v", src)
	}
	if d.Rows != 5 || len(entries) != 3 {
		t.Fatalf("%d rows, %d entries; want 5 and 3", d.Rows, len(entries))
	}
	vessel, zadachin, m := entries[0], entries[1], entries[2]
	if v := vessel.Entity; v.Ref != "gb-fcdo:DPR0075" || v.Kind != record.Vessel || v.IMONumber != "9562233" || v.BuildYear != 2008 || v.VesselType != "Bulk carrier" || !reflect.DeepEqual(v.Flags, []record.Flag{{Country: "KM"}}) {
		t.Errorf("ship = %+v", v)
	}
	z := zadachin.Entity
	if z.Name != "Andrei Andreevich ZADACHIN" || z.Gender != "male" || !reflect.DeepEqual(z.BirthDates, []string{"1990-08-22", "1990-08"}) {
		t.Errorf("person = %+v", z)
	}
	if want := []record.Alias{{Name: "Andrey ZADACHIN", Type: "aka", Quality: "weak"}}; !reflect.DeepEqual(z.Aliases, want) {
		t.Errorf("aliases = %+v, want %+v", z.Aliases, want)
	}
	wantIDs := []record.Identifier{{Type: record.IDPassport, Value: "7512345", Country: "RU"}, {Type: record.IDPassport, Value: "7567890", Country: "RU"}}
	if !reflect.DeepEqual(z.Identifiers, wantIDs) {
		t.Errorf("identifiers = %+v, want %+v", z.Identifiers, wantIDs)
	}
	e := m.Entity
	if e.Ref != "gb-fcdo:RUS1850" || e.Name != "M LEASING" || e.Country != "RU" {
		t.Errorf("M LEASING = %+v", e)
	}
	if want := []record.Alias{{Name: "M LIZING", Type: "aka", Quality: "strong"}, {Name: "М ЛИЗИНГ", Type: "original-script"}}; !reflect.DeepEqual(e.Aliases, want) {
		t.Errorf("aliases = %+v, want %+v", e.Aliases, want)
	}
	if len(e.Identifiers) != 1 || e.Identifiers[0].Type != record.IDTax || e.Identifiers[0].Value != "9701173086" || e.Identifiers[0].Country != "RU" {
		t.Errorf("a Russian 10-digit Business Reg No is a tax number: %+v", e.Identifiers)
	}
	des := m.Designations[0]
	if des.ListedOn != "2023-05-16" || des.AuthorityID != "gb-fcdo" || !reflect.DeepEqual(des.Programs, []string{"Russia"}) {
		t.Errorf("designation = %+v", des)
	}
}

func TestMalformedRowsAreLocated(t *testing.T) {
	bad := func(col, value string) []any {
		r := append([]any{}, leasing...)
		for i, h := range header {
			if h == col {
				r[i] = value
			}
		}
		return r
	}
	for _, tc := range []struct {
		name string
		row  []any
		want string
	}{
		{"listed on", bad("Listed On", "2023-05-16"), ":Data:3:AG: Listed On \"2023-05-16\" is not a date"},
		{"group type", bad("Group Type", "Aircraft"), ":Data:3:AC: group type \"Aircraft\""},
		{"group id", bad("Group ID", "x"), ":Data:3:AJ: group ID \"x\" is not a number"},
		{"dob", bad("DOB", "32/01/1990"), ":Data:3:K: DOB \"32/01/1990\""},
		{"group typed twice", bad("Group ID", "15800"), ":Data:4:AC: group 15800 is typed Entity here but person at "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows := [][]any{tc.row}
			if tc.name == "group typed twice" {
				rows = [][]any{person, tc.row}
			}
			path := fixture(t, rows...)
			_, _, err := decodeAll(t, path)
			if err == nil || !strings.Contains(err.Error(), path+tc.want) {
				t.Errorf("error = %v, want %s%s", err, path, tc.want)
			}
		})
	}
}

func TestLastUpdatedIsRequired(t *testing.T) {
	path := sheettest.Write(t, "ConList.xlsx", sheettest.Sheet{Name: "Data", Rows: [][]any{header, leasing}})
	_, err := Open(path, Options{})
	if err == nil || !strings.Contains(err.Error(), path+":Data:1:A: the first row must be \"Last Updated\"") {
		t.Errorf("error = %v", err)
	}
}
