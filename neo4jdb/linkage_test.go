package neo4jdb_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/armsgraph/armsgraph/neo4jdb"
	"github.com/armsgraph/armsgraph/neo4jdb/neo4jtest"
)

var update = flag.Bool("update", false, "rewrite the expected answers in testdata")

// The North Korea–Russia trade on the real lists: the question scoped to
// the DPRK and RUSSIA program families, for the four ships of the seed.
var dprkRussia = neo4jdb.SanctionScope{Programs: []string{"DPRK", "RUSSIA"}, AsOf: asOf}

// writeLinkage renders a linkage as text: each entity with its path.
func writeLinkage(b *strings.Builder, l neo4jdb.VesselLinkage) {
	fmt.Fprintf(b, "%s (%s): %d entities\n", l.Ship.Name, l.Ship.ID, len(l.Linked))
	for i, e := range l.Linked {
		var chain []string
		p := l.Paths[i]
		for j, n := range p.Nodes {
			if j > 0 {
				r := p.Relationships[j-1]
				arrow := "-" + r.Type + "->"
				if r.StartID == n.ID {
					arrow = "<-" + r.Type + "-"
				}
				chain = append(chain, arrow)
			}
			chain = append(chain, n.Caption+" "+fmt.Sprint(n.DesignatedBy))
		}
		fmt.Fprintf(b, "  %s: %s\n", e.Name, strings.Join(chain, " "))
	}
}

func compareGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("answer differs from %s (run with -update to accept):\n%s", path, got)
	}
}

func TestLinkedSanctionedEntitiesDPRKRussia(t *testing.T) {
	s := neo4jtest.RealLists(t)
	ships := []string{"imo-8517839", "imo-9179842", "imo-9161003", "imo-9358010"} // MARIA, ANGARA, LADY R, MAIA-1
	got, err := s.LinkedSanctionedEntities(context.Background(), ships, 2, dprkRussia, neo4jdb.PathRead{Designated: true})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, id := range ships {
		l, ok := got[id]
		if !ok || len(l.Linked) == 0 {
			t.Errorf("%s links no entity of the DPRK or RUSSIA programs", id)
			continue
		}
		if len(l.Paths) != len(l.Linked) {
			t.Errorf("%s: %d paths for %d entities", id, len(l.Paths), len(l.Linked))
			continue
		}
		writeLinkage(&b, l)
	}
	compareGolden(t, "testdata/linked-dprk-russia.txt", b.String())
}

func TestVesselsLinkingSanctionedEntitiesDPRKRussia(t *testing.T) {
	s := neo4jtest.RealLists(t)
	ctx := context.Background()
	list, err := s.VesselsLinkingSanctionedEntities(ctx, 2, 2, dprkRussia, 100, neo4jdb.PathRead{Designated: true})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, l := range list {
		fmt.Fprintf(&b, "%s (%s): %d\n", l.Ship.Name, l.Ship.ID, len(l.Linked))
	}
	compareGolden(t, "testdata/vessels-linking-dprk-russia.txt", b.String())

	// MARIA and ANGARA link three entities each, behind the top 100 above;
	// scoped to the authorities that listed the trade in 2023-2024 (under
	// programs of their own names), they come back with the ships around
	// them.
	allies := neo4jdb.SanctionScope{Authorities: []string{"us-state", "kr-mofa", "jp-mof", "au-dfat"}, AsOf: asOf}
	list, err = s.VesselsLinkingSanctionedEntities(ctx, 1, 2, allies, 100, neo4jdb.PathRead{Designated: true})
	if err != nil {
		t.Fatal(err)
	}
	b.Reset()
	for _, l := range list {
		writeLinkage(&b, l)
	}
	compareGolden(t, "testdata/vessels-linking-dprk-russia-allies.txt", b.String())
}
