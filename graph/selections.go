package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
)

// selectionLimit refuses documents with more than max field selections
// before gqlgen validates them. Validation compares every pair of fields
// that share a response name, and every pair of fragments spread in one
// selection set, so its work grows with the square of the selections:
// 9,990 repeated `id` fields, within the token limit, took 10 s of CPU.
// Counting them takes one parse, which is linear in the tokens. Documents
// in the query cache passed this limit when they were added.
type selectionLimit struct {
	max   int
	cache *byteCache[*ast.QueryDocument]
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
} = selectionLimit{}

func (selectionLimit) ExtensionName() string                   { return "SelectionLimit" }
func (selectionLimit) Validate(graphql.ExecutableSchema) error { return nil }

func (l selectionLimit) MutateOperationParameters(ctx context.Context, params *graphql.RawParams) *gqlerror.Error {
	if _, ok := l.cache.Get(ctx, params.Query); ok {
		return nil
	}
	doc, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: params.Query}, parserTokenLimit)
	if err != nil {
		// gqlgen parses the query again and reports the error as usual.
		return nil
	}
	if n := fieldSelections(doc, l.max); n > l.max {
		err := gqlerror.Errorf("the query has more than %d field selections (a fragment counts where it is spread and where it is defined); the limit is %d: select fewer fields, or split the query", l.max, l.max)
		err.Extensions = map[string]any{"code": codeSelectionLimitExceeded, "maxSelections": l.max}
		return err
	}
	return nil
}

// fieldSelections counts the field selections validation walks: those of
// each operation, with a fragment's counted again wherever it is spread,
// and those of each fragment definition, with the fragments it spreads.
// Counts stop at limit+1, and each definition is counted once, so a
// fragment that spreads another twice, which spreads another twice ...
// (2^n fields from n fragments) takes no longer to count than to parse.
// Spreads of unknown fragments and fragment cycles, which validation
// refuses, count nothing.
func fieldSelections(doc *ast.QueryDocument, limit int) int {
	c := selectionCounter{
		limit:     limit,
		fragments: make(map[string]*ast.FragmentDefinition, len(doc.Fragments)),
		counted:   make(map[*ast.FragmentDefinition]int, len(doc.Fragments)),
	}
	for _, f := range doc.Fragments {
		// Validation uses the first of duplicate names; so does this.
		if _, ok := c.fragments[f.Name]; !ok {
			c.fragments[f.Name] = f
		}
	}
	total := 0
	for _, op := range doc.Operations {
		total = c.add(total, c.selectionSet(op.SelectionSet))
	}
	for _, f := range doc.Fragments {
		total = c.add(total, c.selectionSet(f.SelectionSet))
	}
	return total
}

type selectionCounter struct {
	limit     int
	fragments map[string]*ast.FragmentDefinition
	// counted holds the count of each fragment's selection set; -1 while
	// it is being counted, so that a cycle counts nothing.
	counted map[*ast.FragmentDefinition]int
}

// add is a+b, stopped at limit+1.
func (c *selectionCounter) add(a, b int) int { return min(a+b, c.limit+1) }

func (c *selectionCounter) selectionSet(set ast.SelectionSet) int {
	n := 0
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			n = c.add(n, c.add(1, c.selectionSet(s.SelectionSet)))
		case *ast.InlineFragment:
			n = c.add(n, c.selectionSet(s.SelectionSet))
		case *ast.FragmentSpread:
			n = c.add(n, c.fragment(c.fragments[s.Name]))
		}
		if n > c.limit {
			break
		}
	}
	return n
}

func (c *selectionCounter) fragment(f *ast.FragmentDefinition) int {
	if f == nil {
		return 0
	}
	if n, ok := c.counted[f]; ok {
		return max(n, 0)
	}
	c.counted[f] = -1
	n := c.selectionSet(f.SelectionSet)
	c.counted[f] = n
	return n
}
