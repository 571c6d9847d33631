package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync/atomic"
	"time"
)

// net/http reads a request's whole line (a GET's query string) into memory
// before any handler can refuse it: a 600 KB GET cost the API about 2 ms of
// CPU, mostly growing that line and scanning it, and four clients looping
// on it raised a canary query's p99 to twice its baseline. No request the
// API accepts has a line anywhere near as long, so the connection itself
// refuses one: it scans what it reads for newlines, which costs next to
// nothing, and past the limit answers with the API's coded JSON error.

// codeBodyTooLarge is the API's code for a request over its size limits.
const codeBodyTooLarge = "BODY_TOO_LARGE"

// errLineTooLong ends net/http's reading of a refused connection. It is a
// read error to net/http, which then closes the connection without
// writing an answer of its own.
var errLineTooLong = errors.New("request line longer than the limit")

// LineLimit is the longest line a connection reads before refusing its
// request: a one-line JSON body within the body limit, then the next
// request's line, a GET's query string up to the same limit (a longer one
// is refused by the handler, with its own message), and room for the
// method, path and protocol.
func LineLimit(maxBody int64) int { return int(2*maxBody) + 16<<10 }

// LimitLines refuses, on each connection of l, a line longer than limit
// bytes (the bytes between two newlines, wherever they are in the stream)
// with HTTP 431 coded BODY_TOO_LARGE, written hold() after the limit was
// crossed, and closes the connection. LineLimit gives the limit; a nil hold
// writes at once.
func LimitLines(l net.Listener, limit int, hold func() time.Duration) net.Listener {
	return &lineLimitListener{Listener: l, limit: limit, hold: hold}
}

type lineLimitListener struct {
	net.Listener
	limit int
	hold  func() time.Duration
}

func (l *lineLimitListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &lineLimitedConn{Conn: c, limit: l.limit, hold: l.hold}, nil
}

type lineLimitedConn struct {
	net.Conn
	limit int
	hold  func() time.Duration
	// line is how many bytes have been read since the last newline.
	line int
	// refused is read by net/http's writer too.
	refused atomic.Bool
}

func (c *lineLimitedConn) Read(p []byte) (int, error) {
	if c.refused.Load() {
		return 0, c.readError()
	}
	n, err := c.Conn.Read(p)
	if i := bytes.LastIndexByte(p[:n], '\n'); i >= 0 {
		c.line = n - 1 - i
	} else {
		c.line += n
	}
	if c.line <= c.limit {
		return n, err
	}
	c.refuse()
	return 0, c.readError()
}

// Write drops what net/http would write after the refusal (an answer to a
// request it had begun to read), which would follow the refusal on the wire.
func (c *lineLimitedConn) Write(p []byte) (int, error) {
	if c.refused.Load() {
		return 0, &net.OpError{Op: "write", Net: "tcp", Source: c.LocalAddr(), Addr: c.RemoteAddr(), Err: errLineTooLong}
	}
	return c.Conn.Write(p)
}

// readError is an *net.OpError of a read, which net/http takes for a
// client gone and answers with nothing.
func (c *lineLimitedConn) readError() error {
	return &net.OpError{Op: "read", Net: "tcp", Source: c.LocalAddr(), Addr: c.RemoteAddr(), Err: errLineTooLong}
}

// refuse writes the refusal, then reads and drops what the client still
// sends until it closes or its read deadline passes: a connection closed
// with unread data is reset, and a client still writing its request would
// lose the answer with it.
func (c *lineLimitedConn) refuse() {
	c.refused.Store(true)
	shed.WithLabelValues("line").Inc()
	if c.hold != nil {
		time.Sleep(c.hold())
	}
	_ = c.SetWriteDeadline(time.Now().Add(5 * time.Second))
	if _, err := c.Conn.Write(lineRefusal(c.limit)); err != nil {
		return
	}
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		_ = cw.CloseWrite()
	}
	_ = c.SetReadDeadline(time.Now().Add(drainFor))
	_, _ = io.Copy(io.Discard, c.Conn)
}

// drainFor bounds how long a refused client may go on sending.
const drainFor = 2 * time.Second

// lineRefusal is the whole HTTP answer to a line over limit.
func lineRefusal(limit int) []byte {
	body, _ := json.Marshal(map[string]any{"errors": []map[string]any{{
		"message":    fmt.Sprintf("a line of the request (its query string or a header) is longer than the limit of %d bytes: send large queries by POST", limit),
		"extensions": map[string]any{"code": codeBodyTooLarge},
	}}})
	return fmt.Appendf(nil, "HTTP/1.1 %d %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s",
		http.StatusRequestHeaderFieldsTooLarge, http.StatusText(http.StatusRequestHeaderFieldsTooLarge), len(body), body)
}
