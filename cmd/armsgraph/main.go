// Command armsgraph runs the armsgraph knowledge graph: the GraphQL API
// (serve), the Neo4j schema (schema apply), the loaders (load).
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/armsgraph/armsgraph/neo4jdb"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := newRootCommand().ExecuteContext(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "armsgraph:", err)
		os.Exit(1)
	}
}

// neo4jFlags are the connection settings shared by every subcommand that
// talks to Neo4j; each defaults to the variable Neo4j users already know.
type neo4jFlags struct {
	cfg neo4jdb.Config
}

func (f *neo4jFlags) register(cmd *cobra.Command) {
	f.cfg = neo4jdb.DefaultConfig()
	flags := cmd.PersistentFlags()
	flags.StringVar(&f.cfg.URI, "neo4j-uri", envOr("NEO4J_URI", f.cfg.URI), "Neo4j URI, bolt:// or neo4j:// for routing (env NEO4J_URI)")
	flags.StringVar(&f.cfg.Username, "neo4j-username", envOr("NEO4J_USERNAME", f.cfg.Username), "Neo4j user (env NEO4J_USERNAME)")
	flags.StringVar(&f.cfg.Password, "neo4j-password", envOr("NEO4J_PASSWORD", f.cfg.Password), "Neo4j password (env NEO4J_PASSWORD)")
	flags.StringVar(&f.cfg.Database, "neo4j-database", envOr("NEO4J_DATABASE", f.cfg.Database), "Neo4j database (env NEO4J_DATABASE)")
	flags.DurationVar(&f.cfg.ReadTimeout, "read-timeout", f.cfg.ReadTimeout, "timeout of each read transaction")
	flags.DurationVar(&f.cfg.WriteTimeout, "write-timeout", f.cfg.WriteTimeout, "timeout of each write transaction")
}

// open connects and checks that Neo4j answers, with a one-line error when
// it does not.
func (f *neo4jFlags) open(ctx context.Context) (*neo4jdb.Store, error) {
	s, err := neo4jdb.Open(f.cfg)
	if err != nil {
		return nil, err
	}
	if err := s.Ping(ctx); err != nil {
		_ = s.Close(ctx)
		return nil, err
	}
	return s, nil
}

// openWithSchema opens the store and applies the schema, as every command
// that writes needs.
func (f *neo4jFlags) openWithSchema(ctx context.Context) (*neo4jdb.Store, error) {
	s, err := f.open(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.ApplySchema(ctx); err != nil {
		_ = s.Close(ctx)
		return nil, err
	}
	return s, nil
}

func envOr(name, fallback string) string {
	if v, ok := os.LookupEnv(name); ok && v != "" {
		return v
	}
	return fallback
}

func newRootCommand() *cobra.Command {
	var conn neo4jFlags
	root := &cobra.Command{
		Use:           "armsgraph",
		Short:         "A knowledge graph of arms-trade and sanctions networks",
		Long:          "armsgraph loads sanctions designations, people, ships, companies and UN resolutions into Neo4j\nand answers network questions through a GraphQL API.",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	conn.register(root)
	root.AddCommand(newServeCommand(&conn), newSchemaCommand(&conn), newLoadCommand(&conn), newDiffCommand(), newVersionCommand())
	return root
}
