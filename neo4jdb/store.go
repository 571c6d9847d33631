// Package store owns every Cypher statement armsgraph runs: the schema, the
// ingest writes and the reads behind the GraphQL API. Values always travel
// as parameters; reads run in read transactions; every transaction has a
// timeout.
package neo4jdb

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"syscall"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"

	"github.com/armsgraph/armsgraph/schema"
)

// Config says how to reach Neo4j. Its fields follow the variables Neo4j
// users already know: NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD,
// NEO4J_DATABASE.
type Config struct {
	URI      string
	Username string
	Password string
	Database string
	// ReadTimeout bounds each read transaction, WriteTimeout each write.
	// Neo4j enforces them; the client also gives up ClientMargin after a
	// read's timeout, so a server that stopped answering cannot hold one.
	ReadTimeout  time.Duration
	WriteTimeout time.Duration
	// RetryTime bounds how long a read or write is retried after a
	// transient failure (the driver's own default is 30 s).
	RetryTime time.Duration
	// ConnectTimeout bounds opening a connection; AcquireTimeout bounds
	// waiting for one of the pool's PoolSize connections. A full pool is
	// back-pressure, not an absent Neo4j (which the health monitor and the
	// read's deadline catch): under 64 clients a 2 s wait turned slow
	// answers into NEO4J_UNAVAILABLE.
	ConnectTimeout time.Duration
	AcquireTimeout time.Duration
	PoolSize       int
	// Today is the date "now" means for designations (YYYY-MM-DD) when a
	// question gives none; nil is the UTC date of the wall clock. Tests
	// freeze it.
	Today func() string
}

// ClientMargin is how long after a read's ReadTimeout the client stops
// waiting for Neo4j. It is a backstop for a server that stopped answering
// (the health monitor of `serve` acts within seconds), not a second
// timeout: its clock also runs while a connection is acquired and the
// transaction begins, which on a loaded machine took more than a second.
const ClientMargin = 5 * time.Second

// DefaultPassword is the development password `make run` and `make test`
// give the Neo4j they install.
const DefaultPassword = "armsgraph-dev"

// DefaultConfig is the configuration of the local development Neo4j.
func DefaultConfig() Config {
	return Config{
		URI:            "bolt://127.0.0.1:7687",
		Username:       "neo4j",
		Password:       DefaultPassword,
		Database:       "neo4j",
		ReadTimeout:    10 * time.Second,
		WriteTimeout:   5 * time.Minute,
		RetryTime:      2 * time.Second,
		ConnectTimeout: 2 * time.Second,
		AcquireTimeout: 10 * time.Second,
		PoolSize:       100,
	}
}

// Store is a handle on Neo4j. It is safe for concurrent use.
type Store struct {
	driver neo4j.DriverWithContext
	cfg    Config
	health health
	// est keeps the counts list statements are planned with (plan.go).
	est estimates
	// known keeps the codes CheckCodes found in the graph (codes.go).
	known knownCodes
}

// Open creates the driver. It does not contact the server: call Ping for
// that. neo4j:// routing URIs work unchanged, so a cluster or Aura is one
// variable away.
func Open(cfg Config) (*Store, error) {
	driver, err := neo4j.NewDriverWithContext(cfg.URI, neo4j.BasicAuth(cfg.Username, cfg.Password, ""),
		func(c *config.Config) {
			c.SocketConnectTimeout = cfg.ConnectTimeout
			c.ConnectionAcquisitionTimeout = cfg.AcquireTimeout
			c.MaxConnectionPoolSize = cfg.PoolSize
			c.MaxTransactionRetryTime = cfg.RetryTime
		})
	if err != nil {
		return nil, fmt.Errorf("NEO4J_URI %q is not a Neo4j URI (want bolt://host:7687 or neo4j://host:7687): %w", RedactURI(cfg.URI), err)
	}
	return &Store{driver: driver, cfg: cfg}, nil
}

// Close closes the driver and its connections.
func (s *Store) Close(ctx context.Context) error { return s.driver.Close(ctx) }

// Config returns the configuration the store was opened with.
func (s *Store) Config() Config { return s.cfg }

// Driver exposes the driver for benchmarks that compare the API with
// direct Cypher.
func (s *Store) Driver() neo4j.DriverWithContext { return s.driver }

// Ping checks that Neo4j answers and accepts the credentials.
func (s *Store) Ping(ctx context.Context) error {
	return s.Explain(s.driver.VerifyAuthentication(ctx, nil))
}

// Explain turns driver errors a user can act on into one-line messages
// that say what to do; other errors pass through unchanged.
func (s *Store) Explain(err error) error {
	if err == nil {
		return nil
	}
	countError(err)
	var neoErr *neo4j.Neo4jError
	switch {
	case errors.As(err, &neoErr) && neoErr.HasSecurityCode():
		return fmt.Errorf("Neo4j at %s refused user %q: wrong NEO4J_USERNAME or NEO4J_PASSWORD (see the README for the development one)",
			RedactURI(s.cfg.URI), s.cfg.Username)
	case errors.As(err, &neoErr) && neoErr.Code == "Neo.ClientError.Database.DatabaseNotFound":
		return fmt.Errorf("Neo4j at %s has no database %q: set NEO4J_DATABASE to an existing one", RedactURI(s.cfg.URI), s.cfg.Database)
	case isUnreachable(err):
		return unreachableError{fmt.Sprintf("cannot reach Neo4j at %s: start it with `make neo4j-start` (or `make run`), or point NEO4J_URI at a running server", RedactURI(s.cfg.URI))}
	}
	return err
}

// RedactURI drops any user information from a URI, so it can be shown.
func RedactURI(uri string) string {
	u, err := url.Parse(uri)
	if err != nil || u.User == nil {
		return uri
	}
	u.User = nil
	return u.String()
}

// ErrResultTooLarge marks a read whose rows reached its safety limit: the
// answer would be incomplete, so it is refused rather than cut.
var ErrResultTooLarge = errors.New("the answer is larger than the server's limit for one read; ask for fewer items")

// errClientDeadline is the cause of a read the client gave up on.
var errClientDeadline = errors.New("neo4j did not answer within the read timeout")

// timeoutError marks a read the client gave up on; IsTimeout knows it as
// a deadline.
type timeoutError struct{ error }

func (timeoutError) Is(target error) bool {
	return target == errClientDeadline || target == context.DeadlineExceeded
}

// ErrUnreachable marks errors that mean Neo4j could not be reached.
var ErrUnreachable = errors.New("neo4j unreachable")

type unreachableError struct{ msg string }

func (e unreachableError) Error() string        { return e.msg }
func (e unreachableError) Is(target error) bool { return target == ErrUnreachable }

func isUnreachable(err error) bool {
	var opErr *net.OpError
	var connErr *neo4j.ConnectivityError
	var retried *neo4j.TransactionExecutionLimit
	if errors.As(err, &retried) { // retries ran out: judge by the last failure
		return len(retried.Errors) > 0 && isUnreachable(retried.Errors[len(retried.Errors)-1])
	}
	return errors.As(err, &connErr) || errors.Is(err, syscall.ECONNREFUSED) || errors.As(err, &opErr) ||
		errors.Is(err, ErrUnreachable) || strings.Contains(err.Error(), noBoltVersion)
}

// noBoltVersion begins the driver's error (untyped) when a server offers no
// Bolt version, as a Neo4j still starting did under the chaos suite's kill
// and restart: the API answered INTERNAL for it.
const noBoltVersion = "none of the server offered Bolt versions are supported"

// IsUnreachable reports whether err means Neo4j could not be reached, as
// opposed to a refusal (wrong password) or a query error.
func IsUnreachable(err error) bool { return isUnreachable(err) }

func (s *Store) session(ctx context.Context, mode neo4j.AccessMode) neo4j.SessionWithContext {
	return s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.cfg.Database, AccessMode: mode})
}

// closeSession closes sess within a second even when its context was
// cancelled, so a frozen server cannot hold the caller.
func closeSession(sess neo4j.SessionWithContext) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_ = sess.Close(ctx)
}

type sessionLimitKey struct{}

// WithSessionLimit caps the sessions that reads under ctx hold at once at
// n: the GraphQL handler gives each request a few, so one request's
// aliases cannot take the driver's whole pool.
func WithSessionLimit(ctx context.Context, n int) context.Context {
	if n < 1 {
		return ctx
	}
	return context.WithValue(ctx, sessionLimitKey{}, make(chan struct{}, n))
}

// SessionsInUse is how many sessions reads under ctx hold now (-1 without
// a limit); tests use it.
func SessionsInUse(ctx context.Context) int {
	slots, ok := ctx.Value(sessionLimitKey{}).(chan struct{})
	if !ok {
		return -1
	}
	return len(slots)
}

// read runs work in a read transaction with the read timeout. The client
// gives up ClientMargin after it, and at once when the health monitor
// finds Neo4j gone; while Neo4j counts as gone, a read gets only
// downReadTimeout, so a frozen server cannot hold a request, yet a slow one
// still answers (and, answering, counts as up again).
func read[T any](ctx context.Context, s *Store, work func(tx neo4j.ManagedTransaction) (T, error)) (T, error) {
	var zero T
	if slots, ok := ctx.Value(sessionLimitKey{}).(chan struct{}); ok {
		select {
		case slots <- struct{}{}:
			defer func() { <-slots }()
		case <-ctx.Done():
			return zero, ctx.Err()
		}
	}
	ctx, cancel := context.WithTimeoutCause(ctx, s.cfg.ReadTimeout+ClientMargin, errClientDeadline)
	defer cancel()
	if s.health.isDown() {
		var cancelShort context.CancelFunc
		ctx, cancelShort = context.WithTimeoutCause(ctx, downReadTimeout, ErrUnreachable)
		defer cancelShort()
	}
	ctx, cancelDown := context.WithCancelCause(ctx)
	defer cancelDown(nil)
	stop := s.health.onDown(func() { cancelDown(ErrUnreachable) })
	defer stop()

	readSessions.Inc()
	defer readSessions.Dec()
	sess := s.session(ctx, neo4j.AccessModeRead)
	defer closeSession(sess)
	v, err := sess.ExecuteRead(ctx, func(tx neo4j.ManagedTransaction) (any, error) { return work(boundTx{tx, ctx}) },
		neo4j.WithTxTimeout(s.cfg.ReadTimeout))
	if err != nil {
		switch cause := context.Cause(ctx); {
		case errors.Is(cause, ErrUnreachable):
			return zero, s.Explain(unreachableError{"Neo4j stopped answering"})
		case errors.Is(cause, errClientDeadline):
			countError(cause)
			return zero, timeoutError{cause}
		}
		return zero, s.Explain(err)
	}
	s.health.answered()
	return v.(T), nil
}

// write runs work in one write transaction with the write timeout: it
// commits whole or not at all.
func write[T any](ctx context.Context, s *Store, work func(tx neo4j.ManagedTransaction) (T, error)) (T, error) {
	sess := s.session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(ctx)
	v, err := sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) { return work(tx) },
		neo4j.WithTxTimeout(s.cfg.WriteTimeout))
	if err != nil {
		var zero T
		return zero, s.Explain(err)
	}
	return v.(T), nil
}

// ApplySchema creates the constraints and indexes of schema/neo4j.cypher
// that do not exist yet and waits until every index is online.
func (s *Store) ApplySchema(ctx context.Context) error {
	sess := s.session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(ctx)
	for _, stmt := range schema.Neo4jStatements() {
		// Schema commands cannot share a transaction with other writes, so
		// each runs in an auto-commit transaction of its own.
		res, err := sess.Run(ctx, stmt, nil, neo4j.WithTxTimeout(s.cfg.WriteTimeout))
		if err == nil {
			_, err = res.Consume(ctx)
		}
		if err != nil {
			return fmt.Errorf("applying schema statement %q: %w", firstLine(stmt), s.Explain(err))
		}
	}
	return s.awaitIndexes(ctx)
}

// indexPollInterval is how often awaitIndexes asks for the indexes' state.
const indexPollInterval = time.Second

// awaitIndexes waits until every index is online. A graph imported in bulk
// builds its indexes for minutes, longer than any one transaction may
// last, so it asks in short reads rather than with db.awaitIndexes.
func (s *Store) awaitIndexes(ctx context.Context) error {
	for {
		recs, err := s.collect(ctx, Statement{Cypher: `
SHOW INDEXES YIELD name, state, populationPercent WHERE state <> 'ONLINE'
RETURN name, state, populationPercent ORDER BY name LIMIT 100`})
		if err != nil {
			return s.Explain(err)
		}
		if len(recs) == 0 {
			return nil
		}
		for _, r := range recs {
			if state, _ := r.Values[1].(string); state == "FAILED" {
				return fmt.Errorf("index %v failed to build (SHOW INDEXES says why)", r.Values[0])
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(indexPollInterval):
		}
	}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// SchemaObject is a constraint or index as Neo4j reports it.
type SchemaObject struct {
	Kind  string // constraint or index
	Name  string
	Type  string
	State string
}

// SchemaObjects lists the constraints and indexes in the database, sorted
// by kind and name.
func (s *Store) SchemaObjects(ctx context.Context) ([]SchemaObject, error) {
	return read(ctx, s, func(tx neo4j.ManagedTransaction) ([]SchemaObject, error) {
		var out []SchemaObject
		for _, q := range []string{
			"SHOW CONSTRAINTS YIELD name, type RETURN 'constraint', name, type, 'ONLINE' ORDER BY name",
			"SHOW INDEXES YIELD name, type, state RETURN 'index', name, type, state ORDER BY name",
		} {
			res, err := tx.Run(ctx, q, nil)
			if err != nil {
				return nil, err
			}
			records, err := res.Collect(ctx)
			if err != nil {
				return nil, err
			}
			for _, r := range records {
				out = append(out, SchemaObject{
					Kind: r.Values[0].(string), Name: r.Values[1].(string), Type: r.Values[2].(string), State: r.Values[3].(string),
				})
			}
		}
		return out, nil
	})
}

// SchemaApplied reports whether every constraint and index of
// schema/neo4j.cypher exists and is online.
func (s *Store) SchemaApplied(ctx context.Context) (bool, error) {
	objects, err := s.SchemaObjects(ctx)
	if err != nil {
		return false, err
	}
	online := make(map[string]bool, len(objects))
	for _, o := range objects {
		online[o.Name] = o.State == "ONLINE"
	}
	for _, name := range schema.Neo4jObjectNames() {
		if !online[name] {
			return false, nil
		}
	}
	return true, nil
}
