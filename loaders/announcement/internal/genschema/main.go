// Command genschema writes the JSON Schema of the announcement file format,
// generated from the Go types in loaders/announcement, to the file named by
// its argument. It runs from go generate in loaders/announcement.
package main

import (
	"fmt"
	"os"

	"github.com/armsgraph/armsgraph/loaders/announcement"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: genschema OUTPUT.json")
		os.Exit(2)
	}
	schema, err := announcement.JSONSchema()
	if err == nil {
		err = os.WriteFile(os.Args[1], schema, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "genschema:", err)
		os.Exit(1)
	}
}
