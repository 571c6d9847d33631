package server_test

import (
	"context"
	"encoding/hex"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/armsgraph/armsgraph/server"
)

// Beyond MaxInFlight running and MaxQueued waiting, requests are refused
// at once with 503 OVERLOADED; the waiting ones run when a turn frees.
func TestLimitInFlightRefusesBeyondTheQueue(t *testing.T) {
	release := make(chan struct{})
	started := make(chan struct{}, 10)
	h := server.LimitInFlight(server.Limits{MaxInFlight: 2, MaxQueued: 1, QueueWait: time.Hour},
		http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			started <- struct{}{}
			<-release
		}))
	codes := make(chan int, 4)
	var wg sync.WaitGroup
	for range 3 { // two run, one waits
		wg.Go(func() {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/graphql", nil))
			codes <- rec.Code
		})
	}
	<-started
	<-started
	time.Sleep(50 * time.Millisecond) // the third is queued
	// Queued, it would wait the hour of QueueWait (here, until its own
	// context ends, unanswered): a 503 OVERLOADED can only be the refusal
	// of a full queue.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/graphql", nil).WithContext(ctx))
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "OVERLOADED") || rec.Header().Get("Retry-After") == "" {
		t.Errorf("fourth request: %d %s; want 503 OVERLOADED with Retry-After", rec.Code, rec.Body.String())
	}
	close(release)
	wg.Wait()
	close(codes)
	for code := range codes {
		if code != http.StatusOK {
			t.Errorf("a running or queued request got %d, want 200", code)
		}
	}
}

func TestAPIKeysAreCheckedAndRateLimited(t *testing.T) {
	good := "k3y-for-a-dashboard"
	sum := server.HashKey(good)
	hashes, err := server.ParseKeyHashes("# dashboards\n"+hex.EncodeToString(sum[:])+"\n", "test")
	if err != nil {
		t.Fatal(err)
	}
	keys := server.NewAPIKeys(hashes, 1, 3)
	h := keys.Require(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	do := func(header, value string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodPost, "/graphql", nil)
		if header != "" {
			req.Header.Set(header, value)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	for _, c := range []struct{ header, value string }{{"", ""}, {"Authorization", "Bearer wrong"}, {"X-API-Key", strings.ToUpper(good)}} {
		if rec := do(c.header, c.value); rec.Code != http.StatusUnauthorized || !strings.Contains(rec.Body.String(), "UNAUTHENTICATED") {
			t.Errorf("%s %q: %d %s, want 401 UNAUTHENTICATED", c.header, c.value, rec.Code, rec.Body.String())
		}
	}
	for i := range 3 {
		if rec := do("Authorization", "Bearer "+good); rec.Code != http.StatusOK {
			t.Fatalf("request %d of the burst: %d, want 200", i+1, rec.Code)
		}
	}
	rec := do("X-API-Key", good)
	if rec.Code != http.StatusTooManyRequests || !strings.Contains(rec.Body.String(), "RATE_LIMITED") || rec.Header().Get("Retry-After") == "" {
		t.Errorf("beyond the burst: %d %s, want 429 RATE_LIMITED with Retry-After", rec.Code, rec.Body.String())
	}
	if _, err := server.ParseKeyHashes(good, "keys.txt"); err == nil || !strings.Contains(err.Error(), "keys.txt") || strings.Contains(err.Error(), good) {
		t.Errorf("a plain key in the hash file: %v; want an error naming the file, not the key", err)
	}
}

// Slow clients cannot hold connections: the server closes one that has
// not sent its headers within ReadHeaderTimeout, and accepts no more than
// its connection limit at once.
func TestConnectionLimitAndHeaderTimeout(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := server.HTTPServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}), 1<<10, time.Second)
	srv.ReadHeaderTimeout = 300 * time.Millisecond
	go srv.Serve(server.LimitListener(l, 2))
	defer srv.Close()

	slow, err := net.Dial("tcp", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Close()
	_, _ = slow.Write([]byte("GET / HTTP/1.1\r\n"))
	_ = slow.SetReadDeadline(time.Now().Add(3 * time.Second))
	start := time.Now()
	buf := make([]byte, 512)
	for {
		if _, err := slow.Read(buf); err != nil {
			break
		}
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("a client without headers was held %v; want closed after 300 ms", took)
	}

	resp, err := http.Get("http://" + l.Addr().String() + "/?q=" + strings.Repeat("x", 16<<10))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("headers over the limit: %d, want 431", resp.StatusCode)
	}
}

// A request's work ends at its deadline, which leaves the server time to
// write the answer before its write timeout closes the connection.
func TestARequestsDeadlineComesBeforeTheWriteTimeout(t *testing.T) {
	const answerWithin = 25 * time.Second
	var deadline time.Time
	var ok bool
	h := server.Deadline(answerWithin, http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		deadline, ok = r.Context().Deadline()
	}))
	start := time.Now()
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/graphql", nil))
	end := time.Now()
	if !ok || deadline.Before(start.Add(answerWithin)) || deadline.After(end.Add(answerWithin)) {
		t.Fatalf("the handler's deadline is %v (set: %v), want %v after the request", deadline.Sub(start), ok, answerWithin)
	}
	srv := server.HTTPServer(h, 1<<10, answerWithin)
	if srv.WriteTimeout <= answerWithin {
		t.Errorf("write timeout %v, want more than the %v a request may take", srv.WriteTimeout, answerWithin)
	}
}
