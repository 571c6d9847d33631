package guide

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/armsgraph/armsgraph/neo4jdb"
	"github.com/armsgraph/armsgraph/neo4jdb/neo4jtest"
)

func TestMain(m *testing.M) { neo4jtest.Main(m) }

// expectation is what a guide query must show on the seeded graph.
type expectation struct {
	rows    int // exact row count when not 0
	present []string
	absent  []string
}

var expectations = map[string]expectation{
	"statistics":           {present: []string{"Vessel", "Designation", "Country"}},
	"vessels-linking":      {present: []string{"MARIA", "IBEX SHIPPING INC", "LADY R", "TRANSMORFLOT LLC", "MAIA-1"}, absent: []string{"POLAR ROCK"}},
	"vessel-links-graph":   {present: []string{"IBEX SHIPPING INC", "ARKADIY CHERNYSHEV", "maria-rajin-dunai-2023-08"}},
	"shortest-chain":       {rows: 1, present: []string{"GAZARYAN, Rafael Anatolyevich", "MKRTYCHEV, Ashot", "3"}},
	"all-shortest-chains":  {rows: 1, present: []string{"TRANSMORFLOT LLC"}},
	"neighbourhood-graph":  {present: []string{"LADY R", "MAIA-1", "kr-mofa", "jp-mof"}},
	"neighbourhood-table":  {present: []string{"MARIA", "ARKADIY CHERNYSHEV", "CAPTAIN YAKUBOVICH", "us-state"}},
	"designations-of":      {rows: 2, present: []string{"U.S. Department of State", "Ministry of Foreign Affairs of the Republic of Korea", "RUSSIA-EO14024", "2023-12-12"}},
	"resolution-citations": {rows: 1, present: []string{"S/RES/2375 (2017)", "KIM Jong-gil", "PAK Kwang-hyok"}},
	"gap-authorities":      {rows: 3, present: []string{"MARINE TRANS SHIPPING LLC", "SOVFRACHT JSC", "VOSTOCHNAYA STEVEDORING COMPANY LLC"}, absent: []string{"M LEASING LLC"}},
	"gap-countries":        {present: []string{"TRANSMORFLOT LLC", "M LEASING LLC"}, absent: []string{"IBEX SHIPPING INC"}},
	"announcement-targets": {rows: 10, present: []string{"12", "IBEX SHIPPING INC", "TRANSMORFLOT LLC", "us-state"}},
	"recurring-pairs":      {present: []string{"IBEX SHIPPING INC", "AZIA SHIPPING HOLDINGS LIMITED", "jp-mof-2024-05-24"}},
	"vessel-profile":       {rows: 1, present: []string{"MAIA-1", "NEPTUN", "LINKED_TO: TRANSMORFLOT LLC", "Russian Federation"}},
	"vessel-graph":         {present: []string{"IBEX SHIPPING INC", "maria-rajin-dunai-2023-08"}},
	"name-search":          {rows: 5, present: []string{"LADY R", "TRANSMORFLOT LLC", "MAIA-1", "Command of the Military Transport Aviation"}},
	"name-contains":        {present: []string{"IBEX SHIPPING INC", "AZIA SHIPPING COMPANY", "MARINE TRANS SHIPPING LLC"}},
	"as-of-entity":         {rows: 3, present: []string{"us-state", "kr-mofa"}},
	"as-of-authorities":    {present: []string{"us-ofac", "au-dfat"}, absent: []string{"jp-mof", "kr-mofa"}},
}

// cypherQueries returns the guide's Cypher queries, without Browser
// commands.
func cypherQueries() []Query {
	var out []Query
	for _, s := range Slides {
		for _, q := range s.Queries {
			if !q.Command() {
				out = append(out, q)
			}
		}
	}
	return out
}

func readSession(t *testing.T, s *neo4jdb.Store) neo4j.SessionWithContext {
	t.Helper()
	ctx := context.Background()
	sess := s.Driver().NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.Config().Database, AccessMode: neo4j.AccessModeRead})
	t.Cleanup(func() { _ = sess.Close(ctx) })
	return sess
}

// TestGuideQueriesAnswerOnTheSeed runs every query of the guide, in a read
// transaction, on the seeded graph: each must return rows, and those with
// an expectation must show it.
func TestGuideQueriesAnswerOnTheSeed(t *testing.T) {
	s := neo4jtest.Seeded(t)
	sess := readSession(t, s)
	for _, q := range cypherQueries() {
		t.Run(q.ID, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			records, err := neo4j.ExecuteRead(ctx, sess, func(tx neo4j.ManagedTransaction) ([]*neo4j.Record, error) {
				res, err := tx.Run(ctx, q.Cypher, nil)
				if err != nil {
					return nil, err
				}
				return res.Collect(ctx)
			})
			if err != nil {
				t.Fatalf("query %s failed: %v\n%s", q.ID, err, q.Cypher)
			}
			if len(records) == 0 {
				t.Fatalf("query %s returned no rows on the seeded graph", q.ID)
			}
			want, ok := expectations[q.ID]
			if !ok {
				t.Fatalf("query %s has no expectation in this test", q.ID)
			}
			if want.rows != 0 && len(records) != want.rows {
				t.Errorf("query %s returned %d rows, want %d", q.ID, len(records), want.rows)
			}
			var values []string
			for _, r := range records {
				for _, v := range r.Values {
					values = flatten(values, v)
				}
			}
			for _, p := range want.present {
				if !slices.Contains(values, p) {
					t.Errorf("query %s: %q not in the result %q", q.ID, p, values)
				}
			}
			for _, a := range want.absent {
				if slices.Contains(values, a) {
					t.Errorf("query %s: %q should not be in the result", q.ID, a)
				}
			}
		})
	}
}

// flatten appends the scalar values inside v (node properties, path
// members, list items, map values) as strings, and the pieces of the
// chains that queries build as text.
func flatten(out []string, v any) []string {
	switch v := v.(type) {
	case neo4j.Node:
		out = append(out, v.Labels...)
		for _, p := range v.Props {
			out = flatten(out, p)
		}
	case neo4j.Relationship:
		out = append(out, v.Type)
	case neo4j.Path:
		for _, n := range v.Nodes {
			out = flatten(out, n)
		}
		for _, r := range v.Relationships {
			out = flatten(out, r)
		}
	case []any:
		for _, x := range v {
			out = flatten(out, x)
		}
	case map[string]any:
		for _, x := range v {
			out = flatten(out, x)
		}
	case string:
		out = append(out, v)
		for _, part := range strings.Split(v, " -") {
			if _, node, ok := strings.Cut(part, "- "); ok {
				out = append(out, node)
			}
		}
	case nil:
	default:
		out = append(out, fmt.Sprint(v))
	}
	return out
}

// seekOperators are the plan operators that find nodes through an index.
var seekOperators = []string{
	"NodeIndexSeek", "NodeUniqueIndexSeek", "NodeIndexSeekByRange", "NodeUniqueIndexSeekByRange",
	"MultiNodeIndexSeek", "AssertingMultiNodeIndexSeek", "NodeIndexContainsScan", "NodeIndexEndsWithScan",
}

type planOperator struct {
	name, details string
	dbHits, rows  int64
}

func operators(p neo4j.ProfiledPlan, out []planOperator) []planOperator {
	name, _, _ := strings.Cut(p.Operator(), "@")
	details, _ := p.Arguments()["Details"].(string)
	out = append(out, planOperator{name: name, details: details, dbHits: p.DbHits(), rows: p.Records()})
	for _, c := range p.Children() {
		out = operators(c, out)
	}
	return out
}

// TestGuideLookupsUseIndexes profiles every query of the guide on the
// seeded graph and logs its plan; for each lookup a query declares, the
// plan must seek an index on that label (or call the full-text index)
// and never scan the label or all nodes.
func TestGuideLookupsUseIndexes(t *testing.T) {
	s := neo4jtest.Seeded(t)
	sess := readSession(t, s)
	for _, q := range cypherQueries() {
		t.Run(q.ID, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			summary, err := neo4j.ExecuteRead(ctx, sess, func(tx neo4j.ManagedTransaction) (neo4j.ResultSummary, error) {
				res, err := tx.Run(ctx, "PROFILE "+q.Cypher, nil)
				if err != nil {
					return nil, err
				}
				return res.Consume(ctx)
			})
			if err != nil {
				t.Fatalf("PROFILE %s: %v", q.ID, err)
			}
			if summary.Profile() == nil {
				t.Fatalf("PROFILE %s returned no profile", q.ID)
			}
			ops := operators(summary.Profile(), nil)
			var total int64
			var parts []string
			for _, o := range ops {
				total += o.dbHits
				parts = append(parts, fmt.Sprintf("%s %d", o.name, o.dbHits))
			}
			t.Logf("PROFILE %s: %d rows, %d db hits: %s", q.ID, ops[0].rows, total, strings.Join(parts, ", "))
			for _, label := range q.Lookups {
				checkLookup(t, q.ID, label, ops)
			}
		})
	}
}

func checkLookup(t *testing.T, id, label string, ops []planOperator) {
	t.Helper()
	if label == "fulltext" {
		if !slices.ContainsFunc(ops, func(o planOperator) bool {
			return o.name == "ProcedureCall" && strings.Contains(o.details, "db.index.fulltext.queryNodes")
		}) {
			t.Errorf("query %s: the plan does not call the full-text index", id)
		}
		return
	}
	seeks := false
	for _, o := range ops {
		onLabel := strings.Contains(o.details, ":"+label)
		switch {
		case o.name == "AllNodesScan":
			t.Errorf("query %s: the plan scans all nodes (%s)", id, o.details)
		case o.name == "NodeByLabelScan" && onLabel:
			t.Errorf("query %s: the plan scans the label %s (%s) instead of seeking an index", id, label, o.details)
		case slices.Contains(seekOperators, o.name) && strings.Contains(o.details, ":"+label+"("):
			seeks = true
		}
	}
	if !seeks {
		t.Errorf("query %s: no index seek on :%s in the plan %v", id, label, ops)
	}
}

// TestStyleCaptionsExistOnTheSeed checks that each caption of the style
// names a property the seeded nodes of its label have.
func TestStyleCaptionsExistOnTheSeed(t *testing.T) {
	s := neo4jtest.Seeded(t)
	sess := readSession(t, s)
	ctx := context.Background()
	for _, r := range parseGrass(t, string(Style())) {
		label, ok := strings.CutPrefix(r.selector, "node.")
		if !ok {
			continue
		}
		for _, prop := range captionProperties(r.props["caption"]) {
			// Labels and property names come from the committed style file.
			cypher := fmt.Sprintf("MATCH (n:`%s`) RETURN count(n) AS nodes, count(n.`%s`) AS with", label, prop)
			rec, err := neo4j.ExecuteRead(ctx, sess, func(tx neo4j.ManagedTransaction) (*neo4j.Record, error) {
				res, err := tx.Run(ctx, cypher, nil)
				if err != nil {
					return nil, err
				}
				return res.Single(ctx)
			})
			if err != nil {
				t.Fatal(err)
			}
			nodes, with := rec.Values[0].(int64), rec.Values[1].(int64)
			if nodes > 0 && with == 0 {
				t.Errorf("style caption of :%s shows {%s}, which none of the %d seeded nodes has", label, prop, nodes)
			}
		}
	}
}

func captionProperties(caption string) []string {
	var out []string
	for {
		_, rest, ok := strings.Cut(caption, "{")
		if !ok {
			return out
		}
		prop, after, ok := strings.Cut(rest, "}")
		if !ok {
			return out
		}
		out = append(out, prop)
		caption = after
	}
}
