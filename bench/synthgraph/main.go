// Command synthgraph writes the benchmark's synthetic graph as CSV files
// for neo4j-admin and prints the import arguments (deploy/bench runs the
// import into the stopped benchmark instance); with -finish it completes
// the imported graph on the running instance (NEO4J_URI, NEO4J_PASSWORD).
//
//	go run ./bench/synthgraph -dir .neo4j/synthetic -entities 1000000
//	go run ./bench/synthgraph -finish
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/armsgraph/armsgraph/bench/synthetic"
)

func main() {
	dir := flag.String("dir", ".neo4j/synthetic", "folder for the CSV files")
	n := flag.Int("entities", 1_000_000, "number of entities")
	finish := flag.Bool("finish", false, "complete the imported graph on the running instance instead")
	flag.Parse()
	if *finish {
		if err := finishGraph(); err != nil {
			fmt.Fprintln(os.Stderr, "synthgraph:", err)
			os.Exit(1)
		}
		return
	}
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

func finishGraph() error {
	ctx := context.Background()
	driver, err := neo4j.NewDriverWithContext(os.Getenv("NEO4J_URI"), neo4j.BasicAuth("neo4j", os.Getenv("NEO4J_PASSWORD"), ""))
	if err != nil {
		return err
	}
	defer driver.Close(ctx)
	// CALL … IN TRANSACTIONS needs an implicit transaction.
	sess := driver.NewSession(ctx, neo4j.SessionConfig{})
	defer sess.Close(ctx)
	res, err := sess.Run(ctx, synthetic.FinishStatement, nil)
	if err != nil {
		return err
	}
	_, err = res.Consume(ctx)
	return err
}
