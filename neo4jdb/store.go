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
	ReadTimeout  time.Duration
	WriteTimeout time.Duration
}

// DefaultPassword is the development password `make run` and `make test`
// give the Neo4j they install.
const DefaultPassword = "armsgraph-dev"

// DefaultConfig is the configuration of the local development Neo4j.
func DefaultConfig() Config {
	return Config{
		URI:          "bolt://127.0.0.1:7687",
		Username:     "neo4j",
		Password:     DefaultPassword,
		Database:     "neo4j",
		ReadTimeout:  10 * time.Second,
		WriteTimeout: 5 * time.Minute,
	}
}

// Store is a handle on Neo4j. It is safe for concurrent use.
type Store struct {
	driver neo4j.DriverWithContext
	cfg    Config
	// est keeps the counts list statements are planned with (plan.go).
	est estimates
}

// Open creates the driver. It does not contact the server: call Ping for
// that. neo4j:// routing URIs work unchanged, so a cluster or Aura is one
// variable away.
func Open(cfg Config) (*Store, error) {
	driver, err := neo4j.NewDriverWithContext(cfg.URI, neo4j.BasicAuth(cfg.Username, cfg.Password, ""),
		func(c *config.Config) {
			c.SocketConnectTimeout = 5 * time.Second
			c.ConnectionAcquisitionTimeout = 10 * time.Second
			c.MaxConnectionPoolSize = 50
		})
	if err != nil {
		return nil, fmt.Errorf("NEO4J_URI %q is not a Neo4j URI (want bolt://host:7687 or neo4j://host:7687): %w", cfg.URI, err)
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
		return fmt.Errorf("Neo4j at %s refused user %q: wrong NEO4J_USERNAME or NEO4J_PASSWORD (the development password is %q)",
			s.cfg.URI, s.cfg.Username, DefaultPassword)
	case errors.As(err, &neoErr) && neoErr.Code == "Neo.ClientError.Database.DatabaseNotFound":
		return fmt.Errorf("Neo4j at %s has no database %q: set NEO4J_DATABASE to an existing one", s.cfg.URI, s.cfg.Database)
	case isUnreachable(err):
		return unreachableError{fmt.Sprintf("cannot reach Neo4j at %s: start it with `make neo4j-start` (or `make run`), or point NEO4J_URI at a running server", s.cfg.URI)}
	}
	return err
}

// ErrUnreachable marks errors that mean Neo4j could not be reached.
var ErrUnreachable = errors.New("neo4j unreachable")

type unreachableError struct{ msg string }

func (e unreachableError) Error() string        { return e.msg }
func (e unreachableError) Is(target error) bool { return target == ErrUnreachable }

func isUnreachable(err error) bool {
	var opErr *net.OpError
	return neo4j.IsConnectivityError(err) || errors.Is(err, syscall.ECONNREFUSED) || errors.As(err, &opErr) ||
		errors.Is(err, ErrUnreachable)
}

// IsUnreachable reports whether err means Neo4j could not be reached, as
// opposed to a refusal (wrong password) or a query error.
func IsUnreachable(err error) bool { return isUnreachable(err) }

func (s *Store) session(ctx context.Context, mode neo4j.AccessMode) neo4j.SessionWithContext {
	return s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.cfg.Database, AccessMode: mode})
}

// read runs work in a read transaction with the read timeout.
func read[T any](ctx context.Context, s *Store, work func(tx neo4j.ManagedTransaction) (T, error)) (T, error) {
	sess := s.session(ctx, neo4j.AccessModeRead)
	defer sess.Close(ctx)
	v, err := sess.ExecuteRead(ctx, func(tx neo4j.ManagedTransaction) (any, error) { return work(tx) },
		neo4j.WithTxTimeout(s.cfg.ReadTimeout))
	if err != nil {
		var zero T
		return zero, s.Explain(err)
	}
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
	res, err := sess.Run(ctx, "CALL db.awaitIndexes($seconds)", map[string]any{"seconds": 300})
	if err == nil {
		_, err = res.Consume(ctx)
	}
	return s.Explain(err)
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
