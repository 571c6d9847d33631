package mof

import (
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/armsgraph/armsgraph/internal/realdata"
	"github.com/armsgraph/armsgraph/record"
)

// realList is the MOF list of 2026-03-05 (see shared/data/SOURCES.md);
// it is read in place, never copied.
const realList = "jp_mof_asset_freeze_2026-03-05/shisantouketsu20260305.xlsx"

// rawCounts counts listings straight from the workbook, apart from the
// parser: below each sheet's 告示日付 header, the rows whose notice date
// starts with a date and whose Japanese or English name is given, by
// sheet number; rows marked 削除; and the refs of the rows dated
// 2024.5.24.
func rawCounts(t *testing.T, path string) (bySheet map[string]int, deleted int, may24 []string) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	date := regexp.MustCompile(`^\s*\d{4}\.\d{1,2}\.\d{1,2}`)
	number := regexp.MustCompile(`^\d+`)
	bySheet = map[string]int{}
	for _, name := range f.GetSheetList() {
		rows, err := f.GetRows(name)
		if err != nil {
			t.Fatal(err)
		}
		sheetNo := number.FindString(name)
		inTable := false
		for _, r := range rows {
			if len(r) > 0 && strings.TrimSpace(r[0]) == "告示日付" {
				inTable = true
				continue
			}
			if !inTable || len(r) == 0 || !date.MatchString(r[0]) {
				continue
			}
			if strings.Contains(strings.SplitN(strings.TrimSpace(r[0]), "\n", 2)[0], "削除") {
				deleted++
				continue
			}
			if len(r) < 4 || strings.TrimSpace(r[2]+r[3]) == "" {
				continue
			}
			bySheet[sheetNo]++
			if strings.TrimSpace(r[0]) == "2024.5.24" {
				may24 = append(may24, "jp-mof:"+sheetNo+"-"+number.FindString(r[1]))
			}
		}
	}
	return bySheet, deleted, may24
}

func TestRealList(t *testing.T) {
	path := realdata.Path(t, realList)
	bySheet, deleted, may24 := rawCounts(t, path)
	total := 0
	for _, n := range bySheet {
		total += n
	}
	// Counted by rawCounts from the workbook: 2,862 listings in force, 598
	// rows marked deleted, 12 listings of 2024.5.24.
	if total != 2862 || deleted != 598 || len(may24) != 12 {
		t.Fatalf("raw counts changed: %d listings, %d deleted, %d of 2024.5.24", total, deleted, len(may24))
	}
	d, entries, err := decodeAll(t, path)
	if err != nil {
		t.Fatal(err)
	}
	if d.Source().ID != "jp-mof-asset-freeze-2026-03-05" || d.Deleted != deleted {
		t.Errorf("source %s, deleted %d", d.Source().ID, d.Deleted)
	}
	got := map[string]int{}
	kinds := map[record.Kind]int{}
	var listed []string
	for _, e := range entries {
		no := strings.SplitN(strings.TrimPrefix(e.Entity.Ref, "jp-mof:"), "-", 2)[0]
		got[no]++
		kinds[e.Entity.Kind]++
		if e.Designations[0].ListedOn == "2024-05-24" {
			listed = append(listed, e.Entity.Ref)
		}
	}
	for no, n := range bySheet {
		if got[no] != n {
			t.Errorf("sheet %s: parsed %d listings, the sheet has %d", no, got[no], n)
		}
	}
	// Sheets 14-17 are North Korea's: 個人 and 団体 sheets by name, the
	// 1695 sheet (13) has no birth dates, so its listings are organisations.
	if kinds[record.Person] != 1998 || kinds[record.Organization] != 864 {
		t.Errorf("kinds = %v", kinds)
	}
	sort.Strings(listed)
	sort.Strings(may24)
	if strings.Join(listed, " ") != strings.Join(may24, " ") || strings.Join(listed, " ") != "jp-mof:28-258 jp-mof:28-259 jp-mof:28-260 jp-mof:28-261 jp-mof:28-262 jp-mof:28-263 jp-mof:28-264 jp-mof:28-265 jp-mof:28-266 jp-mof:29-729 jp-mof:34-2 jp-mof:34-3" {
		t.Errorf("listed 2024-05-24: parsed %v, sheet %v", listed, may24)
	}
}
