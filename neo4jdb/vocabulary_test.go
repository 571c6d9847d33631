package neo4jdb_test

import (
	"context"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/armsgraph/armsgraph"
	"github.com/armsgraph/armsgraph/neo4jdb/neo4jtest"
)

// Neo4j's answer to ProgramFamilyCypher is InProgramFamily's, next to the
// letters' edges too ('@' before A, '[' and '`' between Z and a, '{' after
// z) and past ASCII.
func TestProgramFamilyCypherAgreesWithGo(t *testing.T) {
	s := neo4jtest.Open(t)
	type pair struct{ program, family string }
	var cases []any
	var pairs []pair
	for _, program := range []string{"DPRK", "DPRK3", "DPRK-NKSPEA", "DPRK@", "DPRKA", "DPRKZ", "DPRK[", "DPRK`", "DPRKa", "DPRKz", "DPRK{",
		"DPRK é", "DPRKé", "DPRKß", "DPRK 2", "dprk3", "RUSSIA-EO14024", "RU"} {
		for _, family := range []string{"DPRK", "DPRK3", "RUSSIA", "RU", "RUSSIA-EO14024"} {
			pairs = append(pairs, pair{program, family})
			cases = append(cases, map[string]any{"program": program, "family": family})
		}
	}
	res, err := neo4j.ExecuteQuery(context.Background(), s.Driver(),
		`UNWIND $cases AS c
WITH c, {program: c.program, programs: [c.program]} AS d
RETURN `+armsgraph.ProgramFamilyCypher("d", "c.family")+` AS in`,
		map[string]any{"cases": cases}, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithReadersRouting())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Records) != len(pairs) {
		t.Fatalf("%d answers for %d cases", len(res.Records), len(pairs))
	}
	for i, r := range res.Records {
		got, _ := r.Values[0].(bool)
		if want := armsgraph.InProgramFamily(pairs[i].program, pairs[i].family); got != want {
			t.Errorf("program %q, family %q: Neo4j says %v, InProgramFamily %v", pairs[i].program, pairs[i].family, got, want)
		}
	}
}
