package graph

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/armsgraph/armsgraph/ingest"
	"github.com/armsgraph/armsgraph/loaders/reference"
	"github.com/armsgraph/armsgraph/neo4jdb/neo4jtest"
)

// Two snapshots cut from the real OFAC SDN lists of 2021-04-25 and
// 2024-05-03 (testdata/listchanges, rows as published): two listings
// unchanged, two delisted (NORIEGA 1572, SIEIRO DE NORIEGA 1910), three
// added (ANGARA 37059, LADY R 37095, MAIA-1 37098) and three changed
// (GULF CARTEL 10386, TIFON 4249, AUM SHINRIKYO 4691), as `armsgraph diff`
// reports for the two files.
const (
	changes2021 = "testdata/listchanges/sdn-2021-04-25.csv"
	changes2024 = "testdata/listchanges/sdn-2024-05-03.csv"
)

const listChangesQuery = `query($source: String!, $from: String!, $to: String!, $first: Int, $after: String) {
  listChanges(source: $source, from: $from, to: $to, first: $first, after: $after) {
    fromSnapshot toSnapshot totalCount counts { added delisted changed unchanged }
    edges { cursor node { type sourceRecordId designationId entity { __typename id name } fields { field before after } } }
    pageInfo { hasNextPage hasPreviousPage endCursor }
  }
}`

type listChangesAnswer struct {
	ListChanges *struct {
		FromSnapshot, ToSnapshot string
		TotalCount               int
		Counts                   struct{ Added, Delisted, Changed, Unchanged int }
		Edges                    []struct {
			Cursor string
			Node   struct {
				Type, SourceRecordID, DesignationID string
				Entity                              struct {
					Typename string `json:"__typename"`
					ID, Name string
				}
				Fields []struct {
					Field         string
					Before, After *string
				}
			}
		}
		PageInfo struct {
			HasNextPage, HasPreviousPage bool
			EndCursor                    string
		}
	}
}

func loadLists(t *testing.T, a *api, opts ingest.Options, paths ...string) *ingest.Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	res, err := ingest.Load(ctx, a.store, reference.Default(), paths, opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestListChanges(t *testing.T) {
	// A graph of the two snapshots alone; the seed tests load theirs again.
	s := neo4jtest.Empty(t)
	srv := httptest.NewServer(NewHandler(s, DefaultConfig()))
	t.Cleanup(srv.Close)
	a := &api{t: t, store: s, url: srv.URL}
	loadLists(t, a, ingest.Options{}, changes2021)
	vars := func(from, to string, first int, after string) map[string]any {
		v := map[string]any{"source": "us-ofac-sdn", "from": from, "to": to, "first": first}
		if after != "" {
			v["after"] = after
		}
		return v
	}
	// A snapshot not loaded yet is named in the error, with those loaded.
	r := a.query(listChangesQuery, vars("2021-04-25", "2024-05-03", 3, ""))
	if !reflect.DeepEqual(r.codes(), []string{codeNotFound}) || !strings.Contains(string(r.raw), "us-ofac-sdn-2021-04-25") {
		t.Errorf("a snapshot not loaded: %s", r.raw)
	}

	loadLists(t, a, ingest.Options{}, changes2024)
	type row struct{ typ, ref, name string }
	var got []row
	var fields map[string]string
	after := ""
	for pages := 1; ; pages++ {
		r := a.query(listChangesQuery, vars("us-ofac-sdn-2021-04-25", "2024-05-03", 3, after))
		var ans listChangesAnswer
		if len(r.Errors) > 0 || json.Unmarshal(r.Data, &ans) != nil || ans.ListChanges == nil {
			t.Fatalf("page %d: %s", pages, r.raw)
		}
		lc := ans.ListChanges
		if lc.FromSnapshot != "us-ofac-sdn-2021-04-25" || lc.ToSnapshot != "us-ofac-sdn-2024-05-03" {
			t.Errorf("snapshots %s, %s", lc.FromSnapshot, lc.ToSnapshot)
		}
		if lc.TotalCount != 8 || lc.Counts != (struct{ Added, Delisted, Changed, Unchanged int }{3, 2, 3, 2}) {
			t.Errorf("page %d: totalCount %d, counts %+v; want 8 and 3 added, 2 delisted, 3 changed, 2 unchanged", pages, lc.TotalCount, lc.Counts)
		}
		if lc.PageInfo.HasPreviousPage != (after != "") || len(lc.Edges) > 3 {
			t.Errorf("page %d: %d edges, pageInfo %+v", pages, len(lc.Edges), lc.PageInfo)
		}
		for _, e := range lc.Edges {
			n := e.Node
			got = append(got, row{n.Type, n.SourceRecordID, n.Entity.Name})
			if n.SourceRecordID == "us-ofac:10386" {
				fields = map[string]string{}
				for _, f := range n.Fields {
					fields[f.Field] = deref(f.Before) + " -> " + deref(f.After)
				}
			} else if n.Type != "CHANGED" && len(n.Fields) > 0 {
				t.Errorf("%s %s has fields %+v", n.Type, n.SourceRecordID, n.Fields)
			}
			if n.SourceRecordID == "us-ofac:37098" && (n.Entity.Typename != "Vessel" || n.Entity.ID != "imo-9358010") {
				t.Errorf("MAIA-1's entity: %+v", n.Entity)
			}
		}
		if !lc.PageInfo.HasNextPage {
			if pages != 3 {
				t.Errorf("%d pages of 3, want 3", pages)
			}
			break
		}
		after = lc.PageInfo.EndCursor
	}
	want := []row{
		{"CHANGED", "us-ofac:10386", "GULF CARTEL"},
		{"DELISTED", "us-ofac:1572", "NORIEGA, Manuel Antonio"},
		{"DELISTED", "us-ofac:1910", "SIEIRO DE NORIEGA, Felicidad"},
		{"ADDED", "us-ofac:37059", "ANGARA"},
		{"ADDED", "us-ofac:37095", "LADY R"},
		{"ADDED", "us-ofac:37098", "MAIA-1"},
		{"CHANGED", "us-ofac:4249", "TIFON"},
		{"CHANGED", "us-ofac:4691", "AUM SHINRIKYO"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("changes:\n got %v\nwant %v", got, want)
	}
	// GULF CARTEL: ILLICIT-DRUGS-EO14059 added to SDNTK, with the a.k.a.
	// 'CDG' the 2024 row states.
	wantFields := map[string]string{
		"aliases":  " -> CDG (aka weak)",
		"remarks":  " -> a.k.a. 'CDG'.",
		"programs": "SDNTK -> ILLICIT-DRUGS-EO14059; SDNTK",
	}
	if !reflect.DeepEqual(fields, wantFields) {
		t.Errorf("GULF CARTEL's fields = %v, want %v", fields, wantFields)
	}

	// The other way round, what 2021 has and 2024 lacks is added.
	r = a.query(`{ listChanges(source: "us-ofac-sdn", from: "2024-05-03", to: "2021-04-25") { totalCount counts { added delisted changed unchanged } } }`, nil)
	if !strings.Contains(string(r.raw), `"totalCount":8,"counts":{"added":2,"delisted":3,"changed":3,"unchanged":2}`) {
		t.Errorf("2024 to 2021: %s", r.raw)
	}

	// Loading a snapshot again changes nothing, what it states included.
	for _, f := range loadLists(t, a, ingest.Options{}, changes2024).Files {
		if f.Summary.Changed() {
			t.Errorf("loading %s again changed the graph: %+v", f.File.Path, f.Summary.Relationships["LISTED_IN"])
		}
	}

	// A snapshot loaded in part says nothing of what it lacks.
	part := filepath.Join(t.TempDir(), "sdn-2024-06-01.csv")
	raw, err := os.ReadFile(changes2024)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(part, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	loadLists(t, a, ingest.Options{Programs: []string{"RUSSIA"}}, part)

	for _, c := range []struct {
		name, source, from, to string
		first                  int
		after                  string
		code, argument         string
	}{
		{"unknown list", "us-ofac-sdx", "2021-04-25", "2024-05-03", 3, "", codeNotFound, "source"},
		{"unknown snapshot id", "us-ofac-sdn", "us-ofac-sdn-2021-04-26", "2024-05-03", 3, "", codeNotFound, "from"},
		{"a snapshot of another list", "un-sc", "us-ofac-sdn-2021-04-25", "2024-05-03", 3, "", codeNotFound, "source"},
		{"a snapshot loaded in part", "us-ofac-sdn", "2021-04-25", "2024-06-01", 3, "", codeSnapshotNotComparable, "to"},
		{"first over the maximum", "us-ofac-sdn", "2021-04-25", "2024-05-03", 101, "", codeLimitExceeded, ""},
		{"first below one", "us-ofac-sdn", "2021-04-25", "2024-05-03", 0, "", codeBadUserInput, ""},
		{"not a cursor", "us-ofac-sdn", "2021-04-25", "2024-05-03", 3, "bm90IGEgY3Vyc29y", codeBadUserInput, ""},
	} {
		r := a.query(listChangesQuery, map[string]any{"source": c.source, "from": c.from, "to": c.to, "first": c.first, "after": c.after})
		if !reflect.DeepEqual(r.codes(), []string{c.code}) || !strings.Contains(string(r.raw), `"listChanges":null`) {
			t.Errorf("%s: %s, want %s", c.name, r.raw, c.code)
		} else if argument, _ := r.Errors[0].Extensions["argument"].(string); argument != c.argument {
			t.Errorf("%s: extensions.argument %q, want %q", c.name, argument, c.argument)
		}
	}
}
