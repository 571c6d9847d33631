package ingest_test

import (
	"context"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/armsgraph/armsgraph/ingest"
	"github.com/armsgraph/armsgraph/loaders/reference"
	"github.com/armsgraph/armsgraph/neo4jdb"
	"github.com/armsgraph/armsgraph/neo4jdb/neo4jtest"
)

func TestMain(m *testing.M) { neo4jtest.Main(m) }

const seedDir = "../seed"

func loadSeed(t *testing.T, s *neo4jdb.Store, dryRun bool) *ingest.Result {
	t.Helper()
	res, err := ingest.Load(context.Background(), s, reference.Default(), []string{seedDir}, ingest.Options{DryRun: dryRun})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func snapshot(t *testing.T, s *neo4jdb.Store) (neo4jdb.Stats, string) {
	t.Helper()
	ctx := context.Background()
	stats, err := s.GraphStats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	fp, err := s.Fingerprint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return stats, fp
}

func TestSeedLoadsIntoEmptyGraphAndReloadChangesNothing(t *testing.T) {
	s := neo4jtest.Empty(t)
	first := loadSeed(t, s, false)
	if !first.Total().Changed() {
		t.Fatal("first load into an empty graph changed nothing")
	}
	stats1, fp1 := snapshot(t, s)
	for _, label := range []string{"Person", "Organization", "Vessel", "Designation", "Authority", "Country", "Resolution", "Announcement", "Transfer", "Port"} {
		if stats1.Labels[label] == 0 {
			t.Errorf("no %s nodes after loading the seed", label)
		}
	}
	if got := stats1.Labels["Country"]; got != 249 {
		t.Errorf("Country nodes = %d, want 249", got)
	}

	second := loadSeed(t, s, false)
	if second.Total().Changed() {
		t.Errorf("second load changed the graph: %+v", second.Total())
	}
	stats2, fp2 := snapshot(t, s)
	if !maps.Equal(stats1.Labels, stats2.Labels) || !maps.Equal(stats1.RelationshipTypes, stats2.RelationshipTypes) {
		t.Errorf("counts changed on reload:\nfirst  %v %v\nsecond %v %v", stats1.Labels, stats1.RelationshipTypes, stats2.Labels, stats2.RelationshipTypes)
	}
	if fp1 != fp2 {
		t.Errorf("fingerprint changed on reload: %s -> %s", fp1, fp2)
	}
}

func TestDryRunWritesNothing(t *testing.T) {
	s := neo4jtest.Empty(t)
	res := loadSeed(t, s, true)
	if res.Total().Nodes["Vessel"].Created == 0 {
		t.Error("dry run reported no vessels to create")
	}
	stats, _ := snapshot(t, s)
	if len(stats.Labels) != 0 {
		t.Errorf("dry run left nodes behind: %v", stats.Labels)
	}
}

// query runs a read in the test and returns the rows as maps.
func query(t *testing.T, s *neo4jdb.Store, cypher string, params map[string]any) []map[string]any {
	t.Helper()
	res, err := neo4j.ExecuteQuery(context.Background(), s.Driver(), cypher, params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithReadersRouting(), neo4j.ExecuteQueryWithDatabase(s.Config().Database))
	if err != nil {
		t.Fatal(err)
	}
	rows := make([]map[string]any, len(res.Records))
	for i, r := range res.Records {
		rows[i] = r.AsMap()
	}
	return rows
}

func TestSeededGraphAnswersTheQuestionsOfTheCase(t *testing.T) {
	s := neo4jtest.Empty(t)
	loadSeed(t, s, false)

	t.Run("who designated MAIA-1 and when", func(t *testing.T) {
		rows := query(t, s, `
			MATCH (v:Vessel {imoNumber: $imo})<-[:TARGETS]-(d:Designation)-[:ISSUED_BY]->(a:Authority)
			RETURN a.id AS authority, d.listedOn AS listedOn ORDER BY authority`, map[string]any{"imo": "9358010"})
		got := map[string]any{}
		for _, r := range rows {
			got[r["authority"].(string)] = r["listedOn"]
		}
		if got["kr-mofa"] != "2024-05-24" {
			t.Errorf("MAIA-1 designations = %v, want kr-mofa on 2024-05-24", got)
		}
	})

	t.Run("which authorities designated M LEASING LLC", func(t *testing.T) {
		rows := query(t, s, `
			MATCH (o:Organization {name: $name})<-[:TARGETS]-(:Designation)-[:ISSUED_BY]->(a:Authority)
			RETURN DISTINCT a.id AS authority ORDER BY authority`, map[string]any{"name": "M LEASING LLC"})
		var got []string
		for _, r := range rows {
			got = append(got, r["authority"].(string))
		}
		if strings.Join(got, ",") != "au-dfat,jp-mof" {
			t.Errorf("authorities of M LEASING LLC = %v, want [au-dfat jp-mof]", got)
		}
	})

	t.Run("which vessels IBEX SHIPPING INC owns", func(t *testing.T) {
		rows := query(t, s, `
			MATCH (:Organization {name: $name})-[:OWNS]->(v:Vessel)
			RETURN v.name AS name, v.imoNumber AS imo ORDER BY name`, map[string]any{"name": "IBEX SHIPPING INC"})
		var got []string
		for _, r := range rows {
			got = append(got, r["name"].(string)+" "+r["imo"].(string))
		}
		want := "ARKADIY CHERNYSHEV 8714695,CAPTAIN YAKUBOVICH 8318740,MARIA 8517839"
		if strings.Join(got, ",") != want {
			t.Errorf("vessels of IBEX = %v, want %s", got, want)
		}
	})

	t.Run("Japan states 12 targets and names fewer", func(t *testing.T) {
		rows := query(t, s, `
			MATCH (a:Announcement {authorityId: 'jp-mof', publishedOn: '2024-05-24'})
			OPTIONAL MATCH (a)<-[:ANNOUNCED_IN]-(d:Designation)-[:TARGETS]->(e:Entity)
			RETURN a.statedTotal AS stated, count(DISTINCT e) AS named`, nil)
		if len(rows) != 1 {
			t.Fatalf("Japan announcements found: %d, want 1", len(rows))
		}
		stated, named := rows[0]["stated"].(int64), rows[0]["named"].(int64)
		if stated != 12 || named < 1 || named >= 12 {
			t.Errorf("Japan: stated %d, named %d; want stated 12 and fewer named", stated, named)
		}
	})

	t.Run("one node per hull across announcements", func(t *testing.T) {
		rows := query(t, s, `MATCH (v:Vessel {imoNumber: $imo}) RETURN count(v) AS n`, map[string]any{"imo": "8517839"})
		if rows[0]["n"].(int64) != 1 {
			t.Errorf("MARIA nodes = %v, want 1", rows[0]["n"])
		}
		rows = query(t, s, `
			MATCH (v:Vessel {imoNumber: $imo})<-[:TARGETS]-(d)-[:ISSUED_BY]->(a)
			RETURN collect(DISTINCT a.id) AS authorities`, map[string]any{"imo": "8517839"})
		got := rows[0]["authorities"].([]any)
		if len(got) < 2 {
			t.Errorf("MARIA designated by %v, want both us-state and kr-mofa", got)
		}
	})
}

// TestBadAnnouncementsWriteNothing loads each file of the bad corpus into a
// seeded graph: the error names the file and a line, and the graph is
// unchanged afterwards.
func TestBadAnnouncementsWriteNothing(t *testing.T) {
	s := neo4jtest.Empty(t)
	loadSeed(t, s, false)
	_, before := snapshot(t, s)
	files, err := filepath.Glob("../loaders/announcement/testdata/bad/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 20 {
		t.Fatalf("bad corpus has %d files, want at least 20", len(files))
	}
	fileLine := regexp.MustCompile(`:\d+(:\d+)?: `)
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			// A bad file loaded beside good ones: nothing at all is written.
			_, err := ingest.Load(context.Background(), s, reference.Default(), []string{seedDir, path}, ingest.Options{})
			var problems ingest.Problems
			if !errors.As(err, &problems) {
				t.Fatalf("load of %s: err = %v, want validation problems", path, err)
			}
			msg := problems.Error()
			if !strings.Contains(msg, path) || !fileLine.MatchString(msg) {
				t.Errorf("error does not name %s and a line: %s", path, msg)
			}
			if _, after := snapshot(t, s); after != before {
				t.Error("graph changed after a rejected load")
			}
		})
	}
}

func TestExpandSkipsReferenceAndRejectsUnknownFiles(t *testing.T) {
	files, err := ingest.Expand([]string{seedDir}, "")
	if err != nil {
		t.Fatal(err)
	}
	judgements := 0
	for _, f := range files {
		want := ingest.FormatAnnouncement
		if strings.Contains(f.Path, "judgements/") {
			want = ingest.FormatJudgements
			judgements++
		}
		if f.Format != want {
			t.Errorf("%s: format %s, want %s", f.Path, f.Format, want)
		}
		if strings.Contains(f.Path, "reference") {
			t.Errorf("reference data %s listed as a file to load", f.Path)
		}
	}
	if judgements != 2 {
		t.Errorf("%d judgement files in the seed, want 2 (seed/judgements/jp-mof.yaml and un-ofac.yaml)", judgements)
	}
	dir := t.TempDir()
	odd := filepath.Join(dir, "notes.xml")
	if err := os.WriteFile(odd, []byte("<notes/>"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.Expand([]string{odd}, ""); err == nil || !strings.Contains(err.Error(), "format not recognised") {
		t.Errorf("Expand(notes.xml) = %v, want a format error", err)
	}
}
