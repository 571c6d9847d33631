package neo4jdb

import (
	"errors"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
)

// neo4jErrors counts failed transactions by cause, for /metrics.
var neo4jErrors = promauto.NewCounterVec(prometheus.CounterOpts{
	Name: "armsgraph_neo4j_errors_total",
	Help: "Neo4j transactions that failed, by cause (unreachable, auth, timeout, client, other).",
}, []string{"cause"})

func countError(err error) {
	var neoErr *neo4j.Neo4jError
	cause := "other"
	switch {
	case isUnreachable(err):
		cause = "unreachable"
	case errors.As(err, &neoErr) && neoErr.Code == "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration":
		cause = "timeout"
	case errors.As(err, &neoErr) && neoErr.HasSecurityCode():
		cause = "auth"
	case errors.As(err, &neoErr) && neoErr.Classification() == "ClientError":
		cause = "client"
	}
	neo4jErrors.WithLabelValues(cause).Inc()
}

// readSessions counts the read sessions open now, for /metrics: with the
// per-request cap, at most requests in flight × sessions per request.
var readSessions = promauto.NewGauge(prometheus.GaugeOpts{
	Name: "armsgraph_neo4j_read_sessions",
	Help: "Neo4j read sessions open now.",
})
