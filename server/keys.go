package server

import (
	"bufio"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"
)

// APIKeys admits requests that carry a known key and holds each key to a
// rate. Keys are stored only as SHA-256 hashes, so a leaked key file does
// not leak keys.
type APIKeys struct {
	hashes [][sha256.Size]byte
	// PerSecond requests per key on average, in bursts of up to Burst.
	PerSecond float64
	Burst     int

	mu      sync.Mutex
	buckets map[[sha256.Size]byte]*bucket
}

// ParseKeyHashes reads SHA-256 hashes of API keys, hex, one per line or
// separated by commas; empty lines and # comments are skipped. source
// names them in errors.
func ParseKeyHashes(text, source string) ([][sha256.Size]byte, error) {
	var out [][sha256.Size]byte
	sc := bufio.NewScanner(strings.NewReader(strings.ReplaceAll(text, ",", "\n")))
	for line := 1; sc.Scan(); line++ {
		field, _, _ := strings.Cut(sc.Text(), "#")
		field = strings.TrimSpace(field)
		if field == "" {
			continue
		}
		raw, err := hex.DecodeString(field)
		if err != nil || len(raw) != sha256.Size {
			return nil, fmt.Errorf("%s, entry %d: not a SHA-256 hash in hex (64 characters): make one with `printf %%s KEY | sha256sum`", source, line)
		}
		out = append(out, [sha256.Size]byte(raw))
	}
	return out, sc.Err()
}

// LoadAPIKeys reads key hashes from the file path (when not empty) and
// from the text env (when not empty), each key held to perSecond requests
// in bursts of burst. No hashes at all means no keys: the API is open, as
// on loopback.
func LoadAPIKeys(path, env string, perSecond float64, burst int) (*APIKeys, error) {
	var hashes [][sha256.Size]byte
	if path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("API key file: %w", err)
		}
		h, err := ParseKeyHashes(string(b), path)
		if err != nil {
			return nil, err
		}
		hashes = append(hashes, h...)
	}
	h, err := ParseKeyHashes(env, "ARMSGRAPH_API_KEY_HASHES")
	if err != nil {
		return nil, err
	}
	hashes = append(hashes, h...)
	if len(hashes) == 0 {
		return nil, nil
	}
	return NewAPIKeys(hashes, perSecond, burst), nil
}

// HashKey is the hash a key is stored as.
func HashKey(key string) [sha256.Size]byte { return sha256.Sum256([]byte(key)) }

// NewAPIKeys admits the keys with these hashes.
func NewAPIKeys(hashes [][sha256.Size]byte, perSecond float64, burst int) *APIKeys {
	return &APIKeys{hashes: hashes, PerSecond: perSecond, Burst: burst, buckets: map[[sha256.Size]byte]*bucket{}}
}

// keyOf is the key a request carries: Authorization: Bearer KEY, or
// X-API-Key: KEY.
func keyOf(r *http.Request) string {
	if v, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		return strings.TrimSpace(v)
	}
	return strings.TrimSpace(r.Header.Get("X-API-Key"))
}

// Require admits requests with a known key (HTTP 401 UNAUTHENTICATED
// otherwise) within its rate (HTTP 429 RATE_LIMITED beyond). A nil
// APIKeys admits everything.
func (k *APIKeys) Require(next http.Handler) http.Handler {
	if k == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodOptions { // CORS preflights carry no key
			next.ServeHTTP(w, r)
			return
		}
		h, ok := k.known(keyOf(r))
		if !ok {
			w.Header().Set("WWW-Authenticate", `Bearer realm="armsgraph"`)
			refuse(w, "key", http.StatusUnauthorized, codeUnauthenticated, "this API needs a key: send Authorization: Bearer <key>")
			return
		}
		if wait := k.take(h, time.Now()); wait > 0 {
			w.Header().Set("Retry-After", retryAfter(wait))
			refuse(w, "rate", http.StatusTooManyRequests, codeRateLimited, "too many requests with this key; slow down")
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (k *APIKeys) known(key string) ([sha256.Size]byte, bool) {
	if key == "" {
		return [sha256.Size]byte{}, false
	}
	h := HashKey(key)
	found := false
	for _, stored := range k.hashes {
		if subtle.ConstantTimeCompare(h[:], stored[:]) == 1 {
			found = true
		}
	}
	return h, found
}

// bucket is a token bucket: it refills at PerSecond up to Burst.
type bucket struct {
	tokens float64
	at     time.Time
}

// take spends a token of key h's bucket, or says how long until one.
func (k *APIKeys) take(h [sha256.Size]byte, now time.Time) time.Duration {
	k.mu.Lock()
	defer k.mu.Unlock()
	b := k.buckets[h]
	if b == nil {
		b = &bucket{tokens: float64(k.Burst), at: now}
		k.buckets[h] = b
	}
	b.tokens = min(float64(k.Burst), b.tokens+now.Sub(b.at).Seconds()*k.PerSecond)
	b.at = now
	if b.tokens < 1 {
		return time.Duration((1 - b.tokens) / k.PerSecond * float64(time.Second))
	}
	b.tokens--
	return 0
}
