// Package layers holds the test of the import rules between armsgraph's
// layers; it has no code of its own.
package layers

import (
	"os/exec"
	"strings"
	"testing"
)

const (
	module  = "github.com/armsgraph/armsgraph"
	driver  = "github.com/neo4j/neo4j-go-driver"
	adapter = module + "/neo4jdb"
	parsers = module + "/loaders/"
	graphQL = module + "/graph"
)

// rule: no package matching from may depend on one matching banned.
type rule struct {
	from, banned string
	why          string
	// allowed are dependencies that break the rule today, each with the
	// reason; the test fails once one is gone, so the list only shrinks.
	allowed map[string]string
}

var rules = []rule{
	{from: parsers, banned: adapter, why: "parsers know nothing of Neo4j"},
	{from: parsers, banned: driver, why: "parsers know nothing of Neo4j"},
	{from: adapter, banned: graphQL, why: "the adapter knows nothing of GraphQL"},
	{from: adapter, banned: parsers, why: "the adapter writes records, not source formats",
		allowed: map[string]string{
			parsers + "reference": "neo4jdb/ingest.go writes reference.Data (countries, authorities, resolutions) as it is parsed",
		}},
	{from: graphQL, banned: driver, why: "GraphQL reaches Neo4j only through the adapter's interface",
		allowed: map[string]string{
			driver + "/v5/neo4j": "graph's resolvers use the adapter's value types, which live in neo4jdb beside the driver",
		}},
}

// deps lists each package of the module with every package it depends on.
func deps(t *testing.T) map[string][]string {
	t.Helper()
	out, err := exec.Command("go", "list", "-deps=false", "-f", `{{.ImportPath}}{{range .Deps}} {{.}}{{end}}`, module+"/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	m := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		m[fields[0]] = fields[1:]
	}
	return m
}

func TestImportRules(t *testing.T) {
	all := deps(t)
	for _, r := range rules {
		used := map[string]bool{}
		for pkg, ds := range all {
			if !strings.HasPrefix(pkg, r.from) || strings.HasSuffix(pkg, "test") {
				continue
			}
			for _, d := range ds {
				if !strings.HasPrefix(d, r.banned) {
					continue
				}
				exception := ""
				for prefix := range r.allowed {
					if strings.HasPrefix(d, prefix) {
						exception = prefix
					}
				}
				if exception == "" {
					t.Errorf("%s depends on %s: %s", pkg, d, r.why)
					continue
				}
				used[exception] = true
			}
		}
		for prefix, reason := range r.allowed {
			if !used[prefix] {
				t.Errorf("%s no longer depends on %s (%s): remove the exception", r.from, prefix, reason)
			}
		}
	}
}
