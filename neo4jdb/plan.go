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
// and the count statement that says how many rows it reads.
type start struct {
	name   string
	cypher string
	count  string
}

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
// that reads fewest, if it reads fewer than walking the ordered index
// (walkTotal nodes) for a page of pageRows would: reading M sorted rows
// beats reading pageRows × walkTotal / M when M² < pageRows × walkTotal.
// It returns nil to walk the index.
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
	if best == nil || bestN*bestN >= pageRows*walkTotal {
		return nil, nil
	}
	return best, nil
}
