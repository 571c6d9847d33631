package ofsi

import (
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/armsgraph/armsgraph/internal/realdata"
	"github.com/armsgraph/armsgraph/record"
)

// realList is OFSI's ConList of 2025-04-10 (see shared/data/SOURCES.md);
// it is read in place, never copied.
const realList = "uk_ofsi_conlist_2025-04-10/ConList.xlsx"

// rawCounts counts straight from the sheet, apart from the parser: name
// rows below the header, distinct Group IDs, and groups by Group Type and
// of the DPRK regime.
func rawCounts(t *testing.T, path string) (rows int, groupType map[string]string, dprk map[string]bool) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	all, err := f.GetRows("Data")
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range all[1] {
		col[h] = i
	}
	groupType, dprk = map[string]string{}, map[string]bool{}
	for _, r := range all[2:] {
		if len(r) <= col["Group ID"] {
			continue
		}
		rows++
		id := r[col["Group ID"]]
		groupType[id] = r[col["Group Type"]]
		if r[col["Regime"]] == "Democratic People's Republic of Korea" {
			dprk[id] = true
		}
	}
	return rows, groupType, dprk
}

func TestRealList(t *testing.T) {
	path := realdata.Path(t, realList)
	rows, groupType, dprk := rawCounts(t, path)
	byType := map[string]int{}
	for _, typ := range groupType {
		byType[typ]++
	}
	// Counted by rawCounts from the sheet: 18,796 rows in 4,686 groups,
	// 3,662 Individual, 1,009 Entity, 15 Ship; 239 groups of the DPRK regime.
	if rows != 18796 || len(groupType) != 4686 || byType["Individual"] != 3662 || byType["Entity"] != 1009 || byType["Ship"] != 15 || len(dprk) != 239 {
		t.Fatalf("raw counts changed: %d rows, %d groups %v, %d DPRK", rows, len(groupType), byType, len(dprk))
	}
	d, entries, err := decodeAll(t, path)
	if err != nil {
		t.Fatal(err)
	}
	if d.Source().ID != "gb-ofsi-conlist-2025-04-10" || d.Rows != rows {
		t.Errorf("source %s, %d rows", d.Source().ID, d.Rows)
	}
	kinds := map[record.Kind]int{}
	dprkGroups, imos := 0, 0
	byRef := map[string]record.Entry{}
	for _, e := range entries {
		kinds[e.Entity.Kind]++
		for _, p := range e.Designations[0].Programs {
			if p == "Democratic People's Republic of Korea" {
				dprkGroups++
			}
		}
		if e.Entity.IMONumber != "" {
			imos++
		}
		byRef[e.Entity.Ref] = e
	}
	if len(entries) != len(groupType) || kinds[record.Person] != byType["Individual"] || kinds[record.Organization] != byType["Entity"] || kinds[record.Vessel] != byType["Ship"] || dprkGroups != len(dprk) {
		t.Errorf("parsed %d targets %v, %d DPRK", len(entries), kinds, dprkGroups)
	}
	if imos != 15 {
		t.Errorf("%d ships with a valid IMO number, want all 15", imos)
	}
	// OMM is on the UN list as KPe.020: its UK record carries the UN id.
	omm := byRef["gb-fcdo:DPR0181"].Entity
	if !strings.Contains(strings.Join(omm.SourceRecordIDs, " "), "un-sc:KPe.020") {
		t.Errorf("DPR0181 = %q %v", omm.Name, omm.SourceRecordIDs)
	}
}
