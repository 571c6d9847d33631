// Command apibench times each canonical question of the GraphQL API twice
// on the same Neo4j in the same run: through the API handler over HTTP
// (an in-process test server), and as the same Cypher statement run
// directly through the Go driver. It prints p50 and p99 of both and the
// ratio of the p50s; the aim is an API p50 within 1.15x of the driver's.
//
//	go run ./bench/apibench [-n 200] [-seed seed/announcements]
//
// Neo4j is reached through NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD and
// NEO4J_DATABASE (default: the development instance of `make run`). The
// seed is loaded first (loading is idempotent: a graph that has it stays
// unchanged); -seed "" skips that.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"text/tabwriter"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/armsgraph/armsgraph/graph"
	"github.com/armsgraph/armsgraph/ingest"
	"github.com/armsgraph/armsgraph/loaders/reference"
	"github.com/armsgraph/armsgraph/neo4jdb"
)

// question is one canonical question: its GraphQL text and the statement
// the store runs for it.
type question struct {
	name      string
	query     string
	statement neo4jdb.Statement
}

func questions(ctx context.Context, s *neo4jdb.Store) ([]question, error) {
	today := neo4jdb.Today()
	search, _ := neo4jdb.SearchStatement("lady r", nil, 10)
	entities, err := s.EntitiesStatement(ctx, neo4jdb.EntityFilter{}, 20, "")
	if err != nil {
		return nil, err
	}
	designations, err := neo4jdb.DesignationsStatement(neo4jdb.DesignationFilter{}, 20, "")
	if err != nil {
		return nil, err
	}
	gap, err := s.EntitiesStatement(ctx, neo4jdb.EntityFilter{
		DesignatedBy: "jp-mof", NotDesignatedBy: "au-dfat", SanctionedAsOf: today, NotDesignatedAsOf: today,
	}, 20, "")
	if err != nil {
		return nil, err
	}
	return []question{
		{"entity", `{ entity(id: "imo-8517839") { id kind name aliases } }`,
			neo4jdb.EntitiesByIDStatement([]string{"imo-8517839"})},
		{"vessel", `{ vessel(imoNumber: "8517839") { id name imoNumber callSign } }`,
			neo4jdb.VesselStatement("8517839")},
		{"search", `{ search(text: "lady r") { score entity { id name } } }`, search},
		{"entities page", `{ entities(first: 20) { pageInfo { hasNextPage endCursor } edges { cursor node { id name kind } } } }`, entities},
		{"designations page", `{ designations(first: 20) { pageInfo { hasNextPage } edges { node { id listedOn program authority { id name } target { id name } } } } }`, designations},
		{"vesselsLinkingSanctionedEntities", `{ vesselsLinkingSanctionedEntities { vessel { id name } entities { id name } paths { length nodes { id caption sanctioned } relationships { type startId endId } } } }`,
			neo4jdb.LinkageStatement(2, 2, neo4jdb.SanctionScope{AsOf: today}, 20)},
		{"shortestPath", `{ shortestPath(from: "imo-9161003", to: "imo-9358010") { length nodes { id caption } relationships { type startId endId } } }`,
			neo4jdb.ShortestPathStatement("imo-9161003", "imo-9358010", 4, today)},
		{"neighborhood", `{ neighborhood(id: "ibex-shipping-inc", depth: 2) { truncated nodes { id caption sanctioned } relationships { id type startId endId } } }`,
			neo4jdb.NeighborhoodStatement("ibex-shipping-inc", 2, 100, today)},
		{"designationGap", `{ designationGap(designatedBy: "jp-mof", notDesignatedBy: "au-dfat") { pageInfo { hasNextPage } edges { node { id name } } } }`, gap},
	}, nil
}

func main() {
	n := flag.Int("n", 200, "runs of each question through each path")
	seedDir := flag.String("seed", "seed/announcements", `announcements to load first ("" for none)`)
	flag.Parse()
	if err := run(*n, *seedDir); err != nil {
		fmt.Fprintln(os.Stderr, "apibench:", err)
		os.Exit(1)
	}
}

func run(n int, seedDir string) error {
	ctx := context.Background()
	cfg := neo4jdb.DefaultConfig()
	for env, field := range map[string]*string{
		"NEO4J_URI": &cfg.URI, "NEO4J_USERNAME": &cfg.Username, "NEO4J_PASSWORD": &cfg.Password, "NEO4J_DATABASE": &cfg.Database,
	} {
		if v := os.Getenv(env); v != "" {
			*field = v
		}
	}
	s, err := neo4jdb.Open(cfg)
	if err != nil {
		return err
	}
	defer s.Close(ctx)
	if err := s.Ping(ctx); err != nil {
		return err
	}
	if err := s.ApplySchema(ctx); err != nil {
		return err
	}
	if seedDir != "" {
		if _, err := ingest.Load(ctx, s, reference.Default(), []string{seedDir}, ingest.Options{}); err != nil {
			return err
		}
	}
	qs, err := questions(ctx, s)
	if err != nil {
		return err
	}
	api := httptest.NewServer(graph.NewHandler(s, graph.DefaultConfig()))
	defer api.Close()

	out := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(out, "question\tAPI p50\tAPI p99\tdriver p50\tdriver p99\tp50 ratio\t\n")
	for _, q := range qs {
		apiTimes, driverTimes := make([]time.Duration, 0, n), make([]time.Duration, 0, n)
		// Warm both paths (connection pool, query plans), then alternate
		// them so that drift in Neo4j affects both alike.
		for i := -n / 10; i < n; i++ {
			a, err := timeAPI(api.URL, q.query)
			if err != nil {
				return fmt.Errorf("%s through the API: %w", q.name, err)
			}
			d, err := timeDriver(ctx, s, q.statement)
			if err != nil {
				return fmt.Errorf("%s through the driver: %w", q.name, err)
			}
			if i >= 0 {
				apiTimes, driverTimes = append(apiTimes, a), append(driverTimes, d)
			}
		}
		ap50, ap99 := percentiles(apiTimes)
		dp50, dp99 := percentiles(driverTimes)
		fmt.Fprintf(out, "%s\t%s\t%s\t%s\t%s\t%.2fx\t\n", q.name, ms(ap50), ms(ap99), ms(dp50), ms(dp99), float64(ap50)/float64(dp50))
		fmt.Fprintf(os.Stderr, "apibench: %s done\n", q.name)
	}
	if err := out.Flush(); err != nil {
		return err
	}
	// The floor: what HTTP and the executor cost without Neo4j.
	floor := make([]time.Duration, 0, n)
	for range n {
		d, err := timeAPI(api.URL, `{ __typename }`)
		if err != nil {
			return err
		}
		floor = append(floor, d)
	}
	p50, p99 := percentiles(floor)
	fmt.Printf("API floor without Neo4j ({ __typename }): p50 %s, p99 %s\n", ms(p50), ms(p99))
	return nil
}

var client = &http.Client{Timeout: 30 * time.Second}

// timeAPI posts the query and reads the whole answer, which must have no
// errors.
func timeAPI(url, query string) (time.Duration, error) {
	body, _ := json.Marshal(map[string]string{"query": query})
	start := time.Now()
	resp, err := client.Post(url, "application/json", bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	answer, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	elapsed := time.Since(start)
	if err != nil {
		return 0, err
	}
	var r struct{ Errors []any }
	if err := json.Unmarshal(answer, &r); err != nil || len(r.Errors) > 0 {
		return 0, fmt.Errorf("answer with errors: %s", answer)
	}
	return elapsed, nil
}

// timeDriver runs the statement in a read transaction straight through
// the driver and collects every record.
func timeDriver(ctx context.Context, s *neo4jdb.Store, st neo4jdb.Statement) (time.Duration, error) {
	cfg := s.Config()
	start := time.Now()
	sess := s.Driver().NewSession(ctx, neo4j.SessionConfig{DatabaseName: cfg.Database, AccessMode: neo4j.AccessModeRead})
	_, err := sess.ExecuteRead(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		res, err := tx.Run(ctx, st.Cypher, st.Params)
		if err != nil {
			return nil, err
		}
		return res.Collect(ctx)
	}, neo4j.WithTxTimeout(cfg.ReadTimeout))
	sess.Close(ctx)
	return time.Since(start), err
}

func percentiles(ds []time.Duration) (p50, p99 time.Duration) {
	slices.Sort(ds)
	return ds[len(ds)*50/100], ds[min(len(ds)-1, len(ds)*99/100)]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond)) }
