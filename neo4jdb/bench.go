package neo4jdb

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// A bench database carries one node labelled BenchDatabase. Benchmarks
// empty the graph they measure, so they refuse any database without it:
// pointed by mistake at the database of `make run` (or a real one), they
// stop before deleting anything.
const benchMarker = "BenchDatabase"

// RequireBenchDatabase succeeds when the database is marked as a bench
// database. markIfEmpty marks an empty database first: deploy/bench does
// so for the bench instance it starts.
func (s *Store) RequireBenchDatabase(ctx context.Context, markIfEmpty bool) error {
	counts, err := read(ctx, s, func(tx neo4j.ManagedTransaction) ([2]int64, error) {
		res, err := tx.Run(ctx, `
CALL () { MATCH (m:`+benchMarker+`) RETURN count(m) AS marked }
CALL () { MATCH (n) WITH n LIMIT 1 RETURN count(n) AS any }
RETURN marked, any`, nil)
		if err != nil {
			return [2]int64{}, err
		}
		rec, err := res.Single(ctx)
		if err != nil {
			return [2]int64{}, err
		}
		return [2]int64{rec.Values[0].(int64), rec.Values[1].(int64)}, nil
	})
	switch {
	case err != nil:
		return err
	case counts[0] > 0:
		return nil
	case counts[1] == 0 && markIfEmpty:
		return s.MarkBenchDatabase(ctx)
	}
	return fmt.Errorf("refusing to run: the database at %s is not marked as a bench database, and benchmarks empty it; run them with `make bench`, which starts a bench instance of its own", RedactURI(s.cfg.URI))
}

// MarkBenchDatabase marks the database as a bench database (again, after
// a benchmark emptied it).
func (s *Store) MarkBenchDatabase(ctx context.Context) error {
	_, err := write(ctx, s, func(tx neo4j.ManagedTransaction) (any, error) {
		res, err := tx.Run(ctx, "MERGE (:"+benchMarker+" {id: 'bench'})", nil)
		if err != nil {
			return nil, err
		}
		return res.Consume(ctx)
	})
	return err
}
