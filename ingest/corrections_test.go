package ingest_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/armsgraph/armsgraph/ingest"
	"github.com/armsgraph/armsgraph/internal/realdata"
	"github.com/armsgraph/armsgraph/loaders/reference"
	"github.com/armsgraph/armsgraph/neo4jdb/neo4jtest"
)

// correctedAnnouncement is one announcement in two versions: the first
// names the company by name only; the corrected one adds the registration
// number OFAC's list gives VERSOR S.R.O. (ent_num 44579).
func correctedAnnouncement(registration string) string {
	return `announcement:
  id: correction-test
  authority: jp-mof
  publishedOn: 2024-05-24
  title: Correction test
  publisher: armsgraph tests
  url: https://example.org/correction-test
entities:
  - id: versor-by-name
    kind: organization
    name: VERSOR S.R.O.
    country: SK
` + registration + `designations:
  - target: versor-by-name
    program: DPRK
`
}

// TestCorrectedAnnouncementLeavesNoCopy: after the correction the company
// is the list's node alone, designated once by the announcement's
// authority; --dry-run lists what the correction retracts.
func TestCorrectedAnnouncementLeavesNoCopy(t *testing.T) {
	raw, err := os.ReadFile(realdata.Path(t, realdata.OFACSDN2024))
	if err != nil {
		t.Fatal(err)
	}
	var row []byte
	for _, line := range bytes.Split(raw, []byte("\r\n")) {
		if bytes.HasPrefix(line, []byte("44579,")) {
			row = line
		}
	}
	dir := t.TempDir()
	list := filepath.Join(dir, "2024-05-03", "sdn.csv")
	v1 := filepath.Join(dir, "v1", "correction.yaml")
	v2 := filepath.Join(dir, "v2", "correction.yaml")
	for path, body := range map[string]string{
		list: string(row) + "\r\n\x1a",
		v1:   correctedAnnouncement(""),
		v2:   correctedAnnouncement("    identifiers:\n      - {type: registration, value: \"46622764\", country: SK}\n"),
	} {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s := neo4jtest.Empty(t)
	loadPaths(t, s, ingest.Options{}, list, v1)
	versor := `MATCH (e:Entity {name: 'VERSOR S.R.O.'})
		RETURN e.id AS id, size([(e)<-[:TARGETS]-(d:Designation {authorityId: 'jp-mof'}) | d]) AS jp ORDER BY id`
	if rows := query(t, s, versor, nil); len(rows) != 2 {
		t.Fatalf("before the correction: %v, want the list's node and the announcement's", rows)
	}

	res, err := ingest.Load(context.Background(), s, reference.Default(), []string{v2}, ingest.Options{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(res.Total().Retractions, "\n"); !strings.Contains(got, "versor-by-name") {
		t.Errorf("dry run retractions = %q, want the node versor-by-name", got)
	}
	loadPaths(t, s, ingest.Options{}, v2)
	rows := query(t, s, versor, nil)
	if len(rows) != 1 || rows[0]["id"] == "versor-by-name" || rows[0]["jp"] != int64(1) {
		t.Errorf("after the correction: %v, want one node, the list's, designated once by jp-mof", rows)
	}
	if rows := query(t, s, `MATCH (x) WHERE x.sources = [] RETURN count(x) AS n`, nil); rows[0]["n"] != int64(0) {
		t.Errorf("%v nodes left with no source", rows[0]["n"])
	}
}
