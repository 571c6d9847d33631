package dfat

import (
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/armsgraph/armsgraph/identity"
	"github.com/armsgraph/armsgraph/internal/realdata"
	"github.com/armsgraph/armsgraph/record"
)

// realList is DFAT's list with Control Dates up to 2024-11-11 (see
// shared/data/SOURCES.md); it is read in place, never copied.
const realList = "au_dfat_consolidated_2024-11-11/regulation8_consolidated.xlsx"

// rawCounts counts the list's rows straight from the sheet, apart from
// the parser: name rows, listings (distinct reference numbers), listings
// by the Type of their primary name, and the listings whose primary name
// has the Control Date 45429 (2024-05-17).
func rawCounts(t *testing.T, path string) (rows, listings int, byType map[string]int, may17 []string) {
	t.Helper()
	f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	all, err := f.GetRows("Sheet1", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	number := regexp.MustCompile(`^\d+`)
	seen := map[string]bool{}
	byType = map[string]int{}
	for _, r := range all[1:] {
		if len(r) == 0 || strings.TrimSpace(strings.Join(r, "")) == "" {
			continue
		}
		rows++
		n := number.FindString(strings.TrimSpace(r[0]))
		if !seen[n] {
			seen[n] = true
			listings++
		}
		if strings.EqualFold(strings.TrimSpace(r[3]), "Primary Name") {
			byType[strings.ToLower(strings.TrimSpace(r[2]))]++
			if r[11] == "45429" {
				may17 = append(may17, n)
			}
		}
	}
	return rows, listings, byType, may17
}

func TestRealList(t *testing.T) {
	path := realdata.Path(t, realList)
	rows, listings, byType, may17 := rawCounts(t, path)
	// The numbers the sheet gives (counted by rawCounts, not the parser):
	// 9,553 name rows (of 9,560 below the header; 7 are blank) in 3,062
	// listings, 2,316 individuals and 746 entities.
	if rows != 9553 || listings != 3062 || byType["individual"] != 2316 || byType["entity"] != 746 {
		t.Fatalf("raw counts changed: rows %d, listings %d, by type %v", rows, listings, byType)
	}
	d, entries, err := decodeAll(t, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if src := d.Source(); src.ID != "au-dfat-consolidated-2024-11-11" {
		t.Errorf("source id = %s", src.ID)
	}
	kinds := map[record.Kind]int{}
	names := 0
	var listedMay17 []string
	byRef := map[string]record.Entry{}
	for _, e := range entries {
		kinds[e.Entity.Kind]++
		names += 1 + len(e.Entity.Aliases)
		if len(e.Designations) != 1 {
			t.Errorf("%s: %d designations", e.Entity.Ref, len(e.Designations))
		}
		if e.Designations[0].ListedOn == "2024-05-17" {
			listedMay17 = append(listedMay17, strings.TrimPrefix(e.Entity.Ref, "au-dfat:"))
		}
		byRef[e.Entity.Ref] = e
	}
	if len(entries) != listings || kinds[record.Person] != byType["individual"] || kinds[record.Organization] != byType["entity"] {
		t.Errorf("parsed %d listings (%v), want %d (%v)", len(entries), kinds, listings, byType)
	}
	// Names repeated within a listing are kept once, so names <= rows.
	if names > rows || names < rows-100 {
		t.Errorf("%d names from %d rows", names, rows)
	}
	sort.Strings(listedMay17)
	if strings.Join(listedMay17, ",") != strings.Join(may17, ",") || strings.Join(may17, ",") != "7962,7963,7964,7965,7966,7967" {
		t.Errorf("listed 2024-05-17: parsed %v, sheet %v", listedMay17, may17)
	}
	for ref, imo := range map[string]string{"au-dfat:7964": "6183435", "au-dfat:7965": "6016988", "au-dfat:7966": "6246853"} {
		keys := identity.Keys(byRef[ref].Entity)
		if len(keys) == 0 || string(keys[0]) != "company-imo:"+imo {
			t.Errorf("%s: identity keys %v, want company-imo:%s first", ref, keys, imo)
		}
	}
	if e := byRef["au-dfat:2947"]; e.Entity.Name != "OCEAN MARITIME MANAGEMENT COMPANY, LIMITED (OMM)" || e.Designations[0].Programs[0] != "1718 (DPRK)" {
		t.Errorf("OMM = %s %v", e.Entity.Name, e.Designations[0].Programs)
	}
}
