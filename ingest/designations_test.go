package ingest_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/armsgraph/armsgraph/ingest"
	"github.com/armsgraph/armsgraph/internal/realdata"
	"github.com/armsgraph/armsgraph/loaders/reference"
	"github.com/armsgraph/armsgraph/neo4jdb"
	"github.com/armsgraph/armsgraph/neo4jdb/neo4jtest"
)

// The tests of this file read the graph of the seed, the OFAC SDN list of
// 2024-05-03 and the UN list of 2024-09-26 (neo4jtest.RealLists) and write
// nothing to it; they come first in the package so that the graph is
// loaded once.

// TestOneDesignationPerListing: the seed's announcements and the OFAC list
// name some of the same listings; each is one Designation. The list holds
// 484 DPRK-program entries (199 organisations, 164 people, 105 vessels, 16
// aircraft: SOURCES.md) and the seed adds 5 US designations of 2024-05-16
// (3 organisations, 2 people) that came after it.
func TestOneDesignationPerListing(t *testing.T) {
	s := neo4jtest.RealLists(t)
	rows := query(t, s, `
		MATCH (d:Designation {authorityId: 'us-ofac'})-[:TARGETS]->(e:Entity)
		WHERE any(p IN d.programs WHERE p STARTS WITH 'DPRK')
		RETURN e.kind AS kind, count(d) AS n`, nil)
	got := map[string]int64{}
	var total int64
	for _, r := range rows {
		got[r["kind"].(string)] = r["n"].(int64)
		total += r["n"].(int64)
	}
	want := map[string]int64{"ORGANIZATION": 202, "PERSON": 166, "VESSEL": 105, "AIRCRAFT": 16}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("us-ofac DPRK-program designations of %s = %d, want %d", k, got[k], n)
		}
	}
	if total != 489 {
		t.Errorf("us-ofac DPRK-program designations = %d, want 489", total)
	}

	// The four the seed announced before the list: one node each, with the
	// announcement's date and the list's record id.
	for _, recordID := range []string{"us-ofac:41736", "us-ofac:44544", "us-ofac:44578", "us-ofac:44579"} {
		rows := query(t, s, `
			MATCH (:Identifier {key: 'src:' + $id})-[:IDENTIFIES]->(e:Entity)<-[:TARGETS]-(d:Designation {authorityId: 'us-ofac'})
			RETURN d.listedOn AS listedOn, d.sourceRecordId AS recordId, d.inForceSinceEvidence AS evidence,
			       [x IN d.sources WHERE x STARTS WITH 'us-ofac-sdn'] AS lists,
			       [x IN d.sources WHERE NOT x STARTS WITH 'us-ofac-sdn'] AS announcements`, map[string]any{"id": recordID})
		if len(rows) != 1 {
			t.Errorf("%s: %d us-ofac designations, want 1", recordID, len(rows))
			continue
		}
		r := rows[0]
		if r["listedOn"] == nil || r["recordId"] != recordID || r["evidence"] != neo4jdb.EvidenceAnnouncement ||
			len(r["lists"].([]any)) != 1 || len(r["announcements"].([]any)) != 1 {
			t.Errorf("%s: designation = %v; want the announcement's date, the list's record id, both sources", recordID, r)
		}
	}

	// MARIA: the State Department designated it; OFAC's list publishes it.
	// The list entry takes its date from the State designation.
	rows = query(t, s, `
		MATCH (v:Vessel {imoNumber: '8517839'})<-[:TARGETS]-(d:Designation)
		WHERE d.authorityId IN ['us-ofac', 'us-state']
		RETURN d.authorityId AS authority, d.inForceSince AS since, d.inForceSinceEvidence AS evidence, d.inForceSinceSource AS source
		ORDER BY authority`, nil)
	if len(rows) != 2 || rows[0]["since"] != "2023-12-12" || rows[0]["evidence"] != neo4jdb.EvidencePublishedBy ||
		rows[0]["source"] != "us-state-2023-12-12" || rows[1]["since"] != "2023-12-12" {
		t.Errorf("MARIA's US designations = %v", rows)
	}
}

// TestSanctionedAsOfNeedsEvidence: the OFAC list gives MAIA-1 no listing
// date; the first snapshot that carries it is that of 2024-05-03 (the
// 2021-04-25 list does not carry it), so before that nothing says it was
// sanctioned.
func TestSanctionedAsOfNeedsEvidence(t *testing.T) {
	s := neo4jtest.RealLists(t)
	for asOf, want := range map[string]int64{"2000-01-01": 0, "2022-01-01": 0, "2024-06-01": 2} {
		rows := query(t, s, `
			MATCH (:Vessel {imoNumber: '9358010'})<-[:TARGETS]-(d:Designation)
			WHERE `+neo4jdb.InForceCypher+`
			RETURN count(d) AS n`, map[string]any{"asOf": asOf})
		if n := rows[0]["n"].(int64); n != want {
			t.Errorf("MAIA-1 designations in force on %s = %d, want %d", asOf, n, want)
		}
	}
	rows := query(t, s, `
		MATCH (:Vessel {imoNumber: '9358010'})<-[:TARGETS]-(d:Designation {authorityId: 'us-ofac'})
		RETURN d.inForceSince AS since, d.inForceSinceEvidence AS evidence, d.inForceSinceSource AS source`, nil)
	if len(rows) != 1 || rows[0]["since"] != "2024-05-03" || rows[0]["evidence"] != neo4jdb.EvidenceFirstSnapshot || rows[0]["source"] != "us-ofac-sdn-2024-05-03" {
		t.Errorf("MAIA-1's OFAC designation: date evidence = %v, want first seen in us-ofac-sdn-2024-05-03", rows)
	}
}

// TestSuspectListsAreRefused: a cut list, a renamed consolidated list and a
// list that would delist most of the SDN list are refused, each with one
// line naming the check, and the graph does not change.
func TestSuspectListsAreRefused(t *testing.T) {
	s := neo4jtest.RealLists(t)
	before := listState(t, s)
	dir := t.TempDir()

	full, err := os.ReadFile(realdata.Path(t, realdata.OFACSDN2024))
	if err != nil {
		t.Fatal(err)
	}
	first100 := full
	for i, n := 0, 0; i < len(full); i++ {
		if full[i] == '\n' {
			if n++; n == 100 {
				first100 = full[:i+1]
				break
			}
		}
	}
	cut := filepath.Join(dir, "cut", "sdn-2024-05-04.csv")
	marked := filepath.Join(dir, "marked", "sdn-2024-05-04.csv")
	renamed := filepath.Join(dir, "renamed", "sdn.xml")
	cons, err := os.ReadFile(realdata.Path(t, realdata.OFACConsXML2024))
	if err != nil {
		t.Fatal(err)
	}
	for path, body := range map[string][]byte{cut: first100, marked: append(bytes.Clone(first100), 0x1a), renamed: cons} {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, body, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct{ path, check string }{
		{cut, "end-of-file check"},
		{renamed, "list-kind check"},
		{marked, "mass-delist check"},
	} {
		_, err := ingest.Load(context.Background(), s, reference.Default(), []string{c.path}, ingest.Options{})
		if err == nil || !strings.Contains(err.Error(), c.check) || strings.Count(strings.TrimSpace(err.Error()), "\n") > 0 {
			t.Errorf("%s: err = %v; want one line naming the %s", c.path, err, c.check)
		}
	}
	if after := listState(t, s); after != before {
		t.Errorf("a refused list changed the graph: %s, then %s", before, after)
	}
}

// listState fingerprints what a list load can change: the count of nodes
// and relationships of every kind, the snapshots, and every designation's
// state and provenance. (Store.Fingerprint reads all 66,000 nodes, more than
// a read transaction's 10 s allow on a busy test machine.)
func listState(t *testing.T, s *neo4jdb.Store) string {
	t.Helper()
	stats, err := s.GraphStats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	rows := query(t, s, `
		MATCH (d:Designation)
		WITH d ORDER BY d.id
		WITH collect([d.id, d.inForceFrom, d.inForceUntil, d.delistedOn, d.sources, d.lastListedIn]) AS designations
		MATCH (s:SourceList)
		WITH designations, s ORDER BY s.id
		RETURN designations, collect([s.id, s.sha256, s.complete, s.sources]) AS snapshots`, nil)
	sum := sha256.Sum256(fmt.Appendf(nil, "%v %v %v", stats.Labels, stats.RelationshipTypes, rows))
	return hex.EncodeToString(sum[:])
}
