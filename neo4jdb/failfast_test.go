package neo4jdb_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/armsgraph/armsgraph/neo4jdb"
	"github.com/armsgraph/armsgraph/neo4jdb/neo4jtest"
)

// fakeServer accepts connections on 127.0.0.1 and passes each to answer.
func fakeServer(t *testing.T, answer func(net.Conn)) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			go answer(c)
		}
	}()
	t.Cleanup(func() {
		l.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return l.Addr().String()
}

// silentServer accepts connections and never answers, as a Neo4j stopped
// with SIGSTOP does (the kernel still accepts).
func silentServer(t *testing.T) string { return fakeServer(t, func(net.Conn) {}) }

// busyServer answers the Bolt handshake and then nothing, as a Neo4j
// whose query workers are all busy does: its network threads still answer.
func busyServer(t *testing.T) string {
	return fakeServer(t, func(c net.Conn) {
		if _, err := io.ReadFull(c, make([]byte, 20)); err == nil {
			c.Write([]byte{0, 0, 4, 5}) // Bolt 5.4 agreed
		}
	})
}

// closedPort is a port nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// monitoredStore is a store of Neo4j at addr, with a read timeout of 10 s
// and its health monitor running until the test ends.
func monitoredStore(t *testing.T, addr string) *neo4jdb.Store {
	t.Helper()
	cfg := neo4jtest.FailFastConfig(t)
	cfg.URI = "bolt://" + addr
	cfg.ReadTimeout = 10 * time.Second
	s, err := neo4jdb.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close(context.Background()) })
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	if err := s.Monitor(ctx, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	return s
}

// Reads fail with an error the API codes NEO4J_UNAVAILABLE within 3 s
// whether Neo4j is gone or frozen, though the read timeout is 10 s.
func TestReadsFailFastWithoutNeo4j(t *testing.T) {
	for name, addr := range map[string]func(*testing.T) string{"stopped": closedPort, "frozen": silentServer} {
		t.Run(name, func(t *testing.T) {
			s := monitoredStore(t, addr(t))
			for range 2 { // the first read meets Neo4j's failure, the second the monitor's verdict
				start := time.Now()
				_, err := s.Entity(context.Background(), "imo-8517839")
				if took := time.Since(start); took > 3*time.Second || !neo4jdb.IsUnreachable(err) {
					t.Fatalf("read took %v with %v; want an unreachable error within 3 s", took, err)
				}
			}
			if s.Health() == nil {
				t.Error("the monitor still counts Neo4j as up")
			}
		})
	}
}

// A Neo4j that answers the Bolt handshake but leaves the monitor's RETURN
// 1 unanswered past the probe's timeout is busy, not gone: it stays up, so
// reads keep their own timeout instead of being cancelled (as every read
// was for a minute under 64 clients after a restart, before this).
func TestABusyNeo4jIsNotTakenForAGoneOne(t *testing.T) {
	s := monitoredStore(t, busyServer(t))
	// Two probes' timeouts and handshakes.
	for end := time.Now().Add(5 * time.Second); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		if err := s.Health(); err != nil {
			t.Fatalf("the monitor counts a busy Neo4j as down: %v", err)
		}
	}
}

// Without a monitor, the client's own deadline ends a read a frozen
// server holds: ClientMargin after the read timeout, as a timeout.
func TestFrozenNeo4jCannotHoldAReadPastItsTimeout(t *testing.T) {
	cfg := neo4jtest.FailFastConfig(t)
	cfg.URI = "bolt://" + silentServer(t)
	cfg.ReadTimeout = time.Second
	cfg.RetryTime = time.Minute // only the client's deadline can end the read
	s, err := neo4jdb.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(context.Background())
	start := time.Now()
	_, err = s.Entity(context.Background(), "imo-8517839")
	if took := time.Since(start); took > cfg.ReadTimeout+neo4jdb.ClientMargin+500*time.Millisecond || !neo4jdb.IsTimeout(err) {
		t.Fatalf("read took %v with %v; want a timeout within %v", took, err, cfg.ReadTimeout+neo4jdb.ClientMargin)
	}
}

// One request's reads hold at most its session limit at once.
func TestSessionLimitBoundsConcurrentReads(t *testing.T) {
	s := neo4jtest.Open(t)
	ctx := neo4jdb.WithSessionLimit(context.Background(), 2)
	var peak atomic.Int64
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-done:
				return
			default:
			}
			if n := int64(neo4jdb.SessionsInUse(ctx)); n > peak.Load() {
				peak.Store(n)
			}
			time.Sleep(time.Millisecond)
		}
	}()
	slow := neo4jdb.Statement{Cypher: "UNWIND range(1, 300000) AS x WITH x WHERE x < 0 RETURN x LIMIT 1"}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if _, err := s.RunStatement(ctx, slow); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	close(done)
	if p := peak.Load(); p != 2 {
		t.Errorf("peak sessions %d, want 2 (the limit, reached by 8 concurrent reads)", p)
	}
}

// The driver's error for a server that offers no Bolt version, as a Neo4j
// still starting does, means Neo4j is unavailable, not an internal error.
func TestAServerOfferingNoBoltVersionIsUnreachable(t *testing.T) {
	// The driver's text (neo4j/internal/bolt/connect.go), with what the
	// chaos suite's restart offered.
	err := errors.New("none of the server offered Bolt versions are supported (offered: []bolt.protocolVersion{})")
	if !neo4jdb.IsUnreachable(err) {
		t.Errorf("%v should count as unreachable", err)
	}
}
