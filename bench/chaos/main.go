// Command chaos runs the fault and abuse suites against a running
// `armsgraph serve` and its Neo4j, all on 127.0.0.1, and prints one table
// per suite:
//
//   - abuse: amplification requests, each refused with a code, timed, while
//     a canary query runs; the canary's p50 and p99 against a baseline taken
//     just before each attack; the API's memory;
//   - slow: connections that send a byte every 10 s, closed by the server
//     within its read timeouts, while the canary runs;
//   - faults: Neo4j frozen (SIGSTOP) and killed while queries run: time to
//     a coded error, time to ready after it returns;
//   - load: 64 clients for 60 s on two questions, errors, p50, p99, memory;
//   - killload: Neo4j killed at a random point of a load, 20 times; the
//     graph after each restart, and after loading again.
//
// mark (not a suite) marks an empty database as a bench database, which
// killload requires since it empties the graph.
//
// deploy/chaos starts what it needs (`make chaos`). It signals only the
// pids it is given, which deploy/chaos started.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"text/tabwriter"
	"time"
)

var (
	api      = flag.String("api", "http://127.0.0.1:18150", "the API's root, on 127.0.0.1")
	apiPID   = flag.Int("api-pid", 0, "pid of armsgraph serve, for its memory")
	neo4jPID = flag.Int("neo4j-pid", 0, "pid of Neo4j, for the fault suite, when -neo4j-home is not given (0 skips it)")
	restart  = flag.String("neo4j-restart", "", "command that starts Neo4j again after a kill")
	// load runs before faults: it measures a warm Neo4j, and faults
	// restart it (a cold Neo4j under 64 clients timed out 16–20 requests
	// in the minute after a restart).
	suites    = flag.String("suites", "abuse,slow,load,faults", "suites to run, in this order")
	loadTime  = flag.Duration("load-time", 60*time.Second, "length of the load suite")
	clients   = flag.Int("clients", 64, "clients of the load suite")
	slowConns = flag.Int("slow-conns", 500, "connections of the slow-client suite")
)

const canaryQuery = `{ vessel(imoNumber: "8517839") { name flag { code } } }`

func main() {
	flag.Parse()
	if u, err := url.Parse(*api); err != nil || u.Hostname() != "127.0.0.1" {
		fail("-api must be on 127.0.0.1")
	}
	for _, s := range strings.Split(*suites, ",") {
		switch s {
		case "abuse":
			abuse()
		case "slow":
			slow()
		case "faults":
			faults()
		case "load":
			load()
		case "killload":
			killload()
		case "mark":
			mark()
		default:
			fail("unknown suite " + s)
		}
	}
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "chaos:", msg)
	os.Exit(1)
}

var client = &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 256}}

// answer is one request's outcome.
type answer struct {
	status int
	code   string // first extensions.code, if any
	took   time.Duration
	err    error
}

func post(query string) answer { return do(postRequest(postBody(query, nil))) }

func postBody(query string, variables map[string]any) []byte {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": variables})
	return body
}

func postRequest(body []byte) func() (*http.Request, error) {
	return func() (*http.Request, error) {
		req, err := http.NewRequest(http.MethodPost, *api+"/graphql", bytes.NewReader(body))
		if req != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		return req, err
	}
}

func do(build func() (*http.Request, error)) answer {
	req, err := build()
	if err != nil {
		return answer{err: err}
	}
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return answer{err: err, took: time.Since(start)}
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return decode(resp.StatusCode, raw, time.Since(start))
}

// decode reads the first extensions.code of an answer's body.
func decode(status int, raw []byte, took time.Duration) answer {
	a := answer{status: status, took: took}
	var r struct {
		Errors []struct {
			Extensions map[string]any `json:"extensions"`
		} `json:"errors"`
	}
	if json.Unmarshal(raw, &r) == nil && len(r.Errors) > 0 {
		a.code, _ = r.Errors[0].Extensions["code"].(string)
		if a.code == "" {
			a.code = "(no code)"
		}
	}
	return a
}

// rawRequest is a whole HTTP/1.1 request, as bytes on the wire.
func rawRequest(method, target string, body []byte) []byte {
	host := strings.TrimPrefix(*api, "http://")
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: %s\r\n", method, target, host)
	if body != nil {
		fmt.Fprintf(&b, "Content-Type: application/json\r\nContent-Length: %d\r\n", len(body))
	}
	b.WriteString("\r\n")
	b.Write(body)
	return b.Bytes()
}

// attacker sends prebuilt requests over one kept-alive connection. The
// attacking clients share the API's two cores: net/http's client spent
// about as much CPU on a 600 KB URL (1.6–2.1 ms) as the API spent refusing
// it, so the canary measured the attacker as much as the API.
type attacker struct {
	conn net.Conn
	br   *bufio.Reader
}

func (at *attacker) send(raw []byte) answer {
	start := time.Now()
	reused := at.conn != nil
	a, err := at.roundTrip(raw, start)
	if err != nil && reused {
		// The server may have closed an idle connection: one more try on
		// a new one, as net/http's client does.
		a, err = at.roundTrip(raw, start)
	}
	if err != nil {
		at.close()
		return answer{err: err, took: time.Since(start)}
	}
	return a
}

func (at *attacker) roundTrip(raw []byte, start time.Time) (answer, error) {
	if at.conn == nil {
		c, err := net.Dial("tcp", strings.TrimPrefix(*api, "http://"))
		if err != nil {
			return answer{}, err
		}
		at.conn, at.br = c, bufio.NewReader(c)
	}
	_ = at.conn.SetDeadline(time.Now().Add(30 * time.Second))
	if _, err := at.conn.Write(raw); err != nil {
		at.close()
		return answer{}, err
	}
	resp, err := http.ReadResponse(at.br, nil)
	if err != nil {
		at.close()
		return answer{}, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		at.close()
		return answer{}, err
	}
	if resp.Close {
		at.close()
	}
	return decode(resp.StatusCode, body, time.Since(start)), nil
}

func (at *attacker) close() {
	if at.conn != nil {
		at.conn.Close()
		at.conn, at.br = nil, nil
	}
}

// canary runs the canary query from one client until stop, and returns its
// latencies and errors.
func canary(stop <-chan struct{}) func() ([]time.Duration, int) {
	var mu sync.Mutex
	var lat []time.Duration
	errs := 0
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-stop:
				return
			default:
			}
			a := post(canaryQuery)
			mu.Lock()
			if a.err != nil || a.code != "" {
				errs++
			} else {
				lat = append(lat, a.took)
			}
			mu.Unlock()
		}
	}()
	return func() ([]time.Duration, int) { <-done; return lat, errs }
}

func canaryFor(d time.Duration) ([]time.Duration, int) {
	stop := make(chan struct{})
	wait := canary(stop)
	time.Sleep(d)
	close(stop)
	return wait()
}

func pct(lat []time.Duration, p float64) time.Duration {
	if len(lat) == 0 {
		return 0
	}
	s := slices.Clone(lat)
	slices.Sort(s)
	return s[min(len(s)-1, int(float64(len(s))*p))]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d.Microseconds())/1000) }

// rssMB is the resident memory of the API, from /proc.
func rssMB() string {
	if *apiPID == 0 {
		return "-"
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", *apiPID))
	if err != nil {
		return "?"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.Atoi(f[1])
			return strconv.Itoa(kb / 1024)
		}
	}
	return "?"
}

func table(title string) *tabwriter.Writer {
	fmt.Printf("\n== %s\n", title)
	return tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
}

func aliases(n int, field string) string {
	var b strings.Builder
	b.WriteString("{")
	for i := range n {
		fmt.Fprintf(&b, " a%d: %s", i, field)
	}
	return b.String() + " }"
}

// attackRequests is how many requests each attack sends, at most (it also
// stops after 10 s).
const attackRequests = 1000

func abuse() {
	canaryFor(3 * time.Second) // warms Neo4j and the API; not a baseline
	neighborhoods := rawRequest(http.MethodPost, "/graphql", postBody(aliases(500, `neighborhood(id: "imo-8517839", depth: 3, first: 500) { truncated }`), nil))
	schemas := rawRequest(http.MethodPost, "/graphql", postBody(aliases(200, `__schema { types { name fields { name type { name } } } }`), nil))
	largeGET := "/graphql?query=" + url.QueryEscape(`query($s: String) { __typename }`) +
		"&variables=" + url.QueryEscape(`{"s":"`+strings.Repeat("x", 600<<10)+`"}`)
	// Each attack's requests are built before it starts, as bytes on the
	// wire, so that the canary measures the API, not the attacking clients
	// on the same two cores.
	attacks := []struct {
		name    string
		prepare func(i int) []byte
	}{
		{"500 aliases of neighborhood(depth 3, first 500)", func(int) []byte { return neighborhoods }},
		{"200 aliases of __schema", func(int) []byte { return schemas }},
		{"GET of 600 KB", func(int) []byte { return rawRequest(http.MethodGet, largeGET, nil) }},
		{"distinct 10,000-token documents", func(i int) []byte {
			// Each document differs, so none is served from the cache; a
			// long list argument keeps it under the selection limit
			// ($a is two tokens in three bytes, within the body limit),
			// and over the list limit.
			return rawRequest(http.MethodPost, "/graphql", postBody(fmt.Sprintf(`query($a: String!) { a%d: vessel(imoNumber: "8517839") { name } `, i)+
				`d: designations(filter: {authorities: [`+strings.Repeat("$a ", 4980)+`]}) { totalCount } }`,
				map[string]any{"a": "us-state"}))
		}},
	}
	tw := table("abuse (4 attacking clients each; canary: one vessel by IMO, 1 client)")
	fmt.Fprintln(tw, "attack\trequests\tcodes\tmax ms\tp99 ms\tcanary p50 ms (baseline)\tcanary p99 ms (baseline)\tpeak read sessions\tAPI peak RSS MB\t")
	for _, at := range attacks {
		requests := make([][]byte, attackRequests)
		for i := range requests {
			requests[i] = at.prepare(i)
		}
		// Measured just before each attack, so that a drift of the
		// machine between attacks is not counted as their effect.
		base, _ := canaryFor(5 * time.Second)
		stop := make(chan struct{})
		wait := canary(stop)
		peakSessions := watchSessions(stop)
		var mu sync.Mutex
		codes := map[string]int{}
		var lat []time.Duration
		var wg sync.WaitGroup
		var n atomic.Int64
		deadline := time.Now().Add(10 * time.Second)
		for range 4 {
			wg.Go(func() {
				var at attacker
				defer at.close()
				for time.Now().Before(deadline) {
					i := int(n.Add(1))
					if i > attackRequests {
						return
					}
					a := at.send(requests[i-1])
					mu.Lock()
					key := a.code
					if a.err != nil {
						key = "transport error"
					} else if key == "" {
						key = "answered (no refusal)"
					}
					codes[fmt.Sprintf("%d %s", a.status, key)]++
					lat = append(lat, a.took)
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		close(stop)
		during, _ := wait()
		var cs []string
		for c, k := range codes {
			cs = append(cs, fmt.Sprintf("%s ×%d", c, k))
		}
		slices.Sort(cs)
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s (%s)\t%s (%s)\t%d\t%s\t\n", at.name, len(lat), strings.Join(cs, ", "),
			ms(slices.Max(lat)), ms(pct(lat, .99)), ms(pct(during, .50)), ms(pct(base, .50)), ms(pct(during, .99)), ms(pct(base, .99)), peakSessions(), rssMB())
	}
	tw.Flush()
}

// watchSessions samples the API's open read sessions (its /metrics) until
// stop, and returns the most it saw (the canary holds one at times).
func watchSessions(stop <-chan struct{}) func() int {
	var peak atomic.Int64
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
			resp, err := client.Get(*api + "/metrics")
			if err != nil {
				continue
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			for _, line := range strings.Split(string(b), "\n") {
				if v, ok := strings.CutPrefix(line, "armsgraph_neo4j_read_sessions "); ok {
					if n, err := strconv.ParseFloat(v, 64); err == nil && int64(n) > peak.Load() {
						peak.Store(int64(n))
					}
				}
			}
		}
	}()
	return func() int { <-done; return int(peak.Load()) }
}

func slow() {
	addr := strings.TrimPrefix(*api, "http://")
	base, _ := canaryFor(5 * time.Second)
	var closedIn []time.Duration
	var mu sync.Mutex
	var wg sync.WaitGroup
	opened := 0
	for range *slowConns {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			continue
		}
		opened++
		wg.Go(func() {
			defer c.Close()
			req := []byte("POST /graphql HTTP/1.1\r\nHost: x\r\n")
			t0 := time.Now()
			for i := 0; ; i++ {
				if _, err := c.Write(req[i%len(req) : i%len(req)+1]); err != nil {
					break
				}
				_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
				if _, err := c.Read(make([]byte, 1)); err != nil && !isTimeout(err) {
					break
				}
				if time.Since(t0) > 60*time.Second {
					break
				}
			}
			mu.Lock()
			closedIn = append(closedIn, time.Since(t0))
			mu.Unlock()
		})
	}
	during, errs := canaryFor(20 * time.Second)
	wg.Wait()
	tw := table(fmt.Sprintf("slow clients (%d connections, a byte every 10 s)", *slowConns))
	fmt.Fprintln(tw, "opened\tclosed by the server\tlongest held s\tcanary p99 ms (baseline)\tcanary errors\t")
	longest := time.Duration(0)
	held := 0
	for _, d := range closedIn {
		longest = max(longest, d)
		if d < 60*time.Second {
			held++
		}
	}
	fmt.Fprintf(tw, "%d\t%d\t%.1f\t%s (%s)\t%d\t\n", opened, held, longest.Seconds(), ms(pct(during, .99)), ms(pct(base, .99)), errs)
	tw.Flush()
}

func isTimeout(err error) bool {
	ne, ok := err.(net.Error)
	return ok && ne.Timeout()
}

// readyWithin polls /readyz until it answers want, and returns how long
// that took (or -1 after limit).
func readyWithin(want int, limit time.Duration) time.Duration {
	start := time.Now()
	for time.Since(start) < limit {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, *api+"/readyz", nil)
		resp, err := http.DefaultClient.Do(req)
		cancel()
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == want {
				return time.Since(start)
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return -1
}

func faults() {
	pid := *neo4jPID
	if *neo4jHome != "" {
		var err error
		if pid, err = instancePID(); err != nil {
			fail(err.Error())
		}
	}
	if pid == 0 {
		fmt.Println("\n== faults: skipped (no -neo4j-home or -neo4j-pid)")
		return
	}
	tw := table("Neo4j faults (queries from 8 clients while it happens)")
	fmt.Fprintln(tw, "fault\tqueries after the fault\tcodes\tslowest error s (sent at s)\tslowest answer s (sent at s)\tNeo4j back at s\t/readyz 503 after s\t/readyz 200 after return s\t")
	during := func(name string, inject, recover func() error) {
		var mu sync.Mutex
		codes := map[string]int{}
		// The slowest error and the slowest answer, each with when it was
		// sent (after the fault): where in the fault's course time went.
		var slowest [2]struct{ took, sent time.Duration }
		var faultAt time.Time
		stop := make(chan struct{})
		var wg sync.WaitGroup
		var after atomic.Bool
		for range 8 {
			wg.Go(func() {
				for {
					select {
					case <-stop:
						return
					default:
					}
					sent := time.Now()
					a := post(canaryQuery)
					if !after.Load() {
						continue
					}
					mu.Lock()
					key := a.code
					if a.err != nil {
						key = "transport error"
					} else if key == "" {
						key = "answered"
					}
					codes[key]++
					i := 0
					if key == "answered" {
						i = 1
					}
					if a.took > slowest[i].took {
						slowest[i].took, slowest[i].sent = a.took, sent.Sub(faultAt)
					}
					mu.Unlock()
				}
			})
		}
		time.Sleep(time.Second)
		mu.Lock()
		faultAt = time.Now()
		mu.Unlock()
		if err := inject(); err != nil {
			fail(name + ": " + err.Error())
		}
		after.Store(true)
		down := readyWithin(http.StatusServiceUnavailable, 10*time.Second)
		time.Sleep(5 * time.Second)
		if err := recover(); err != nil {
			fail(name + ": " + err.Error())
		}
		returned := time.Since(faultAt)
		up := readyWithin(http.StatusOK, 60*time.Second)
		close(stop)
		wg.Wait()
		var cs []string
		n := 0
		for c, k := range codes {
			cs = append(cs, fmt.Sprintf("%s ×%d", c, k))
			n += k
		}
		slices.Sort(cs)
		fmt.Fprintf(tw, "%s\t%d\t%s\t%.2f (%.2f)\t%.2f (%.2f)\t%.2f\t%.2f\t%.2f\t\n", name, n, strings.Join(cs, ", "),
			slowest[0].took.Seconds(), slowest[0].sent.Seconds(), slowest[1].took.Seconds(), slowest[1].sent.Seconds(),
			returned.Seconds(), down.Seconds(), up.Seconds())
		tw.Flush() // a row at a time: a later fault may end the run
	}
	during("frozen (SIGSTOP, SIGCONT after 5 s)",
		func() error { return syscall.Kill(pid, syscall.SIGSTOP) },
		func() error { return syscall.Kill(pid, syscall.SIGCONT) })
	if *restart != "" {
		during("killed (SIGKILL, restarted after 5 s)",
			func() error { return syscall.Kill(pid, syscall.SIGKILL) },
			func() error {
				cmd := exec.Command("bash", "-c", *restart)
				cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
				return cmd.Run()
			})
	}
	tw.Flush()
}

func load() {
	questions := []struct{ name, query string }{
		{"one vessel by IMO", canaryQuery},
		{"a page of 50 vessels", `{ entities(first: 50, filter: {kinds: [VESSEL]}) { edges { node { id name sanctioned designatedBy { id } ... on Vessel { imoNumber flag { code } } } } } }`},
	}
	tw := table(fmt.Sprintf("load (%d clients for %v, half on each question)", *clients, *loadTime))
	fmt.Fprintln(tw, "question\trequests\terrors\tp50 ms\tp99 ms\trequests/s\t")
	type stats struct {
		mu   sync.Mutex
		lat  []time.Duration
		errs map[string]int
	}
	all := make([]*stats, len(questions))
	for i := range all {
		all[i] = &stats{errs: map[string]int{}}
	}
	deadline := time.Now().Add(*loadTime)
	var wg sync.WaitGroup
	for c := range *clients {
		q, st := questions[c%len(questions)], all[c%len(questions)]
		wg.Go(func() {
			for time.Now().Before(deadline) {
				a := post(q.query)
				st.mu.Lock()
				switch {
				case a.err != nil:
					st.errs["transport"]++
				case a.code != "":
					st.errs[a.code]++
				default:
					st.lat = append(st.lat, a.took)
				}
				st.mu.Unlock()
			}
		})
	}
	wg.Wait()
	for i, q := range questions {
		st := all[i]
		n := 0
		var es []string
		for c, k := range st.errs {
			n += k
			es = append(es, fmt.Sprintf("%s ×%d", c, k))
		}
		e := strconv.Itoa(n)
		if n > 0 {
			e += " (" + strings.Join(es, ", ") + ")"
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%.0f\t\n", q.name, len(st.lat)+n, e, ms(pct(st.lat, .5)), ms(pct(st.lat, .99)), float64(len(st.lat))/loadTime.Seconds())
	}
	tw.Flush()
	fmt.Printf("API peak RSS: %s MB\n", rssMB())
}
