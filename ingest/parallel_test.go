package ingest_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"github.com/armsgraph/armsgraph/ingest"
	"github.com/armsgraph/armsgraph/loaders/reference"
	"github.com/armsgraph/armsgraph/neo4jdb/neo4jtest"
)

// overlappingAnnouncement names RAFORT by its registration and tax numbers
// and MAIA-1 by its IMO number (facts of the seed's announcements), under
// an announcement id of its own.
func overlappingAnnouncement(n int) string {
	return fmt.Sprintf(`announcement:
  id: parallel-test-%d
  authority: us-ofac
  publishedOn: 2024-05-%02d
  title: Parallel load test %d
  publisher: armsgraph tests
  url: https://example.org/parallel-test-%d
entities:
  - id: rafort-llc
    kind: organization
    name: RAFORT LIMITED LIABILITY COMPANY
    country: RU
    identifiers:
      - {type: tax, value: "6234061793", country: RU}
      - {type: registration, value: "1086234013051", country: RU}
  - id: maia-1
    kind: vessel
    name: MAIA-1
    imoNumber: "9358010"
designations:
  - target: rafort-llc
    program: DPRK
`, n, n+1, n, n)
}

// parallelRounds is how many times the eight loads run; ARMSGRAPH_PARALLEL_ROUNDS
// raises it (`make test-parallel-loads` runs 20, make test 1).
func parallelRounds(t *testing.T) int {
	if v := os.Getenv("ARMSGRAPH_PARALLEL_ROUNDS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("ARMSGRAPH_PARALLEL_ROUNDS=%q is not a positive number", v)
		}
		return n
	}
	return 1
}

// TestParallelLoadsOfOverlappingFiles runs eight loads at once, each of a
// file naming the same company and vessel: every load succeeds and each
// identifier identifies one entity.
func TestParallelLoadsOfOverlappingFiles(t *testing.T) {
	dir := t.TempDir()
	var paths []string
	for i := range 8 {
		p := filepath.Join(dir, fmt.Sprintf("parallel-%d.yaml", i))
		if err := os.WriteFile(p, []byte(overlappingAnnouncement(i)), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	for round := range parallelRounds(t) {
		s := neo4jtest.Empty(t)
		var wg sync.WaitGroup
		errs := make([]error, len(paths))
		for i, p := range paths {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = ingest.Load(context.Background(), s, reference.Default(), []string{p}, ingest.Options{})
			}()
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("round %d: load of %s failed: %v", round, paths[i], err)
			}
		}
		rows := query(t, s, `
			MATCH (i:Identifier)-[:IDENTIFIES]->(e:Entity)
			WITH i, count(DISTINCT e) AS n WHERE n > 1
			RETURN i.key AS key, n`, nil)
		if len(rows) > 0 {
			t.Errorf("round %d: identifiers attached to several entities: %v", round, rows)
		}
		rows = query(t, s, `
			MATCH (e:Entity) WHERE e.name IN ['RAFORT LIMITED LIABILITY COMPANY', 'MAIA-1']
			RETURN e.name AS name, count(*) AS n, size([(e)<-[:TARGETS]-(d:Designation) | d]) AS designations`, nil)
		if len(rows) != 2 || rows[0]["n"] != int64(1) || rows[1]["n"] != int64(1) {
			t.Errorf("round %d: entities = %v, want one RAFORT and one MAIA-1", round, rows)
		}
		if t.Failed() {
			return
		}
	}
}
