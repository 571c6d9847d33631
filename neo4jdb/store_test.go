package neo4jdb_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/armsgraph/armsgraph/neo4jdb"
	"github.com/armsgraph/armsgraph/neo4jdb/neo4jtest"
	"github.com/armsgraph/armsgraph/schema"
)

func TestMain(m *testing.M) { neo4jtest.Main(m) }

func TestApplySchemaTwiceChangesNothing(t *testing.T) {
	s := neo4jtest.Open(t) // applies once
	ctx := context.Background()
	before, err := s.SchemaObjects(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ApplySchema(ctx); err != nil {
		t.Fatal(err)
	}
	after, err := s.SchemaObjects(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(before, after) {
		t.Errorf("schema changed on second apply:\nbefore %v\nafter  %v", before, after)
	}
	names := make(map[string]bool)
	for _, o := range after {
		names[o.Name] = true
	}
	for _, want := range schema.Neo4jObjectNames() {
		if !names[want] {
			t.Errorf("schema object %s missing after apply", want)
		}
	}
	ok, err := s.SchemaApplied(ctx)
	if err != nil || !ok {
		t.Errorf("SchemaApplied = %v, %v; want true", ok, err)
	}
}

func TestWrongPasswordGetsOneLineError(t *testing.T) {
	cfg := neo4jtest.Config(t)
	// A user that does not exist fails like a wrong password, without
	// locking out the user neo4j that the other tests sign in as.
	cfg.Username = "no-such-user"
	cfg.Password = "not-the-password"
	s, err := neo4jdb.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(context.Background())
	err = s.Ping(context.Background())
	if err == nil {
		t.Fatal("Ping with a wrong password succeeded")
	}
	msg := err.Error()
	if strings.Contains(msg, "\n") || !strings.Contains(msg, "NEO4J_PASSWORD") {
		t.Errorf("error is not one line naming NEO4J_PASSWORD: %q", msg)
	}
}

func TestUnreachableGetsOneLineError(t *testing.T) {
	cfg := neo4jtest.FailFastConfig(t)
	cfg.URI = "bolt://127.0.0.1:1" // nothing listens on port 1
	s, err := neo4jdb.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(context.Background())
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	err = s.Ping(ctx)
	if err == nil || !neo4jdb.IsUnreachable(err) {
		t.Fatalf("Ping = %v, want an unreachable error", err)
	}
	if msg := err.Error(); strings.Contains(msg, "\n") || !strings.Contains(msg, "make run") {
		t.Errorf("error is not one line saying what to do: %q", msg)
	}
}

// Benchmarks refuse a database that is not marked as theirs, and mark
// only an empty one.
func TestBenchmarksRefuseUnmarkedDatabases(t *testing.T) {
	s := neo4jtest.Seeded(t)
	ctx := context.Background()
	if err := s.RequireBenchDatabase(ctx, true); err == nil || !strings.Contains(err.Error(), "not marked as a bench database") {
		t.Fatalf("a seeded, unmarked database: %v, want a refusal", err)
	}
	s = neo4jtest.Empty(t)
	if err := s.RequireBenchDatabase(ctx, false); err == nil {
		t.Fatal("an empty database without -mark-empty was accepted")
	}
	if err := s.RequireBenchDatabase(ctx, true); err != nil {
		t.Fatalf("marking an empty database: %v", err)
	}
	if err := s.RequireBenchDatabase(ctx, false); err != nil {
		t.Fatalf("a marked database: %v", err)
	}
	if err := s.DeleteAllData(ctx); err != nil {
		t.Fatal(err)
	}
}

// Codes found are remembered, program families too: a dashboard names the
// same few in every request, and each would cost a round trip.
func TestKnownCodesAreCheckedOnce(t *testing.T) {
	s := neo4jtest.Seeded(t)
	for _, c := range []neo4jdb.Codes{
		{Authorities: []string{"us-ofac"}},
		{Countries: []string{"KP"}},
		{Programs: []string{"DPRK"}},
		{ProgramFamilies: []string{"DPRK"}},
	} {
		for i := range 2 {
			ctx, trips := neo4jdb.WithRoundTrips(context.Background())
			if err := s.CheckCodes(ctx, c); err != nil {
				t.Fatalf("%+v: %v", c, err)
			}
			if want := int64(1 - i); trips.Count() != want {
				t.Errorf("%+v, check %d: %d round trips, want %d", c, i+1, trips.Count(), want)
			}
		}
	}
	ctx, trips := neo4jdb.WithRoundTrips(context.Background())
	if err := s.CheckCodes(ctx, neo4jdb.Codes{ProgramFamilies: []string{"NO-SUCH-FAMILY"}}); err == nil || trips.Count() != 1 {
		t.Errorf("an unknown family: %v after %d round trips, want an error after 1", err, trips.Count())
	}
}
