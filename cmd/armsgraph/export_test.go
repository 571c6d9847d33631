package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/armsgraph/armsgraph/ingest"
	"github.com/armsgraph/armsgraph/internal/realdata"
	"github.com/armsgraph/armsgraph/loaders/reference"
	"github.com/armsgraph/armsgraph/neo4jdb"
	"github.com/armsgraph/armsgraph/neo4jdb/neo4jtest"
	"github.com/armsgraph/armsgraph/record"
)

func exportLines(t *testing.T, s *neo4jdb.Store) []string {
	t.Helper()
	var buf bytes.Buffer
	n, err := exportFtM(context.Background(), s, &buf)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != n {
		t.Fatalf("export says %d entities, wrote %d lines", n, len(lines))
	}
	return lines
}

// TestYenteMergesWithOFAC loads yente's Zala Aero fixture into the real
// lists (a dry run: the shared graph stays as it is). Its people and
// companies join OFAC's nodes on their Russian tax numbers (INN), as
// sdn.csv of 2024-05-03 states them (A LEVEL AEROSYSTEMS CST LLC, 45928:
// "Tax ID No. 1841015504 (Russia)"; OSETROVA, 46001: "Tax ID No.
// 183116181362 (Russia)"), and yente's OFAC Sanction of record 45928 is
// that listing, not a second one.
func TestYenteMergesWithOFAC(t *testing.T) {
	zala := realdata.Path(t, realdata.FtMZala)
	s := neo4jtest.RealLists(t)
	res, err := ingest.Load(context.Background(), s, reference.Default(), []string{zala}, ingest.Options{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	merges := map[string]string{}
	for _, m := range res.Total().Merges {
		merges[m.Ref] = m.ID + " " + string(m.Key)
	}
	for ref, want := range map[string]string{
		"NK-abdzbEBkqyT29GyREbiURZ": "us-ofac-45928 tax:RU:1841015504",
		"NK-2Tbri3s6GgNtAwsSXh4qpL": "us-ofac-46001 tax:RU:183116181362",
	} {
		if merges[ref] != want {
			t.Errorf("%s merged into %q, want %q", ref, merges[ref], want)
		}
	}
	if len(merges) != 7 {
		t.Errorf("%d merges, want 7: %v", len(merges), merges)
	}
	if d := res.Total().Nodes["Designation"]; d.Created != 39 {
		t.Errorf("designations created = %d, want 39 (41 Sanctions, 2 of them OFAC listings already in the graph)", d.Created)
	}
}

// TestFtMRoundTrip loads the seed, the UN list and yente's Zala Aero
// fixture, exports the graph as FtM, loads the export into an empty graph
// and exports again: the two exports hold the same lines (entities,
// identifications, sanctions and links, each with all its properties).
func TestFtMRoundTrip(t *testing.T) {
	un := realdata.Path(t, realdata.UNList2024)
	zala := realdata.Path(t, realdata.FtMZala)
	ctx := context.Background()
	s := neo4jtest.Seeded(t)
	for _, path := range []string{un, zala} {
		if _, err := ingest.Load(ctx, s, reference.Default(), []string{path}, ingest.Options{}); err != nil {
			t.Fatalf("loading %s: %v", path, err)
		}
	}
	first := exportLines(t, s)
	checkCounts(t, s, first)
	for _, want := range []string{
		// yente's line 58: OFAC's listing of LLC CST (Zala Aero), record 45928
		`{"id":"sanction-ofac-780cd5691cab9c1219d921e42857cc300fef150e","schema":"Sanction","properties":{"authority":["U.S. Department of the Treasury, Office of Foreign Assets Control"],"authorityId":["45928"],"country":["us"],"entity":["NK-abdzbEBkqyT29GyREbiURZ"],"program":["RUSSIA-EO14024"],"provisions":["Block","RUSSIA-EO14024"],`,
		// the seed: M LEASING LLC owns ANGARA (2024-05-17-au-dfat.yaml)
		`"schema":"Ownership","properties":{"asset":["imo-9179842"],"owner":["m-leasing-llc"],"role":["owner"]`,
	} {
		if !containsPrefixOrPart(first, want) {
			t.Errorf("the export lacks %s", want)
		}
	}
	again := exportLines(t, s)
	if strings.Join(first, "\n") != strings.Join(again, "\n") {
		t.Fatal("two exports of one graph differ")
	}
	file := filepath.Join(t.TempDir(), "graph.ftm.json")
	if err := os.WriteFile(file, []byte(strings.Join(first, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s = neo4jtest.Empty(t)
	if _, err := ingest.Load(ctx, s, reference.Default(), []string{file}, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	stats, err := s.GraphStats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// the same export loaded again changes nothing
	res, err := ingest.Load(ctx, s, reference.Default(), []string{file}, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total().Changed() {
		t.Errorf("loading the export again changed the graph: %+v", res.Total().Nodes)
	}
	// a file with a bad line is refused whole
	bad := filepath.Join(t.TempDir(), "bad.ftm.json")
	if err := os.WriteFile(bad, []byte(first[0]+"\n"+`{"id":"x","schema":"Person","properties":{"name":["X"],"birthDate":["soon"]}}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = ingest.Load(ctx, s, reference.Default(), []string{bad}, ingest.Options{})
	if err == nil || !strings.Contains(err.Error(), "bad.ftm.json:2:birthDate") {
		t.Errorf("bad file: err %v, want one naming bad.ftm.json:2:birthDate", err)
	}
	if after, err := s.GraphStats(ctx); err != nil || !reflect.DeepEqual(after, stats) {
		t.Errorf("the graph changed after the refused file (err %v)", err)
	}
	second := exportLines(t, s)
	checkCounts(t, s, second)
	onlyFirst, onlySecond := setDifference(first, second), setDifference(second, first)
	for i, l := range onlyFirst {
		if i == 20 {
			break
		}
		t.Errorf("only in the first export: %s", l)
	}
	for i, l := range onlySecond {
		if i == 20 {
			break
		}
		t.Errorf("only in the second export: %s", l)
	}
	t.Logf("%d lines in the first export, %d in the second; %d and %d differ", len(first), len(second), len(onlyFirst), len(onlySecond))
}

// checkCounts checks an export against the graph's own counts: a line per
// entity, per designation and per relationship between actors.
func checkCounts(t *testing.T, s *neo4jdb.Store, lines []string) {
	t.Helper()
	stats, err := s.GraphStats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	schemata := map[string]int64{}
	for _, l := range lines {
		var e struct{ Schema string }
		if err := json.Unmarshal([]byte(l), &e); err != nil {
			t.Fatal(err)
		}
		schemata[e.Schema]++
	}
	things := schemata["Person"] + schemata["Company"] + schemata["Vessel"] + schemata["Airplane"]
	links := schemata["Ownership"] + schemata["Directorship"] + schemata["Family"] + schemata["UnknownLink"]
	var rels int64
	for _, typ := range record.ActorRelationshipTypes {
		rels += stats.RelationshipTypes[typ]
	}
	if things != stats.Labels["Entity"] || schemata["Sanction"] != stats.Labels["Designation"] || links != rels ||
		schemata["Person"] != stats.Labels["Person"] || schemata["Vessel"] != stats.Labels["Vessel"] {
		t.Errorf("export %v; graph %v %v", schemata, stats.Labels, stats.RelationshipTypes)
	}
	t.Logf("export: %v", schemata)
}

func containsPrefixOrPart(lines []string, part string) bool {
	for _, l := range lines {
		if strings.Contains(l, part) {
			return true
		}
	}
	return false
}

func setDifference(a, b []string) []string {
	in := map[string]bool{}
	for _, l := range b {
		in[l] = true
	}
	var out []string
	for _, l := range a {
		if !in[l] {
			out = append(out, l)
		}
	}
	sort.Strings(out)
	return out
}
