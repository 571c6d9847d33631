package neo4jdb_test

import (
	"context"
	"testing"

	"github.com/armsgraph/armsgraph/neo4jdb"
	"github.com/armsgraph/armsgraph/neo4jdb/neo4jtest"
	"github.com/armsgraph/armsgraph/record"
)

// Facet counts on the real lists agree with the entities list: kinds add
// up to the total, the total is the list's count, and each value's count is
// the count of the filter narrowed to that value.
func TestFacetsAgreeWithCounts(t *testing.T) {
	s := neo4jtest.RealLists(t)
	ctx := context.Background()
	count := func(f neo4jdb.EntityFilter) int {
		t.Helper()
		n, err := s.CountEntities(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	for name, f := range map[string]neo4jdb.EntityFilter{
		"every entity":               {},
		"DPRK family":                {ProgramFamily: "DPRK"},
		"listed in 2024, in force":   {ListedFrom: "2024-01-01", ListedTo: "2024-12-31", SanctionedAsOf: asOf},
		"vessels of the DPRK family": {ProgramFamily: "DPRK", Kinds: []record.Kind{record.Vessel}},
	} {
		t.Run(name, func(t *testing.T) {
			fc, err := s.EntityFacets(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			if n := count(f); fc.Total != n || n == 0 {
				t.Errorf("total %d, entities list counts %d", fc.Total, n)
			}
			sum := 0
			for _, k := range fc.Kinds {
				sum += k.Count
				g := f
				g.Kinds = []record.Kind{record.Kind(k.Value)}
				if n := count(g); n != k.Count {
					t.Errorf("kind %s: facet %d, list %d", k.Value, k.Count, n)
				}
			}
			if sum != fc.Total {
				t.Errorf("kinds add up to %d, total %d", sum, fc.Total)
			}
			for _, a := range fc.Authorities {
				g := f
				g.DesignatedBy = a.Value
				if n := count(g); n != a.Count {
					t.Errorf("authority %s: facet %d, list %d", a.Value, a.Count, n)
				}
			}
			for _, p := range fc.Programs[:min(5, len(fc.Programs))] {
				g := f
				g.Program = p.Value
				if n := count(g); n != p.Count {
					t.Errorf("program %s: facet %d, list %d", p.Value, p.Count, n)
				}
			}
			for _, c := range fc.Countries[:min(5, len(fc.Countries))] {
				g := f
				g.Country = c.Value
				if n := count(g); n != c.Count {
					t.Errorf("country %s: facet %d, list %d", c.Value, c.Count, n)
				}
			}
		})
	}
}
