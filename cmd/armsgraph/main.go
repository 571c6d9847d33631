// Command armsgraph runs the armsgraph knowledge graph: the GraphQL API
// (serve), the Neo4j schema (schema apply), the loaders (load).
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

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
	cfg          neo4jdb.Config
	passwordFile string
}

func (f *neo4jFlags) register(cmd *cobra.Command) {
	f.cfg = neo4jdb.DefaultConfig()
	flags := cmd.PersistentFlags()
	flags.StringVar(&f.cfg.URI, "neo4j-uri", envOr("NEO4J_URI", f.cfg.URI), "Neo4j URI, bolt:// or neo4j:// for routing (env NEO4J_URI)")
	flags.StringVar(&f.cfg.Username, "neo4j-username", envOr("NEO4J_USERNAME", f.cfg.Username), "Neo4j user (env NEO4J_USERNAME)")
	// The password never travels as an argument, where ps shows it.
	flags.StringVar(&f.passwordFile, "neo4j-password-file", envOr("NEO4J_PASSWORD_FILE", ""), "file holding the Neo4j password (env NEO4J_PASSWORD_FILE; or env NEO4J_PASSWORD; default: the development password)")
	flags.StringVar(&f.cfg.Database, "neo4j-database", envOr("NEO4J_DATABASE", f.cfg.Database), "Neo4j database (env NEO4J_DATABASE)")
	flags.DurationVar(&f.cfg.ReadTimeout, "read-timeout", f.cfg.ReadTimeout, "timeout of each read transaction; the client waits five seconds more")
	flags.DurationVar(&f.cfg.WriteTimeout, "write-timeout", f.cfg.WriteTimeout, "timeout of each write transaction")
	flags.DurationVar(&f.cfg.RetryTime, "neo4j-retry-time", envDuration("NEO4J_RETRY_TIME", f.cfg.RetryTime), "how long a transaction is retried after a transient failure (env NEO4J_RETRY_TIME)")
	flags.DurationVar(&f.cfg.ConnectTimeout, "neo4j-connect-timeout", envDuration("NEO4J_CONNECT_TIMEOUT", f.cfg.ConnectTimeout), "timeout of opening a connection to Neo4j (env NEO4J_CONNECT_TIMEOUT)")
	flags.DurationVar(&f.cfg.AcquireTimeout, "neo4j-acquire-timeout", envDuration("NEO4J_ACQUIRE_TIMEOUT", f.cfg.AcquireTimeout), "longest wait for a connection of the pool (env NEO4J_ACQUIRE_TIMEOUT)")
	flags.IntVar(&f.cfg.PoolSize, "neo4j-pool-size", envInt("NEO4J_POOL_SIZE", f.cfg.PoolSize), "connections to Neo4j at most (env NEO4J_POOL_SIZE)")
}

// resolvePassword takes the password from NEO4J_PASSWORD_FILE (or the
// flag), else NEO4J_PASSWORD, else the development default.
func (f *neo4jFlags) resolvePassword() error {
	switch {
	case f.passwordFile != "":
		b, err := os.ReadFile(f.passwordFile)
		if err != nil {
			return fmt.Errorf("Neo4j password file: %w", err)
		}
		f.cfg.Password = strings.TrimRight(string(b), "\r\n")
	case os.Getenv("NEO4J_PASSWORD") != "":
		f.cfg.Password = os.Getenv("NEO4J_PASSWORD")
	}
	return nil
}

// envDuration reads a duration variable; unset or malformed means
// fallback.
func envDuration(name string, fallback time.Duration) time.Duration {
	if d, err := time.ParseDuration(os.Getenv(name)); err == nil {
		return d
	}
	return fallback
}

// open connects and checks that Neo4j answers, with a one-line error when
// it does not.
func (f *neo4jFlags) open(ctx context.Context) (*neo4jdb.Store, error) {
	if err := f.resolvePassword(); err != nil {
		return nil, err
	}
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
	root.AddCommand(newServeCommand(&conn), newSchemaCommand(&conn), newLoadCommand(&conn), newXrefCommand(&conn), newDiffCommand(), newExportCommand(&conn), newVersionCommand())
	return root
}
