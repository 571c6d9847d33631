// Command gqlgen runs gqlgen on graph/gqlgen.yml with the elements of every
// list marshalled in order, on the goroutine of the field that returned it,
// the resolver fields of a list's later elements resolved in turn, and no
// @defer bookkeeping for objects without a deferred field.
//
// gqlgen marshals each element of a list of objects on a goroutine of its
// own. armsgraph's resolvers never wait for each other within a list (the
// batch loaders of graph/batch.go fetch a whole list's data the first time
// one element asks), so those goroutines bought nothing: in a CPU profile
// of the API under the 8-client benchmark of the 50-vessel page, growing
// goroutine stacks took 13 % of its CPU. gqlgen has no switch for this, so
// the generated calls to graphql.MarshalSliceConcurrently are replaced by
// marshalSliceInOrder (graph/generated/standins.go).
//
// The resolver fields of one object still run concurrently: a vessel's
// flags, transfers and controls may each wait on a round trip, and
// resolving them one after the other made a vessel's profile at one client
// (testdata/queries/vessel-maria.graphql) take 5.4–7.9 ms instead of
// 4.4–4.7. In a list, only the first element's do: its round trips load
// the data of every element, so the generated calls to
// FieldSet.ResolveConcurrently go through resolveConcurrently
// (graph/generated/standins.go), which resolves the later elements' fields
// on the caller's goroutine.
//
// gqlgen also starts a @defer group for every object it marshals; the
// generated calls to graphql.NewDeferredGroup go through newDeferredGroup,
// which starts one only for an object with a deferred field.
package main

import (
	"bytes"
	"fmt"
	"log"
	"os"

	"github.com/99designs/gqlgen/api"
	"github.com/99designs/gqlgen/codegen/config"
)

// rewrites are the generated calls replaced, each with its stand-in.
var rewrites = []struct{ call, standIn []byte }{
	{[]byte("graphql.MarshalSliceConcurrently("), []byte("marshalSliceInOrder(")},
	{[]byte("out.ResolveConcurrently(ec.OperationContext, &deferred, i,"), []byte("resolveConcurrently(ctx, field, out, ec.OperationContext, &deferred, i,")},
	{[]byte("deferred := graphql.NewDeferredGroup(ctx)"), []byte("deferred := newDeferredGroup(ctx, fields)")},
}

func main() {
	log.SetFlags(0)
	cfg, err := config.LoadConfigFromDefaultLocations()
	if err != nil {
		log.Fatalf("gqlgen: %v", err)
	}
	if err := api.Generate(cfg); err != nil {
		log.Fatalf("gqlgen: %v", err)
	}
	if err := rewrite(cfg.Exec.Filename); err != nil {
		log.Fatalf("gqlgen: %v", err)
	}
}

// rewrite replaces the executor's calls with their stand-ins. It fails when
// one has nothing to replace, so that a gqlgen release that renames a call
// is noticed rather than silently left concurrent.
func rewrite(filename string) error {
	src, err := os.ReadFile(filename)
	if err != nil {
		return err
	}
	for _, r := range rewrites {
		if !bytes.Contains(src, r.call) {
			return fmt.Errorf("%s: no call %s to replace: check graph/generated/standins.go against this gqlgen release", filename, r.call)
		}
		src = bytes.ReplaceAll(src, r.call, r.standIn)
	}
	return os.WriteFile(filename, src, 0o644)
}
