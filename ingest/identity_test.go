package ingest_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/armsgraph/armsgraph/ingest"
	"github.com/armsgraph/armsgraph/loaders/reference"
	"github.com/armsgraph/armsgraph/neo4jdb"
	"github.com/armsgraph/armsgraph/neo4jdb/neo4jtest"
	"github.com/armsgraph/armsgraph/record"
)

const (
	judgementLists = "testdata/judgements/sdn-2024-05-03.csv"
	judgementUN    = "testdata/judgements/un-lubanga.xml"
)

func loadWith(t *testing.T, s *neo4jdb.Store, paths ...string) *ingest.Result {
	t.Helper()
	res, err := ingest.Load(context.Background(), s, reference.Default(), append([]string{judgementLists, judgementUN}, paths...), ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// nodesOf returns the graph ids of the nodes the official records point at,
// and the ids of the nodes their listings target.
func nodesOf(t *testing.T, s *neo4jdb.Store, records ...string) (ids, targets []string) {
	t.Helper()
	for _, r := range records {
		rows := query(t, s, `MATCH (:Identifier {key: 'src:' + $r})-[:IDENTIFIES]->(e:Entity) RETURN e.id AS id`, map[string]any{"r": r})
		if len(rows) != 1 {
			t.Fatalf("record %s identifies %d nodes, want 1", r, len(rows))
		}
		ids = append(ids, rows[0]["id"].(string))
		rows = query(t, s, `MATCH (d:Designation {sourceRecordId: $r})-[:TARGETS]->(e:Entity) RETURN e.id AS id`, map[string]any{"r": r})
		if len(rows) != 1 {
			t.Fatalf("listing %s targets %d nodes, want 1", r, len(rows))
		}
		targets = append(targets, rows[0]["id"].(string))
	}
	return ids, targets
}

// TestKeyConflictIsReported writes two people with a passport each, then a
// record that states both passports: it joins the first and reports that
// the second passport identifies another node, never merging the two.
func TestKeyConflictIsReported(t *testing.T) {
	s := neo4jtest.Empty(t)
	ctx := context.Background()
	write := func(src string, entities ...record.Entity) *neo4jdb.Summary {
		tx, err := s.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		l, err := tx.Load(ctx, record.Source{ID: src, Kind: "test", Title: src})
		if err != nil {
			t.Fatal(err)
		}
		if err := l.WriteEntities(ctx, entities); err != nil {
			t.Fatal(err)
		}
		sum, err := l.Finish(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		return sum
	}
	passport := func(n string) []record.Identifier {
		return []record.Identifier{{Type: record.IDPassport, Value: n, Country: "KP"}}
	}
	write("first",
		record.Entity{Ref: "a", ID: "person-a", Kind: record.Person, Name: "KIM Chol", Identifiers: passport("100")},
		record.Entity{Ref: "b", ID: "person-b", Kind: record.Person, Name: "PAK Chol", Identifiers: passport("200")})
	sum := write("second", record.Entity{Ref: "c", Kind: record.Person, Name: "KIM Chol",
		Identifiers: append(passport("100"), passport("200")...)})
	if len(sum.Merges) != 1 || sum.Merges[0].ID != "person-a" {
		t.Errorf("merges %+v, want the record joined person-a", sum.Merges)
	}
	if len(sum.Duplicates) != 1 || sum.Duplicates[0].OtherID != "person-b" || !strings.Contains(sum.Duplicates[0].Reason, "passport:KP:200") {
		t.Errorf("duplicates %+v, want the conflict on passport:KP:200 with person-b", sum.Duplicates)
	}
	if rows := query(t, s, `MATCH (e:Entity) RETURN count(e) AS n`, nil); rows[0]["n"].(int64) != 2 {
		t.Errorf("%d nodes, want 2", rows[0]["n"])
	}
}

// TestJudgementMergesAndRemovingItSplits loads real records: UN CDi.007
// and OFAC 11974 (THOMAS LUBANGA; the UN states no birth date) and OFAC
// 12211 and 17614 (KIM Yong Chol, born circa 1947 and on 18 Feb 1962).
// Neither pair merges on its own: a name alone, or a name with different
// birth dates, is not a key. A "same" judgement then joins the LUBANGA pair
// and the merge report names it; loading again changes nothing; a load
// whose judgements no longer hold it splits the node again.
func TestJudgementMergesAndRemovingItSplits(t *testing.T) {
	s := neo4jtest.Empty(t)
	first := loadWith(t, s)
	if ids, _ := nodesOf(t, s, "un-sc:CDi.007", "us-ofac:11974"); ids[0] == ids[1] {
		t.Errorf("LUBANGA merged on a name alone: %v", ids)
	}
	if ids, _ := nodesOf(t, s, "us-ofac:12211", "us-ofac:17614"); ids[0] == ids[1] {
		t.Errorf("two KIM Yong Chol with different birth dates merged: %v", ids)
	}
	if n := len(first.Total().Merges); n != 0 {
		t.Errorf("%d merges, want none: %+v", n, first.Total().Merges)
	}
	var dup []string
	for _, d := range first.Total().Duplicates {
		dup = append(dup, d.Name+"~"+d.OtherName)
	}
	if !slices.ContainsFunc(dup, func(s string) bool { return strings.Contains(s, "KIM, Yong Chol") }) {
		t.Errorf("same-name pair not reported as a likely duplicate: %v", dup)
	}
	res := loadWith(t, s, "testdata/judgements/same")
	ids, targets := nodesOf(t, s, "un-sc:CDi.007", "us-ofac:11974")
	if ids[0] != ids[1] || targets[0] != ids[0] || targets[1] != ids[0] {
		t.Fatalf("after the judgement: records on %v, listings on %v; want one node", ids, targets)
	}
	merges := res.Total().Merges
	if len(merges) != 1 || merges[0].Key != "same:un-sc:CDi.007+us-ofac:11974" || !strings.HasPrefix(merges[0].Judgement, "testdata/judgements/same/lubanga.yaml:4") {
		t.Errorf("merges %+v, want one naming the judgement at lubanga.yaml:4", merges)
	}
	if rows := query(t, s, `MATCH (e:Entity {id: $id}) RETURN e.aliases AS aliases, e.birthDates AS dobs`, map[string]any{"id": ids[0]}); len(rows) != 1 || rows[0]["dobs"] == nil {
		t.Errorf("merged node %v lacks the OFAC birth date", rows)
	}

	if again := loadWith(t, s, "testdata/judgements/same"); again.Total().Changed() {
		for label, o := range again.Total().Nodes {
			if o.Created+o.Updated > 0 {
				t.Errorf("loading the same files and judgement again changed %s: %+v", label, *o)
			}
		}
		for typ, o := range again.Total().Relationships {
			if o.Created+o.Updated > 0 {
				t.Errorf("loading the same files and judgement again changed [:%s]: %+v", typ, *o)
			}
		}
	}

	res = loadWith(t, s, "testdata/judgements/none")
	ids, targets = nodesOf(t, s, "un-sc:CDi.007", "us-ofac:11974")
	if ids[0] == ids[1] || targets[0] != ids[0] || targets[1] != ids[1] {
		t.Errorf("after removing the judgement: records on %v, listings on %v; want two nodes", ids, targets)
	}
	if splits := res.Total().Splits; len(splits) != 1 {
		t.Errorf("splits %+v, want 1", splits)
	}
	if rows := query(t, s, `MATCH (e:Entity {id: $id}) RETURN e.name AS name`, map[string]any{"id": ids[0]}); len(rows) != 1 || rows[0]["name"] != "THOMAS LUBANGA" {
		t.Errorf("UN node after the split: %v", rows)
	}
	if rows := query(t, s, `MATCH (j:Judgement) RETURN count(j) AS n`, nil); rows[0]["n"].(int64) != 0 {
		t.Errorf("%d judgements left in the graph, want 0", rows[0]["n"])
	}
}

func TestBadJudgementFileWritesNothing(t *testing.T) {
	dir := t.TempDir()
	bad := dir + "/bad.yaml"
	writeFile(t, bad, "judgements:\n  - records: [un-sc:CDi.007, us-ofac:11974]\n    decision: probably\n    by: x\n    on: 2024-10-01\n    why: y\n")
	_, err := ingest.Prepare([]string{judgementLists, bad}, reference.Default(), ingest.Options{})
	if err == nil || !strings.Contains(err.Error(), bad+":3: decision") {
		t.Errorf("Prepare: %v, want the problem at %s:3", err, bad)
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestSplitLeavesTheNodesOfACleanLoad judges UN CDi.007 and OFAC 11974
// the same, loads, takes the judgement back and loads again: both nodes,
// with their properties and relationships, are then what a load that
// never had the judgement gives; none of the OFAC record's names, birth
// date or listings stay on the UN node.
func TestSplitLeavesTheNodesOfACleanLoad(t *testing.T) {
	s := neo4jtest.Empty(t)
	loadWith(t, s, "testdata/judgements/none")
	records := []string{"un-sc:CDi.007", "us-ofac:11974"}
	clean, _ := nodesOf(t, s, records...)
	want := map[string]string{}
	for _, id := range clean {
		want[id] = nodeFacts(t, s, id)
	}

	s = neo4jtest.Empty(t)
	loadWith(t, s, "testdata/judgements/same")
	if ids, _ := nodesOf(t, s, records...); ids[0] != ids[1] {
		t.Fatalf("the judgement did not join the records: %v", ids)
	}
	loadWith(t, s, "testdata/judgements/none")
	ids, _ := nodesOf(t, s, records...)
	if !slices.Equal(ids, clean) {
		t.Fatalf("after the split the records are on %v, a clean load puts them on %v", ids, clean)
	}
	for _, id := range ids {
		if got := nodeFacts(t, s, id); got != want[id] {
			t.Errorf("node %s after the split differs from a clean load; - clean, + split:\n- %s\n+ %s", id, want[id], got)
		}
	}
}

// nodeFacts describes an entity node: its properties and each of its
// relationships with the node at the other end (by its id, key or code)
// and the relationship's properties, in a stable order.
func nodeFacts(t *testing.T, s *neo4jdb.Store, id string) string {
	t.Helper()
	rows := query(t, s, `
MATCH (n:Entity {id: $id})
OPTIONAL MATCH (n)-[r]-(o)
WITH n, r, o ORDER BY type(r), coalesce(o.id, o.key, o.code, ''), startNode(r) = n
RETURN properties(n) AS props,
       collect([type(r), startNode(r) = n, coalesce(o.id, o.key, o.code, ''), properties(r)]) AS rels`, map[string]any{"id": id})
	if len(rows) != 1 {
		t.Fatalf("node %s: %d rows", id, len(rows))
	}
	return fmt.Sprintf("%v %v", rows[0]["props"], rows[0]["rels"])
}
