package graph

import (
	"bytes"
	"context"
	"math/rand/v2"
	"net/http"
	"sync/atomic"
	"time"
)

// A document refused before it runs (too large, too costly, too many
// aliases, introspection off, unparsable) costs the server little, but a
// script that loops on it gets its refusal at once and sends again: four
// such loops took both cores of the machine and raised a canary query's
// p99 from 11 to 87 ms. Answering a refusal no sooner than a floor of
// time after the request arrived slows every such loop to a score of requests
// a second per connection, while a refusal still comes back well under
// 100 ms and a client that is answered normally never waits.

// heldCodes are the codes of refusals answered no sooner than the floor:
// those of documents refused before they run. A persisted query not yet
// known is not among them (it is the normal first step of automatic
// persisted queries), nor are refusals of arguments or of an overloaded
// server (which says when to retry).
var heldCodes = map[string]bool{
	codeBodyTooLarge:            true,
	codeAliasLimitExceeded:      true,
	codeComplexityExceeded:      true,
	codeSelectionLimitExceeded:  true,
	codeListLimitExceeded:       true,
	codeDepthLimitExceeded:      true,
	codeIntrospectionOff:        true,
	"GRAPHQL_PARSE_FAILED":      true,
	"GRAPHQL_VALIDATION_FAILED": true,
}

type refusedKey struct{}

// markRefused records that the request of ctx is answered with a held
// refusal, if code is one; outside HoldRefusals it does nothing.
func markRefused(ctx context.Context, code string) {
	if refused, ok := ctx.Value(refusedKey{}).(*atomic.Bool); ok && heldCodes[code] {
		refused.Store(true)
	}
}

// HoldRefusals answers a request refused before it ran (heldCodes) between
// floor and 1.3 × floor after it arrived, at random: loops started
// together would otherwise stay in step and send in bursts. The refusal is
// kept in memory until next has returned, so put HoldRefusals outside any
// limit of requests in flight: a held refusal then holds a goroutine and a
// connection, never a slot. A floor of zero holds nothing.
func HoldRefusals(floor time.Duration, next http.Handler) http.Handler {
	if floor <= 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived := time.Now()
		refused := new(atomic.Bool)
		hw := &holdingWriter{ResponseWriter: w, refused: refused}
		next.ServeHTTP(hw, r.WithContext(context.WithValue(r.Context(), refusedKey{}, refused)))
		hw.decide()
		if !hw.holding {
			return
		}
		timer := time.NewTimer(RefusalHold(floor) - time.Since(arrived))
		defer timer.Stop()
		select {
		case <-timer.C:
		case <-r.Context().Done():
			return
		}
		w.WriteHeader(hw.status)
		_, _ = w.Write(hw.body.Bytes())
	})
}

// RefusalHold is how long after its arrival a refusal is answered: between
// floor and 1.3 × floor, at random.
func RefusalHold(floor time.Duration) time.Duration {
	return floor + rand.N(floor*3/10+1) // +1: rand.N panics at 0, which floor*3/10 is below 4 ns
}

// holdingWriter keeps a held refusal (a few hundred bytes) in memory and
// passes any other answer through. gqlgen writes an answer's status before
// its errors are presented, so the choice is made at the first byte of
// the body (or a flush, or the handler's end).
type holdingWriter struct {
	http.ResponseWriter
	refused *atomic.Bool
	decided bool
	holding bool
	status  int
	body    bytes.Buffer
}

func (w *holdingWriter) WriteHeader(status int) {
	if w.decided {
		if !w.holding {
			w.ResponseWriter.WriteHeader(status)
		}
		return
	}
	if w.status == 0 {
		w.status = status
	}
}

// decide chooses to hold the answer or to write it through, once.
func (w *holdingWriter) decide() {
	if w.decided {
		return
	}
	w.decided = true
	w.holding = w.refused.Load()
	if w.status == 0 {
		w.status = http.StatusOK
	}
	if !w.holding {
		w.ResponseWriter.WriteHeader(w.status)
	}
}

func (w *holdingWriter) Write(b []byte) (int, error) {
	w.decide()
	if w.holding {
		return w.body.Write(b)
	}
	return w.ResponseWriter.Write(b)
}

// Flush passes through only an answer that is not held.
func (w *holdingWriter) Flush() {
	w.decide()
	if f, ok := w.ResponseWriter.(http.Flusher); ok && !w.holding {
		f.Flush()
	}
}
