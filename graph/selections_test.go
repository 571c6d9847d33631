package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/lexer"
	"github.com/vektah/gqlparser/v2/parser"

	"github.com/armsgraph/armsgraph/graph/generated"
)

func countSelections(t testing.TB, q string, limit int) int {
	t.Helper()
	doc, err := parser.ParseQuery(&ast.Source{Input: q})
	if err != nil {
		t.Fatal(err)
	}
	return fieldSelections(doc, limit)
}

func TestFieldSelections(t *testing.T) {
	cases := []struct {
		name, query string
		want        int
	}{
		{"fields and subfields", `{ a { b c { d } } e }`, 5},
		{"inline fragments count their fields", `{ a { ... on T { b } ... { c } } }`, 3},
		{"a fragment counts where it is spread and where it is defined", `{ a { ...f } } fragment f on T { b c }`, 3 + 2},
		{"each spread of a fragment counts", `{ a { ...f ...f } b { ...f } } fragment f on T { x y }`, (1 + 2 + 2) + (1 + 2) + 2},
		{"fragments within fragments", `{ ...f } fragment f on Query { a { ...g } } fragment g on T { b }`, 2 + 2 + 1},
		{"inline fragment within a fragment", `{ ...f } fragment f on Query { ... on Query { a } }`, 1 + 1},
		{"an unused fragment", `{ a } fragment f on T { b c }`, 1 + 2},
		{"several operations", `query A { a } query B { b c }`, 3},
		{"an unknown fragment counts nothing", `{ a { ...nope } }`, 1},
		// The operation is a, b, c (f spreads g, whose spread of f, being
		// counted, counts nothing); f's definition is b and g's count (c);
		// g's is c and f's count (b, c).
		{"a fragment cycle ends where it returns", `{ a { ...f } } fragment f on T { b ...g } fragment g on T { c ...f }`, 3 + 2 + 3},
		// f5 spreads f4 twice, f4 f3 twice ... f0 has one field: 32 from f5.
		{"a small fragment bomb", `{ ...f5 }` + doubling(5), 32 + (1 + 2 + 4 + 8 + 16 + 32)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := countSelections(t, c.query, 1000); got != c.want {
				t.Errorf("%d selections, want %d", got, c.want)
			}
		})
	}
}

// doubling is fragments f0 ... fn on Query, f0 selecting __typename and
// each other spreading the one before twice.
func doubling(n int) string {
	var b strings.Builder
	b.WriteString(" fragment f0 on Query { __typename }")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, " fragment f%d on Query { ...f%d ...f%d }", i, i-1, i-1)
	}
	return b.String()
}

func TestFieldSelectionsStopPastTheLimit(t *testing.T) {
	if got := countSelections(t, `{ a {`+strings.Repeat(" id", 5000)+` } }`, 1000); got != 1001 {
		t.Errorf("5001 selections counted as %d, want 1001 (the limit plus one)", got)
	}
	if got := countSelections(t, `{ a {`+strings.Repeat(" id", 999)+` } }`, 1000); got != 1000 {
		t.Errorf("1000 selections counted as %d", got)
	}
	// 2^1000 fields from a thousand fragments: counting must not expand
	// them (it would not end).
	if got := countSelections(t, `{ ...f1000 }`+doubling(1000), 1000); got != 1001 {
		t.Errorf("a fragment bomb counted as %d, want 1001", got)
	}
}

// The IDE's schema query stays well under the default limit.
func TestSchemaQueryIsUnderTheSelectionLimit(t *testing.T) {
	n := countSelections(t, threeSchemaQueries(t), 10000)
	if limit := DefaultConfig().MaxSelections; n > limit {
		t.Errorf("three schema queries make %d selections, over the default limit of %d", n, limit)
	}
}

// validationShapes are documents whose validation work grows with the
// square of their size, as functions of a size n.
var validationShapes = []struct {
	name  string
	build func(n int) string
}{
	{"one field repeated", repeatedField},
	{"one field with a list argument, repeated", func(n int) string {
		return `{` + strings.Repeat(` nodes(ids: ["a", "b", "c", "d", "e", "f", "g", "h"]) { id }`, n) + " }"
	}},
	{"n×n same-named fields nested", func(n int) string {
		k := 1
		for (k+1)*(k+1) <= n {
			k++
		}
		return `{ entity(id: "imo-8517839") {` + strings.Repeat(" designations {"+strings.Repeat(" id", k)+" }", k) + " } }"
	}},
	{"distinct fragments spread together", spreadFragments},
	{"a chain of fragments", func(n int) string {
		var b strings.Builder
		b.WriteString(`{ entity(id: "imo-8517839") { ...f0 } }`)
		for i := range n - 1 {
			fmt.Fprintf(&b, " fragment f%d on Entity { id ...f%d }", i, i+1)
		}
		fmt.Fprintf(&b, " fragment f%d on Entity { id }", n-1)
		return b.String()
	}},
	{"a fragment bomb", func(n int) string { return `{ ...f` + fmt.Sprint(n) + ` }` + doubling(n) }},
}

// repeatedField is a query of one field selecting id n times.
func repeatedField(n int) string {
	return `{ entity(id: "imo-8517839") {` + strings.Repeat(" id", n) + " } }"
}

// spreadFragments is a query spreading n fragments in one selection set.
func spreadFragments(n int) string {
	var b strings.Builder
	b.WriteString(`{ entity(id: "imo-8517839") {`)
	for i := range n {
		fmt.Fprintf(&b, " ...f%d", i)
	}
	b.WriteString(" } }")
	for i := range n {
		fmt.Fprintf(&b, " fragment f%d on Entity { id }", i)
	}
	return b.String()
}

func tokenCount(tb testing.TB, q string) int {
	tb.Helper()
	lx := lexer.New(&ast.Source{Input: q})
	n := 0
	for {
		tok, err := lx.ReadToken()
		if err != nil {
			tb.Fatal(err)
		}
		if tok.Kind == lexer.EOF {
			return n
		}
		n++
	}
}

// largest is the largest n for which fits(build(n)), by bisection
// (fits is monotonic in n for every shape).
func largest(build func(int) string, fits func(string) bool) int {
	lo, hi := 1, 2
	for fits(build(hi)) && hi < 1<<20 {
		lo, hi = hi, hi*2
	}
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if fits(build(mid)) {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo
}

// BenchmarkValidationWorstCases times gqlparser's parsing and validation
// (gqlparser.LoadQuery) of each shape at its largest within the token
// limit alone ("tokens") and within the token and default selection
// limits ("selections"), the largest the server validates before and
// after the selection limit; and the selection limit's refusal of the
// first ("refusal": a parse and a count):
//
//	go test ./graph -run '^$' -bench ValidationWorstCases -benchtime 3x
func BenchmarkValidationWorstCases(b *testing.B) {
	schema := generated.NewExecutableSchema(generated.Config{Resolvers: &Resolver{}}).Schema()
	maxSelections := DefaultConfig().MaxSelections
	// Its refused cache remembers nothing, so that each refusal parses.
	refusing := documentCheck{maxSelections: maxSelections, cache: newQueryCache(DefaultConfig().QueryCacheBytes),
		refused: newByteCache(0, func(string, *gqlerror.Error) int { return 1 }), schema: schema, rules: validationRules(true)}
	withinTokens := func(q string) bool { return tokenCount(b, q) <= parserTokenLimit }
	withinBoth := func(q string) bool {
		return withinTokens(q) && countSelections(b, q, maxSelections) <= maxSelections
	}
	for _, s := range validationShapes {
		for _, limit := range []struct {
			name string
			fits func(string) bool
		}{{"tokens", withinTokens}, {"selections", withinBoth}} {
			q := s.build(largest(s.build, limit.fits))
			b.Run(s.name+"/"+limit.name, func(b *testing.B) {
				for b.Loop() {
					if _, err := gqlparser.LoadQuery(schema, q); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(tokenCount(b, q)), "tokens")
				b.ReportMetric(float64(countSelections(b, q, 1<<30)), "selections")
			})
			if limit.name != "tokens" {
				continue
			}
			b.Run(s.name+"/refusal", func(b *testing.B) {
				for b.Loop() {
					if err := refusing.MutateOperationParameters(context.Background(), &graphql.RawParams{Query: q}); err == nil {
						b.Fatal("not refused")
					}
				}
			})
		}
	}
}

func TestLongestList(t *testing.T) {
	for _, c := range []struct {
		query string
		want  int
	}{
		{`{ nodes(ids: ["a", "b", "c"]) { id } }`, 3},
		{`{ entities(filter: {kinds: [VESSEL], authorities: [["x", "y", "z", "w"]]}) { totalCount } }`, 4},
		{`query($k: [String] = ["a", "b", "c", "d", "e"]) { __typename }`, 5},
		{`{ ...f } fragment f on Query { __typename @include(if: [true, true, true, true, true, true]) }`, 6},
		{`{ vessel(imoNumber: "1") { name } }`, 0},
		// A variable is one value, an object is one value whatever its
		// fields, and a comment is none.
		{`query($a: String!, $b: String!) { designations(filter: {authorities: [$a, $b, $a]}) { totalCount } }`, 3},
		{`{ x(y: [{a: 1, b: 2, c: 3}, {a: 4}]) }`, 2},
		{"{ x(y: [1 # 2 3 4 5\n 2]) }", 2},
		{`{ x(y: [[1, 2], [3], [4], [5]]) }`, 4},
		{`{ x(y: [""" a block """, -1.5e3, null, ENUM, true]) }`, 5},
	} {
		if got := longestList(c.query); got != c.want {
			t.Errorf("%s: longest list %d, want %d", c.query, got, c.want)
		}
	}
}

// A list longer than any argument takes is refused before parsing and
// validation, whose work grows with its values; one at the limit is
// validated.
func TestLongListsAreRefusedBeforeParsing(t *testing.T) {
	h := NewHandler(nil, DefaultConfig())
	ask := func(values int) string {
		q := `query($a: String!) { designations(filter: {authorities: [` + strings.Repeat("$a ", values) + `]}) { totalCount } }`
		body, _ := json.Marshal(map[string]any{"query": q, "variables": map[string]any{"a": "us-ofac"}})
		r := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		var resp struct {
			Errors []struct{ Extensions map[string]any }
		}
		if err := json.Unmarshal(w.Body.Bytes(), &resp); err != nil || len(resp.Errors) == 0 {
			t.Fatalf("%d values: answer %s, want an error", values, w.Body)
		}
		code, _ := resp.Errors[0].Extensions["code"].(string)
		return code
	}
	if code := ask(maxListValues + 1); code != codeListLimitExceeded {
		t.Errorf("a list of %d values: code %s, want %s", maxListValues+1, code, codeListLimitExceeded)
	}
	// $a is a String where the filter takes an authority code: validation
	// refuses it, so the list reached validation.
	if code := ask(maxListValues); code != "GRAPHQL_VALIDATION_FAILED" {
		t.Errorf("a list of %d values: code %s, want GRAPHQL_VALIDATION_FAILED", maxListValues, code)
	}
}
