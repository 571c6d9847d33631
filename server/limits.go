package server

import (
	"context"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
)

// Codes of the server's own refusals, in extensions.code like the API's.
const (
	codeOverloaded      = "OVERLOADED"
	codeUnauthenticated = "UNAUTHENTICATED"
	codeRateLimited     = "RATE_LIMITED"
)

var (
	inFlight = promauto.NewGauge(prometheus.GaugeOpts{
		Name: "armsgraph_http_requests_in_flight",
		Help: "API requests being served now.",
	})
	shed = promauto.NewCounterVec(prometheus.CounterOpts{
		Name: "armsgraph_http_requests_refused_total",
		Help: "API requests refused before they ran, by reason.",
	}, []string{"reason"})
)

// Limits bound the work the server accepts at once.
type Limits struct {
	// MaxInFlight requests run at once; up to MaxQueued more wait at most
	// QueueWait for a turn, and any beyond are refused at once with HTTP
	// 503 coded OVERLOADED.
	MaxInFlight int
	MaxQueued   int
	QueueWait   time.Duration
}

// DefaultLimits fit the driver's pool of 100 connections: 64 requests of
// up to 4 sessions each wait at most a few seconds for a connection.
func DefaultLimits() Limits {
	return Limits{MaxInFlight: 64, MaxQueued: 128, QueueWait: 2 * time.Second}
}

// LimitInFlight applies l to next.
func LimitInFlight(l Limits, next http.Handler) http.Handler {
	running := make(chan struct{}, max(l.MaxInFlight, 1))
	waiting := make(chan struct{}, max(l.MaxQueued, 0))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case running <- struct{}{}:
		default:
			select {
			case waiting <- struct{}{}:
			default:
				refuse(w, "queue", http.StatusServiceUnavailable, codeOverloaded, "the server is busy; try again in a second")
				return
			}
			timer := time.NewTimer(l.QueueWait)
			select {
			case running <- struct{}{}:
				<-waiting
				timer.Stop()
			case <-timer.C:
				<-waiting
				refuse(w, "wait", http.StatusServiceUnavailable, codeOverloaded, "the server is busy; try again in a second")
				return
			case <-r.Context().Done():
				<-waiting
				timer.Stop()
				return
			}
		}
		inFlight.Inc()
		defer func() { <-running; inFlight.Dec() }()
		next.ServeHTTP(w, r)
	})
}

func refuse(w http.ResponseWriter, reason string, status int, code, message string) {
	shed.WithLabelValues(reason).Inc()
	if status == http.StatusServiceUnavailable || status == http.StatusTooManyRequests {
		w.Header().Set("Retry-After", "1")
	}
	writeJSON(w, status, map[string]any{
		"errors": []map[string]any{{"message": message, "extensions": map[string]any{"code": code}}},
	})
}

// LimitListener accepts at most n connections at once; further clients
// wait in the kernel's backlog until one closes.
func LimitListener(l net.Listener, n int) net.Listener {
	return &limitListener{Listener: l, slots: make(chan struct{}, n), done: make(chan struct{})}
}

type limitListener struct {
	net.Listener
	slots     chan struct{}
	done      chan struct{}
	closeOnce sync.Once
}

func (l *limitListener) Accept() (net.Conn, error) {
	select {
	case l.slots <- struct{}{}:
	case <-l.done:
		return nil, net.ErrClosed
	}
	c, err := l.Listener.Accept()
	if err != nil {
		<-l.slots
		return nil, err
	}
	return &limitedConn{Conn: c, release: func() { <-l.slots }}, nil
}

func (l *limitListener) Close() error {
	l.closeOnce.Do(func() { close(l.done) })
	return l.Listener.Close()
}

type limitedConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *limitedConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}

// HTTPServer is an http.Server with every timeout set: a client must send
// its headers within ReadHeaderTimeout and its whole request within
// ReadTimeout, gets its answer within answerWithin plus writeMargin, and an
// idle keep-alive connection is closed after IdleTimeout. Give the handler
// answerWithin as its Deadline: past WriteTimeout net/http closes the
// connection without an answer, which a client sees as a bare EOF.
func HTTPServer(h http.Handler, maxHeaderBytes int, answerWithin time.Duration) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      answerWithin + writeMargin,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    maxHeaderBytes,
	}
}

// writeMargin is the time left after a request's deadline to write its
// (coded) answer.
const writeMargin = 5 * time.Second

// Deadline ends each request's work after d: reads still running then fail
// with a coded timeout, which is written before the server's WriteTimeout.
func Deadline(d time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// retryAfter formats a wait in whole seconds, at least one.
func retryAfter(d time.Duration) string {
	return strconv.Itoa(max(1, int((d+time.Second-1)/time.Second)))
}
