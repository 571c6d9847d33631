// Package listchanges holds the test of Query.listChanges on the two real
// OFAC SDN snapshots (2021-04-25 and 2024-05-03), loaded once into a graph
// of their own: a package of its own, so that no other package's graph
// gains a second OFAC snapshot.
package listchanges

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/armsgraph/armsgraph/graph"
	"github.com/armsgraph/armsgraph/ingest"
	"github.com/armsgraph/armsgraph/internal/realdata"
	"github.com/armsgraph/armsgraph/listdiff"
	"github.com/armsgraph/armsgraph/loaders/reference"
	"github.com/armsgraph/armsgraph/neo4jdb/neo4jtest"
)

func TestMain(m *testing.M) { neo4jtest.Main(m) }

type change struct {
	Type           string `json:"type"`
	SourceRecordID string `json:"sourceRecordId"`
	Entity         struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"entity"`
	Fields []struct {
		Field  string  `json:"field"`
		Before *string `json:"before"`
		After  *string `json:"after"`
	} `json:"fields"`
}

type page struct {
	Data struct {
		ListChanges struct {
			FromSnapshot string `json:"fromSnapshot"`
			ToSnapshot   string `json:"toSnapshot"`
			TotalCount   int    `json:"totalCount"`
			Counts       struct {
				Added, Delisted, Changed, Unchanged int
			} `json:"counts"`
			Nodes    []change `json:"nodes"`
			PageInfo struct {
				HasNextPage bool   `json:"hasNextPage"`
				EndCursor   string `json:"endCursor"`
			} `json:"pageInfo"`
		} `json:"listChanges"`
	} `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

const pageQuery = `query($after: String) {
  listChanges(source: "us-ofac-sdn", from: "2021-04-25", to: "us-ofac-sdn-2024-05-03", first: 100, after: $after) {
    fromSnapshot toSnapshot totalCount counts { added delisted changed unchanged }
    nodes { type sourceRecordId entity { id name } fields { field before after } }
    pageInfo { hasNextPage endCursor }
  }
}`

// TestListChangesAgreeWithDiff loads the two OFAC SDN snapshots and pages
// through listChanges between them: the counts and every change, field by
// field, must be those `armsgraph diff` (listdiff.Compare) gives for the
// two files; MAIA-1, MARIA, ANGARA and LADY R are among the added.
func TestListChangesAgreeWithDiff(t *testing.T) {
	older, newer := realdata.Path(t, realdata.OFACSDN2021), realdata.Path(t, realdata.OFACSDN2024)
	s := neo4jtest.Empty(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	for _, path := range []string{older, newer} {
		start := time.Now()
		// The 2024 list drops 944 listings of 2021: more than the
		// mass-delist guard lets a list delist unasked.
		if _, err := ingest.Load(ctx, s, reference.Default(), []string{path}, ingest.Options{AllowMassDelist: true}); err != nil {
			t.Fatalf("loading %s: %v", path, err)
		}
		t.Logf("loaded %s in %s", path, time.Since(start).Round(time.Second))
	}
	_, from, err := ingest.ReadList(older, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, to, err := ingest.ReadList(newer, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want, sum, err := listdiff.Compare(from, to)
	if err != nil {
		t.Fatal(err)
	}

	srv := httptest.NewServer(graph.NewHandler(s, graph.DefaultConfig()))
	t.Cleanup(srv.Close)
	var got []change
	after := any(nil)
	pages := 0
	start := time.Now()
	for {
		var p page
		post(t, srv.URL, pageQuery, map[string]any{"after": after}, &p)
		if len(p.Errors) > 0 {
			t.Fatalf("page %d: %+v", pages+1, p.Errors)
		}
		lc := p.Data.ListChanges
		if pages == 0 {
			t.Logf("listChanges %s -> %s: %+v, totalCount %d; listdiff: %+v", lc.FromSnapshot, lc.ToSnapshot, lc.Counts, lc.TotalCount, sum)
			if lc.FromSnapshot != "us-ofac-sdn-2021-04-25" || lc.ToSnapshot != "us-ofac-sdn-2024-05-03" {
				t.Errorf("snapshots compared: %s, %s", lc.FromSnapshot, lc.ToSnapshot)
			}
			if lc.Counts.Added != sum.Added || lc.Counts.Delisted != sum.Delisted || lc.Counts.Changed != sum.Changed || lc.Counts.Unchanged != sum.Unchanged {
				t.Errorf("counts %+v, want listdiff's %+v", lc.Counts, sum)
			}
			if lc.TotalCount != sum.Added+sum.Delisted+sum.Changed {
				t.Errorf("totalCount %d, want %d", lc.TotalCount, sum.Added+sum.Delisted+sum.Changed)
			}
		}
		pages++
		got = append(got, lc.Nodes...)
		if !lc.PageInfo.HasNextPage {
			break
		}
		after = lc.PageInfo.EndCursor
	}
	t.Logf("%d changes in %d pages of 100 in %s (the first with the counts)", len(got), pages, time.Since(start).Round(time.Millisecond))
	ops := map[string]string{listdiff.Added: "ADDED", listdiff.Delisted: "DELISTED", listdiff.Changed: "CHANGED"}
	if len(got) != len(want) {
		t.Errorf("%d changes in %d pages, want %d", len(got), pages, len(want))
	}
	for i := 0; i < min(len(got), len(want)); i++ {
		g, w := got[i], want[i]
		line := func(c change) string {
			s := c.Type + " " + c.SourceRecordID
			for _, f := range c.Fields {
				s += fmt.Sprintf(" %s:%q->%q", f.Field, deref(f.Before), deref(f.After))
			}
			return s
		}
		wantLine := ops[w.Op] + " " + w.Ref
		for _, f := range w.Fields {
			wantLine += fmt.Sprintf(" %s:%q->%q", f.Field, f.From, f.To)
		}
		if line(g) != wantLine {
			t.Fatalf("change %d: got\n  %s\nwant\n  %s", i, line(g), wantLine)
		}
	}
	added := map[string]bool{}
	for _, c := range got {
		if c.Type == "ADDED" {
			added[c.Entity.Name] = true
		}
	}
	for _, name := range []string{"MAIA-1", "MARIA", "ANGARA", "LADY R"} {
		if !added[name] {
			t.Errorf("%s is not among the added", name)
		}
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func post(t *testing.T, url, query string, vars map[string]any, into any) {
	t.Helper()
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
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
	if err := json.Unmarshal(raw, into); err != nil {
		t.Fatalf("%v: %s", err, raw)
	}
}
