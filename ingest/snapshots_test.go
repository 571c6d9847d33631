package ingest_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/armsgraph/armsgraph/ingest"
	"github.com/armsgraph/armsgraph/internal/realdata"
	"github.com/armsgraph/armsgraph/loaders/reference"
	"github.com/armsgraph/armsgraph/neo4jdb"
	"github.com/armsgraph/armsgraph/neo4jdb/neo4jtest"
)

// dprkPart writes, as a whole list in OFAC's layout (ending with 0x1A), the
// rows of an official sdn.csv whose Program column has a DPRK tag, plus the
// rows of extraFrom with the given ent_nums; the folder name dates it.
func dprkPart(t *testing.T, src, date, extraFrom string, extra ...string) string {
	t.Helper()
	raw, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	keepRows(t, &out, raw, func(row []string) bool { return strings.Contains(row[3], "DPRK") })
	if extraFrom != "" {
		more, err := os.ReadFile(extraFrom)
		if err != nil {
			t.Fatal(err)
		}
		keepRows(t, &out, more, func(row []string) bool { return slices.Contains(extra, row[0]) })
	}
	out.WriteByte(0x1a)
	path := filepath.Join(t.TempDir(), date, "sdn.csv")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// keepRows copies the rows of an OFAC CSV that keep accepts.
func keepRows(t *testing.T, out *bytes.Buffer, raw []byte, keep func([]string) bool) {
	t.Helper()
	for _, line := range bytes.Split(raw, []byte("\r\n")) {
		if len(bytes.Trim(line, " \x1a")) == 0 {
			continue
		}
		// Parsed to read the columns only: the row is written as it was
		// (Latin-1 bytes that encoding/csv would not keep).
		row, err := csv.NewReader(bytes.NewReader(line)).Read()
		if err != nil {
			t.Fatal(err)
		}
		if keep(row) {
			out.Write(line)
			out.WriteString("\r\n")
		}
	}
}

// contentFingerprint hashes every node and relationship with its
// properties, list values taken as sets: the union lists (aliases,
// addresses ...) grow in load order, which is not content.
func contentFingerprint(t *testing.T, s *neo4jdb.Store) string {
	t.Helper()
	var lines []string
	for _, r := range query(t, s, `MATCH (n) RETURN labels(n) AS labels, properties(n) AS props LIMIT 1000000`, nil) {
		lines = append(lines, fmt.Sprint(r["labels"])+" "+canonical(t, r["props"]))
	}
	for _, r := range query(t, s, `
		MATCH (a)-[r]->(b)
		RETURN type(r) AS type, properties(r) AS props,
		       coalesce(a.id, a.key, a.code, toString(a.number)) AS from, coalesce(b.id, b.key, b.code, toString(b.number)) AS to
		LIMIT 1000000`, nil) {
		lines = append(lines, fmt.Sprint(r["type"], " ", r["from"], " ", r["to"], " ")+canonical(t, r["props"]))
	}
	sort.Strings(lines)
	sum := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	return hex.EncodeToString(sum[:])
}

func canonical(t *testing.T, props any) string {
	m := props.(map[string]any)
	for k, v := range m {
		if list, ok := v.([]any); ok {
			s := make([]string, len(list))
			for i, x := range list {
				s[i] = fmt.Sprint(x)
			}
			sort.Strings(s)
			m[k] = s
		}
	}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func loadPaths(t *testing.T, s *neo4jdb.Store, opts ingest.Options, paths ...string) {
	t.Helper()
	for _, p := range paths {
		if _, err := ingest.Load(context.Background(), s, reference.Default(), []string{p}, opts); err != nil {
			t.Fatalf("loading %s: %v", p, err)
		}
	}
}

// TestSnapshotsLoadInAnyOrder loads the DPRK part of the OFAC lists of
// 2021-04-25 and 2024-05-03, in both orders: one graph. JW JEWEL (ent_num
// 25690) is on the first and not the second: delisted as of 2024-05-03. A
// third snapshot, the 2024 part with JW JEWEL's row again, relists it; both
// events stay.
func TestSnapshotsLoadInAnyOrder(t *testing.T) {
	list2021, list2024 := realdata.Path(t, realdata.OFACSDN2021), realdata.Path(t, realdata.OFACSDN2024)
	old := dprkPart(t, list2021, "2021-04-25", "")
	recent := dprkPart(t, list2024, "2024-05-03", "")
	relisting := dprkPart(t, list2024, "2024-06-01", list2021, "25690")

	s := neo4jtest.Empty(t)
	loadPaths(t, s, ingest.Options{}, old, recent)
	oldFirst := contentFingerprint(t, s)
	jewel := `MATCH (d:Designation {sourceRecordId: 'us-ofac:25690'})
		RETURN d.delistedOn AS delistedOn, d.listingEvents AS events, d.firstListedIn AS first, d.lastListedIn AS last`
	rows := query(t, s, jewel, nil)
	if len(rows) != 1 || rows[0]["delistedOn"] != "2024-05-03" || rows[0]["first"] != "us-ofac-sdn-2021-04-25" || rows[0]["last"] != "us-ofac-sdn-2021-04-25" {
		t.Errorf("JW JEWEL after 2021 and 2024 = %v", rows)
	}

	s = neo4jtest.Empty(t)
	loadPaths(t, s, ingest.Options{}, recent, old)
	if newFirst := contentFingerprint(t, s); newFirst != oldFirst {
		t.Errorf("2021 then 2024 and 2024 then 2021 give two graphs: %s, %s", oldFirst, newFirst)
	}

	loadPaths(t, s, ingest.Options{}, relisting)
	rows = query(t, s, jewel, nil)
	want := []any{"listed 2021-04-25 us-ofac-sdn-2021-04-25", "delisted 2024-05-03 us-ofac-sdn-2024-05-03", "relisted 2024-06-01 us-ofac-sdn-2024-06-01"}
	if len(rows) != 1 || rows[0]["delistedOn"] != nil || fmt.Sprint(rows[0]["events"]) != fmt.Sprint(want) {
		t.Errorf("JW JEWEL relisted = %v; want events %v", rows, want)
	}
	for asOf, want := range map[string]int64{"2020-01-01": 0, "2022-01-01": 1, "2024-05-10": 0, "2024-06-02": 1} {
		rows := query(t, s, `MATCH (d:Designation {sourceRecordId: 'us-ofac:25690'}) WHERE `+neo4jdb.InForceCypher+` RETURN count(d) AS n`, map[string]any{"asOf": asOf})
		if n := rows[0]["n"].(int64); n != want {
			t.Errorf("JW JEWEL in force on %s: %d, want %d", asOf, n, want)
		}
	}
}
