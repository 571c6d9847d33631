// Package reallists holds the golden tests of the GraphQL API on the graph
// of the seed and the official OFAC and UN lists (neo4jtest.RealLists). It
// is a package of its own so that the seed-graph tests of package graph
// never empty the real-lists graph between two of these tests.
package reallists

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
	"sort"
	"strings"
	"testing"

	"github.com/armsgraph/armsgraph/graph"
	"github.com/armsgraph/armsgraph/neo4jdb/neo4jtest"
)

var update = flag.Bool("update", false, "rewrite the expected answers in testdata")

func TestMain(m *testing.M) { neo4jtest.Main(m) }

// TestRealListsQueries runs every testdata/*.graphql against the
// graph of the seed and the official OFAC and UN lists, and compares the
// whole answer, errors included, with the .json beside it (-update
// rewrites them). Unlike testdata/queries, an answer may hold errors: some
// of these goldens show partial results.
func TestRealListsQueries(t *testing.T) {
	s := neo4jtest.RealLists(t)
	srv := httptest.NewServer(graph.NewHandler(s, graph.DefaultConfig()))
	t.Cleanup(srv.Close)
	files, err := filepath.Glob("testdata/*.graphql")
	if err != nil || len(files) == 0 {
		t.Fatalf("no queries in testdata/reallists: %v", err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".graphql")
		t.Run(name, func(t *testing.T) {
			q, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			pretty := sortedErrors(t, post(t, srv.URL, string(q)))
			golden := strings.TrimSuffix(file, ".graphql") + ".json"
			if *update {
				if err := os.WriteFile(golden, pretty, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(pretty, want) {
				t.Errorf("%s: answer differs from %s (run with -update to accept); - expected, + got:\n%s", file, golden, lineDiff(string(want), string(pretty)))
			}
		})
	}
}

// sortedErrors indents an answer with its errors in path order: root
// fields resolve concurrently, so their errors arrive in any order.
func sortedErrors(t *testing.T, raw []byte) []byte {
	t.Helper()
	var answer struct {
		Errors []map[string]any `json:"errors,omitempty"`
		Data   json.RawMessage  `json:"data"`
	}
	if err := json.Unmarshal(raw, &answer); err != nil {
		t.Fatal(err)
	}
	key := func(e map[string]any) string { b, _ := json.Marshal([]any{e["path"], e["message"]}); return string(b) }
	sort.Slice(answer.Errors, func(i, j int) bool { return key(answer.Errors[i]) < key(answer.Errors[j]) })
	out, err := json.MarshalIndent(answer, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(out, '\n')
}

// post sends one query and returns the answer's body.
func post(t *testing.T, url, query string) []byte {
	t.Helper()
	body, err := json.Marshal(map[string]any{"query": query})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Post(url, "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// lineDiff shows the lines only in want (-) or only in got (+), with the
// line numbers of want, from a longest common subsequence of lines.
func lineDiff(want, got string) string {
	a, b := strings.Split(want, "\n"), strings.Split(got, "\n")
	// common[i][j] is the longest common subsequence of a[i:] and b[j:].
	common := make([][]int, len(a)+1)
	for i := range common {
		common[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				common[i][j] = common[i+1][j+1] + 1
			} else {
				common[i][j] = max(common[i+1][j], common[i][j+1])
			}
		}
	}
	var out strings.Builder
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			i, j = i+1, j+1
		case i < len(a) && (j == len(b) || common[i+1][j] >= common[i][j+1]):
			fmt.Fprintf(&out, "%5d - %s\n", i+1, a[i])
			i++
		default:
			fmt.Fprintf(&out, "%5d + %s\n", i+1, b[j])
			j++
		}
	}
	return out.String()
}
