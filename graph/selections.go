package graph

import (
	"context"
	"errors"
	"maps"
	"net/http"
	"slices"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/lexer"
	"github.com/vektah/gqlparser/v2/parser"
	"github.com/vektah/gqlparser/v2/validator"
	"github.com/vektah/gqlparser/v2/validator/rules"

	"github.com/armsgraph/armsgraph/neo4jdb"
)

// documentCheck parses each document the query cache does not hold, once.
// It refuses a document with more than maxSelections field selections
// before validating it: validation compares every pair of fields that share
// a response name, and every pair of fragments spread in one selection
// set, so its work grows with the square of the selections (9,990 repeated
// `id` fields, within the token limit, took 10 s of CPU), while counting
// them is linear. It then validates the document with the server's rules
// and caches it if valid, where gqlgen finds it rather than parsing it a
// second time. Of a document's validation errors the first is returned,
// and the others are kept for errorLimit to add (an extension returns one
// error). A document refused before validation (too many selections, too
// long a list, unparsable) is remembered with its refusal, so that a client
// sending it again and again costs a lookup, not a parse each time.
type documentCheck struct {
	maxSelections int
	cache         *byteCache[*ast.QueryDocument]
	refused       *byteCache[*gqlerror.Error]
	schema        *ast.Schema
	rules         func() *rules.Rules
}

// refusedCacheBytes bounds the texts of the refused documents remembered.
const refusedCacheBytes = 4 << 20

// newRefusedCache remembers refusals by the text of their document.
func newRefusedCache() *byteCache[*gqlerror.Error] {
	return newByteCache(refusedCacheBytes, func(key string, _ *gqlerror.Error) int { return len(key) + 512 })
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
} = documentCheck{}

func (documentCheck) ExtensionName() string                   { return "DocumentCheck" }
func (documentCheck) Validate(graphql.ExecutableSchema) error { return nil }

func (c documentCheck) MutateOperationParameters(ctx context.Context, params *graphql.RawParams) *gqlerror.Error {
	if _, ok := c.cache.Get(ctx, params.Query); ok {
		return nil
	}
	if err, ok := c.refused.Get(ctx, params.Query); ok {
		return cloneError(err)
	}
	doc, err := c.parse(params.Query)
	if err != nil {
		c.refused.Add(ctx, params.Query, cloneError(err))
		return err
	}
	if len(doc.Operations) == 0 {
		err := gqlerror.Errorf("no operation provided")
		errcode.Set(err, errcode.ValidationFailed)
		return err
	}
	errs := validator.ValidateWithRules(c.schema, doc, c.rules())
	if len(errs) == 0 {
		c.cache.Add(ctx, params.Query, doc)
		return nil
	}
	for _, e := range errs {
		errcode.Set(e, errcode.ValidationFailed)
	}
	if more, ok := ctx.Value(moreErrorsKey{}).(*gqlerror.List); ok {
		*more = errs[1:]
	}
	return errs[0]
}

type moreErrorsKey struct{}

// parse parses query, refusing it first if it holds too long a list, then
// if it has too many field selections.
func (c documentCheck) parse(query string) (*ast.QueryDocument, *gqlerror.Error) {
	if n := longestList(query); n > maxListValues {
		err := gqlerror.Errorf("the query holds a list of %d values; the limit is %d (no argument takes more than %d)", n, maxListValues, neo4jdb.MaxNodes)
		err.Extensions = map[string]any{"code": codeListLimitExceeded, "maxListValues": maxListValues}
		return nil, err
	}
	doc, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: query}, parserTokenLimit)
	if err != nil {
		var parseErr *gqlerror.Error
		if !errors.As(err, &parseErr) {
			parseErr = gqlerror.Errorf("%s", err)
		}
		errcode.Set(parseErr, errcode.ParseFailed)
		return nil, parseErr
	}
	if n := fieldSelections(doc, c.maxSelections); n > c.maxSelections {
		err := gqlerror.Errorf("the query has more than %d field selections (a fragment counts where it is spread and where it is defined); the limit is %d: select fewer fields, or split the query", c.maxSelections, c.maxSelections)
		err.Extensions = map[string]any{"code": codeSelectionLimitExceeded, "maxSelections": c.maxSelections}
		return nil, err
	}
	return doc, nil
}

// cloneError copies a refusal, so that what a response adds to it (its
// path, its extensions) stays out of the copy remembered.
func cloneError(err *gqlerror.Error) *gqlerror.Error {
	c := *err
	c.Extensions = maps.Clone(err.Extensions)
	c.Locations = slices.Clone(err.Locations)
	c.Path = slices.Clone(err.Path)
	return &c
}

// withMoreErrors gives each request a place for the validation errors
// after the first (see documentCheck).
func withMoreErrors(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), moreErrorsKey{}, &gqlerror.List{})))
	})
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

// maxListValues bounds the values of one list written in a document,
// checked before parsing and validation, whose work grows with them: 4,980
// uses of a mistyped variable in one list cost 4 ms of validation each time
// a client sent them, and 1.5 ms of parsing once validation was spared.
// The longest list an argument takes is nodes' ids (neo4jdb.MaxNodes).
const maxListValues = 1000

// longestList is the number of values of the longest list written in
// query (in arguments, directives and variables' defaults, at any depth),
// read from its tokens, before it is parsed: parsing took 1.5 ms of CPU for
// a document of 10,000 tokens, lexing it a fifth of that. It reads at most
// parserTokenLimit tokens, past which the parser refuses the document, and
// stops at a lexing error, which the parser reports.
func longestList(query string) int {
	lex := lexer.New(&ast.Source{Input: query})
	// open holds, for each list or object open at this point, innermost
	// last, how many values it holds so far (-1 for an object or a
	// selection set, whose contents are not values of a list).
	var open []int
	longest := 0
	afterDollar := false
	for range parserTokenLimit {
		tok, err := lex.ReadToken()
		if err != nil || tok.Kind == lexer.EOF {
			break
		}
		if tok.Kind == lexer.Comment {
			continue
		}
		// A value starts with a token other than a closing one, and a
		// variable's name is part of its $.
		starts := tok.Kind != lexer.BracketR && tok.Kind != lexer.BraceR && tok.Kind != lexer.Bang && !(tok.Kind == lexer.Name && afterDollar)
		afterDollar = tok.Kind == lexer.Dollar
		if starts && len(open) > 0 && open[len(open)-1] >= 0 {
			open[len(open)-1]++
			longest = max(longest, open[len(open)-1])
		}
		switch tok.Kind {
		case lexer.BracketL:
			open = append(open, 0)
		case lexer.BraceL:
			open = append(open, -1)
		case lexer.BracketR, lexer.BraceR:
			if len(open) > 0 {
				open = open[:len(open)-1]
			}
		}
	}
	return longest
}
