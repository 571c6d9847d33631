// Command loadbench measures the ingest writer against a real Neo4j and
// prints a table:
//
//   - the OFAC SDN list loaded with the batched writer (UNWIND over
//     neo4jdb.BatchSize rows) and with a naive writer that sends one
//     statement per record, in the same run, on an emptied graph each time;
//   - a no-op reload of the same list;
//   - many synthetic announcements (announcements/s, relationships/s);
//   - the process's peak memory.
//
// It empties the database it is pointed at, so it refuses any database not
// marked as a bench database (neo4jdb.RequireBenchDatabase); `make bench`
// starts and marks one.
//
//	make bench
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/armsgraph/armsgraph/ingest"
	"github.com/armsgraph/armsgraph/loaders/ofac"
	"github.com/armsgraph/armsgraph/loaders/reference"
	"github.com/armsgraph/armsgraph/neo4jdb"
	"github.com/armsgraph/armsgraph/record"
)

func main() {
	list := flag.String("list", "../shared/data/ofac_sdn_csv_2024-05-03/sdn.csv", "OFAC SDN CSV to load")
	naivePrograms := flag.String("naive-programs", "", "load only entries of this program prefix with the naive writer (empty: the whole list)")
	announcements := flag.Int("announcements", 200, "synthetic announcements to load")
	markEmpty := flag.Bool("mark-empty", false, "mark the database as a bench database if it is empty (deploy/bench sets it for its own instance)")
	flag.Parse()

	cfg := neo4jdb.DefaultConfig()
	if v := os.Getenv("NEO4J_URI"); v != "" {
		cfg.URI = v
	}
	if v := os.Getenv("NEO4J_PASSWORD"); v != "" {
		cfg.Password = v
	}
	ctx := context.Background()
	s, err := neo4jdb.Open(cfg)
	if err == nil {
		err = s.Ping(ctx)
	}
	if err == nil {
		err = s.RequireBenchDatabase(ctx, *markEmpty)
	}
	if err == nil {
		err = s.ApplySchema(ctx)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadbench:", err)
		os.Exit(1)
	}
	defer s.Close(ctx)

	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "run\trecords\tseconds\trecords/s\trelationships/s\t")
	must := func(r result, err error) result {
		if err != nil {
			fmt.Fprintln(os.Stderr, "loadbench:", err)
			os.Exit(1)
		}
		fmt.Fprintf(tw, "%s\t%d\t%.2f\t%.0f\t%.0f\t\n", r.name, r.records, r.elapsed.Seconds(),
			float64(r.records)/r.elapsed.Seconds(), float64(r.relationships)/r.elapsed.Seconds())
		return r
	}
	batched := must(loadWithPipeline(ctx, s, *list, "batched (armsgraph load)", true))
	reload := must(loadWithPipeline(ctx, s, *list, "batched, no-op reload", false))
	naive := must(loadList(ctx, s, *list, "naive, one statement per record", *naivePrograms, 1))
	must(loadAnnouncements(ctx, s, *announcements))
	tw.Flush()
	fmt.Printf("\nbatched/naive records/s ratio: %.1fx\n",
		(float64(batched.records)/batched.elapsed.Seconds())/(float64(naive.records)/naive.elapsed.Seconds()))
	fmt.Printf("no-op reload / first load time: %.2f\n", reload.elapsed.Seconds()/batched.elapsed.Seconds())
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		fmt.Printf("peak memory (max RSS) of this process: %.0f MB\n", float64(ru.Maxrss)/1024)
	}
}

type result struct {
	name          string
	records       int
	relationships int
	elapsed       time.Duration
}

// loadWithPipeline loads a list exactly as `armsgraph load` does
// (validation pass included), on an emptied graph when empty is set.
func loadWithPipeline(ctx context.Context, s *neo4jdb.Store, path, name string, empty bool) (result, error) {
	if empty {
		if err := s.DeleteAllData(ctx); err != nil {
			return result{}, err
		}
		if err := s.MarkBenchDatabase(ctx); err != nil {
			return result{}, err
		}
	}
	start := time.Now()
	res, err := ingest.Load(ctx, s, reference.Default(), []string{path}, ingest.Options{})
	if err != nil {
		return result{}, err
	}
	return result{name: name, records: res.Files[0].Entries, relationships: relationships(res.Files[0].Summary), elapsed: time.Since(start)}, nil
}

// loadList writes an OFAC list through neo4jdb.Load on an emptied graph,
// batchSize entries per call: 1 sends every statement once per record.
func loadList(ctx context.Context, s *neo4jdb.Store, path, name, programs string, batchSize int) (result, error) {
	if err := s.DeleteAllData(ctx); err != nil {
		return result{}, err
	}
	if err := s.MarkBenchDatabase(ctx); err != nil {
		return result{}, err
	}
	opts := ofac.Options{}
	if programs != "" {
		opts.Programs = []string{programs}
		name += " (" + programs + ")"
	}
	dec, err := ofac.OpenCSV(path, opts)
	if err != nil {
		return result{}, err
	}
	defer dec.Close()
	if err := writeReference(ctx, s); err != nil {
		return result{}, err
	}
	start := time.Now()
	tx, err := s.Begin(ctx)
	if err != nil {
		return result{}, err
	}
	defer tx.Rollback(ctx)
	l, err := tx.Load(ctx, dec.Source())
	if err != nil {
		return result{}, err
	}
	n := 0
	batch := make([]record.Entry, 0, batchSize)
	for {
		e, err := dec.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return result{}, err
		}
		n++
		batch = append(batch, e)
		if len(batch) == batchSize {
			if err := ingest.WriteEntries(ctx, l, batch); err != nil {
				return result{}, err
			}
			batch = batch[:0]
		}
	}
	if err := ingest.WriteEntries(ctx, l, batch); err != nil {
		return result{}, err
	}
	sum, err := l.Finish(ctx)
	if err != nil {
		return result{}, err
	}
	if err := tx.Commit(ctx); err != nil {
		return result{}, err
	}
	return result{name: name, records: n, relationships: relationships(sum), elapsed: time.Since(start)}, nil
}

// writeReference writes the reference data in a transaction of its own,
// as `armsgraph load` does, before the timed part.
func writeReference(ctx context.Context, s *neo4jdb.Store) error {
	tx, err := s.Begin(ctx)
	if err != nil {
		return err
	}
	if _, err := tx.WriteReferenceData(ctx, reference.Default(), "armsgraph-reference"); err != nil {
		tx.Rollback(ctx)
		return err
	}
	return tx.Commit(ctx)
}

func relationships(sum *neo4jdb.Summary) int {
	n := 0
	for _, o := range sum.Relationships {
		n += o.Created + o.Updated + o.Unchanged
	}
	return n
}

// loadAnnouncements writes n synthetic announcements, each a transaction
// of its own as `armsgraph load` does: 10 organisations each owning a
// vessel, 10 designations citing resolution 1718.
func loadAnnouncements(ctx context.Context, s *neo4jdb.Store, n int) (result, error) {
	if err := s.DeleteAllData(ctx); err != nil {
		return result{}, err
	}
	if err := s.MarkBenchDatabase(ctx); err != nil {
		return result{}, err
	}
	if err := writeReference(ctx, s); err != nil {
		return result{}, err
	}
	start := time.Now()
	rels := 0
	for i := 0; i < n; i++ {
		tx, err := s.Begin(ctx)
		if err != nil {
			return result{}, err
		}
		sum, err := tx.WriteDocument(ctx, syntheticAnnouncement(i))
		if err != nil {
			tx.Rollback(ctx)
			return result{}, err
		}
		if err := tx.Commit(ctx); err != nil {
			return result{}, err
		}
		rels += relationships(sum)
	}
	return result{name: "synthetic announcements", records: n, relationships: rels, elapsed: time.Since(start)}, nil
}

func syntheticAnnouncement(i int) *record.Document {
	id := fmt.Sprintf("synthetic-%04d", i)
	doc := &record.Document{Source: record.Source{
		ID: id, Kind: record.SourceAnnouncement, AuthorityID: "jp-mof", Title: "Synthetic announcement " + id,
		PublishedOn: "2024-05-24", Language: "en",
	}}
	for j := 0; j < 10; j++ {
		org := fmt.Sprintf("%s-org-%d", id, j)
		vessel := fmt.Sprintf("%s-vessel-%d", id, j)
		doc.Entities = append(doc.Entities,
			record.Entity{Ref: org, ID: org, Kind: record.Organization, Name: "SYNTHETIC ORG " + org, Country: "RU"},
			record.Entity{Ref: vessel, ID: vessel, Kind: record.Vessel, Name: "SYNTHETIC VESSEL " + vessel,
				Flags: []record.Flag{{Country: "RU"}}},
		)
		doc.Designations = append(doc.Designations, record.Designation{
			AuthorityID: "jp-mof", TargetRef: org, Programs: []string{"synthetic"}, ListedOn: "2024-05-24", Resolutions: []int{1718},
		})
		doc.Relationships = append(doc.Relationships, record.Relationship{Type: record.Owns, FromRef: org, ToRef: vessel})
	}
	return doc
}
