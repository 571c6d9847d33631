package generated

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
)

// marshalSliceInOrder marshals the elements of a list one after the other,
// on the caller's goroutine; graph/internal/gqlgen puts it in place of
// graphql.MarshalSliceConcurrently, whose signature it keeps. As there,
// each element has a field context with its index, and a panic in one
// element is reported as that element's error and null.
func marshalSliceInOrder(ctx context.Context, length int, _ int64, omitPanicHandler bool, marshalElement func(ctx context.Context, i int) graphql.Marshaler) graphql.Array {
	ret := make(graphql.Array, length)
	for i := range length {
		elementCtx := graphql.WithFieldContext(ctx, &graphql.FieldContext{Index: &i})
		if omitPanicHandler {
			ret[i] = marshalElement(elementCtx, i)
			continue
		}
		func() {
			defer func() {
				if r := recover(); r != nil {
					graphql.AddError(elementCtx, graphql.Recover(elementCtx, r))
					ret[i] = graphql.Null
				}
			}()
			ret[i] = marshalElement(elementCtx, i)
		}()
	}
	return ret
}
