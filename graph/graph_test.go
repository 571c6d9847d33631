package graph

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
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
			want, err := os.ReadFile(golden)
			if *update {
				if bytes.Equal(pretty.Bytes(), want) {
					return
				}
				if err := os.WriteFile(golden, pretty.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				t.Logf("rewrote %s (- old, + new):\n%s", golden, lineDiff(string(want), pretty.String()))
				return
			}
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(pretty.Bytes(), want) {
				t.Errorf("%s: answer differs from %s (- expected, + got; -update accepts it after a deliberate change):\n%s",
					file, golden, lineDiff(string(want), pretty.String()))
			}
		})
	}
}

// lineDiff lists the lines only in want ("-") and only in got ("+"), with
// their line numbers, keeping the longest common subsequence of lines.
func lineDiff(want, got string) string {
	a, b := strings.Split(want, "\n"), strings.Split(got, "\n")
	// lcs[i][j] is the length of the longest common subsequence of a[i:] and b[j:].
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out strings.Builder
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			i, j = i+1, j+1
		case i < len(a) && (j == len(b) || lcs[i+1][j] >= lcs[i][j+1]):
			fmt.Fprintf(&out, "-%4d %s\n", i+1, a[i])
			i++
		default:
			fmt.Fprintf(&out, "+%4d %s\n", j+1, b[j])
			j++
		}
	}
	return out.String()
}
