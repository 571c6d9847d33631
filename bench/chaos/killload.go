package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/armsgraph/armsgraph/neo4jdb"
)

var (
	killRuns    = flag.Int("kill-runs", 20, "loads killed at a random point (killload suite)")
	killList    = flag.String("kill-list", "../shared/data/un_consolidated_xml_2024-09-26/consolidated.xml", "list loaded while Neo4j is killed")
	neo4jHome   = flag.String("neo4j-home", "", "home folder of the Neo4j instance the suites may kill (its pid file is run/neo4j.pid)")
	armsgraph   = flag.String("armsgraph", "bin/armsgraph", "the armsgraph binary")
	neo4jConfig = neo4jdb.DefaultConfig()
)

// instancePID is the pid of the Neo4j of -neo4j-home: the pid file's,
// checked against the process's command line, so that a stale file never
// makes the suite signal another process.
func instancePID() (int, error) {
	b, err := os.ReadFile(*neo4jHome + "/run/neo4j.pid")
	if err != nil {
		return 0, err
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		return 0, err
	}
	cmdline, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	if err != nil || !strings.Contains(string(cmdline), "--home-dir="+*neo4jHome+"\x00") {
		return 0, fmt.Errorf("pid %d is not the Neo4j of %s", pid, *neo4jHome)
	}
	return pid, nil
}

func openStore(ctx context.Context) *neo4jdb.Store {
	cfg := neo4jConfig
	if v := os.Getenv("NEO4J_URI"); v != "" {
		cfg.URI = v
	}
	if v := os.Getenv("NEO4J_PASSWORD"); v != "" {
		cfg.Password = v
	}
	cfg.ReadTimeout = time.Minute
	s, err := neo4jdb.Open(cfg)
	if err != nil {
		fail(err.Error())
	}
	if err := s.Ping(ctx); err != nil {
		fail(err.Error())
	}
	return s
}

func runLoad(paths ...string) *exec.Cmd {
	cmd := exec.Command(*armsgraph, append([]string{"load"}, paths...)...)
	cmd.Stdout, cmd.Stderr = nil, nil
	return cmd
}

// reset leaves the seed alone in the graph, marked as a bench database.
func reset(ctx context.Context, s *neo4jdb.Store) {
	if err := s.RequireBenchDatabase(ctx, false); err != nil {
		fail(err.Error())
	}
	if err := s.DeleteAllData(ctx); err != nil {
		fail(err.Error())
	}
	if err := s.MarkBenchDatabase(ctx); err != nil {
		fail(err.Error())
	}
	if out, err := runLoad("seed/").CombinedOutput(); err != nil {
		fail("loading the seed: " + err.Error() + ": " + string(out))
	}
}

func fingerprint(ctx context.Context, s *neo4jdb.Store) string {
	f, err := s.Fingerprint(ctx)
	if err != nil {
		fail("fingerprint: " + err.Error())
	}
	return f
}

// killload kills Neo4j at a random point of a load, -kill-runs times: the
// graph must be as before the load (the load's transaction rolled back) or
// as after a whole load (it committed just before the kill), and loading
// again must give what a clean load gives.
func killload() {
	if *neo4jHome == "" || *restart == "" {
		fmt.Println("\n== killload: skipped (no -neo4j-home or -neo4j-restart)")
		return
	}
	ctx := context.Background()
	s := openStore(ctx)
	reset(ctx, s)
	before := fingerprint(ctx, s)
	start := time.Now()
	if out, err := runLoad(*killList).CombinedOutput(); err != nil {
		fail("clean load: " + err.Error() + ": " + string(out))
	}
	cleanTook := time.Since(start)
	clean := fingerprint(ctx, s)
	reset(ctx, s)

	tw := table(fmt.Sprintf("kill Neo4j during a load (%s, a clean load takes %.1f s)", *killList, cleanTook.Seconds()))
	fmt.Fprintln(tw, "run\tkilled after s\tgraph after restart\trestart s\t")
	asBefore, asClean, other := 0, 0, 0
	for run := 1; run <= *killRuns; run++ {
		load := runLoad(*killList)
		if err := load.Start(); err != nil {
			fail(err.Error())
		}
		after := time.Duration(rand.Float64() * float64(cleanTook))
		time.Sleep(after)
		pid, err := instancePID()
		if err != nil {
			fail(err.Error())
		}
		if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
			fail(err.Error())
		}
		_ = load.Wait()
		for {
			if _, err := os.Stat(fmt.Sprintf("/proc/%d", pid)); err != nil {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		t0 := time.Now()
		cmd := exec.Command("bash", "-c", *restart)
		if out, err := cmd.CombinedOutput(); err != nil {
			fail("restart: " + err.Error() + ": " + string(out))
		}
		restarted := time.Since(t0)
		s.Close(ctx)
		s = openStore(ctx)
		state := "other"
		switch fingerprint(ctx, s) {
		case before:
			state, asBefore = "as before the load", asBefore+1
		case clean:
			state, asClean = "as after a whole load", asClean+1
			reset(ctx, s)
		default:
			other++
		}
		fmt.Fprintf(tw, "%d\t%.1f\t%s\t%.1f\t\n", run, after.Seconds(), state, restarted.Seconds())
		tw.Flush()
	}
	if out, err := runLoad(*killList).CombinedOutput(); err != nil {
		fail("final load: " + err.Error() + ": " + string(out))
	}
	final := "equals a clean load"
	if fingerprint(ctx, s) != clean {
		final = "DIFFERS from a clean load"
	}
	tw.Flush()
	fmt.Printf("as before: %d, as after a whole load: %d, other: %d; loading again %s\n", asBefore, asClean, other, final)
	s.Close(ctx)
}

// mark marks the database as a bench database if it is empty.
func mark() {
	ctx := context.Background()
	s := openStore(ctx)
	defer s.Close(ctx)
	if err := s.RequireBenchDatabase(ctx, true); err != nil {
		fail(err.Error())
	}
}
