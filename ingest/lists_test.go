package ingest_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/armsgraph/armsgraph/ingest"
	"github.com/armsgraph/armsgraph/internal/realdata"
	"github.com/armsgraph/armsgraph/loaders/reference"
	"github.com/armsgraph/armsgraph/neo4jdb/neo4jtest"
)

func authoritiesOf(t *testing.T, rows []map[string]any) string {
	t.Helper()
	if len(rows) != 1 {
		t.Fatalf("got %d nodes, want exactly 1", len(rows))
	}
	var ids []string
	for _, a := range rows[0]["authorities"].([]any) {
		ids = append(ids, a.(string))
	}
	return strings.Join(ids, ",")
}

// TestOfficialListsMergeWithTheSeed loads the seed, the whole OFAC SDN list
// of 2024-05-03 and the UN list's DPRK entries: the same hull, company or
// person named by several sources is one node with each source's listing.
func TestOfficialListsMergeWithTheSeed(t *testing.T) {
	ofacSDN2024 := realdata.Path(t, realdata.OFACSDN2024)
	unList2024 := realdata.Path(t, realdata.UNList2024)
	s := neo4jtest.Empty(t)
	loadSeed(t, s, false)
	ctx := context.Background()
	first, err := ingest.Load(ctx, s, reference.Default(), []string{ofacSDN2024}, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := first.Files[0].Entries; got != 14965 {
		t.Errorf("OFAC entries loaded = %d, want 14965", got)
	}
	if _, err := ingest.Load(ctx, s, reference.Default(), []string{unList2024}, ingest.Options{Programs: []string{"DPRK"}}); err != nil {
		t.Fatal(err)
	}

	for imo, want := range map[string]string{"9358010": "kr-mofa,us-ofac", "8517839": "kr-mofa,us-ofac,us-state"} {
		rows := query(t, s, `
			MATCH (v:Vessel {imoNumber: $imo})
			OPTIONAL MATCH (v)<-[:TARGETS]-(:Designation)-[:ISSUED_BY]->(a:Authority)
			WITH v, a ORDER BY a.id
			RETURN v.id AS id, collect(DISTINCT a.id) AS authorities`, map[string]any{"imo": imo})
		if got := authoritiesOf(t, rows); got != want {
			t.Errorf("vessel IMO %s designated by %s, want %s", imo, got, want)
		}
	}
	rows := query(t, s, `
		MATCH (o:Organization) WHERE 'un-sc:KPe.001' IN o.sourceRecordIds
		OPTIONAL MATCH (o)<-[:TARGETS]-(:Designation)-[:ISSUED_BY]->(a:Authority)
		WITH o, a ORDER BY a.id
		RETURN o.id AS id, collect(DISTINCT a.id) AS authorities`, nil)
	if got := authoritiesOf(t, rows); !strings.Contains(got, "un-sc") {
		t.Errorf("KOMID (KPe.001) designated by %s, want un-sc among them", got)
	}
	rows = query(t, s, `
		MATCH (d:Designation {authorityId: 'us-ofac'})-[:LISTED_IN]->(:SourceList {id: 'us-ofac-sdn-2024-05-03'})
		WHERE any(p IN d.programs WHERE p STARTS WITH 'DPRK')
		MATCH (d)-[:TARGETS]->(e)
		RETURN e.kind AS kind, count(DISTINCT d) AS n ORDER BY kind`, nil)
	got := map[string]int64{}
	for _, r := range rows {
		got[r["kind"].(string)] = r["n"].(int64)
	}
	want := map[string]int64{"AIRCRAFT": 16, "ORGANIZATION": 199, "PERSON": 164, "VESSEL": 105}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("DPRK-program OFAC designations of kind %s = %d, want %d", k, got[k], v)
		}
	}
	rows = query(t, s, `
		MATCH (:Designation {authorityId: 'un-sc'})-[:TARGETS]->(e)
		RETURN e.kind AS kind, count(DISTINCT e) AS n ORDER BY kind`, nil)
	if len(rows) != 2 || rows[0]["n"].(int64) != 75 || rows[1]["n"].(int64) != 80 {
		t.Errorf("UN DPRK targets by kind = %v, want 75 organisations and 80 persons", rows)
	}

	before := listState(t, s)
	again, err := ingest.Load(ctx, s, reference.Default(), []string{ofacSDN2024}, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if again.Total().Changed() {
		t.Error("reloading the OFAC list changed the graph")
	}
	if after := listState(t, s); after != before {
		t.Error("fingerprint of the designations and snapshots changed on OFAC reload")
	}
}

// TestNewerListDelistsDroppedEntries loads two snapshots of a list: the
// entry the second one lacks is delisted as of its date, not deleted.
func TestNewerListDelistsDroppedEntries(t *testing.T) {
	s := neo4jtest.Empty(t)
	ctx := context.Background()
	for _, dir := range []string{"testdata/delisting/sdn-2024-01-01.csv", "testdata/delisting/sdn-2024-02-01.csv"} {
		if _, err := ingest.Load(ctx, s, reference.Default(), []string{dir}, ingest.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	rows := query(t, s, `
		MATCH (d:Designation)-[:TARGETS]->(e:Entity)
		RETURN e.name AS name, d.delistedOn AS delistedOn ORDER BY name`, nil)
	got := map[string]any{}
	for _, r := range rows {
		got[r["name"].(string)] = r["delistedOn"]
	}
	if got["MAIA-1"] != "2024-02-01" {
		t.Errorf("MAIA-1 delistedOn = %v, want 2024-02-01", got["MAIA-1"])
	}
	if got["MARIA"] != nil || got["IBEX SHIPPING INC"] != nil {
		t.Errorf("entries still listed were delisted: %v", got)
	}
}

func TestFilteredLoadDelistsNothing(t *testing.T) {
	s := neo4jtest.Empty(t)
	ctx := context.Background()
	if _, err := ingest.Load(ctx, s, reference.Default(), []string{"testdata/delisting/sdn-2024-01-01.csv"}, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.Load(ctx, s, reference.Default(), []string{"testdata/delisting/sdn-2024-02-01.csv"}, ingest.Options{Programs: []string{"DPRK"}}); err != nil {
		t.Fatal(err)
	}
	rows := query(t, s, `MATCH (d:Designation) WHERE d.delistedOn IS NOT NULL RETURN count(d) AS n`, nil)
	if n := rows[0]["n"].(int64); n != 0 {
		t.Errorf("a filtered list delisted %d designations; it must delist none", n)
	}
}

func TestMalformedListWritesNothing(t *testing.T) {
	s := neo4jtest.Empty(t)
	_, err := ingest.Load(context.Background(), s, reference.Default(), []string{"testdata/malformed-sdn.csv"}, ingest.Options{})
	var problems ingest.Problems
	if !errors.As(err, &problems) || !strings.Contains(err.Error(), "testdata/malformed-sdn.csv:1:") {
		t.Fatalf("err = %v, want a problem naming the file and line", err)
	}
	stats, _ := snapshot(t, s)
	if len(stats.Labels) != 0 {
		t.Errorf("a malformed list left nodes: %v", stats.Labels)
	}
}

func TestOFACConsolidatedXMLLoadsWhole(t *testing.T) {
	ofacConsXML := realdata.Path(t, realdata.OFACConsXML2024)
	s := neo4jtest.Empty(t)
	res, err := ingest.Load(context.Background(), s, reference.Default(), []string{ofacConsXML}, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Files[0].Entries; got != 443 {
		t.Errorf("entries = %d, want 443", got)
	}
	rows := query(t, s, `MATCH (d:Designation {sourceKind: 'us-ofac-cons'}) RETURN count(d) AS n`, nil)
	if n := rows[0]["n"].(int64); n != 443 {
		t.Errorf("designations from the consolidated list = %d, want 443", n)
	}
}
