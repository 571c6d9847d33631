package generated

import (
	"bytes"
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

func TestListsAreMarshalledInOrder(t *testing.T) {
	ctx := graphql.WithResponseContext(context.Background(), graphql.DefaultErrorPresenter, graphql.DefaultRecover)
	ctx = graphql.WithFieldContext(ctx, &graphql.FieldContext{})
	var seen []int
	got := marshalSliceInOrder(ctx, 3, 0, false, func(ctx context.Context, i int) graphql.Marshaler {
		if idx := *graphql.GetFieldContext(ctx).Index; idx != i {
			t.Errorf("element %d has index %d in its field context", i, idx)
		}
		seen = append(seen, i) // no lock: a second goroutine would be a race
		if i == 1 {
			panic("element 1 fails")
		}
		return graphql.MarshalInt(i)
	})
	var b bytes.Buffer
	got.MarshalGQL(&b)
	if b.String() != "[0,null,2]" {
		t.Errorf("got %s, want [0,null,2]", b.String())
	}
	if len(seen) != 3 || seen[0] != 0 || seen[1] != 1 || seen[2] != 2 {
		t.Errorf("elements marshalled in the order %v", seen)
	}
	if errs := graphql.GetErrors(ctx); len(errs) != 1 {
		t.Errorf("got errors %v, want the panic of element 1", errs)
	}
}

// The elements after a list's first are marked, at any depth below them;
// the first element, and a list inside it, are not.
func TestLaterElementsAreMarked(t *testing.T) {
	ctx := graphql.WithResponseContext(context.Background(), graphql.DefaultErrorPresenter, graphql.DefaultRecover)
	ctx = graphql.WithFieldContext(ctx, &graphql.FieldContext{})
	var marks []bool
	marshalSliceInOrder(ctx, 2, 0, false, func(ctx context.Context, i int) graphql.Marshaler {
		marks = append(marks, afterFirst(ctx))
		marshalSliceInOrder(ctx, 2, 0, false, func(ctx context.Context, j int) graphql.Marshaler {
			marks = append(marks, afterFirst(ctx))
			return graphql.Null
		})
		return graphql.Null
	})
	// outer 0, its inner 0 and 1, outer 1, its inner 0 and 1
	want := []bool{false, false, true, true, true, true}
	if fmt.Sprint(marks) != fmt.Sprint(want) {
		t.Errorf("marks %v, want %v", marks, want)
	}
}

// In a later element a resolver field resolves at once, a panic in it
// becoming the field's error and null, counted against a non-null field's
// object; elsewhere it waits for Dispatch, as gqlgen schedules it.
func TestLaterElementsResolveInTurn(t *testing.T) {
	for _, later := range []bool{false, true} {
		ctx := graphql.WithResponseContext(context.Background(), graphql.DefaultErrorPresenter, graphql.DefaultRecover)
		ctx = graphql.WithFieldContext(ctx, &graphql.FieldContext{})
		oc := &graphql.OperationContext{RecoverFunc: graphql.DefaultRecover}
		ctx = graphql.WithOperationContext(ctx, oc)
		if later {
			ctx = context.WithValue(ctx, afterFirstKey{}, true)
		}
		fields := []graphql.CollectedField{{Field: &ast.Field{Alias: "a", Name: "a"}}, {Field: &ast.Field{Alias: "b", Name: "b"}}}
		out := graphql.NewFieldSet(fields)
		deferred := graphql.NewDeferredGroup(ctx)
		var resolved atomic.Int32 // in gqlgen's goroutines when not later
		resolveConcurrently(ctx, fields[0], out, oc, &deferred, 0, true, true, func(context.Context) graphql.Marshaler {
			resolved.Add(1)
			return graphql.MarshalInt(1)
		})
		resolveConcurrently(ctx, fields[1], out, oc, &deferred, 1, true, true, func(context.Context) graphql.Marshaler {
			resolved.Add(1)
			panic("b fails")
		})
		if before := resolved.Load(); later && before != 2 || !later && before != 0 {
			t.Errorf("later %v: %d fields resolved before Dispatch", later, before)
		}
		out.Dispatch(ctx)
		var b bytes.Buffer
		out.MarshalGQL(&b)
		if b.String() != `{"a":1,"b":null}` || out.Invalids != 1 || len(graphql.GetErrors(ctx)) != 1 {
			t.Errorf("later %v: got %s, %d invalid, errors %v", later, b.String(), out.Invalids, graphql.GetErrors(ctx))
		}
	}
}

// An object without a deferred field gets an empty @defer group; one with
// a deferred field gets gqlgen's.
func TestDeferredGroupsOnlyWhereDeferred(t *testing.T) {
	ctx := graphql.WithFieldContext(context.Background(), &graphql.FieldContext{})
	plain := []graphql.CollectedField{{Field: &ast.Field{Alias: "a", Name: "a"}}}
	if g := newDeferredGroup(ctx, plain); g.FieldSet != nil || g.Defers != nil {
		t.Errorf("a group for an object without a deferred field: %+v", g)
	}
	deferred := append(plain, graphql.CollectedField{Field: &ast.Field{Alias: "b", Name: "b"}, Deferrables: []*graphql.Deferrable{{Label: "later"}}})
	if g := newDeferredGroup(ctx, deferred); g.FieldSet == nil || g.Defers == nil {
		t.Errorf("no group for an object with a deferred field: %+v", g)
	}
}
