package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/armsgraph/armsgraph/graph"
	"github.com/armsgraph/armsgraph/guide"
	"github.com/armsgraph/armsgraph/neo4jdb"
	"github.com/armsgraph/armsgraph/server"
)

func newServeCommand(conn *neo4jFlags) *cobra.Command {
	var addr, corsOrigins string
	api := graph.DefaultConfig()
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the GraphQL API, /healthz, /readyz and /metrics",
		Long: "serve applies the Neo4j schema and serves the API. If Neo4j is down it keeps\n" +
			"serving, reports not ready on /readyz, and applies the schema once Neo4j is back.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			api.CORSOrigins = strings.FieldsFunc(corsOrigins, func(r rune) bool { return r == ',' || r == ' ' })
			return serve(cmd.Context(), conn.cfg, addr, api)
		},
	}
	flags := cmd.Flags()
	flags.StringVar(&addr, "addr", envOr("ARMSGRAPH_ADDR", "127.0.0.1:8080"), "address to listen on (env ARMSGRAPH_ADDR)")
	flags.StringVar(&corsOrigins, "cors-origins", envOr("ARMSGRAPH_CORS_ORIGINS", ""), "comma-separated dashboard origins allowed to call /graphql from a browser (env ARMSGRAPH_CORS_ORIGINS)")
	flags.BoolVar(&api.Introspection, "introspection", envInt("ARMSGRAPH_INTROSPECTION", 1) != 0, "let clients read the GraphQL schema (env ARMSGRAPH_INTROSPECTION=0 turns it off)")
	flags.IntVar(&api.MaxComplexity, "max-complexity", envInt("ARMSGRAPH_MAX_COMPLEXITY", api.MaxComplexity), "largest estimated cost of one GraphQL operation (env ARMSGRAPH_MAX_COMPLEXITY)")
	flags.IntVar(&api.MaxDepth, "max-depth", envInt("ARMSGRAPH_MAX_DEPTH", api.MaxDepth), "deepest nesting of fields in one GraphQL operation (env ARMSGRAPH_MAX_DEPTH)")
	flags.Int64Var(&api.MaxBodyBytes, "max-body-bytes", int64(envInt("ARMSGRAPH_MAX_BODY_BYTES", int(api.MaxBodyBytes))), "largest request body /graphql accepts (env ARMSGRAPH_MAX_BODY_BYTES)")
	return cmd
}

// envInt reads an integer variable; unset or malformed means fallback.
func envInt(name string, fallback int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return n
	}
	return fallback
}

func serve(ctx context.Context, cfg neo4jdb.Config, addr string, api graph.Config) error {
	log := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	s, err := neo4jdb.Open(cfg)
	if err != nil {
		return err
	}
	defer s.Close(context.Background())

	srv := server.New(s, log)
	api.Logger = log
	srv.Handle("/graphql", graph.NewHandler(s, api))
	srv.Handle("/{$}", graph.IDEHandler("/graphql"))
	srv.Handle("/guide/", guide.Handler(guide.Origins(os.Getenv(guide.OriginsEnv))))
	listener, err := net.Listen("tcp", addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return fmt.Errorf("address %s is already in use: stop the other process or choose another with --addr (env ARMSGRAPH_ADDR)", addr)
		}
		return fmt.Errorf("cannot listen on %s: %w", addr, err)
	}
	if err := applySchemaWhenReachable(ctx, s, srv, log); err != nil {
		_ = listener.Close()
		return err
	}

	httpServer := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- httpServer.Serve(listener) }()
	log.Info("serving", "addr", "http://"+listener.Addr().String(), "neo4j", cfg.URI)

	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	return httpServer.Shutdown(shutdownCtx)
}

// applySchemaWhenReachable applies the schema now if Neo4j answers. If it
// is unreachable, serving starts anyway and a background loop applies the
// schema when Neo4j comes back; a refusal such as a wrong password stops
// start-up with its one-line error.
func applySchemaWhenReachable(ctx context.Context, s *neo4jdb.Store, srv *server.Server, log *slog.Logger) error {
	err := s.ApplySchema(ctx)
	switch {
	case err == nil:
		srv.MarkSchemaApplied()
		return nil
	case !neo4jdb.IsUnreachable(err):
		return err
	}
	log.Warn("Neo4j unreachable; serving and retrying the schema in the background", "error", err.Error())
	go func() {
		ticker := time.NewTicker(2 * time.Second)
		defer ticker.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-ticker.C:
			}
			if err := s.ApplySchema(ctx); err == nil {
				srv.MarkSchemaApplied()
				log.Info("Neo4j reachable; schema applied")
				return
			}
		}
	}()
	return nil
}
