package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"

	"github.com/armsgraph/armsgraph/graph/generated"
	"github.com/armsgraph/armsgraph/neo4jdb"
	"github.com/armsgraph/armsgraph/neo4jdb/neo4jtest"
)

// vesselFacts are checked facts about the seed's vessels, each from a
// source (shared/research/dprk_russia_facts.md, section 2, and the seed
// announcements citing it). They are asserted here, apart from the golden
// answers, so that rewriting the goldens cannot change a fact unnoticed.
var vesselFacts = []struct {
	imo, name string
	owners    []string // names of the OWNS holders
	// designatedBy are the authorities designating the vessel itself, in
	// force on 2024-06-01; ownerDesignatedBy those designating its owner.
	designatedBy, ownerDesignatedBy []string
}{
	// US State 2023-12-12 (KBS 2023-12-13), ROK MOFA 2024-05-24 (Yonhap);
	// owner per OFAC "Linked To: IBEX SHIPPING INC"; IBEX designated by the
	// US State Department 2023-12-12 and Japan 2024-05-24 (KBS, TASS).
	{"8517839", "MARIA", []string{"IBEX SHIPPING INC"}, []string{"kr-mofa", "us-state"}, []string{"jp-mof", "us-state"}},
	{"8318740", "CAPTAIN YAKUBOVICH", []string{"IBEX SHIPPING INC"}, []string{"us-state"}, []string{"jp-mof", "us-state"}},
	{"8714695", "ARKADIY CHERNYSHEV", []string{"IBEX SHIPPING INC"}, []string{"us-state"}, []string{"jp-mof", "us-state"}},
	// ROK MOFA 2024-05-24 (Yonhap via IANS); its owner is not established.
	{"9358010", "MAIA-1", nil, []string{"kr-mofa"}, nil},
	// Owned by M LEASING LLC (OFAC "Linked To"), which Australia designated
	// on 2024-05-17 (RFA, TASS) and Japan on 2024-05-24 (Interfax); the
	// seed states no designation of the ship itself.
	{"9179842", "ANGARA", []string{"M LEASING LLC"}, nil, []string{"au-dfat", "jp-mof"}},
}

func TestCheckedVesselFacts(t *testing.T) {
	a := newAPI(t, DefaultConfig())
	const q = `query($imo: String!) { vessel(imoNumber: $imo) {
		name
		designatedBy(asOf: "2024-06-01") { id }
		owners { name designatedBy(asOf: "2024-06-01") { id } } } }`
	for _, f := range vesselFacts {
		t.Run(f.name, func(t *testing.T) {
			a.t = t
			r := a.query(q, map[string]any{"imo": f.imo})
			if len(r.Errors) > 0 {
				t.Fatalf("errors: %s", r.raw)
			}
			type ids []struct{ ID string }
			var got struct {
				Vessel *struct {
					Name         string
					DesignatedBy ids
					Owners       []struct {
						Name         string
						DesignatedBy ids
					}
				}
			}
			if err := json.Unmarshal(r.Data, &got); err != nil {
				t.Fatal(err)
			}
			v := got.Vessel
			if v == nil {
				t.Fatalf("no vessel with IMO %s", f.imo)
			}
			idsOf := func(l ids) []string {
				var out []string
				for _, x := range l {
					out = append(out, x.ID)
				}
				return out
			}
			if v.Name != f.name {
				t.Errorf("name %q, want %q", v.Name, f.name)
			}
			if by := idsOf(v.DesignatedBy); !slices.Equal(by, f.designatedBy) {
				t.Errorf("designated by %v, want %v", by, f.designatedBy)
			}
			var owners []string
			for _, o := range v.Owners {
				owners = append(owners, o.Name)
				if by := idsOf(o.DesignatedBy); !slices.Equal(by, f.ownerDesignatedBy) {
					t.Errorf("owner %s designated by %v, want %v", o.Name, by, f.ownerDesignatedBy)
				}
			}
			if !slices.Equal(owners, f.owners) {
				t.Errorf("owners %v, want %v", owners, f.owners)
			}
		})
	}
}

// Without asOf the API answers for the store's today: the same question
// asked with the clock before and after MARIA's first listing
// (2023-12-12) gets different answers.
func TestTodayComesFromTheClock(t *testing.T) {
	neo4jtest.Seeded(t)
	const q = `{ vessel(imoNumber: "8517839") { sanctioned designatedBy { id } } }`
	for _, c := range []struct {
		today, want string
	}{
		{"2023-12-11", `{"vessel":{"sanctioned":false,"designatedBy":[]}}`},
		{"2024-01-01", `{"vessel":{"sanctioned":true,"designatedBy":[{"id":"us-state"}]}}`},
		{neo4jtest.Today, `{"vessel":{"sanctioned":true,"designatedBy":[{"id":"kr-mofa"},{"id":"us-state"}]}}`},
	} {
		t.Run(c.today, func(t *testing.T) {
			cfg := neo4jtest.Config(t)
			cfg.Today = func() string { return c.today }
			s, err := neo4jdb.Open(cfg)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = s.Close(context.Background()) })
			srv := httptest.NewServer(NewHandler(s, DefaultConfig()))
			t.Cleanup(srv.Close)
			a := &api{t: t, store: s, url: srv.URL}
			if r := a.query(q, nil); string(r.Data) != c.want {
				t.Errorf("today %s: got %s, want %s", c.today, r.raw, c.want)
			}
		})
	}
}

// The default limits of `armsgraph serve`, at their values and one beyond.
func TestDefaultLimitsAtAndBeyond(t *testing.T) {
	cfg := DefaultConfig()
	if cfg.MaxDepth != 12 || cfg.MaxComplexity != 20000 || parserTokenLimit != 10000 || cfg.MaxSelections != 1000 {
		t.Fatalf("defaults changed (depth %d, complexity %d, tokens %d, selections %d): update this test and the README",
			cfg.MaxDepth, cfg.MaxComplexity, parserTokenLimit, cfg.MaxSelections)
	}
	a := newAPI(t, cfg)
	es := generated.NewExecutableSchema(generated.Config{Resolvers: &Resolver{}})
	model := newCostModel(es.Schema())

	// accepted runs q and wants no error; refused wants code among the errors.
	accepted := func(t *testing.T, q string) {
		t.Helper()
		a.t = t
		if r := a.query(q, nil); len(r.Errors) > 0 {
			t.Fatalf("refused: %s", truncate(r.raw))
		}
	}
	refused := func(t *testing.T, q, code string) {
		t.Helper()
		a.t = t
		if r := a.query(q, nil); !slices.Contains(r.codes(), code) {
			t.Fatalf("codes %v, want %s: %s", r.codes(), code, truncate(r.raw))
		}
	}

	// authority > designations(first: 1) > authority > ... > id: n fields
	// deep, costing about n, so that only the depth limit can refuse it.
	deep := func(n int) string {
		fields := []string{`authority(id: "us-state")`}
		for len(fields) < n-1 {
			fields = append(fields, []string{"authority", "designations(first: 1)"}[len(fields)%2])
		}
		return "{ " + strings.Join(fields, " { ") + " { id" + strings.Repeat(" }", n-1) + " }"
	}
	t.Run("depth 12", func(t *testing.T) { accepted(t, deep(12)) })
	t.Run("depth 13", func(t *testing.T) { refused(t, deep(13), codeDepthLimitExceeded) })

	// Two pages of entities, one with designations nested three deep,
	// whose costs add up to the limit or one more; the cost is checked with
	// cost model of the API before the query is sent.
	const nested = `p: entities(first: 63) { edges { node { designations { target { designations { target { designations { target { id } } } } } } } } }`
	costing := func(t *testing.T, want int, rest string) string {
		t.Helper()
		q := "{ " + nested + " " + rest + " }"
		doc, errs := gqlparser.LoadQuery(es.Schema(), q)
		if errs != nil {
			t.Fatal(errs)
		}
		if got, _ := model.operationCost(doc.Operations[0], nil); got != want {
			t.Fatalf("built a query of complexity %d, want %d", got, want)
		}
		return q
	}
	t.Run("complexity 20000", func(t *testing.T) {
		accepted(t, costing(t, 20000, `q: entities(first: 91) { edges { node { id } } } a: entity(id: "imo-8517839") { id } b: entity(id: "imo-9358010") { id }`))
	})
	t.Run("complexity 20001", func(t *testing.T) {
		refused(t, costing(t, 20001, `q: entities(first: 91) { edges { node { id } } } a: entity(id: "imo-8517839") { id } b: entity(id: "imo-9358010") { id } __typename`), codeComplexityExceeded)
	})

	// { entity(id: "imo-8517839") { id id ... } }: the entity and n-1 ids.
	selections := func(t *testing.T, n int) string {
		t.Helper()
		q := `{ entity(id: "imo-8517839") {` + strings.Repeat(" id", n-1) + " } }"
		if got := countSelections(t, q, n+1); got != n {
			t.Fatalf("built a query of %d selections, want %d", got, n)
		}
		return q
	}
	t.Run("1000 selections", func(t *testing.T) { accepted(t, selections(t, 1000)) })
	t.Run("1001 selections", func(t *testing.T) {
		a.t = t
		r := a.query(selections(t, 1001), nil)
		if r.Status != http.StatusOK || !slices.Contains(r.codes(), codeSelectionLimitExceeded) || !strings.Contains(r.Errors[0].Message, "limit is 1000") {
			t.Fatalf("status %d codes %v, want 200 %s naming the limit: %s", r.Status, r.codes(), codeSelectionLimitExceeded, truncate(r.raw))
		}
	})

	// Designations of us-state, named over and over in a filter by a
	// variable (two tokens in three bytes, so that 10,000 tokens fit the
	// body limit), by five aliases, so that no list is longer than the
	// list limit: 105 tokens, the variables and a literal if n is even.
	// List arguments, not repeated fields, which the selection limit
	// refuses.
	tokens := func(t *testing.T, n int) string {
		t.Helper()
		const aliases = 5
		pairs := (n - 105) / 2
		var b strings.Builder
		b.WriteString(`query($a: ID!) {`)
		for i := range aliases {
			items := strings.Repeat(" $a", pairs/aliases)
			if i == 0 {
				items += strings.Repeat(" $a", pairs%aliases)
				if (n-105)%2 == 1 {
					items += ` "us-state"`
				}
			}
			fmt.Fprintf(&b, ` a%d: designations(filter: {authorities: [%s ]}, first: 1) { totalCount }`, i, items)
		}
		q := b.String() + " }"
		if got := tokenCount(t, q); got != n {
			t.Fatalf("built a query of %d tokens, want %d", got, n)
		}
		return q
	}
	usState := map[string]any{"a": "us-state"}
	t.Run("10000 tokens", func(t *testing.T) {
		a.t = t
		if r := a.query(tokens(t, 10000), usState); len(r.Errors) > 0 || !strings.Contains(string(r.Data), "totalCount") {
			t.Fatalf("want an answer, got %s", truncate(r.raw))
		}
	})
	t.Run("10001 tokens", func(t *testing.T) {
		a.t = t
		if r := a.query(tokens(t, 10001), usState); !slices.Contains(r.codes(), "GRAPHQL_PARSE_FAILED") {
			t.Fatalf("codes %v, want GRAPHQL_PARSE_FAILED: %s", r.codes(), truncate(r.raw))
		}
	})
}

func truncate(b []byte) string {
	if len(b) > 500 {
		return string(b[:500]) + "..."
	}
	return string(b)
}

func TestLineDiffShowsChangedLines(t *testing.T) {
	got := lineDiff("a\nb\nc\n", "a\nB\nc\nd\n")
	want := "-   2 b\n+   2 B\n+   4 d\n"
	if got != want {
		t.Errorf("lineDiff:\n%s\nwant:\n%s", got, want)
	}
}
