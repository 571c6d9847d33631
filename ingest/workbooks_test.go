package ingest_test

import (
	"context"
	"errors"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/armsgraph/armsgraph/ingest"
	"github.com/armsgraph/armsgraph/internal/realdata"
	"github.com/armsgraph/armsgraph/loaders/reference"
	"github.com/armsgraph/armsgraph/neo4jdb/neo4jtest"
)

// The real DFAT, MOF and OFSI lists (see shared/data/SOURCES.md), read in
// place.
const (
	dfatList = "au_dfat_consolidated_2024-11-11/regulation8_consolidated.xlsx"
	mofList  = "jp_mof_asset_freeze_2026-03-05/shisantouketsu20260305.xlsx"
	ofsiList = "uk_ofsi_conlist_2025-04-10/ConList.xlsx"
)

// mergesOf lists "ref -> node on key" for the refs of a load's merges.
func mergesOf(res *ingest.Result, refs ...string) map[string]string {
	want := map[string]bool{}
	for _, r := range refs {
		want[r] = true
	}
	out := map[string]string{}
	for _, f := range res.Files {
		for _, m := range f.Summary.Merges {
			if want[m.Ref] {
				out[m.Ref] = m.ID + " on " + string(m.Key)
			}
		}
	}
	return out
}

// TestWorkbookListsJoinTheGraphOnKeys loads the seed, then DFAT's and
// MOF's Russia listings. DFAT's listings of 2024-05-17 that carry a
// company IMO number join the seed's nodes holding it; the three without
// a key, and all of MOF's (names and addresses only), stay nodes of their
// own: a name alone never merges. (OFAC's list, which the seed's nodes
// also merge with, is left out to keep the test short: it adds no key
// these listings share.)
func TestWorkbookListsJoinTheGraphOnKeys(t *testing.T) {
	dfatList, mofList := realdata.Path(t, dfatList), realdata.Path(t, mofList)
	s := neo4jtest.Empty(t)
	loadSeed(t, s, false)
	ctx := context.Background()
	dfat, err := ingest.Load(ctx, s, reference.Default(), []string{dfatList}, ingest.Options{Programs: []string{"Autonomous (Russia)"}})
	if err != nil {
		t.Fatal(err)
	}
	if f := dfat.Files[0]; f.File.Format != ingest.FormatDFAT || f.Source.ID != "au-dfat-consolidated-2024-11-11" || f.Source.Complete {
		t.Errorf("DFAT file = %s, source %s, complete %v; want au-dfat-xlsx, au-dfat-consolidated-2024-11-11, a filtered (incomplete) list", f.File.Format, f.Source.ID, f.Source.Complete)
	}
	may17 := []string{"au-dfat:7962", "au-dfat:7963", "au-dfat:7964", "au-dfat:7965", "au-dfat:7966", "au-dfat:7967"}
	got := mergesOf(dfat, may17...)
	for _, ref := range may17 {
		t.Logf("DFAT 2024-05-17 %s: %s", ref, or(got[ref], "a node of its own"))
	}
	want := map[string]string{
		"au-dfat:7964": "marine-trans-shipping-llc on company-imo:6183435",
		"au-dfat:7965": "transmorflot-llc on company-imo:6016988",
		"au-dfat:7966": "m-leasing-llc on company-imo:6246853",
	}
	if !equalMaps(got, want) {
		t.Errorf("DFAT 2024-05-17 merges = %v, want %v", got, want)
	}
	rows := query(t, s, `
		MATCH (d:Designation {authorityId: 'au-dfat', listedOn: '2024-05-17'})-[:TARGETS]->(e)
		WHERE d.sourceKind = 'au-dfat-consolidated'
		RETURN e.id AS id ORDER BY id`, nil)
	if len(rows) != 6 {
		t.Errorf("au-dfat list designations dated 2024-05-17 = %v, want 6", rows)
	}

	mof, err := ingest.Load(ctx, s, reference.Default(), []string{mofList}, ingest.Options{Programs: []string{"ロシア"}})
	if err != nil {
		t.Fatal(err)
	}
	if f := mof.Files[0]; f.File.Format != ingest.FormatMOF || f.Source.ID != "jp-mof-asset-freeze-2026-03-05" {
		t.Errorf("MOF file = %s, source %s", f.File.Format, f.Source.ID)
	}
	rows = query(t, s, `
		MATCH (d:Designation {authorityId: 'jp-mof', listedOn: '2024-05-24'})-[:TARGETS]->(e)
		WHERE d.sourceKind = 'jp-mof-asset-freeze'
		RETURN e.id AS id, d.sourceRecordId AS ref ORDER BY ref`, nil)
	var refs []string
	for _, r := range rows {
		refs = append(refs, r["ref"].(string))
	}
	if len(rows) != 12 {
		t.Errorf("jp-mof list designations dated 2024-05-24 = %v, want 12", refs)
	}
	if got := mergesOf(mof, refs...); len(got) != 0 {
		t.Errorf("MOF entries merged on a name alone: %v", got)
	}
	var candidates []string
	for _, d := range mof.Files[0].Summary.Duplicates {
		for _, r := range rows {
			if d.ID == r["id"] {
				candidates = append(candidates, d.Name+" ~ "+d.OtherID)
			}
		}
	}
	sort.Strings(candidates)
	for _, c := range candidates {
		t.Logf("MOF 2024-05-24 candidate by name only (not merged): %s", c)
	}

	// The maintainers' judgements (seed/judgements/jp-mof.yaml) join eleven
	// of them to the seed's nodes; Dunay, which the seed does not name,
	// stays apart.
	judged, err := ingest.Load(ctx, s, reference.Default(), []string{filepath.Join(seedDir, "judgements")}, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	byJudgement := 0
	for _, m := range judged.Total().Merges {
		if strings.Contains(m.Judgement, "judgements/jp-mof.yaml:") {
			byJudgement++
		}
	}
	if byJudgement != 11 {
		t.Errorf("%d merges name seed/judgements/jp-mof.yaml, want 11: %+v", byJudgement, judged.Total().Merges)
	}
	targets := map[string]string{}
	for _, r := range query(t, s, `
		MATCH (d:Designation {authorityId: 'jp-mof', listedOn: '2024-05-24'})-[:TARGETS]->(e)
		WHERE d.sourceKind = 'jp-mof-asset-freeze'
		RETURN e.id AS id, d.sourceRecordId AS ref`, nil) {
		targets[r["ref"].(string)] = r["id"].(string)
	}
	want = map[string]string{
		"jp-mof:28-258": "transmorflot-llc", "jp-mof:28-259": "m-leasing-llc", "jp-mof:28-260": "azia-shipping-company",
		"jp-mof:28-261": "jsc-224th-flight-unit-state-airlines", "jp-mof:28-262": "vostochnaya-stevedoring-company-llc",
		"jp-mof:28-263": "jp-mof-28-263", "jp-mof:28-264": "command-of-military-transport-aviation",
		"jp-mof:28-265": "vladimirovka-advanced-weapons-and-research-complex", "jp-mof:28-266": "ashuluk-firing-range",
		"jp-mof:29-729": "vladimir-mikheychik", "jp-mof:34-2": "ibex-shipping-inc", "jp-mof:34-3": "azia-shipping-holdings-ltd",
	}
	if !equalMaps(targets, want) {
		t.Errorf("after the judgements, MOF 2024-05-24 listings target %v, want %v", targets, want)
	}
}

func or(s, otherwise string) string {
	if s == "" {
		return otherwise
	}
	return s
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// writeWorkbook writes a one-sheet xlsx file.
func writeWorkbook(t *testing.T, name, sheet string, rows [][]any) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), name)
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

var dfatHeader = []any{"Reference", "Name of Individual or Entity", "Type", "Name Type", "Date of Birth", "Place of Birth", "Citizenship", "Address", "Additional Information", "Listing Information", "Committees", "Control Date"}

// TestWorkbookFormatIsRecognisedFromContent names a DFAT list as if it
// were OFSI's: the content decides. Loading it twice changes nothing; a
// malformed row further down makes a load write nothing.
func TestWorkbookFormatIsRecognisedFromContent(t *testing.T) {
	good := []any{"7966", "M Leasing LLC", "Entity", "Primary Name", "", "", "", "Moscow, Russia", "IMO Identification Number: 6246853 (Company)", "", "Autonomous (Russia)", 45429}
	path := writeWorkbook(t, "ConList.xlsx", "Sheet1", [][]any{dfatHeader, good})
	files, err := ingest.Expand([]string{path}, "")
	if err != nil || len(files) != 1 || files[0].Format != ingest.FormatDFAT {
		t.Fatalf("Expand = %+v, %v; want one au-dfat-xlsx file", files, err)
	}

	ctx := context.Background()
	s := neo4jtest.Empty(t)
	if _, err := ingest.Load(ctx, s, reference.Default(), []string{path}, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	_, before := snapshot(t, s)
	again, err := ingest.Load(ctx, s, reference.Default(), []string{path}, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, after := snapshot(t, s); again.Total().Changed() || after != before {
		t.Error("reloading a DFAT list changed the graph")
	}

	bad := writeWorkbook(t, "regulation8_consolidated.xlsx", "Sheet1", [][]any{dfatHeader, good, {"7967", "Sovfracht", "Entity", "Primary Name", "", "", "", "", "", "", "Autonomous (Russia)", "17 May"}})
	s = neo4jtest.Empty(t)
	_, err = ingest.Load(ctx, s, reference.Default(), []string{bad}, ingest.Options{})
	var problems ingest.Problems
	if !errors.As(err, &problems) || !strings.Contains(err.Error(), bad+":Sheet1:3:L: control date \"17 May\" is not a date") {
		t.Fatalf("err = %v, want a problem at file:sheet:row:column", err)
	}
	stats, _ := snapshot(t, s)
	if len(stats.Labels) != 0 {
		t.Errorf("a malformed list left nodes: %v", stats.Labels)
	}
}

// TestUKListLoads loads OFSI's ConList: one node per Group ID and one
// gb-fcdo designation each.
func TestUKListLoads(t *testing.T) {
	ofsiList := realdata.Path(t, ofsiList)
	s := neo4jtest.Empty(t)
	res, err := ingest.Load(context.Background(), s, reference.Default(), []string{ofsiList}, ingest.Options{Programs: []string{"Democratic People's Republic of Korea"}})
	if err != nil {
		t.Fatal(err)
	}
	if f := res.Files[0]; f.File.Format != ingest.FormatOFSI || f.Entries != 239 || f.Source.Complete {
		t.Errorf("OFSI file = %s, %d entries, complete %v; want gb-ofsi-xlsx, the 239 DPRK groups, not complete", f.File.Format, f.Entries, f.Source.Complete)
	}
	rows := query(t, s, `
		MATCH (d:Designation {authorityId: 'gb-fcdo'})-[:TARGETS]->(e)
		RETURN e.kind AS kind, count(DISTINCT d) AS n ORDER BY kind`, nil)
	got := map[string]int64{}
	for _, r := range rows {
		got[r["kind"].(string)] = r["n"].(int64)
	}
	t.Logf("OFSI DPRK designations by kind: %v", got)
	if got["VESSEL"] != 15 || got["PERSON"]+got["ORGANIZATION"]+got["VESSEL"] != 239 {
		t.Errorf("OFSI DPRK designations by kind = %v, want 239 with the 15 ships", got)
	}
}
