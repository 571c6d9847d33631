package server_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/armsgraph/armsgraph/neo4jdb"
	"github.com/armsgraph/armsgraph/neo4jdb/neo4jtest"
	"github.com/armsgraph/armsgraph/server"
)

func TestMain(m *testing.M) { neo4jtest.Main(m) }

// proxy forwards TCP connections to Neo4j and can be taken down and
// brought back on the same port, standing in for a Neo4j that goes away.
type proxy struct {
	t        *testing.T
	addr     string
	target   string
	mu       sync.Mutex
	listener net.Listener
	conns    []net.Conn
}

func (p *proxy) up() {
	p.t.Helper()
	var l net.Listener
	var err error
	for i := 0; i < 50; i++ { // the port may linger briefly after down()
		if l, err = net.Listen("tcp", p.addr); err == nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		p.t.Fatal(err)
	}
	p.mu.Lock()
	p.listener, p.addr = l, l.Addr().String()
	p.mu.Unlock()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			upstream, err := net.Dial("tcp", p.target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, upstream)
			p.mu.Unlock()
			go func() { _, _ = io.Copy(upstream, c); upstream.Close() }()
			go func() { _, _ = io.Copy(c, upstream); c.Close() }()
		}
	}()
}

func (p *proxy) down() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.listener.Close()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

func readyStatus(t *testing.T, h http.Handler) int {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
	return rec.Code
}

func TestReadyzFollowsNeo4jWithoutRestart(t *testing.T) {
	cfg := neo4jtest.FailFastConfig(t)
	neo4jtest.Open(t) // the schema is applied
	p := &proxy{t: t, addr: "127.0.0.1:0", target: strings.TrimPrefix(cfg.URI, "bolt://")}
	p.up()
	defer p.down()
	cfg.URI = "bolt://" + p.addr
	s, err := neo4jdb.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(context.Background())
	h := server.New(s, slog.New(slog.NewTextHandler(io.Discard, nil)))

	if code := readyStatus(t, h); code != http.StatusOK {
		t.Fatalf("/readyz with Neo4j up = %d, want 200", code)
	}
	p.down()
	if code := readyStatus(t, h); code != http.StatusServiceUnavailable {
		t.Fatalf("/readyz with Neo4j down = %d, want 503", code)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
	if rec.Code != http.StatusOK {
		t.Errorf("/healthz with Neo4j down = %d, want 200 (the process is up)", rec.Code)
	}
	p.up()
	deadline := time.Now().Add(20 * time.Second)
	for readyStatus(t, h) != http.StatusOK {
		if time.Now().After(deadline) {
			t.Fatal("/readyz did not return to 200 after Neo4j came back")
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// /readyz says Neo4j is unavailable in general terms; the address, user
// and driver detail go to the log only.
func TestReadyzGivesAGenericReasonAndLogsTheDetail(t *testing.T) {
	for name, change := range map[string]func(*neo4jdb.Config){
		"unreachable":    func(c *neo4jdb.Config) { c.URI = "bolt://127.0.0.1:1" },
		"wrong password": func(c *neo4jdb.Config) { c.Username, c.Password = "someone-else", "not-the-password" },
	} {
		t.Run(name, func(t *testing.T) {
			cfg := neo4jtest.FailFastConfig(t)
			change(&cfg)
			s, err := neo4jdb.Open(cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close(context.Background())
			var log strings.Builder
			h := server.New(s, slog.New(slog.NewTextHandler(&log, nil)))
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
			body := rec.Body.String()
			if rec.Code != http.StatusServiceUnavailable || !strings.Contains(body, "Neo4j is unavailable") {
				t.Errorf("/readyz = %d %s, want 503 saying Neo4j is unavailable", rec.Code, body)
			}
			host := strings.TrimPrefix(cfg.URI, "bolt://")
			for _, secret := range []string{host, cfg.Username, cfg.Password, neo4jdb.DefaultPassword} {
				if strings.Contains(body, secret) {
					t.Errorf("/readyz body %s reveals %q", body, secret)
				}
			}
			if !strings.Contains(log.String(), "not ready") || strings.Contains(log.String(), cfg.Password) {
				t.Errorf("log %q: want the detail, never the password", log.String())
			}
		})
	}
}

func TestMetricsCountRequests(t *testing.T) {
	s, err := neo4jdb.Open(neo4jtest.Config(t))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(context.Background())
	h := server.New(s, slog.New(slog.NewTextHandler(io.Discard, nil)))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/healthz", nil))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	body := rec.Body.String()
	for _, want := range []string{`armsgraph_http_requests_total{code="200",route="/healthz"}`, "armsgraph_http_request_duration_seconds"} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}
