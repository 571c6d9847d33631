package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/armsgraph/armsgraph/graph/server"
	"github.com/armsgraph/armsgraph/graph/store"
)

func newServeCommand(conn *neo4jFlags) *cobra.Command {
	var addr string
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the GraphQL API, /healthz, /readyz and /metrics",
		Long: "serve applies the Neo4j schema and serves the API. If Neo4j is down it keeps\n" +
			"serving, reports not ready on /readyz, and applies the schema once Neo4j is back.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return serve(cmd.Context(), conn.cfg, addr)
		},
	}
	cmd.Flags().StringVar(&addr, "addr", envOr("ARMSGRAPH_ADDR", "127.0.0.1:8080"), "address to listen on (env ARMSGRAPH_ADDR)")
	return cmd
}

func serve(ctx context.Context, cfg store.Config, addr string) error {
	log := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	s, err := store.Open(cfg)
	if err != nil {
		return err
	}
	defer s.Close(context.Background())

	srv := server.New(s, log)
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
func applySchemaWhenReachable(ctx context.Context, s *store.Store, srv *server.Server, log *slog.Logger) error {
	err := s.ApplySchema(ctx)
	switch {
	case err == nil:
		srv.MarkSchemaApplied()
		return nil
	case !store.IsUnreachable(err):
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
