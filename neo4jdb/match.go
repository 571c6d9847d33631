package neo4jdb

import (
	"context"
	"sort"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/armsgraph/armsgraph/identity"
	"github.com/armsgraph/armsgraph/record"
)

// matchPool is how many entities the name index may offer per description
// before scoring: the best-ranked by Lucene, far more than any answer.
const matchPool = 200

// MatchResult is one entity of the graph scored against a description.
type MatchResult struct {
	Entity GraphProfile
	Score  identity.Score
	// Match is true at or above the threshold.
	Match bool
}

// matchCandidatesCypher finds the entities a description may be: those an
// identity key of it points at (IMO number, registration, passport, name
// with full birth date), and those whose names or aliases share a word
// with its names (entity_names full-text index), of its kind when given.
func matchCandidatesCypher(byName bool) string {
	names := ""
	if byName {
		names = `
  UNION
  CALL db.index.fulltext.queryNodes('entity_names', $names, {limit: $pool}) YIELD node
  RETURN node AS e`
	}
	return `
CALL () {
  UNWIND $keys AS key
  MATCH (:Identifier {key: key})-[:IDENTIFIES]->(e:Entity)
  RETURN e` + names + `
}
WITH DISTINCT e
WHERE $kind IS NULL OR e.kind = $kind
WITH e LIMIT $pool` + profileColumns
}

// Match scores the entities of the graph that a description may be and
// returns the best first, at most limit, each with its explanation.
func (s *Store) Match(ctx context.Context, q identity.Profile, threshold float64, limit int) ([]MatchResult, error) {
	var words []string
	seen := map[string]bool{}
	for _, n := range q.Names {
		for _, w := range identity.Words(n) {
			if !seen[w] {
				seen[w] = true
				words = append(words, escapeLucene(w))
			}
		}
	}
	var keys []string
	for _, k := range identity.Keys(descriptionEntity(q)) {
		keys = append(keys, string(k))
	}
	var kind any
	if q.Kind != "" {
		kind = string(q.Kind)
	}
	params := map[string]any{"keys": keys, "names": strings.Join(words, " OR "), "kind": kind, "pool": matchPool}
	profiles, err := read(ctx, s, func(tx neo4j.ManagedTransaction) ([]GraphProfile, error) {
		res, err := tx.Run(ctx, matchCandidatesCypher(len(words) > 0), params)
		if err != nil {
			return nil, err
		}
		var out []GraphProfile
		for res.Next(ctx) {
			out = append(out, profileOf(res.Record()))
		}
		return out, res.Err()
	})
	if err != nil {
		return nil, err
	}
	var out []MatchResult
	for _, p := range profiles {
		d := q
		if d.Kind == "" {
			// a description without a kind is compared as one of each kind
			d.Kind = p.Kind
		}
		if sc := identity.Compare(d, p.Profile); sc.Value > 0 {
			out = append(out, MatchResult{Entity: p, Score: sc, Match: sc.Value >= threshold})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score.Value != out[j].Score.Value {
			return out[i].Score.Value > out[j].Score.Value
		}
		if out[i].Score.Evidence != out[j].Score.Evidence {
			return out[i].Score.Evidence > out[j].Score.Evidence
		}
		return out[i].Entity.ID < out[j].Entity.ID
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// descriptionEntity is the description as a record, for its identity keys.
func descriptionEntity(q identity.Profile) record.Entity {
	e := record.Entity{Kind: q.Kind, BirthDates: q.BirthDates, Identifiers: q.Identifiers, IMONumber: q.IMONumber}
	if len(q.Names) > 0 {
		e.Name = q.Names[0]
	}
	if e.Kind == "" && e.IMONumber != "" {
		e.Kind = record.Vessel
	}
	return e
}
