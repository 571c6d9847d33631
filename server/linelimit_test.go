package server

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// serveLimitedLines serves a handler that counts its requests behind
// LimitLines, and returns the server's address and the count.
func serveLimitedLines(t *testing.T, limit int, hold time.Duration) (string, *atomic.Int64) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var served atomic.Int64
	srv := HTTPServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		served.Add(1)
		_, _ = io.Copy(io.Discard, r.Body)
		_, _ = io.WriteString(w, "ok")
	}), 1<<20, 5*time.Second)
	go func() { _ = srv.Serve(LimitLines(l, limit, func() time.Duration { return hold })) }()
	t.Cleanup(func() { _ = srv.Close() })
	return l.Addr().String(), &served
}

// A line over the limit is refused with the API's coded JSON, no sooner
// than the hold, without reaching the handler; a client that was still
// sending its request reads the refusal, not a reset connection.
func TestALineOverTheLimitIsRefusedAtTheConnection(t *testing.T) {
	const limit, hold = 100 << 10, 30 * time.Millisecond
	addr, served := serveLimitedLines(t, limit, hold)
	start := time.Now()
	resp, err := http.Get("http://" + addr + "/graphql?query=" + strings.Repeat("x", 600<<10))
	if err != nil {
		t.Fatalf("a 600 KB GET: %v, want a refusal", err)
	}
	took := time.Since(start)
	defer resp.Body.Close()
	var body struct {
		Errors []struct {
			Message    string
			Extensions map[string]any
		}
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || len(body.Errors) != 1 {
		t.Fatalf("a 600 KB GET: answer %+v (%v), want one error", body, err)
	}
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge || body.Errors[0].Extensions["code"] != codeBodyTooLarge {
		t.Errorf("a 600 KB GET: %d %v, want 431 %s", resp.StatusCode, body.Errors[0].Extensions["code"], codeBodyTooLarge)
	}
	if want := fmt.Sprint(limit); !strings.Contains(body.Errors[0].Message, want) {
		t.Errorf("message %q does not name the limit %s", body.Errors[0].Message, want)
	}
	if took < hold {
		t.Errorf("refused in %v, before the hold of %v", took, hold)
	}
	if n := served.Load(); n != 0 {
		t.Errorf("the handler served %d requests, want 0", n)
	}
}

// The longest lines the API accepts pass: a one-line body, then on the same
// connection a request line of the same length, together within the limit.
func TestLinesWithinTheLimitPass(t *testing.T) {
	const bodyLimit = 64 << 10
	addr, served := serveLimitedLines(t, LineLimit(bodyLimit), 0)
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	body := strings.Repeat("b", bodyLimit)
	fmt.Fprintf(c, "POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
	fmt.Fprintf(c, "GET /graphql?query=%s HTTP/1.1\r\nHost: x\r\n\r\n", strings.Repeat("q", bodyLimit))
	br := bufio.NewReader(c)
	for i := range 2 {
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatalf("answer %d: %v", i+1, err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("answer %d: %d, want 200", i+1, resp.StatusCode)
		}
	}
	if n := served.Load(); n != 2 {
		t.Errorf("the handler served %d requests, want 2", n)
	}
}

// After its refusal the connection is closed: nothing net/http had begun
// follows the refusal on the wire.
func TestARefusedConnectionCloses(t *testing.T) {
	addr, served := serveLimitedLines(t, 1<<10, 0)
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	fmt.Fprintf(c, "GET /graphql HTTP/1.1\r\nHost: x\r\nX-Long: %s\r\n\r\n", strings.Repeat("h", 4<<10))
	_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
	br := bufio.NewReader(c)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge || !resp.Close {
		t.Errorf("a 4 KB header over a 1 KB limit: %d, close %v; want 431 and close", resp.StatusCode, resp.Close)
	}
	if rest, err := io.ReadAll(br); err != nil || len(rest) != 0 {
		t.Errorf("after the refusal: %q (%v), want the connection closed", rest, err)
	}
	if n := served.Load(); n != 0 {
		t.Errorf("the handler served %d requests, want 0", n)
	}
}
