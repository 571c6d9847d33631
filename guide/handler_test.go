package guide

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

func request(t *testing.T, h http.Handler, method, path string, header map[string]string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, "http://127.0.0.1:8080"+path, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestPreflightFromBrowserOrigin(t *testing.T) {
	h := Handler(DefaultOrigins)
	rec := request(t, h, http.MethodOptions, "/guide/", map[string]string{
		"Origin":                         "http://127.0.0.1:7475",
		"Access-Control-Request-Method":  "GET",
		"Access-Control-Request-Headers": "cache-control,pragma",
	})
	if rec.Code != http.StatusNoContent {
		t.Fatalf("preflight status %d, want 204: %s", rec.Code, rec.Body)
	}
	for header, want := range map[string]string{
		"Access-Control-Allow-Origin":  "http://127.0.0.1:7475",
		"Access-Control-Allow-Headers": "cache-control,pragma",
		"Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
	} {
		if got := rec.Header().Get(header); got != want {
			t.Errorf("%s = %q, want %q", header, got, want)
		}
	}
}

func TestPreflightFromOtherOriginIsRefused(t *testing.T) {
	rec := request(t, Handler(DefaultOrigins), http.MethodOptions, "/guide/", map[string]string{
		"Origin": "http://evil.example", "Access-Control-Request-Method": "GET",
	})
	if rec.Code != http.StatusForbidden {
		t.Errorf("status %d, want 403", rec.Code)
	}
	if got := rec.Header().Get("Access-Control-Allow-Origin"); got != "" {
		t.Errorf("Access-Control-Allow-Origin = %q for a foreign origin", got)
	}
	if !strings.Contains(rec.Body.String(), OriginsEnv) {
		t.Errorf("refusal does not say how to allow the origin: %s", rec.Body)
	}
}

func TestGuideIsServedWithCORS(t *testing.T) {
	rec := request(t, Handler(DefaultOrigins), http.MethodGet, "/guide/", map[string]string{"Origin": "http://localhost:7474"})
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	if got := rec.Header().Get("Content-Type"); got != "text/html; charset=utf-8" {
		t.Errorf("Content-Type = %q", got)
	}
	if got := rec.Header().Get("Access-Control-Allow-Origin"); got != "http://localhost:7474" {
		t.Errorf("Access-Control-Allow-Origin = %q", got)
	}
	if !slices.Contains(rec.Header().Values("Vary"), "Origin") {
		t.Errorf("Vary = %q, want Origin: the answer depends on it", rec.Header().Values("Vary"))
	}
	body := rec.Body.String()
	if !strings.HasPrefix(body, `<article class="guide">`) {
		t.Errorf("body is not a Browser guide: %.100s", body)
	}
	// The style command points where the guide came from.
	if !strings.Contains(body, ":style http://127.0.0.1:8080/guide/style.grass") {
		t.Error("guide does not carry the :style command for its own address")
	}
}

func TestStyleIsServed(t *testing.T) {
	rec := request(t, Handler(DefaultOrigins), http.MethodGet, StylePath, map[string]string{"Origin": "http://127.0.0.1:7474"})
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d", rec.Code)
	}
	if got := rec.Header().Get("Content-Type"); got != "text/plain; charset=utf-8" {
		t.Errorf("Content-Type = %q", got)
	}
	if got := rec.Header().Get("Access-Control-Allow-Origin"); got != "http://127.0.0.1:7474" {
		t.Errorf("Access-Control-Allow-Origin = %q", got)
	}
	if rec.Body.String() != string(Style()) {
		t.Error("served style differs from style.grass")
	}
}

func TestUnknownPathAndMethod(t *testing.T) {
	h := Handler(DefaultOrigins)
	if rec := request(t, h, http.MethodGet, "/guide/nothing", nil); rec.Code != http.StatusNotFound {
		t.Errorf("GET /guide/nothing: status %d, want 404", rec.Code)
	}
	rec := request(t, h, http.MethodPost, "/guide/", nil)
	if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") == "" {
		t.Errorf("POST /guide/: status %d, Allow %q; want 405 with Allow", rec.Code, rec.Header().Get("Allow"))
	}
}

func TestOrigins(t *testing.T) {
	if got := Origins(""); !slices.Equal(got, DefaultOrigins) {
		t.Errorf("Origins(\"\") = %q, want the defaults", got)
	}
	if got := Origins(" http://10.0.0.5:7474/ , https://browser.example "); !slices.Equal(got, []string{"http://10.0.0.5:7474", "https://browser.example"}) {
		t.Errorf("Origins = %q", got)
	}
	rec := request(t, Handler(Origins("*")), http.MethodGet, "/guide/", map[string]string{"Origin": "http://anywhere.example"})
	if got := rec.Header().Get("Access-Control-Allow-Origin"); got != "http://anywhere.example" {
		t.Errorf("with *, Access-Control-Allow-Origin = %q", got)
	}
}
