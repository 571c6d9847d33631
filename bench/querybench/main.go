// Command querybench times each question of the GraphQL API two ways on
// the same graph in the same run: through the API over HTTP (the
// armsgraph binary, `serve`, as a process of its own), and as the best
// single Cypher statement written by hand for the same answer, run through
// the Go driver in a read transaction. For each it prints p50, p99 and
// throughput at 1 and at 8 clients, the ratio of throughputs, the CPU time
// Neo4j spent per answer on each path and the API process's own, and the
// API process's peak memory. The CPU columns separate the database's work,
// which every API replica shares, from the API's, which replicas spread.
//
// A third path, the HTTP floor, serves the hand-written statement from a
// bare net/http handler in a process of its own (this binary, with
// -serve-floor), its records written with encoding/json: no GraphQL, no
// limits. Its throughput ratio is what any HTTP API over that statement
// reaches on this machine, so the gap between it and the API's is the
// part that is GraphQL's and armsgraph's own.
//
//	go run ./bench/querybench -graph real-lists|synthetic [-duration 5s] [-api bin/armsgraph]
//
// It runs only against the benchmark instance: ARMSGRAPH_NEO4J_INSTANCE
// must name an instance whose name ends in "bench", and the server's data
// folder must be that instance's (.neo4j/<instance>/data), so it can never
// time, or be blamed for the load on, a database in use.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/armsgraph/armsgraph"
	"github.com/armsgraph/armsgraph/bench/synthetic"
)

// question is one question: its GraphQL text and the hand-written
// statement that gives the same answer. Where the best statement depends
// on the graph (start from the matches, or walk the name index and stop
// after the page), alternative is the other one and the faster is kept.
type question struct {
	name        string
	graphql     string
	cypher      string
	alternative string
	params      map[string]any
}

// probes are the values the questions ask about, per graph.
type probes struct {
	authority, otherAuthority, imo, search, neighbour string
	programs                                          []string
}

var graphs = map[string]probes{
	"real-lists": {authority: "un-sc", otherAuthority: "us-ofac", imo: "9358010", search: "lady r",
		neighbour: "transmorflot-llc", programs: []string{"DPRK", "RUSSIA"}},
	"synthetic": {authority: "un-sc", otherAuthority: "us-ofac", imo: synthetic.IMO(0), search: synthetic.VesselName(0),
		neighbour: synthetic.OrgID(0), programs: []string{"DPRK", "RUSSIA"}},
}

const designationFields = `{program: d.program, listedOn: d.listedOn, authority: d.authorityId}`

// inForce is the API's in-force rule for designations d and o on $today.
var (
	inForce      = armsgraph.InForceCypher("d", "$today")
	otherInForce = armsgraph.InForceCypher("o", "$today")
)

func questions(p probes) []question {
	today := time.Now().UTC().Format(time.DateOnly)
	return []question{
		{name: "50 vessels with designations and owners",
			graphql: `{ entities(filter: {kinds: [VESSEL]}, first: 50) { edges { node { id name ... on Vessel { imoNumber
  designations { program listedOn authority { id } } owners { id name designations { program listedOn authority { id } } } } } } } }`,
			cypher: `MATCH (v:Vessel) WHERE v.name IS NOT NULL
WITH v ORDER BY v.name, v.id LIMIT 50
RETURN v.id, v.name, v.imoNumber,
  [(v)<-[:TARGETS]-(d:Designation) | ` + designationFields + `] AS designations,
  [(v)<-[:OWNS]-(o:Entity) | {id: o.id, name: o.name,
    designations: [(o)<-[:TARGETS]-(d:Designation) | ` + designationFields + `]}] AS owners`},
		{name: "entities designated by an authority",
			graphql: fmt.Sprintf(`{ entities(filter: {designatedBy: %q}, first: 50) { edges { node { id name kind } } } }`, p.authority),
			cypher: `MATCH (d:Designation) USING INDEX d:Designation(authorityId) WHERE d.authorityId = $by
MATCH (d)-[:TARGETS]->(e:Entity)
WITH DISTINCT e ORDER BY e.name, e.id LIMIT 50
RETURN e.id, e.name, e.kind`,
			alternative: `MATCH (e:Entity) WHERE e.name IS NOT NULL
  AND EXISTS { MATCH (e)<-[:TARGETS]-(d:Designation) WHERE d.authorityId = $by }
WITH e ORDER BY e.name, e.id LIMIT 50
RETURN e.id, e.name, e.kind`, params: map[string]any{"by": p.authority}},
		{name: "vessel by IMO number",
			graphql: fmt.Sprintf(`{ vessel(imoNumber: %q) { id name imoNumber designations { program listedOn authority { id } } owners { id name } } }`, p.imo),
			cypher: `MATCH (v:Vessel {imoNumber: $imo})
RETURN v.id, v.name, v.imoNumber,
  [(v)<-[:TARGETS]-(d:Designation) | ` + designationFields + `] AS designations,
  [(v)<-[:OWNS]-(o:Entity) | {id: o.id, name: o.name}] AS owners`, params: map[string]any{"imo": p.imo}},
		{name: "search",
			graphql: fmt.Sprintf(`{ search(text: %q) { score entity { id name kind } } }`, p.search),
			cypher: `CALL db.index.fulltext.queryNodes('entity_names', $q) YIELD node, score
RETURN node.id, node.name, node.kind, score ORDER BY score DESC, node.name, node.id LIMIT 10`,
			params: map[string]any{"q": luceneAll(p.search)}},
		{name: "neighbourhood at depth 2",
			graphql: fmt.Sprintf(`{ neighborhood(id: %q, depth: 2) { truncated nodes { id caption sanctioned } relationships { type startId endId } } }`, p.neighbour),
			cypher: `MATCH (s:Entity {id: $id})
CALL (s) {
  MATCH p = (s)-[:OWNS|OPERATES|MANAGES|DIRECTS|LINKED_TO|FAMILY_OF|CARRIED|PARTY_TO*1..2]-(n)
  WHERE n <> s
  WITH n, min(length(p)) AS distance ORDER BY distance, coalesce(n.name, n.id), n.id LIMIT 100
  RETURN collect(n) AS reached
}
WITH [s] + reached[..99] AS members
UNWIND members AS a
OPTIONAL MATCH (a)-[r:OWNS|OPERATES|MANAGES|DIRECTS|LINKED_TO|FAMILY_OF|CARRIED|PARTY_TO]->(b) WHERE b IN members
RETURN a.id, coalesce(a.name, a.id),
  EXISTS { (a)<-[:TARGETS]-(d:Designation) WHERE ` + inForce + ` },
  collect([type(r), b.id])`, params: map[string]any{"id": p.neighbour, "today": today}},
		{name: "scoped linkage (DPRK, RUSSIA programs)",
			graphql: fmt.Sprintf(`{ vesselsLinkingSanctionedEntities(programs: %s, first: 20) { vessel { id name } entities { id name } paths { length nodes { id } } } }`, gqlList(p.programs)),
			cypher: `MATCH (d:Designation)
WHERE (d.program CONTAINS $p0 AND any(x IN d.programs WHERE x STARTS WITH $p0)
    OR d.program CONTAINS $p1 AND any(x IN d.programs WHERE x STARTS WITH $p1))
  AND ` + inForce + `
MATCH (d)-[:TARGETS]->(e:Entity)
WITH DISTINCT e
MATCH (e)-[:OWNS|OPERATES|MANAGES|DIRECTS|LINKED_TO|FAMILY_OF|CARRIED|PARTY_TO*1..2]-(v:Vessel) WHERE v <> e
WITH DISTINCT v, e ORDER BY e.name, e.id
WITH v, collect(e) AS es WHERE size(es) >= 2
ORDER BY size(es) DESC, v.name, v.id LIMIT 20
UNWIND es AS e
MATCH p = shortestPath((v)-[:OWNS|OPERATES|MANAGES|DIRECTS|LINKED_TO|FAMILY_OF|CARRIED|PARTY_TO*1..2]-(e))
RETURN v.id, v.name, collect([e.id, e.name, length(p), [n IN nodes(p) | n.id]])`,
			params: map[string]any{"p0": p.programs[0], "p1": p.programs[1], "today": today}},
		{name: "designations page of an authority",
			graphql: fmt.Sprintf(`{ designations(filter: {authorities: [%q]}, first: 50) { edges { node { id listedOn program authority { id } target { id name } } } } }`, p.otherAuthority),
			cypher: `MATCH (d:Designation) WHERE d.authorityId = $a AND d.id IS NOT NULL
WITH d ORDER BY d.authorityId, d.id LIMIT 50
MATCH (d)-[:TARGETS]->(t:Entity)
RETURN d.id, d.listedOn, d.program, d.authorityId, t.id, t.name`, params: map[string]any{"a": p.otherAuthority}},
		{name: "designation gap",
			graphql: fmt.Sprintf(`{ designationGap(designatedBy: %q, notDesignatedBy: %q) { edges { node { id name } } } }`, p.authority, p.otherAuthority),
			cypher: `MATCH (d:Designation) USING INDEX d:Designation(authorityId)
WHERE d.authorityId = $by AND ` + inForce + `
MATCH (d)-[:TARGETS]->(e:Entity)
WITH DISTINCT e
WHERE NOT EXISTS { MATCH (e)<-[:TARGETS]-(o:Designation {authorityId: $not}) WHERE ` + otherInForce + ` }
WITH e ORDER BY e.name, e.id LIMIT 20
RETURN e.id, e.name`,
			alternative: `MATCH (e:Entity) WHERE e.name IS NOT NULL
  AND EXISTS { MATCH (e)<-[:TARGETS]-(d:Designation) WHERE d.authorityId = $by AND ` + inForce + ` }
  AND NOT EXISTS { MATCH (e)<-[:TARGETS]-(o:Designation {authorityId: $not}) WHERE ` + otherInForce + ` }
WITH e ORDER BY e.name, e.id LIMIT 20
RETURN e.id, e.name`, params: map[string]any{"by": p.authority, "not": p.otherAuthority, "today": today}},
	}
}

func gqlList(xs []string) string {
	b, _ := json.Marshal(xs)
	return string(b)
}

// luceneAll is a full-text query requiring every word, as the API builds.
func luceneAll(text string) string {
	words := strings.Fields(strings.ToLower(text))
	for i, w := range words {
		words[i] = "(" + w + ")"
	}
	return strings.Join(words, " AND ")
}

func main() {
	graph := flag.String("graph", "real-lists", "which graph the bench instance holds: real-lists or synthetic")
	duration := flag.Duration("duration", 5*time.Second, "how long each question runs per path and client count")
	apiBin := flag.String("api", "bin/armsgraph", "the armsgraph binary to serve the API")
	only := flag.String("only", "", "run only the questions whose name contains one of these comma-separated words")
	floorAddr := flag.String("serve-floor", "", "serve the HTTP floor on this address (querybench starts itself so)")
	flag.Parse()
	if *floorAddr != "" {
		if err := serveFloor(*floorAddr); err != nil {
			fmt.Fprintln(os.Stderr, "querybench floor:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(*graph, *duration, *apiBin, *only); err != nil {
		fmt.Fprintln(os.Stderr, "querybench:", err)
		os.Exit(1)
	}
}

func run(graphName string, duration time.Duration, apiBin, only string) error {
	p, ok := graphs[graphName]
	if !ok {
		return fmt.Errorf("unknown graph %q (real-lists or synthetic)", graphName)
	}
	ctx := context.Background()
	driver, err := openDriver()
	if err != nil {
		return err
	}
	defer driver.Close(ctx)
	home, err := benchHome(ctx, driver)
	if err != nil {
		return err
	}
	neo4jPID, err := pidOfNeo4j(home)
	if err != nil {
		return err
	}
	// A freshly imported graph builds its indexes in the background; the
	// server ends any transaction after a minute (db.transaction.timeout),
	// so wait in steps.
	for {
		res, err := neo4j.ExecuteQuery(ctx, driver, "SHOW INDEXES YIELD state WHERE state <> 'ONLINE' RETURN count(*) AS building",
			nil, neo4j.EagerResultTransformer)
		if err != nil {
			return err
		}
		if n, _ := res.Records[0].Values[0].(int64); n == 0 {
			break
		}
		time.Sleep(5 * time.Second)
	}
	api, stop, err := startAPI(apiBin)
	if err != nil {
		return err
	}
	defer stop()
	self, err := os.Executable()
	if err != nil {
		return err
	}
	floor, stopFloor, err := start(self, "/", "-serve-floor")
	if err != nil {
		return err
	}
	defer stopFloor()

	out := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	defer out.Flush() // what was measured before a failure still prints
	fmt.Fprintf(out, "question\tclients\tAPI p50\tAPI p99\tAPI req/s\tCypher p50\tCypher p99\tCypher req/s\tthroughput ratio\tNeo4j CPU/answer: API\tCypher\tratio\tAPI process CPU/answer\tHTTP floor req/s\tfloor ratio\t\n")
	var failed []string
	for _, q := range questions(p) {
		if only != "" && !slices.ContainsFunc(strings.Split(only, ","), func(w string) bool { return strings.Contains(q.name, w) }) {
			continue
		}
		if err := measure(ctx, out, api, floor, neo4jPID, driver, q, duration); err != nil {
			// Mark the row, say why under the table, go on with the others.
			fmt.Fprintf(out, "%s\t-\tfailed\t\t\t\t\t\t\t\t\t\t\t\t\t\n", q.name)
			failed = append(failed, fmt.Sprintf("%s: %v", q.name, err))
		}
	}
	if err := out.Flush(); err != nil {
		return err
	}
	peak, err := api.peakMemory()
	if err != nil {
		return err
	}
	fmt.Printf("\nAPI process peak memory (VmHWM): %.0f MB\n", float64(peak)/(1<<20))
	if len(failed) > 0 {
		return fmt.Errorf("%d questions failed:\n  %s", len(failed), strings.Join(failed, "\n  "))
	}
	return nil
}

// measure times q both ways at 1 and 8 clients and prints its rows.
// warmUp is how long each path runs before it is measured.
const warmUp = time.Second

func measure(ctx context.Context, out io.Writer, api, floor *server, neo4jPID int, driver neo4j.DriverWithContext, q question, duration time.Duration) error {
	if q.alternative != "" {
		var err error
		if q, err = fastest(ctx, driver, q); err != nil {
			return err
		}
	}
	// Warm both paths for a second each: plans, pools, page cache, and
	// the JVM's compilation of the code they run (three calls each left
	// the first question's run at one client paying for it: Neo4j CPU per
	// answer 5.1 ms through the API, where the statement costs 1.2 ms).
	for _, warm := range []struct {
		path string
		call func() error
	}{
		{"the API", func() error { return callAPI(api.url, q.graphql) }},
		{"the driver", func() error { return callDriver(ctx, driver, q) }},
		{"the HTTP floor", func() error { return callFloor(floor.url, q) }},
	} {
		for start := time.Now(); time.Since(start) < warmUp; {
			if err := warm.call(); err != nil {
				return fmt.Errorf("%s through %s: %w", q.name, warm.path, err)
			}
		}
	}
	for _, clients := range []int{1, 8} {
		// The paths take turns in slices of a second, so that a shared
		// machine's load falls on all alike.
		viaAPI := samples{processes: []int{neo4jPID, api.cmd.Process.Pid}}
		viaDriver := samples{processes: []int{neo4jPID}}
		viaFloor := samples{}
		for elapsed := time.Duration(0); elapsed < duration; elapsed += time.Second {
			if err := viaAPI.load(clients, time.Second, func() error { return callAPI(api.url, q.graphql) }); err != nil {
				return fmt.Errorf("%s through the API: %w", q.name, err)
			}
			if err := viaDriver.load(clients, time.Second, func() error { return callDriver(ctx, driver, q) }); err != nil {
				return fmt.Errorf("%s through the driver: %w", q.name, err)
			}
			if err := viaFloor.load(clients, time.Second, func() error { return callFloor(floor.url, q) }); err != nil {
				return fmt.Errorf("%s through the HTTP floor: %w", q.name, err)
			}
		}
		a, d, f := viaAPI.stats(), viaDriver.stats(), viaFloor.stats()
		fmt.Fprintf(out, "%s\t%d\t%s\t%s\t%.0f\t%s\t%s\t%.0f\t%.2f×\t%s\t%s\t%.2f×\t%s\t%.0f\t%.2f×\t\n", q.name, clients,
			ms(a.p50), ms(a.p99), a.rate, ms(d.p50), ms(d.p99), d.rate, a.rate/d.rate,
			ms(a.cpuPerCall[0]), ms(d.cpuPerCall[0]), float64(a.cpuPerCall[0])/float64(d.cpuPerCall[0]), ms(a.cpuPerCall[1]),
			f.rate, f.rate/d.rate)
		fmt.Fprintf(os.Stderr, "querybench: %s at %d clients done\n", q.name, clients)
	}
	return nil
}

// fastest returns q with the faster of its two hand-written statements, by
// a short run at one client after warming both.
func fastest(ctx context.Context, driver neo4j.DriverWithContext, q question) (question, error) {
	other := q
	other.cypher, other.alternative, q.alternative = q.alternative, "", ""
	var rates [2]float64
	for i, c := range []question{q, other} {
		for range 3 {
			if err := callDriver(ctx, driver, c); err != nil {
				return q, fmt.Errorf("%s through the driver: %w", q.name, err)
			}
		}
		var st samples
		if err := st.load(1, 2*time.Second, func() error { return callDriver(ctx, driver, c) }); err != nil {
			return q, fmt.Errorf("%s through the driver: %w", q.name, err)
		}
		rates[i] = st.stats().rate
	}
	fmt.Fprintf(os.Stderr, "querybench: %s: hand-written from the matches %.0f req/s, walking the name index %.0f req/s\n", q.name, rates[0], rates[1])
	if rates[1] > rates[0] {
		return other, nil
	}
	return q, nil
}

// benchHome checks that the driver reaches the benchmark instance named by
// ARMSGRAPH_NEO4J_INSTANCE, by the server's own data folder, and returns
// that instance's Neo4j home.
func benchHome(ctx context.Context, driver neo4j.DriverWithContext) (string, error) {
	instance := os.Getenv("ARMSGRAPH_NEO4J_INSTANCE")
	if !strings.HasSuffix(instance, "bench") {
		return "", fmt.Errorf("ARMSGRAPH_NEO4J_INSTANCE=%q is not a benchmark instance (its name must end in \"bench\"); run `make bench`", instance)
	}
	res, err := neo4j.ExecuteQuery(ctx, driver, `SHOW SETTINGS YIELD name, value WHERE name = 'server.directories.data' RETURN value`,
		nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithReadersRouting())
	if err != nil {
		return "", err
	}
	if len(res.Records) != 1 {
		return "", errors.New("the server does not say where its data is")
	}
	dir, _ := res.Records[0].Values[0].(string)
	dir = strings.TrimSuffix(dir, "/")
	if !strings.HasSuffix(dir, "/.neo4j/"+instance+"/data") {
		return "", fmt.Errorf("the server at NEO4J_URI keeps its data in %s, not in the benchmark instance %q: refusing to run", dir, instance)
	}
	return strings.TrimSuffix(dir, "/data"), nil
}

// pidOfNeo4j finds the Neo4j process of home by its command line, as
// deploy/neo4j/neo4jctl starts it.
func pidOfNeo4j(home string) (int, error) {
	procs, err := filepath.Glob("/proc/[0-9]*/cmdline")
	if err != nil {
		return 0, err
	}
	for _, p := range procs {
		b, err := os.ReadFile(p)
		if err != nil {
			continue // the process ended
		}
		if slices.Contains(strings.Split(string(b), "\x00"), "--home-dir="+home) {
			return strconv.Atoi(filepath.Base(filepath.Dir(p)))
		}
	}
	return 0, fmt.Errorf("no process runs the Neo4j of %s on this machine (its CPU time is measured, so the benchmark runs beside it)", home)
}

// cpuTime is the user and system CPU time process pid has used so far.
func cpuTime(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// Fields after the command, which is in parentheses and may hold
	// spaces: state is field 3, utime 14, stime 15.
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
	if len(f) < 13 {
		return 0, fmt.Errorf("/proc/%d/stat: too few fields", pid)
	}
	var ticks int64
	for _, x := range f[11:13] {
		n, err := strconv.ParseInt(x, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("/proc/%d/stat: %w", pid, err)
		}
		ticks += n
	}
	// Linux reports these in USER_HZ, 100 per second on every platform Go
	// supports.
	return time.Duration(ticks) * 10 * time.Millisecond, nil
}

// server is a process querybench started and sends requests to.
type server struct {
	url string
	cmd *exec.Cmd
}

// startAPI serves the API from the binary on a free port and waits until
// it is ready.
func startAPI(bin string) (*server, func(), error) {
	// The machine may be shared: a generous timeout keeps a slow moment a
	// slow sample rather than a failed run.
	return start(bin, "/graphql", "serve", "--read-timeout", "60s", "--addr")
}

// start runs bin with args and a free address after them, waits until it
// answers /readyz, and returns it with the URL of path on it.
func start(bin, path string, args ...string) (*server, func(), error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, nil, err
	}
	addr := l.Addr().String()
	l.Close()
	cmd := exec.Command(bin, append(args, addr)...)
	cmd.Env = os.Environ()
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		return nil, nil, fmt.Errorf("starting %s %s: %w", bin, args[0], err)
	}
	stop := func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		resp, err := http.Get("http://" + addr + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return &server{url: "http://" + addr + path, cmd: cmd}, stop, nil
			}
		}
	}
	stop()
	return nil, nil, fmt.Errorf("%s %s did not become ready in 60 s", filepath.Base(bin), args[0])
}

// peakMemory is the API process's peak resident memory.
func (a *server) peakMemory() (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", a.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			var kb int64
			_, err := fmt.Sscanf(strings.TrimPrefix(line, "VmHWM:"), "%d", &kb)
			return kb << 10, err
		}
	}
	return 0, errors.New("no VmHWM in /proc status")
}

var client = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}

func callAPI(url, query string) error {
	body, _ := json.Marshal(map[string]any{"query": query})
	return post(url, body)
}

// post sends body and reads the answer whole, as a dashboard would.
func post(url string, body []byte) error {
	resp, err := client.Post(url, "application/json", bytes.NewReader(body))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	var r struct {
		Errors []json.RawMessage `json:"errors"`
	}
	if err := json.Unmarshal(raw, &r); err != nil || len(r.Errors) > 0 || resp.StatusCode != http.StatusOK {
		return fmt.Errorf("HTTP %d: %.300s", resp.StatusCode, raw)
	}
	return nil
}

// serveFloor answers POST {"cypher", "params"} with the statement's
// records, {"data": {"rows": [...]}}, as the thinnest HTTP API would.
func serveFloor(addr string) error {
	driver, err := openDriver()
	if err != nil {
		return err
	}
	defer driver.Close(context.Background())
	mux := http.NewServeMux()
	mux.HandleFunc("GET /readyz", func(http.ResponseWriter, *http.Request) {})
	mux.HandleFunc("POST /{$}", func(w http.ResponseWriter, r *http.Request) {
		var st struct {
			Cypher string         `json:"cypher"`
			Params map[string]any `json:"params"`
		}
		if err := json.NewDecoder(r.Body).Decode(&st); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		recs, err := read(r.Context(), driver, st.Cypher, st.Params)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		rows := make([]map[string]any, len(recs))
		for i, rec := range recs {
			rows[i] = rec.AsMap()
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"data": map[string]any{"rows": rows}})
	})
	return http.ListenAndServe(addr, mux)
}

// callFloor sends q's statement to the HTTP floor as callAPI sends its
// GraphQL text to the API, and reads the answer alike.
func callFloor(url string, q question) error {
	// The questions' parameters are strings, which JSON carries as they are.
	body, _ := json.Marshal(map[string]any{"cypher": q.cypher, "params": q.params})
	return post(url, body)
}

func callDriver(ctx context.Context, driver neo4j.DriverWithContext, q question) error {
	_, err := read(ctx, driver, q.cypher, q.params)
	return err
}

// openDriver connects to NEO4J_URI with a pool for the clients of both
// the benchmark and the HTTP floor.
func openDriver() (neo4j.DriverWithContext, error) {
	return neo4j.NewDriverWithContext(os.Getenv("NEO4J_URI"), neo4j.BasicAuth("neo4j", os.Getenv("NEO4J_PASSWORD"), ""), func(c *neo4j.Config) {
		c.MaxConnectionPoolSize = 50
	})
}

// read runs cypher in a read transaction and returns its records.
func read(ctx context.Context, driver neo4j.DriverWithContext, cypher string, params map[string]any) ([]*neo4j.Record, error) {
	sess := driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeRead})
	defer sess.Close(ctx)
	return neo4j.ExecuteRead(ctx, sess, func(tx neo4j.ManagedTransaction) ([]*neo4j.Record, error) {
		res, err := tx.Run(ctx, cypher, params)
		if err != nil {
			return nil, err
		}
		return res.Collect(ctx)
	}, neo4j.WithTxTimeout(60*time.Second))
}

type stats struct {
	p50, p99 time.Duration
	rate     float64
	// cpuPerCall is each process's CPU time per call, in samples' order.
	cpuPerCall []time.Duration
}

// samples are the times of calls made over some slices of time, and the
// CPU time the processes used meanwhile.
type samples struct {
	times     []time.Duration
	elapsed   time.Duration
	processes []int
	cpu       []time.Duration
}

// load runs call from clients goroutines for d and adds each call's time.
func (s *samples) load(clients int, d time.Duration, call func() error) error {
	before, err := s.cpuTimes()
	if err != nil {
		return err
	}
	var mu sync.Mutex
	var firstErr error
	start := time.Now()
	var wg sync.WaitGroup
	for i := 0; i < clients; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Since(start) < d {
				t := time.Now()
				err := call()
				el := time.Since(t)
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
				}
				s.times = append(s.times, el)
				mu.Unlock()
				if err != nil {
					return
				}
			}
		}()
	}
	wg.Wait()
	s.elapsed += time.Since(start)
	after, err := s.cpuTimes()
	if err != nil {
		return err
	}
	s.cpu = slices.Grow(s.cpu, len(s.processes))[:len(s.processes)]
	for i := range s.processes {
		s.cpu[i] += after[i] - before[i]
	}
	return firstErr
}

func (s *samples) cpuTimes() ([]time.Duration, error) {
	ts := make([]time.Duration, len(s.processes))
	for i, pid := range s.processes {
		var err error
		if ts[i], err = cpuTime(pid); err != nil {
			return nil, err
		}
	}
	return ts, nil
}

func (s *samples) stats() stats {
	slices.Sort(s.times)
	st := stats{p50: s.times[len(s.times)/2], p99: s.times[len(s.times)*99/100], rate: float64(len(s.times)) / s.elapsed.Seconds()}
	for _, c := range s.cpu {
		st.cpuPerCall = append(st.cpuPerCall, c/time.Duration(len(s.times)))
	}
	return st
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }
