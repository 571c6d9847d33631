// Package server is armsgraph's HTTP surface: health and readiness probes,
// Prometheus metrics, and the GraphQL endpoint with its IDE.
package server

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/armsgraph/armsgraph/neo4jdb"
)

var (
	requests = promauto.NewCounterVec(prometheus.CounterOpts{
		Name: "armsgraph_http_requests_total",
		Help: "HTTP requests served, by route and status code.",
	}, []string{"route", "code"})
	latency = promauto.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "armsgraph_http_request_duration_seconds",
		Help:    "HTTP request latency, by route.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
	}, []string{"route"})
)

// Server holds what the handlers need.
type Server struct {
	store *neo4jdb.Store
	log   *slog.Logger
	mux   *http.ServeMux
	// schemaReady is set once the schema is known to be applied; it never
	// goes back, since constraints are not dropped while serving.
	schemaReady     atomic.Bool
	lastNotReadyLog atomic.Int64
}

// New builds the HTTP handler tree. Routes added by Handle get metrics.
func New(s *neo4jdb.Store, log *slog.Logger) *Server {
	srv := &Server{store: s, log: log, mux: http.NewServeMux()}
	srv.Handle("/healthz", http.HandlerFunc(srv.healthz))
	srv.Handle("/readyz", http.HandlerFunc(srv.readyz))
	srv.mux.Handle("/metrics", promhttp.Handler())
	return srv
}

// Handle registers h under pattern with request metrics and logging.
func (srv *Server) Handle(pattern string, h http.Handler) {
	srv.mux.Handle(pattern, instrument(pattern, h))
}

// ServeHTTP implements http.Handler.
func (srv *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { srv.mux.ServeHTTP(w, r) }

// MarkSchemaApplied records that the schema was applied at start-up.
func (srv *Server) MarkSchemaApplied() { srv.schemaReady.Store(true) }

func (srv *Server) healthz(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// readyz is ready when Neo4j answers and the schema is applied. It asks
// Neo4j on every call (within readyTimeout), so it turns ready again as
// soon as Neo4j is back, and answers at once while the health monitor
// knows Neo4j is down. Its reasons are generic, for anyone to see; the
// driver's detail (addresses, user names) goes to the log.
func (srv *Server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
	defer cancel()
	err := srv.store.Health()
	if err == nil {
		err = srv.store.Ping(ctx)
	}
	if err != nil {
		srv.notReady("Neo4j is unavailable", err)
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "reason": "Neo4j is unavailable"})
		return
	}
	if !srv.schemaReady.Load() {
		ok, err := srv.store.SchemaApplied(ctx)
		if err != nil || !ok {
			reason := "the schema is not applied yet"
			srv.notReady(reason, err)
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "reason": reason})
			return
		}
		srv.schemaReady.Store(true)
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}

// readyTimeout bounds /readyz's questions to Neo4j.
const readyTimeout = 2 * time.Second

// notReady logs why /readyz said no, at most every ten seconds, since
// probes ask often.
func (srv *Server) notReady(reason string, detail error) {
	now := time.Now().UnixNano()
	last := srv.lastNotReadyLog.Load()
	if now-last < int64(10*time.Second) || !srv.lastNotReadyLog.CompareAndSwap(last, now) {
		return
	}
	args := []any{"reason", reason}
	if detail != nil {
		args = append(args, "error", detail.Error())
	}
	srv.log.Warn("not ready", args...)
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

type statusRecorder struct {
	http.ResponseWriter
	code int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.code = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func instrument(route string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, code: http.StatusOK}
		h.ServeHTTP(rec, r)
		latency.WithLabelValues(route).Observe(time.Since(start).Seconds())
		requests.WithLabelValues(route, strconv.Itoa(rec.code)).Inc()
	})
}
