package generated

import (
	"context"
	"sync/atomic"

	"github.com/99designs/gqlgen/graphql"
)

// marshalSliceInOrder marshals the elements of a list one after the other,
// on the caller's goroutine; graph/internal/gqlgen puts it in place of
// graphql.MarshalSliceConcurrently, whose signature it keeps. As there,
// each element has a field context with its index, and a panic in one
// element is reported as that element's error and null. The elements after
// the first are marked so that their fields resolve in turn (see
// resolveConcurrently).
func marshalSliceInOrder(ctx context.Context, length int, _ int64, omitPanicHandler bool, marshalElement func(ctx context.Context, i int) graphql.Marshaler) graphql.Array {
	ret := make(graphql.Array, length)
	later := ctx
	if length > 1 && !afterFirst(ctx) {
		later = context.WithValue(ctx, afterFirstKey{}, true)
	}
	for i := range length {
		parent := ctx
		if i > 0 {
			parent = later
		}
		elementCtx := graphql.WithFieldContext(parent, &graphql.FieldContext{Index: &i})
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

// afterFirstKey marks the context of a list element after the first, at
// any depth below it.
type afterFirstKey struct{}

func afterFirst(ctx context.Context) bool { return ctx.Value(afterFirstKey{}) != nil }

// resolveConcurrently stands in for FieldSet.ResolveConcurrently, which
// graph/internal/gqlgen replaces with it. A field with a resolver of its own
// runs concurrently with its object's other such fields, so that their
// round trips overlap: gqlgen starts a goroutine for each but one. In a
// list, the first element's fields make those round trips for the whole
// list (the batch loaders of graph/batch.go load every element's data the
// first time one asks), so in the elements after it the fields resolve in
// turn, on the caller's goroutine: on the 50-vessel page, whose vessels
// each resolve designations and owners, the goroutines cost the API about
// a tenth of its CPU. A deferred field is left to gqlgen.
func resolveConcurrently(ctx context.Context, field graphql.CollectedField, out *graphql.FieldSet, oc *graphql.OperationContext,
	deferred *graphql.DeferredGroup, i int, recoverFromPanic, nonNull bool, resolve func(ctx context.Context) graphql.Marshaler) {
	if !afterFirst(ctx) || field.IsDeferred() {
		out.ResolveConcurrently(oc, deferred, i, recoverFromPanic, nonNull, resolve)
		return
	}
	v := resolveRecovering(ctx, oc, recoverFromPanic, resolve)
	out.Values[i] = v
	// What marks the object invalid, as FieldSet.ResolveConcurrently counts.
	invalid := graphql.Marshaler(graphql.RequiredNull)
	if nonNull {
		invalid = graphql.Null
	}
	if v == invalid {
		atomic.AddUint32(&out.Invalids, 1)
	}
}

// resolveRecovering runs resolve; with recoverFromPanic, a panic is
// reported as the field's error and resolves to null, as gqlgen does.
func resolveRecovering(ctx context.Context, oc *graphql.OperationContext, recoverFromPanic bool, resolve func(ctx context.Context) graphql.Marshaler) (res graphql.Marshaler) {
	if recoverFromPanic {
		defer func() {
			if r := recover(); r != nil {
				oc.Error(ctx, oc.Recover(ctx, r))
				res = graphql.Null
			}
		}()
	}
	return resolve(ctx)
}

// newDeferredGroup stands in for graphql.NewDeferredGroup, which
// graph/internal/gqlgen replaces with it. gqlgen starts a group for every
// object it marshals, reading the object's path and allocating a field set
// and a map that only a field under @defer uses; on the 50-vessel page that
// took 6 % of the API's CPU. The group is started only for an object with
// a deferred field; the others get an empty one, which nothing reads.
func newDeferredGroup(ctx context.Context, fields []graphql.CollectedField) graphql.DeferredGroup {
	for _, f := range fields {
		if f.IsDeferred() {
			return graphql.NewDeferredGroup(ctx)
		}
	}
	return graphql.DeferredGroup{}
}
