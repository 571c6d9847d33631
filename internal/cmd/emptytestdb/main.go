// Command emptytestdb deletes every node and relationship of the test
// Neo4j (NEO4J_TEST_URI, NEO4J_TEST_PASSWORD, as deploy/run-tests sets
// them), so that the browser test starts from a known graph whatever the Go
// test packages left behind. It reads only the test variables, never
// NEO4J_URI, so it cannot empty the database of `make run`.
package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/armsgraph/armsgraph/neo4jdb"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "emptytestdb:", err)
		os.Exit(1)
	}
}

func run() error {
	cfg := neo4jdb.DefaultConfig()
	cfg.URI = os.Getenv("NEO4J_TEST_URI")
	if cfg.URI == "" {
		return fmt.Errorf("NEO4J_TEST_URI is not set: this empties the test Neo4j of `make test` only")
	}
	if p := os.Getenv("NEO4J_TEST_PASSWORD"); p != "" {
		cfg.Password = p
	}
	s, err := neo4jdb.Open(cfg)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	defer func() { _ = s.Close(context.Background()) }()
	if err := s.DeleteAllData(ctx); err != nil {
		return err
	}
	stats, err := s.GraphStats(ctx)
	if err != nil {
		return err
	}
	for label, n := range stats.Labels {
		if n != 0 {
			return fmt.Errorf("%d %s nodes left after emptying", n, label)
		}
	}
	return nil
}
