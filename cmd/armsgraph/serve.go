package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/armsgraph/armsgraph/graph"
	"github.com/armsgraph/armsgraph/graph/ide"
	"github.com/armsgraph/armsgraph/guide"
	"github.com/armsgraph/armsgraph/neo4jdb"
	"github.com/armsgraph/armsgraph/server"
)

// serveOptions are serve's settings beyond the API's own.
type serveOptions struct {
	addr, corsOrigins string
	dev               bool
	limits            server.Limits
	maxConns          int
	keyFile           string
	keyRate           float64
	keyBurst          int
	refusalFloor      time.Duration
}

func newServeCommand(conn *neo4jFlags) *cobra.Command {
	opts := serveOptions{limits: server.DefaultLimits(), refusalFloor: defaultRefusalFloor}
	api := graph.DefaultConfig()
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the GraphQL API, /healthz, /readyz and /metrics",
		Long: "serve applies the Neo4j schema and serves the API. If Neo4j is down it keeps\n" +
			"serving, reports not ready on /readyz, and applies the schema once Neo4j is back.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			api.CORSOrigins = strings.FieldsFunc(opts.corsOrigins, func(r rune) bool { return r == ',' || r == ' ' })
			flags := cmd.Flags()
			if !flags.Changed("introspection") && os.Getenv("ARMSGRAPH_INTROSPECTION") == "" {
				api.Introspection = opts.dev
			}
			if !flags.Changed("field-suggestions") && os.Getenv("ARMSGRAPH_FIELD_SUGGESTIONS") == "" {
				api.FieldSuggestions = opts.dev
			}
			if err := conn.resolvePassword(); err != nil {
				return err
			}
			return serve(cmd.Context(), conn.cfg, opts, api)
		},
	}
	flags := cmd.Flags()
	flags.StringVar(&opts.addr, "addr", envOr("ARMSGRAPH_ADDR", "127.0.0.1:8080"), "address to listen on (env ARMSGRAPH_ADDR)")
	flags.StringVar(&opts.corsOrigins, "cors-origins", envOr("ARMSGRAPH_CORS_ORIGINS", ""), "comma-separated dashboard origins allowed to call /graphql from a browser (env ARMSGRAPH_CORS_ORIGINS)")
	flags.BoolVar(&opts.dev, "dev", envInt("ARMSGRAPH_DEV", 0) != 0, "development mode: introspection and field suggestions on unless set otherwise (env ARMSGRAPH_DEV=1; `make run` sets it)")
	flags.BoolVar(&api.Introspection, "introspection", envInt("ARMSGRAPH_INTROSPECTION", 0) != 0, "let clients read the GraphQL schema (env ARMSGRAPH_INTROSPECTION=1; default: on with --dev only)")
	flags.BoolVar(&api.FieldSuggestions, "field-suggestions", envInt("ARMSGRAPH_FIELD_SUGGESTIONS", 0) != 0, "suggest field names in validation errors (env ARMSGRAPH_FIELD_SUGGESTIONS=1; default: on with --dev only)")
	flags.IntVar(&api.MaxComplexity, "max-complexity", envInt("ARMSGRAPH_MAX_COMPLEXITY", api.MaxComplexity), "largest cost of one GraphQL operation, in units of database work (env ARMSGRAPH_MAX_COMPLEXITY)")
	flags.IntVar(&api.MaxAliases, "max-aliases", envInt("ARMSGRAPH_MAX_ALIASES", api.MaxAliases), "most times one root field may appear in an operation (env ARMSGRAPH_MAX_ALIASES)")
	flags.IntVar(&api.SessionsPerRequest, "sessions-per-request", envInt("ARMSGRAPH_SESSIONS_PER_REQUEST", api.SessionsPerRequest), "most Neo4j sessions one request holds at once (env ARMSGRAPH_SESSIONS_PER_REQUEST)")
	flags.IntVar(&opts.limits.MaxInFlight, "max-in-flight", envInt("ARMSGRAPH_MAX_IN_FLIGHT", opts.limits.MaxInFlight), "most API requests served at once (env ARMSGRAPH_MAX_IN_FLIGHT)")
	flags.IntVar(&opts.limits.MaxQueued, "max-queued", envInt("ARMSGRAPH_MAX_QUEUED", opts.limits.MaxQueued), "most API requests waiting for a turn; beyond, 503 OVERLOADED (env ARMSGRAPH_MAX_QUEUED)")
	flags.IntVar(&opts.maxConns, "max-connections", envInt("ARMSGRAPH_MAX_CONNECTIONS", 1024), "most client connections open at once (env ARMSGRAPH_MAX_CONNECTIONS)")
	flags.StringVar(&opts.keyFile, "api-key-file", envOr("ARMSGRAPH_API_KEY_FILE", ""), "file of SHA-256 hashes of API keys, one per line; with it (or env ARMSGRAPH_API_KEY_HASHES) /graphql needs a key (env ARMSGRAPH_API_KEY_FILE)")
	flags.Float64Var(&opts.keyRate, "api-key-rate", float64(envInt("ARMSGRAPH_API_KEY_RATE", 20)), "requests per second per API key, on average (env ARMSGRAPH_API_KEY_RATE)")
	flags.IntVar(&opts.keyBurst, "api-key-burst", envInt("ARMSGRAPH_API_KEY_BURST", 40), "requests per API key in a burst (env ARMSGRAPH_API_KEY_BURST)")
	flags.IntVar(&api.MaxDepth, "max-depth", envInt("ARMSGRAPH_MAX_DEPTH", api.MaxDepth), "deepest nesting of fields in one GraphQL operation (env ARMSGRAPH_MAX_DEPTH)")
	flags.IntVar(&api.MaxSelections, "max-selections", envInt("ARMSGRAPH_MAX_SELECTIONS", api.MaxSelections), "most field selections in one GraphQL document, fragments counted where spread and where defined (env ARMSGRAPH_MAX_SELECTIONS)")
	flags.IntVar(&api.LargeDocumentBytes, "large-document-bytes", envInt("ARMSGRAPH_LARGE_DOCUMENT_BYTES", api.LargeDocumentBytes), "size (body plus query string) above which a document is parsed and checked in the large-document lane (env ARMSGRAPH_LARGE_DOCUMENT_BYTES)")
	flags.IntVar(&api.LargeDocumentsAtOnce, "large-documents-at-once", envInt("ARMSGRAPH_LARGE_DOCUMENTS_AT_ONCE", api.LargeDocumentsAtOnce), "large documents parsed and checked at once; others wait up to 2 s, then 503 OVERLOADED; 0 means no lane (env ARMSGRAPH_LARGE_DOCUMENTS_AT_ONCE)")
	flags.DurationVar(&opts.refusalFloor, "refusal-floor", envDuration("ARMSGRAPH_REFUSAL_FLOOR", opts.refusalFloor), "a document refused before it runs (too large, too costly, invalid) is answered between this and 1.3 times this after it arrived, to slow clients that loop on refusals; 0 answers at once (env ARMSGRAPH_REFUSAL_FLOOR)")
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

// defaultRefusalFloor slows a loop of refused documents to about 17
// requests a second per connection (a refusal is held 50–65 ms), and keeps
// each refusal under 100 ms, a 600 KB GET's reading included.
const defaultRefusalFloor = 50 * time.Millisecond

// maxHeaderBytes bounds a request's headers (net/http's default, made
// explicit).
const maxHeaderBytes = 1 << 20

// A request allocates about its response and keeps nothing, so the
// collector runs often for little: with GOGC at 400 the API's own CPU per
// 50-vessel page fell from 6.1 to 4.0 ms (bench/querybench, real lists),
// its peak memory rose from 37 to 64 MB. The soft memory limit makes it
// collect sooner as the heap nears it, so a burst of large answers costs
// CPU, not memory. GOGC and GOMEMLIMIT in the environment take precedence.
const (
	serveGCPercent   = 400
	serveMemoryLimit = 80 << 20
)

func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(serveGCPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(serveMemoryLimit)
	}
}

// answerTime is how long a request may take to be answered: at least
// minAnswerTime, and enough for a read that runs its whole read timeout
// (--read-timeout 60s once had answers cut off at the server's fixed 30 s).
func answerTime(cfg neo4jdb.Config) time.Duration {
	return max(minAnswerTime, cfg.ReadTimeout+neo4jdb.ClientMargin)
}

const minAnswerTime = 25 * time.Second

func serve(ctx context.Context, cfg neo4jdb.Config, opts serveOptions, api graph.Config) error {
	tuneGC()
	log := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	keys, err := server.LoadAPIKeys(opts.keyFile, os.Getenv("ARMSGRAPH_API_KEY_HASHES"), opts.keyRate, opts.keyBurst)
	if err != nil {
		return err
	}
	s, err := neo4jdb.Open(cfg)
	if err != nil {
		return err
	}
	defer s.Close(context.Background())
	if err := s.Monitor(ctx, log); err != nil {
		return err
	}

	srv := server.New(s, log)
	api.Logger = log
	answerWithin := answerTime(cfg)
	srv.Handle("/graphql", server.Deadline(answerWithin,
		graph.HoldRefusals(opts.refusalFloor, keys.Require(server.LimitInFlight(opts.limits, graph.NewHandler(s, api))))))
	ideHandler := ide.Handler("/ide/", "/graphql")
	srv.Handle("/{$}", ideHandler)
	srv.Handle("/ide/", ideHandler)
	srv.Handle("/guide/", guide.Handler(guide.Origins(os.Getenv(guide.OriginsEnv))))
	listener, err := net.Listen("tcp", opts.addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return fmt.Errorf("address %s is already in use: stop the other process or choose another with --addr (env ARMSGRAPH_ADDR)", opts.addr)
		}
		return fmt.Errorf("cannot listen on %s: %w", opts.addr, err)
	}
	var hold func() time.Duration
	if opts.refusalFloor > 0 {
		hold = func() time.Duration { return graph.RefusalHold(opts.refusalFloor) }
	}
	listener = server.LimitListener(server.LimitLines(listener, server.LineLimit(api.MaxBodyBytes), hold), opts.maxConns)
	if err := applySchemaWhenReachable(ctx, s, srv, log); err != nil {
		_ = listener.Close()
		return err
	}

	// Headers carry a GET's query string: up to the line limit they reach the
	// handler, which refuses one over the body limit with a coded 414;
	// beyond, the connection refuses it with a coded 431 (server.LimitLines).
	httpServer := server.HTTPServer(srv, maxHeaderBytes, answerWithin)
	errc := make(chan error, 1)
	go func() { errc <- httpServer.Serve(listener) }()
	log.Info("serving", "addr", "http://"+listener.Addr().String(), "neo4j", neo4jdb.RedactURI(cfg.URI),
		"introspection", api.Introspection, "apiKeys", keys != nil)

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
