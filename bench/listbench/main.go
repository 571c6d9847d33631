// Command listbench measures the spreadsheet list parsers (DFAT, MOF,
// OFSI) on the real files and prints a table: rows read, entries, wall and
// CPU time, rows per second, and the peak memory of a process that parses
// only that file (its maximum resident set and its peak Go heap). Each list is
// parsed in a child process of its own, so one list's memory does not
// hide another's.
//
//	go run ./bench/listbench
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"runtime/metrics"
	"sync/atomic"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/armsgraph/armsgraph/loaders/dfat"
	"github.com/armsgraph/armsgraph/loaders/mof"
	"github.com/armsgraph/armsgraph/loaders/ofsi"
	"github.com/armsgraph/armsgraph/record"
)

type list struct {
	format, path string
}

var lists = []list{
	{dfat.Format, "../shared/data/au_dfat_consolidated_2024-11-11/regulation8_consolidated.xlsx"},
	{mof.Format, "../shared/data/jp_mof_asset_freeze_2026-03-05/shisantouketsu20260305.xlsx"},
	{ofsi.Format, "../shared/data/uk_ofsi_conlist_2025-04-10/ConList.xlsx"},
}

// result is what a child reports.
type result struct {
	Rows, Entries int
	Seconds       float64
	PeakHeap      uint64
}

func main() {
	child := flag.String("child", "", "parse this format's file and print the result as JSON (used by the parent)")
	path := flag.String("path", "", "with -child: the file")
	flag.Parse()
	if *child != "" {
		res, err := parse(*child, *path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		json.NewEncoder(os.Stdout).Encode(res)
		return
	}
	self, err := os.Executable()
	if err != nil {
		fail(err)
	}
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "format\tfile MB\trows\tentries\twall s\tCPU s\trows/s (wall)\trows/s (CPU)\tpeak RSS MB\tpeak heap MB\t")
	for _, l := range lists {
		info, err := os.Stat(l.path)
		if err != nil {
			fail(err)
		}
		cmd := exec.Command(self, "-child", l.format, "-path", l.path)
		cmd.Stderr = os.Stderr
		out, err := cmd.Output()
		if err != nil {
			fail(fmt.Errorf("%s: %w", l.path, err))
		}
		var res result
		if err := json.Unmarshal(out, &res); err != nil {
			fail(err)
		}
		rss := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss // KiB on Linux
		// CPU time of the whole child, start-up included: on a shared
		// machine it says more than the wall time.
		cpu := (cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()).Seconds()
		fmt.Fprintf(w, "%s\t%.1f\t%d\t%d\t%.2f\t%.2f\t%.0f\t%.0f\t%.0f\t%.0f\t\n", l.format, float64(info.Size())/1e6, res.Rows, res.Entries, res.Seconds, cpu, float64(res.Rows)/res.Seconds, float64(res.Rows)/cpu, float64(rss)/1024, float64(res.PeakHeap)/(1<<20))
	}
	w.Flush()
	fmt.Printf("(%s, GOMAXPROCS %d; the machine is shared, so compare within one run)\n", runtime.Version(), runtime.GOMAXPROCS(0))
}

// decoder is what the three parsers have in common.
type decoder interface {
	Next() (record.Entry, error)
	Close() error
}

func parse(format, path string) (result, error) {
	var peak atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go samplePeakHeap(&peak, stop, done)
	start := time.Now()
	var dec decoder
	var rows func() int
	var err error
	switch format {
	case dfat.Format:
		var d *dfat.Decoder
		d, err = dfat.Open(path, dfat.Options{})
		dec, rows = d, func() int { return d.Rows }
	case mof.Format:
		var d *mof.Decoder
		d, err = mof.Open(path, mof.Options{})
		dec, rows = d, func() int { return d.Rows }
	case ofsi.Format:
		var d *ofsi.Decoder
		d, err = ofsi.Open(path, ofsi.Options{})
		dec, rows = d, func() int { return d.Rows }
	default:
		err = fmt.Errorf("unknown format %q", format)
	}
	if err != nil {
		return result{}, err
	}
	defer dec.Close()
	entries := 0
	for {
		if _, err := dec.Next(); err == io.EOF {
			break
		} else if err != nil {
			return result{}, err
		}
		entries++
	}
	elapsed := time.Since(start)
	close(stop)
	<-done
	return result{Rows: rows(), Entries: entries, Seconds: elapsed.Seconds(), PeakHeap: peak.Load()}, nil
}

// samplePeakHeap records the largest live heap seen, every millisecond.
func samplePeakHeap(peak *atomic.Uint64, stop, done chan struct{}) {
	defer close(done)
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	for {
		metrics.Read(sample)
		if v := sample[0].Value.Uint64(); v > peak.Load() {
			peak.Store(v)
		}
		select {
		case <-stop:
			return
		case <-tick.C:
		}
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "listbench:", err)
	os.Exit(1)
}
