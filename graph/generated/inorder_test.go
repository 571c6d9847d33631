package generated

import (
	"bytes"
	"context"
	"testing"

	"github.com/99designs/gqlgen/graphql"
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
