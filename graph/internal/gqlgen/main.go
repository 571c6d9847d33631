// Command gqlgen runs gqlgen on graph/gqlgen.yml with every field resolved
// in order, on the request's goroutine.
//
// gqlgen runs the resolver fields of an object, and the elements of a list
// of objects, each on a goroutine of its own. armsgraph's resolvers never
// wait for each other (the batch loaders of graph/batch.go fetch a whole
// list's data the first time one element asks), so the goroutines bought
// nothing: under the 8-client benchmark of the 50-vessel page they cost a
// third of the API's CPU (starting goroutines and growing their stacks),
// and a request with many aliases could hold more Neo4j sessions at once.
// gqlgen's plugin interface turns off the concurrency of fields; it has no
// switch for lists, so the generated calls to graphql.MarshalSliceConcurrently
// are replaced by marshalSliceInOrder (graph/generated/inorder.go).
package main

import (
	"bytes"
	"fmt"
	"log"
	"os"

	"github.com/99designs/gqlgen/api"
	"github.com/99designs/gqlgen/codegen"
	"github.com/99designs/gqlgen/codegen/config"
)

// inOrder is a gqlgen plugin resolving every object's fields in order.
type inOrder struct{}

func (inOrder) Name() string { return "inorder" }

func (inOrder) GenerateCode(data *codegen.Data) error {
	for _, o := range data.Objects {
		o.DisableConcurrency = true
	}
	return nil
}

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
	if err := api.Generate(cfg, api.AddPlugin(inOrder{})); err != nil {
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
