package main

import (
	"context"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/armsgraph/armsgraph/ingest"
	"github.com/armsgraph/armsgraph/internal/realdata"
	"github.com/armsgraph/armsgraph/loaders/reference"
	"github.com/armsgraph/armsgraph/neo4jdb"
	"github.com/armsgraph/armsgraph/neo4jdb/neo4jtest"
)

// TestXrefProposesAndForgetsJudgedPairs loads real UN and OFAC records
// (THOMAS LUBANGA on both, no key in common; two KIM Yong Chol of OFAC
// with different birth dates): xref proposes the LUBANGA pair with its
// evidence, never the KIM pair, and no longer once it is judged not the
// same.
func TestXrefProposesAndForgetsJudgedPairs(t *testing.T) {
	s := neo4jtest.Empty(t)
	ctx := context.Background()
	const fixtures = "../../ingest/testdata/judgements/"
	if _, err := ingest.Load(ctx, s, reference.Default(), []string{fixtures + "sdn-2024-05-03.csv", fixtures + "un-lubanga.xml"}, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	cfg := neo4jtest.Config(t)
	// The password goes by the environment, never on a command line.
	t.Setenv("NEO4J_PASSWORD", cfg.Password)
	conn := []string{"--neo4j-uri", cfg.URI}
	out, err := run(t, append([]string{"xref", "--source", "un-sc-2024-09-26", "--against", "us-ofac-sdn-2024-05-03"}, conn...)...)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(out, "\n")
	if !strings.HasPrefix(out, "1 pairs at or above the threshold") || len(lines) < 3 ||
		!strings.Contains(lines[2], "un-sc-cdi-007") || !strings.Contains(lines[2], "us-ofac-11974") ||
		!strings.Contains(lines[2], "nationality +0.10") {
		t.Errorf("xref:\n%s", out)
	}
	out, err = run(t, append([]string{"xref", "--format", "yaml"}, conn...)...)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"- records:", "un-sc:CDi.007", "us-ofac:11974", "decision: undecided", "name +0.60"} {
		if !strings.Contains(out, want) {
			t.Errorf("xref --format yaml lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "12211") {
		t.Errorf("xref proposes the KIM Yong Chol pair of different birth dates:\n%s", out)
	}

	if _, err := ingest.Load(ctx, s, reference.Default(), []string{fixtures + "not-same"}, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	out, err = run(t, append([]string{"xref"}, conn...)...)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out, "0 pairs") {
		t.Errorf("xref after the not-same judgement:\n%s", head(out))
	}
}

// TestSeedJudgementsOnTheRealLists loads the official OFAC SDN list of
// 2024-05-03 and UN list of 2024-09-26 (the DR Congo and al-Qaida program
// families, which the judgements concern) with and without the reviewed
// judgements of seed/judgements. Without them, LUBANGA, NTAGANDA and M23
// are two nodes each and xref proposes UN QDi.072 (KAMMOUN) ~ OFAC 8100
// (ROUINE), who share only the weak alias Salmane, at the lowest threshold
// (their birth years differ: 0.05); with
// them, each "same" pair is one node, the merge report names the
// judgement's file and line, and the "not same" pair is never proposed.
func TestSeedJudgementsOnTheRealLists(t *testing.T) {
	s := neo4jtest.Empty(t)
	ctx := context.Background()
	lists := []string{realdata.Path(t, realdata.OFACSDN2024), realdata.Path(t, realdata.UNList2024)}
	opts := ingest.Options{Programs: []string{"DRC", "DRCONGO", "SDGT", "Al-Qaida"}}
	if _, err := ingest.Load(ctx, s, reference.Default(), lists, opts); err != nil {
		t.Fatal(err)
	}
	cfg := neo4jtest.Config(t)
	t.Setenv("NEO4J_PASSWORD", cfg.Password)
	xref := []string{"xref", "--neo4j-uri", cfg.URI, "--source", "un-sc-2024-09-26", "--against", "us-ofac-sdn-2024-05-03", "--threshold", "0.01", "--limit", "100000"}
	const notSame = "un-sc-qdi-072  MEHDI BEN MOHAMED BEN MOHAMED KAMMOUN"
	out, err := run(t, xref...)
	if err != nil {
		t.Fatal(err)
	}
	if !containsPair(out, notSame, "us-ofac-8100") {
		t.Fatalf("without judgements, xref at 0.01 does not propose QDi.072 ~ 8100:\n%s", head(out))
	}
	pairs := map[string][2]string{
		"same:un-sc:CDe.006+us-ofac:15585": {"un-sc:CDe.006", "us-ofac:15585"},
		"same:un-sc:CDi.007+us-ofac:11974": {"un-sc:CDi.007", "us-ofac:11974"},
		"same:un-sc:CDi.030+us-ofac:11973": {"un-sc:CDi.030", "us-ofac:11973"},
	}
	for key, records := range pairs {
		if a, b := nodeOf(t, s, records[0]), nodeOf(t, s, records[1]); a == b {
			t.Errorf("%s: one node %s before any judgement", key, a)
		}
	}

	res, err := ingest.Load(ctx, s, reference.Default(), append(lists, "../../seed/judgements"), opts)
	if err != nil {
		t.Fatal(err)
	}
	named := map[string]string{}
	for _, m := range res.Total().Merges {
		if m.Judgement != "" {
			named[string(m.Key)] = m.Judgement
		}
	}
	for key, records := range pairs {
		if a, b := nodeOf(t, s, records[0]), nodeOf(t, s, records[1]); a != b {
			t.Errorf("%s: nodes %s and %s after the judgement, want one", key, a, b)
		}
		if at := named[key]; !strings.HasPrefix(at, "../../seed/judgements/un-ofac.yaml:") {
			t.Errorf("%s: merge report names %q, want the judgement's file and line (merges %+v)", key, at, res.Total().Merges)
		}
	}
	out, err = run(t, xref...)
	if err != nil {
		t.Fatal(err)
	}
	if containsPair(out, notSame, "us-ofac-8100") {
		t.Errorf("xref proposes QDi.072 ~ 8100 after the not-same judgement:\n%s", head(out))
	}
	if !containsPair(out, notSame, "us-ofac-7255") {
		t.Errorf("xref no longer proposes QDi.072 ~ 7255 (KAMMOUN, Mehdi), which no judgement decides:\n%s", head(out))
	}
}

// containsPair reports whether a line of xref's table starts its pair with
// left and names right.
func containsPair(table, left, right string) bool {
	for _, line := range strings.Split(table, "\n") {
		if strings.Contains(line, left) && strings.Contains(line, right+" ") {
			return true
		}
	}
	return false
}

// nodeOf is the graph id of the node an official record identifies.
func nodeOf(t *testing.T, s *neo4jdb.Store, rec string) string {
	t.Helper()
	res, err := neo4j.ExecuteQuery(context.Background(), s.Driver(),
		`MATCH (:Identifier {key: 'src:' + $r})-[:IDENTIFIES]->(e:Entity) RETURN e.id AS id`, map[string]any{"r": rec},
		neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithReadersRouting(), neo4j.ExecuteQueryWithDatabase(s.Config().Database))
	if err != nil || len(res.Records) != 1 {
		t.Fatalf("record %s: %v, %v", rec, res, err)
	}
	return res.Records[0].Values[0].(string)
}

// head is the start of a long xref table, for a failure message.
func head(table string) string {
	if len(table) > 2000 {
		return table[:2000] + "..."
	}
	return table
}
