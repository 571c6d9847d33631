// Command synthgraph writes the benchmark's synthetic graph as CSV files
// for neo4j-admin and prints the import arguments (deploy/bench runs the
// import into the stopped benchmark instance).
//
//	go run ./bench/synthgraph -dir .neo4j/synthetic -entities 1000000
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/armsgraph/armsgraph/bench/synthetic"
)

func main() {
	dir := flag.String("dir", ".neo4j/synthetic", "folder for the CSV files")
	n := flag.Int("entities", 1_000_000, "number of entities")
	flag.Parse()
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "synthgraph:", err)
		os.Exit(1)
	}
	c, err := synthetic.Generate(*dir, *n, 1)
	if err != nil {
		fmt.Fprintln(os.Stderr, "synthgraph:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "synthgraph: %d entities, %d designations, %d relationships\n", c.Entities, c.Designations, c.Relationships)
	fmt.Println(strings.Join(synthetic.ImportArgs(*dir), " "))
}
