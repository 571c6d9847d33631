package neo4jdb

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Every list statement is built from the conditions the request holds,
// never from a template in which absent conditions are switched off with
// `$x IS NULL OR ...` (the planner cannot use an index for a predicate
// that may be off). A list can start two ways:
//
//   - walking a name or id index in the list's order, testing each node
//     and stopping after the page: it reads about page × N / M nodes when M
//     of the N nodes match;
//   - from an index or node that only the matching nodes reach (a
//     designation index, a country node), reading all M and sorting them.
//
// So the start is the cheaper of the two by M, which costs one count
// through an index or the degree of a node; the counts are kept for a
// while (they move only with loads).

// start is one way into a list: the Cypher that binds the list's variable,
// the count statement that says how many rows it reads, and what reading
// one of them costs in entries of the ordered index walked instead, which
// test the same condition (0 means 1).
type start struct {
	name      string
	cypher    string
	count     string
	matchCost int
}

// authorityMatchCost is the matchCost of starting from an authority's
// designations. The walk's test for an authority is one indexed equality
// per designation, cheaper than for a program's text, so the walk wins
// sooner. Timed on the real lists (19,832 entities, pages of 50, p50):
// for the UN's 875 designations the walk took 0.70 of the time of reading
// them, for US State's 10 it took 8.4 times as long; 3 puts the crossing
// near 580. For programs 1 stays right: the walk took 1.75 times as long
// for the DPRK family's 855 designations, 2.15 for UKRAINE's 521, and
// 0.71 for IRAN's 1,292.
const authorityMatchCost = 3

// estimateTTL is how long a count stays good enough to plan with.
const estimateTTL = time.Minute

type estimate struct {
	n  int
	at time.Time
}

type estimates struct {
	mu sync.Mutex
	m  map[string]estimate
}

// estimate returns the count statement's answer, from the cache when fresh.
func (s *Store) estimate(ctx context.Context, cypher string, params map[string]any) (int, error) {
	key := cypher + "\x00" + fmt.Sprint(params) // fmt prints maps in key order
	s.est.mu.Lock()
	e, ok := s.est.m[key]
	s.est.mu.Unlock()
	if ok && time.Since(e.at) < estimateTTL {
		return e.n, nil
	}
	n, err := s.count(ctx, Statement{Cypher: cypher, Params: params})
	if err != nil {
		return 0, err
	}
	s.est.mu.Lock()
	if s.est.m == nil {
		s.est.m = map[string]estimate{}
	}
	s.est.m[key] = estimate{n: n, at: time.Now()}
	s.est.mu.Unlock()
	return n, nil
}

// chooseStart picks, among the starts that read only matching rows, the one
// that reads fewest, if that costs less than walking the ordered index
// (walkTotal nodes) for a page of pageRows would: reading M sorted rows,
// each costing c walked entries, beats reading pageRows × walkTotal / M
// entries when c × M² < pageRows × walkTotal. It returns nil to walk the
// index.
func (s *Store) chooseStart(ctx context.Context, starts []start, params map[string]any, walkTotal, pageRows int) (*start, error) {
	var best *start
	bestN := 0
	for i := range starts {
		n, err := s.estimate(ctx, starts[i].count, params)
		if err != nil {
			return nil, err
		}
		if best == nil || n < bestN {
			best, bestN = &starts[i], n
		}
	}
	if best == nil || !readMatches(bestN, best.matchCost, walkTotal, pageRows) {
		return nil, nil
	}
	return best, nil
}

// readMatches says whether reading and sorting m matching rows, each
// costing matchCost walked entries, costs less than walking an ordered
// index of walkTotal entries for pageRows of them.
func readMatches(m, matchCost, walkTotal, pageRows int) bool {
	return max(matchCost, 1)*m*m < pageRows*walkTotal
}
