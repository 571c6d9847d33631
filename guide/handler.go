package guide

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
)

// DefaultOrigins are the Neo4j Browser origins of `make run` (7474) and of
// `make test` (7475), by address and by name.
var DefaultOrigins = []string{
	"http://127.0.0.1:7474", "http://localhost:7474",
	"http://127.0.0.1:7475", "http://localhost:7475",
}

// OriginsEnv names the variable that replaces DefaultOrigins.
const OriginsEnv = "ARMSGRAPH_GUIDE_ORIGINS"

// Origins parses a comma-separated list of origins (scheme://host:port, or
// * for any), as given in ARMSGRAPH_GUIDE_ORIGINS; empty means
// DefaultOrigins.
func Origins(list string) []string {
	var out []string
	for _, o := range strings.Split(list, ",") {
		if o = strings.TrimRight(strings.TrimSpace(o), "/"); o != "" {
			out = append(out, o)
		}
	}
	if len(out) == 0 {
		return DefaultOrigins
	}
	return out
}

// Handler serves the guide at /guide/ and the style at /guide/style.grass
// to Neo4j Browser. Browser fetches both from its own origin, so the
// handler answers the CORS preflight and names the origin in
// Access-Control-Allow-Origin when it is one of origins. Other clients
// (curl, a browser tab) get the same documents without CORS headers.
func Handler(origins []string) http.Handler {
	allowed := make(map[string]bool, len(origins))
	for _, o := range origins {
		allowed[o] = true
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := r.Header.Get("Origin")
		originAllowed := origin != "" && (allowed[origin] || allowed["*"])
		w.Header().Add("Vary", "Origin")
		if originAllowed {
			w.Header().Set("Access-Control-Allow-Origin", origin)
		}
		if r.Method == http.MethodOptions {
			preflight(w, r, origin, originAllowed)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD, OPTIONS")
			http.Error(w, fmt.Sprintf("%s %s: the guide is read-only; use GET", r.Method, r.URL.Path), http.StatusMethodNotAllowed)
			return
		}
		// Edits to the guide must show at the next :play.
		w.Header().Set("Cache-Control", "no-cache")
		switch r.URL.Path {
		case "/guide/", "/guide/index.html":
			var body bytes.Buffer
			if err := Render(&body, baseURL(r)); err != nil {
				http.Error(w, "rendering the guide: "+err.Error(), http.StatusInternalServerError)
				return
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = w.Write(body.Bytes())
		case StylePath:
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			_, _ = w.Write(style)
		default:
			http.Error(w, fmt.Sprintf("%s: not found; the guide is at /guide/ and the style at %s", r.URL.Path, StylePath), http.StatusNotFound)
		}
	})
}

// preflight answers a CORS preflight. Browser's guide request carries
// cache headers (Pragma, Cache-Control), so the requested headers are
// allowed: the documents are public and read-only.
func preflight(w http.ResponseWriter, r *http.Request, origin string, originAllowed bool) {
	if !originAllowed {
		http.Error(w, fmt.Sprintf("origin %q may not load the guide: add it to %s", origin, OriginsEnv), http.StatusForbidden)
		return
	}
	w.Header().Set("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
	if h := r.Header.Get("Access-Control-Request-Headers"); h != "" {
		w.Header().Set("Access-Control-Allow-Headers", h)
	}
	w.Header().Set("Access-Control-Max-Age", "600")
	w.WriteHeader(http.StatusNoContent)
}

// baseURL is the address the request reached, which is where Browser can
// fetch the style from.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
