// Package neo4jtest connects tests to the real Neo4j that `make test`
// starts on its own ports and data folder (deploy/run-tests), never to the
// instance of `make run`.
//
// Neo4j Community has one user database and `go test ./...` runs packages
// in parallel, so every package that touches the database holds an
// exclusive file lock for its whole run (Main): database tests of different
// packages never interleave, while pure unit tests still run in parallel.
package neo4jtest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/armsgraph/armsgraph/ingest"
	"github.com/armsgraph/armsgraph/internal/realdata"
	"github.com/armsgraph/armsgraph/loaders/reference"
	"github.com/armsgraph/armsgraph/neo4jdb"
)

// Environment variables set by deploy/run-tests.
const (
	envURI      = "NEO4J_TEST_URI"
	envPassword = "NEO4J_TEST_PASSWORD"
	envRequire  = "ARMSGRAPH_REQUIRE_NEO4J"
	envLock     = "ARMSGRAPH_TEST_LOCK"
)

// Main runs the package's tests while holding the database lock.
func Main(m *testing.M) {
	if os.Getenv(envURI) == "" {
		os.Exit(m.Run())
	}
	lockPath := os.Getenv(envLock)
	if lockPath == "" {
		lockPath = filepath.Join(os.TempDir(), "armsgraph-neo4j-test.lock")
	}
	f, err := os.OpenFile(lockPath, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		fmt.Fprintln(os.Stderr, "neo4jtest: opening lock:", err)
		os.Exit(1)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		fmt.Fprintln(os.Stderr, "neo4jtest: taking lock:", err)
		os.Exit(1)
	}
	code := m.Run()
	_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	_ = f.Close()
	os.Exit(code)
}

// Today is the frozen "today" of every test store: answers without a date
// must not change with the calendar. It is after every listing of the seed.
const Today = "2025-01-01"

// Config returns the configuration of the test Neo4j, its clock frozen at
// Today. Without NEO4J_TEST_URI the test is skipped, or fails under
// `make test` (ARMSGRAPH_REQUIRE_NEO4J=1).
func Config(t testing.TB) neo4jdb.Config {
	t.Helper()
	uri := os.Getenv(envURI)
	if uri == "" {
		if os.Getenv(envRequire) != "" {
			t.Fatalf("%s is not set: run the tests with `make test`, which starts a test Neo4j", envURI)
		}
		t.Skipf("no test Neo4j: %s is not set (run `make test`)", envURI)
	}
	cfg := neo4jdb.DefaultConfig()
	cfg.URI = uri
	if p := os.Getenv(envPassword); p != "" {
		cfg.Password = p
	}
	cfg.Today = func() string { return Today }
	// Speed is measured by benchmarks, not asserted by tests: on a loaded
	// machine a read may take longer than the 10 s a server allows.
	// Likewise the API's fail-fast connection settings (2 s to connect, to
	// get a pooled connection, of retries): tests that are not about them
	// wait as long as a loaded machine needs.
	cfg.ReadTimeout = 2 * time.Minute
	cfg.ConnectTimeout = 30 * time.Second
	cfg.AcquireTimeout = time.Minute
	cfg.RetryTime = 30 * time.Second
	return cfg
}

// FailFastConfig is Config with the connection settings `armsgraph serve`
// runs with, for tests of how fast it gives up.
func FailFastConfig(t testing.TB) neo4jdb.Config {
	t.Helper()
	cfg, serve := Config(t), neo4jdb.DefaultConfig()
	cfg.ConnectTimeout, cfg.AcquireTimeout, cfg.RetryTime = serve.ConnectTimeout, serve.AcquireTimeout, serve.RetryTime
	return cfg
}

// Open connects to the test Neo4j, applies the schema and closes the store
// when the test ends.
func Open(t testing.TB) *neo4jdb.Store {
	t.Helper()
	s, err := neo4jdb.Open(Config(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close(context.Background()) })
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := s.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.ApplySchema(ctx); err != nil {
		t.Fatal(err)
	}
	return s
}

// loaded names what the graph holds, loaded by this test process (the
// package lock, Main, keeps other packages out): "" (unknown or changed),
// fixtureSeed or fixtureRealLists.
var loaded string

const (
	fixtureSeed      = "seed"
	fixtureRealLists = "real-lists"
	// envRun identifies one `make test` run (deploy/run-tests): packages of
	// the same run may reuse a fixture that another package loaded.
	envRun = "ARMSGRAPH_TEST_RUN"
)

// Empty opens the test Neo4j and deletes all data in it (constraints and
// indexes stay).
func Empty(t testing.TB) *neo4jdb.Store {
	t.Helper()
	s := Open(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := s.DeleteAllData(ctx); err != nil {
		t.Fatal(err)
	}
	loaded = ""
	return s
}

// Seeded opens the test Neo4j holding exactly the seed of seed/. The seed
// is loaded once per test process; tests that write must call Empty.
func Seeded(t testing.TB) *neo4jdb.Store {
	t.Helper()
	if loaded == fixtureSeed {
		return Open(t)
	}
	s := Empty(t)
	dir, err := seedDir()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if _, err := ingest.Load(ctx, s, reference.Default(), []string{dir}, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	loaded = fixtureSeed
	return s
}

// RealLists opens the test Neo4j holding the seed, the whole OFAC SDN list
// of 2024-05-03 and the UN consolidated list of 2024-09-26 (about 66,000
// nodes), the graph the project's users work on. It is loaded once per
// `make test` run and reused by every package until a test empties the
// graph; tests that write must call Empty.
func RealLists(t testing.TB) *neo4jdb.Store {
	t.Helper()
	ofac := realdata.Path(t, realdata.OFACSDN2024)
	un := realdata.Path(t, realdata.UNList2024)
	s := Open(t)
	if loaded == fixtureRealLists {
		return s
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	run := os.Getenv(envRun)
	if run != "" {
		ok, err := s.FixtureLoaded(ctx, fixtureRealLists, run)
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			loaded = fixtureRealLists
			return s
		}
	}
	s = Empty(t)
	dir, err := seedDir()
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{dir, ofac, un} {
		if _, err := ingest.Load(ctx, s, reference.Default(), []string{path}, ingest.Options{}); err != nil {
			t.Fatalf("loading %s: %v", path, err)
		}
	}
	if run != "" {
		if err := s.MarkFixture(ctx, fixtureRealLists, run); err != nil {
			t.Fatal(err)
		}
	}
	loaded = fixtureRealLists
	return s
}

// seedDir finds seed/announcements from the test's working directory,
// which is its package folder somewhere below the module root.
func seedDir() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "seed", "announcements"), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the test's folder")
		}
		dir = parent
	}
}
