package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/armsgraph/armsgraph/ingest"
	"github.com/armsgraph/armsgraph/loaders/reference"
	"github.com/armsgraph/armsgraph/neo4jdb"
)

func newLoadCommand(conn *neo4jFlags) *cobra.Command {
	var opts ingest.Options
	var progress, verbose bool
	cmd := &cobra.Command{
		Use:   "load PATH...",
		Short: "Validate and load announcement files and official sanctions lists",
		Long: `load reads announcement files (YAML), US OFAC SDN lists (sdn.csv with add.csv and
alt.csv beside it, or sdn.xml), the UN Security Council consolidated list (XML),
the Australian DFAT, Japanese MOF and UK OFSI lists (xlsx), and FollowTheMoney
entities (JSON lines, as armsgraph export and OpenSanctions write them; name these
files: folders are read for their *.yaml, *.csv, *.xml and *.xlsx files only). The
format is recognised from each file's content unless --format names it.

Every file is validated first and every problem is reported at once, with its
file and line; if there is any, nothing is written. An official list must be
whole (OFAC CSV: its end-of-file mark; XML: its record count); its kind comes
from its content. Otherwise the reference data (countries, authorities,
resolutions) and then each file are written, each in one transaction, one load
at a time (loads wait for each other). A list that would delist more listings
in force than the larger of 50 and 2% is refused unless --allow-mass-delist.
Loading the same files again changes nothing. See docs/designations.md.`,
		Example: `  armsgraph load seed/
  armsgraph load --programs DPRK sdn.csv
  armsgraph load Australian_Sanctions_Consolidated_List.xlsx
  armsgraph load entities.ftm.json
  armsgraph load --dry-run my-announcement.yaml`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, paths []string) error {
			ref := reference.Default()
			if progress || term.IsTerminal(int(os.Stderr.Fd())) {
				opts.Progress = &progressBar{out: cmd.ErrOrStderr()}
			}
			plan, err := ingest.Prepare(paths, ref, opts)
			if err != nil {
				return reportProblems(cmd.ErrOrStderr(), err)
			}
			s, err := conn.openWithSchema(cmd.Context())
			if err != nil {
				return err
			}
			defer s.Close(cmd.Context())
			result, err := plan.Write(cmd.Context(), s, ref, opts)
			if err != nil {
				return err
			}
			printResult(cmd.OutOrStdout(), result, opts.DryRun, verbose)
			return nil
		},
	}
	flags := cmd.Flags()
	flags.BoolVar(&opts.DryRun, "dry-run", false, "validate and count what would change (and list what a corrected announcement retracts), then roll back: nothing is written")
	flags.BoolVar(&opts.AllowMassDelist, "allow-mass-delist", false, "let an official list delist more listings in force than the guard allows (the larger of 50 and 2% of its list's)")
	flags.StringVar(&opts.Format, "format", "", "format of every file: announcement, ofac-csv, ofac-xml, un-sc-xml, au-dfat-xlsx, jp-mof-xlsx, gb-ofsi-xlsx or ftm-json (default: recognised from content)")
	flags.StringSliceVar(&opts.Programs, "programs", nil, "official lists: load only entries of these program families (DPRK keeps DPRK, DPRK2, DPRK3, DPRK4; RUSSIA keeps RUSSIA-EO14024; as the API's programFamily filter) for OFAC and UN lists; for DFAT, MOF and OFSI lists, programs containing the text")
	flags.StringVar(&opts.PublishedOn, "published-on", "", "official lists: the list's date (YYYY-MM-DD) when the file carries none")
	flags.BoolVar(&progress, "progress", false, "show progress even when stderr is not a terminal")
	flags.BoolVarP(&verbose, "verbose", "v", false, "list every merge, likely duplicate and warning")
	return cmd
}

// errProblemsReported tells main the problems are already printed.
var errProblemsReported = errors.New("nothing was written")

func reportProblems(w io.Writer, err error) error {
	var problems ingest.Problems
	if !errors.As(err, &problems) {
		return err
	}
	for _, p := range problems {
		fmt.Fprintln(w, p)
	}
	return fmt.Errorf("%d file(s) with problems: %w", len(problems), errProblemsReported)
}

func printResult(w io.Writer, r *ingest.Result, dryRun, verbose bool) {
	verb := "loaded"
	if dryRun {
		verb = "dry run (rolled back)"
	}
	for _, f := range r.Files {
		fmt.Fprintf(w, "%s %s: %s (%s, %d entries)\n", verb, f.File.Path, f.Source.ID, f.File.Format, f.Entries)
	}
	total := r.Total()
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "\tcreated\tupdated\tunchanged\t")
	printOutcomes(tw, "", total.Nodes)
	printOutcomes(tw, "-[", total.Relationships)
	tw.Flush()
	fmt.Fprintf(w, "%d merged into existing nodes, %d likely duplicates not merged, %d warnings\n",
		len(total.Merges), len(total.Duplicates), len(total.Warnings))
	limit := 10
	if verbose {
		limit = -1
	}
	printSome(w, "merged", len(total.Merges), limit, func(i int) string {
		m := total.Merges[i]
		if m.Judgement != "" {
			return fmt.Sprintf("%s -> %s (judgement %s at %s)", m.Ref, m.ID, m.Key, m.Judgement)
		}
		return fmt.Sprintf("%s -> %s (matched %s)", m.Ref, m.ID, m.Key)
	})
	printSome(w, "split", len(total.Splits), limit, func(i int) string {
		sp := total.Splits[i]
		return fmt.Sprintf("%s and %s are apart again: judgement %s was removed", sp.ID, sp.OtherID, sp.Judgement)
	})
	printSome(w, "likely duplicate", len(total.Duplicates), limit, func(i int) string {
		d := total.Duplicates[i]
		return fmt.Sprintf("%s %q ~ %s %q: %s", d.ID, d.Name, d.OtherID, d.OtherName, d.Reason)
	})
	printSome(w, "retracted", len(total.Retractions), limit, func(i int) string {
		return total.Retractions[i]
	})
	printSome(w, "warning", len(total.Warnings), limit, func(i int) string {
		return total.Warnings[i].Location + ": " + total.Warnings[i].Message
	})
	if !total.Changed() {
		fmt.Fprintln(w, "nothing changed")
	}
}

func printOutcomes(w io.Writer, prefix string, m map[string]*neo4jdb.Outcome) {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		o := m[n]
		if o.Created+o.Updated+o.Unchanged == 0 {
			continue
		}
		label := n
		if prefix != "" {
			label = "[:" + n + "]"
		} else {
			label = "(:" + n + ")"
		}
		fmt.Fprintf(w, "%s\t%d\t%d\t%d\t\n", label, o.Created, o.Updated, o.Unchanged)
	}
}

func printSome(w io.Writer, what string, n, limit int, line func(int) string) {
	for i := 0; i < n; i++ {
		if limit >= 0 && i == limit {
			fmt.Fprintf(w, "  ... %d more (use --verbose)\n", n-limit)
			return
		}
		fmt.Fprintf(w, "  %s: %s\n", what, line(i))
	}
}

// progressBar shows ingest progress on a terminal.
type progressBar struct {
	out io.Writer
	bar *progressbar.ProgressBar
}

func (p *progressBar) Start(phase string, total int64) {
	opts := []progressbar.Option{
		progressbar.OptionSetWriter(p.out), progressbar.OptionSetDescription(phase),
		progressbar.OptionShowCount(), progressbar.OptionSetWidth(30), progressbar.OptionClearOnFinish(),
	}
	if strings.HasPrefix(phase, "loading ") {
		opts = append(opts, progressbar.OptionShowBytes(true))
	}
	p.bar = progressbar.NewOptions64(total, opts...)
}

func (p *progressBar) Advance(n int64) { _ = p.bar.Add64(n) }

func (p *progressBar) Finish() { _ = p.bar.Finish() }
