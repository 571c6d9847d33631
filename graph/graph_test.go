package graph

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/armsgraph/armsgraph/neo4jdb"
	"github.com/armsgraph/armsgraph/neo4jdb/neo4jtest"
)

var update = flag.Bool("update", false, "rewrite the expected answers in testdata/queries")

func TestMain(m *testing.M) { neo4jtest.Main(m) }

// api is the real handler over the seeded test Neo4j.
type api struct {
	t     *testing.T
	store *neo4jdb.Store
	url   string
}

func newAPI(t *testing.T, cfg Config) *api {
	t.Helper()
	s := neo4jtest.Seeded(t)
	srv := httptest.NewServer(NewHandler(s, cfg))
	t.Cleanup(srv.Close)
	return &api{t: t, store: s, url: srv.URL}
}

// response is a GraphQL answer, with the HTTP status.
type response struct {
	Status int
	Data   json.RawMessage `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Path       []any          `json:"path"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
	raw []byte
}

func (r response) codes() []string {
	var out []string
	for _, e := range r.Errors {
		code, _ := e.Extensions["code"].(string)
		out = append(out, code)
	}
	return out
}

func (a *api) post(body any) response {
	a.t.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		a.t.Fatal(err)
	}
	return a.postRaw(b)
}

func (a *api) postRaw(body []byte) response {
	a.t.Helper()
	resp, err := http.Post(a.url, "application/json", bytes.NewReader(body))
	if err != nil {
		a.t.Fatal(err)
	}
	return a.read(resp)
}

func (a *api) read(resp *http.Response) response {
	a.t.Helper()
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		a.t.Fatal(err)
	}
	r := response{Status: resp.StatusCode, raw: raw}
	if err := json.Unmarshal(raw, &r); err != nil {
		a.t.Fatalf("answer is not JSON (%v): %s", err, raw)
	}
	return r
}

func (a *api) query(q string, vars map[string]any) response {
	a.t.Helper()
	return a.post(map[string]any{"query": q, "variables": vars})
}

// TestQueries runs every testdata/queries/*.graphql through the handler
// and compares the answer with the .json beside it (-update rewrites them).
func TestQueries(t *testing.T) {
	a := newAPI(t, DefaultConfig())
	files, err := filepath.Glob("testdata/queries/*.graphql")
	if err != nil || len(files) == 0 {
		t.Fatalf("no queries in testdata/queries: %v", err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".graphql")
		t.Run(name, func(t *testing.T) {
			q, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			a.t = t
			r := a.query(string(q), nil)
			if len(r.Errors) > 0 {
				t.Fatalf("%s: errors in the answer: %s", file, r.raw)
			}
			var pretty bytes.Buffer
			if err := json.Indent(&pretty, r.raw, "", "  "); err != nil {
				t.Fatal(err)
			}
			pretty.WriteByte('\n')
			golden := strings.TrimSuffix(file, ".graphql") + ".json"
			if *update {
				if err := os.WriteFile(golden, pretty.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(pretty.Bytes(), want) {
				t.Errorf("%s: answer differs from %s (run with -update to accept):\n%s", file, golden, pretty.String())
			}
		})
	}
}
