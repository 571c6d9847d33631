package neo4jdb

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// DeleteAllData removes every node and relationship, in batches so that a
// large graph does not need one huge transaction. Tests use it to start
// from an empty graph.
func (s *Store) DeleteAllData(ctx context.Context) error {
	sess := s.session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(ctx)
	res, err := sess.Run(ctx, `
		MATCH (n)
		CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS`, nil, neo4j.WithTxTimeout(s.cfg.WriteTimeout))
	if err == nil {
		_, err = res.Consume(ctx)
	}
	return s.Explain(err)
}

// Stats counts nodes per label and relationships per type.
type Stats struct {
	Labels            map[string]int64
	RelationshipTypes map[string]int64
}

// GraphStats counts the whole graph per label and relationship type.
func (s *Store) GraphStats(ctx context.Context) (Stats, error) {
	return read(ctx, s, func(tx neo4j.ManagedTransaction) (Stats, error) {
		st := Stats{Labels: map[string]int64{}, RelationshipTypes: map[string]int64{}}
		for q, into := range map[string]map[string]int64{
			"MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n": st.Labels,
			"MATCH ()-[r]->() RETURN type(r) AS label, count(*) AS n":         st.RelationshipTypes,
		} {
			res, err := tx.Run(ctx, q, nil)
			if err != nil {
				return st, err
			}
			recs, err := res.Collect(ctx)
			if err != nil {
				return st, err
			}
			for _, r := range recs {
				into[r.Values[0].(string)] = r.Values[1].(int64)
			}
		}
		return st, nil
	})
}

// fingerprintCypher lists every node and relationship by content: labels
// and properties, and for relationships the keys of both ends.
const fingerprintCypher = `
CALL () {
  MATCH (n)
  RETURN 'node' AS kind, labels(n) AS labels, properties(n) AS props, null AS fromKey, null AS toKey
  UNION ALL
  MATCH (a)-[r]->(b)
  RETURN 'rel' AS kind, [type(r)] AS labels, properties(r) AS props,
    coalesce(a.id, a.code, a.key, toString(a.number)) AS fromKey,
    coalesce(b.id, b.code, b.key, toString(b.number)) AS toKey
}
RETURN kind, labels, props, fromKey, toKey
LIMIT 5000000`

// Fingerprint hashes every node and relationship with all its properties,
// independent of internal ids and order: two graphs with the same content
// have the same fingerprint.
func (s *Store) Fingerprint(ctx context.Context) (string, error) {
	lines, err := read(ctx, s, func(tx neo4j.ManagedTransaction) ([]string, error) {
		res, err := tx.Run(ctx, fingerprintCypher, nil)
		if err != nil {
			return nil, err
		}
		var lines []string
		for res.Next(ctx) {
			v := res.Record().Values
			labels := toStrings(v[1].([]any))
			sort.Strings(labels)
			props, err := json.Marshal(v[2])
			if err != nil {
				return nil, err
			}
			lines = append(lines, fmt.Sprintf("%s %v %s %v %v", v[0], labels, props, v[3], v[4]))
		}
		return lines, res.Err()
	})
	if err != nil {
		return "", err
	}
	sort.Strings(lines)
	sum := sha256.New()
	for _, l := range lines {
		sum.Write([]byte(l))
		sum.Write([]byte{'\n'})
	}
	return hex.EncodeToString(sum.Sum(nil)), nil
}

func toStrings(vs []any) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = fmt.Sprint(v)
	}
	return out
}

// RefreshPlans resamples the indexes a load left outdated and drops
// Neo4j's cached query plans. A load plans its statements inside its own
// transaction, against the statistics of the graph before the load; once
// it commits, those plans can be far off (a plan made on an empty graph
// turned a no-op reload of the OFAC list from seconds into minutes), so the
// loader refreshes them after each commit.
func (s *Store) RefreshPlans(ctx context.Context) error {
	sess := s.session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(ctx)
	for _, stmt := range []string{"CALL db.resampleOutdatedIndexes()", "CALL db.clearQueryCaches()"} {
		res, err := sess.Run(ctx, stmt, nil, neo4j.WithTxTimeout(s.cfg.ReadTimeout))
		if err == nil {
			_, err = res.Consume(ctx)
		}
		if err != nil {
			return s.Explain(err)
		}
	}
	return nil
}

// MarkFixture records that the graph holds the named test fixture, loaded
// by the test run run: packages of one `make test` run reuse a large
// fixture instead of loading it again. DeleteAllData removes the mark.
func (s *Store) MarkFixture(ctx context.Context, name, run string) error {
	_, err := write(ctx, s, func(tx neo4j.ManagedTransaction) (any, error) {
		res, err := tx.Run(ctx, `MERGE (f:TestFixture {name: $name}) SET f.run = $run`,
			map[string]any{"name": name, "run": run})
		if err != nil {
			return nil, err
		}
		return res.Consume(ctx)
	})
	return err
}

// FixtureLoaded reports whether the graph holds the named fixture, loaded
// by the test run run and nothing else.
func (s *Store) FixtureLoaded(ctx context.Context, name, run string) (bool, error) {
	return read(ctx, s, func(tx neo4j.ManagedTransaction) (bool, error) {
		res, err := tx.Run(ctx, `
			MATCH (f:TestFixture)
			RETURN count(f) = 1 AND all(x IN collect(f) WHERE x.name = $name AND x.run = $run) AS loaded`,
			map[string]any{"name": name, "run": run})
		if err != nil {
			return false, err
		}
		rec, err := res.Single(ctx)
		if err != nil {
			return false, err
		}
		loaded, _ := rec.Get("loaded")
		return loaded == true, nil
	})
}
