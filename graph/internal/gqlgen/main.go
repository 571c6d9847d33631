// Command gqlgen runs gqlgen on graph/gqlgen.yml with the elements of every
// list marshalled in order, on the goroutine of the field that returned it.
//
// gqlgen marshals each element of a list of objects on a goroutine of its
// own. armsgraph's resolvers never wait for each other within a list (the
// batch loaders of graph/batch.go fetch a whole list's data the first time
// one element asks), so those goroutines bought nothing: in a CPU profile
// of the API under the 8-client benchmark of the 50-vessel page, growing
// goroutine stacks took 13 % of its CPU. gqlgen has no switch for this, so
// the generated calls to graphql.MarshalSliceConcurrently are replaced by
// marshalSliceInOrder (graph/generated/inorder.go).
//
// The fields of one object still run concurrently: a vessel's flags,
// transfers and controls may each wait on a round trip, and resolving them
// one after the other made a vessel's profile at one client
// (testdata/queries/vessel-maria.graphql) take 5.4–7.9 ms instead of
// 4.4–4.7.
package main

import (
	"bytes"
	"fmt"
	"log"
	"os"

	"github.com/99designs/gqlgen/api"
	"github.com/99designs/gqlgen/codegen/config"
)

var (
	concurrentSlice = []byte("graphql.MarshalSliceConcurrently(")
	inOrderSlice    = []byte("marshalSliceInOrder(")
)

func main() {
	log.SetFlags(0)
	cfg, err := config.LoadConfigFromDefaultLocations()
	if err != nil {
		log.Fatalf("gqlgen: %v", err)
	}
	if err := api.Generate(cfg); err != nil {
		log.Fatalf("gqlgen: %v", err)
	}
	if err := marshalListsInOrder(cfg.Exec.Filename); err != nil {
		log.Fatalf("gqlgen: %v", err)
	}
}

// marshalListsInOrder rewrites the executor's list marshalling. It fails
// when there is nothing to rewrite, so that a gqlgen release that renames
// the call is noticed rather than silently left concurrent.
func marshalListsInOrder(filename string) error {
	src, err := os.ReadFile(filename)
	if err != nil {
		return err
	}
	if !bytes.Contains(src, concurrentSlice) {
		return fmt.Errorf("%s: no call to %s to replace: check graph/generated/inorder.go against this gqlgen release", filename, concurrentSlice)
	}
	return os.WriteFile(filename, bytes.ReplaceAll(src, concurrentSlice, inOrderSlice), 0o644)
}
