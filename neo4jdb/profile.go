package neo4jdb

import (
	"context"
	"fmt"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Operator is one operator of a profiled plan.
type Operator struct {
	Name    string // such as NodeIndexSeek, without the @database suffix
	Details string
	Rows    int64
	DBHits  int64
}

func (o Operator) String() string {
	return fmt.Sprintf("%s rows=%d hits=%d %s", o.Name, o.Rows, o.DBHits, o.Details)
}

// Profile runs st under PROFILE in a read transaction and returns its
// plan's operators, depth first, and the number of records it returned.
func (s *Store) Profile(ctx context.Context, st Statement) ([]Operator, int, error) {
	type result struct {
		ops  []Operator
		rows int
	}
	r, err := read(ctx, s, func(tx neo4j.ManagedTransaction) (result, error) {
		res, err := tx.Run(ctx, "PROFILE "+st.Cypher, st.Params)
		if err != nil {
			return result{}, err
		}
		recs, err := res.Collect(ctx)
		if err != nil {
			return result{}, err
		}
		sum, err := res.Consume(ctx)
		if err != nil {
			return result{}, err
		}
		var ops []Operator
		var walk func(p neo4j.ProfiledPlan)
		walk = func(p neo4j.ProfiledPlan) {
			name, _, _ := strings.Cut(p.Operator(), "@")
			details, _ := p.Arguments()["Details"].(string)
			ops = append(ops, Operator{Name: name, Details: details, Rows: p.Records(), DBHits: p.DbHits()})
			for _, c := range p.Children() {
				walk(c)
			}
		}
		if p := sum.Profile(); p != nil {
			walk(p)
		}
		return result{ops: ops, rows: len(recs)}, nil
	})
	return r.ops, r.rows, err
}
