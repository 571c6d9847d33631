package neo4jdb

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"
)

// The health monitor asks Neo4j a trivial question every probeInterval on
// a connection of its own. When a probe fails, Neo4j counts as down: reads
// in flight are cancelled, and new ones get downReadTimeout instead of the
// read timeout, until a probe or a read is answered again. So a frozen
// server costs a request under three seconds, not its whole read timeout.
// A probe that only times out is not enough: a Neo4j busy with queries
// (64 clients just after a restart, on a loaded machine) was measured to
// leave RETURN 1 unanswered for seconds, and taking it for gone cancelled
// every read, for a minute. So a slow probe counts as down only if no read
// was answered in the last handshakeTimeout and the server does not answer
// the Bolt handshake on a new connection either: Neo4j answers that from
// its network threads, not its query workers, which a frozen server does
// not. (A read answered at any time during the probe was once enough, and
// a read answered just before a freeze hid it for the whole probe.)
const (
	probeInterval    = 250 * time.Millisecond
	probeTimeout     = 2 * time.Second
	handshakeTimeout = 500 * time.Millisecond
	downReadTimeout  = 2500 * time.Millisecond
)

// health is what the monitor knows; without a monitor Neo4j always counts
// as up and reads rely on their own deadlines.
type health struct {
	// lastAnswer is when a read last succeeded (unix nanoseconds): under
	// heavy load a probe may be slow while reads still complete, which
	// proves Neo4j alive.
	lastAnswer atomic.Int64

	mu       sync.Mutex
	down     bool
	detail   error
	watchers map[int]func()
	next     int
}

func (h *health) isDown() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.down
}

// answered records a read's answer: Neo4j is alive.
func (h *health) answered() {
	h.lastAnswer.Store(time.Now().UnixNano())
	if h.isDown() {
		h.set(false, nil)
	}
}

// onDown calls f if Neo4j goes down before stop is called.
func (h *health) onDown(f func()) (stop func()) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.watchers == nil {
		h.watchers = map[int]func(){}
	}
	id := h.next
	h.next++
	h.watchers[id] = f
	return func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		delete(h.watchers, id)
	}
}

// set records a probe's verdict and reports whether it changed.
func (h *health) set(down bool, detail error) bool {
	h.mu.Lock()
	changed := h.down != down
	h.down, h.detail = down, detail
	var cancel []func()
	if changed && down {
		for _, f := range h.watchers {
			cancel = append(cancel, f)
		}
	}
	h.mu.Unlock()
	for _, f := range cancel {
		f()
	}
	return changed
}

// Health is nil while Neo4j answers the monitor (or no monitor runs), or
// the reason it does not: driver detail, for logs, not for clients.
func (s *Store) Health() error {
	s.health.mu.Lock()
	defer s.health.mu.Unlock()
	if !s.health.down {
		return nil
	}
	return s.health.detail
}

// Monitor probes Neo4j until ctx ends (see probeInterval). It uses a
// driver of its own, so a busy pool cannot delay the probe.
func (s *Store) Monitor(ctx context.Context, log *slog.Logger) error {
	probe, err := neo4j.NewDriverWithContext(s.cfg.URI, neo4j.BasicAuth(s.cfg.Username, s.cfg.Password, ""),
		func(c *config.Config) {
			c.SocketConnectTimeout = probeTimeout
			c.ConnectionAcquisitionTimeout = probeTimeout
			c.MaxConnectionPoolSize = 1
			c.MaxTransactionRetryTime = 0
		})
	if err != nil {
		return err
	}
	go func() {
		defer probe.Close(context.Background())
		ticker := time.NewTicker(probeInterval)
		defer ticker.Stop()
		for {
			err := probeOnce(ctx, probe, s.cfg.Database)
			if ctx.Err() != nil {
				return
			}
			switch {
			case err == nil:
				if s.health.set(false, nil) {
					log.Info("Neo4j answers again")
				}
			case errors.Is(err, context.DeadlineExceeded) &&
				(s.health.lastAnswer.Load() > time.Now().Add(-handshakeTimeout).UnixNano() || boltHandshake(ctx, s.cfg.URI) == nil):
				// Slow, not gone.
			default:
				if s.health.set(true, err) {
					log.Warn("Neo4j is not answering; cancelling reads in flight and giving new ones 2.5 s", "error", s.Explain(err).Error())
				}
			}
			select {
			case <-ctx.Done():
				return
			case <-ticker.C:
			}
		}
	}()
	return nil
}

func probeOnce(ctx context.Context, driver neo4j.DriverWithContext, database string) error {
	ctx, cancel := context.WithTimeout(ctx, probeTimeout)
	defer cancel()
	sess := driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: database, AccessMode: neo4j.AccessModeRead})
	defer closeSession(sess)
	res, err := sess.Run(ctx, "RETURN 1", nil, neo4j.WithTxTimeout(probeTimeout))
	if err == nil {
		_, err = res.Consume(ctx)
	}
	if err != nil && ctx.Err() != nil {
		return context.DeadlineExceeded
	}
	return err
}

// boltHandshake opens a connection of its own to the server uri names and
// completes the Bolt handshake within handshakeTimeout. Any answer, even
// "no common version", shows the server's network threads alive.
func boltHandshake(ctx context.Context, uri string) error {
	ctx, cancel := context.WithTimeout(ctx, handshakeTimeout)
	defer cancel()
	u, err := url.Parse(uri)
	if err != nil {
		return err
	}
	addr := u.Host
	if u.Port() == "" {
		addr = net.JoinHostPort(u.Hostname(), "7687")
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return err
	}
	defer conn.Close()
	deadline, _ := ctx.Deadline()
	if err := conn.SetDeadline(deadline); err != nil {
		return err
	}
	// bolt+s and neo4j+s verify the server's certificate; +ssc accepts a
	// self-signed one, as the driver does for those schemes.
	if strings.HasSuffix(u.Scheme, "+s") || strings.HasSuffix(u.Scheme, "+ssc") {
		tc := tls.Client(conn, &tls.Config{ServerName: u.Hostname(), InsecureSkipVerify: strings.HasSuffix(u.Scheme, "+ssc")})
		if err := tc.HandshakeContext(ctx); err != nil {
			return err
		}
		conn = tc
	}
	// The magic number, then four version proposals: 5.8 down to 5.0, 4.4.
	if _, err := conn.Write([]byte{0x60, 0x60, 0xb0, 0x17, 0, 8, 8, 5, 0, 0, 4, 4, 0, 0, 0, 0, 0, 0, 0, 0}); err != nil {
		return err
	}
	_, err = io.ReadFull(conn, make([]byte, 4))
	return err
}
