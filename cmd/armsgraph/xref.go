package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/goccy/go-yaml"
	"github.com/spf13/cobra"

	"github.com/armsgraph/armsgraph/identity"
	"github.com/armsgraph/armsgraph/neo4jdb"
)

// xrefReadTimeout bounds xref's read of every entity; --read-timeout
// overrides it.
const xrefReadTimeout = 2 * time.Minute

type xrefOptions struct {
	source, against string
	threshold       float64
	limit           int
	format          string
}

func newXrefCommand(conn *neo4jFlags) *cobra.Command {
	opts := xrefOptions{threshold: identity.Threshold, limit: 50, format: "table"}
	cmd := &cobra.Command{
		Use:   "xref",
		Short: "List pairs of entities that may be one actor, best first, with the evidence",
		Long: `xref scores pairs of entities of the graph that no identity key joined but whose
names are alike, from every feature both state: names and aliases, full or partial
birth dates, birth places, nationality, countries, identifiers equal or conflicting,
address words. It prints the pairs at or above the threshold, best first, with each
feature's weight; a name alone never reaches the default threshold.

--format yaml prints the pairs as judgements to review: set each decision to
same or not-same, fill in who decided, when and why, and keep the file in
seed/judgements/.`,
		Example: `  armsgraph xref
  armsgraph xref --source un-sc-2024-09-26 --against us-ofac-sdn-2024-05-03
  armsgraph xref --source un-sc-2024-09-26 --format yaml > review.yaml`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if opts.format != "table" && opts.format != "yaml" {
				return fmt.Errorf("--format %q: want table or yaml", opts.format)
			}
			if opts.limit < 1 {
				return fmt.Errorf("--limit %d: want 1 or more", opts.limit)
			}
			if !cmd.Flags().Changed("read-timeout") {
				// one read of the whole graph, not an API request
				conn.cfg.ReadTimeout = xrefReadTimeout
			}
			s, err := conn.open(cmd.Context())
			if err != nil {
				return err
			}
			defer s.Close(cmd.Context())
			profiles, err := s.Profiles(cmd.Context())
			if err != nil {
				return err
			}
			notSame, err := s.NotSameJudgements(cmd.Context())
			if err != nil {
				return err
			}
			candidates := crossReference(profiles, notSame, opts)
			if opts.format == "yaml" {
				return printJudgementDrafts(cmd.OutOrStdout(), candidates, opts.limit)
			}
			printCandidates(cmd.OutOrStdout(), candidates, opts.limit)
			return nil
		},
	}
	flags := cmd.Flags()
	flags.StringVar(&opts.source, "source", "", "only pairs with an entity stated by this source (a list or announcement id, e.g. un-sc-2024-09-26)")
	flags.StringVar(&opts.against, "against", "", "only pairs whose other entity is stated by this source")
	flags.Float64Var(&opts.threshold, "threshold", opts.threshold, "lowest score listed")
	flags.IntVar(&opts.limit, "limit", opts.limit, "most pairs printed")
	flags.StringVar(&opts.format, "format", opts.format, "table, or yaml: judgements to review")
	return cmd
}

// xrefPair is a candidate pair with the graph profiles of both sides.
type xrefPair struct {
	left, right neo4jdb.GraphProfile
	score       identity.Score
}

// crossReference scores the pairs of profiles, leaving out those judged
// not the same.
func crossReference(profiles []neo4jdb.GraphProfile, notSame *identity.Judgements, opts xrefOptions) []xrefPair {
	byID := map[string]neo4jdb.GraphProfile{}
	var left, right []identity.Profile
	for _, p := range profiles {
		byID[p.ID] = p
		if opts.source == "" || slices.Contains(p.Sources, opts.source) {
			left = append(left, p.Profile)
		}
		if opts.against == "" || slices.Contains(p.Sources, opts.against) {
			right = append(right, p.Profile)
		}
	}
	var out []xrefPair
	judged := func(a, b identity.Profile) bool {
		_, ok := notSame.Decided(recordRefs(byID[a.ID]), recordRefs(byID[b.ID]))
		return ok
	}
	for _, c := range identity.Candidates(left, right, opts.threshold, judged) {
		out = append(out, xrefPair{left: byID[c.Left.ID], right: byID[c.Right.ID], score: c.Score})
	}
	return out
}

func printCandidates(w io.Writer, pairs []xrefPair, limit int) {
	fmt.Fprintf(w, "%d pairs at or above the threshold\n", len(pairs))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "rank\tscore\tentity\tname\tother\tother name\tevidence")
	for i, p := range pairs {
		if i == limit {
			break
		}
		fmt.Fprintf(tw, "%d\t%.3f\t%s\t%s\t%s\t%s\t%s\n", i+1, p.score.Value, p.left.ID, p.left.Name, p.right.ID, p.right.Name, evidence(p.score))
	}
	tw.Flush()
	if len(pairs) > limit {
		fmt.Fprintf(w, "... %d more (use --limit)\n", len(pairs)-limit)
	}
}

// evidence is a score's features on one line: "name +0.60, nationality +0.10".
func evidence(s identity.Score) string {
	parts := make([]string, 0, len(s.Features))
	for _, f := range s.Features {
		parts = append(parts, fmt.Sprintf("%s %+.2f", f.Name, f.Weight))
	}
	return strings.Join(parts, ", ")
}

// judgementDraft is a judgement as xref proposes it: the decision is left
// for the reviewer, and the evidence is kept as comments' worth of fields.
type judgementDraft struct {
	Records  []string `yaml:"records"`
	Decision string   `yaml:"decision"`
	By       string   `yaml:"by"`
	On       string   `yaml:"on"`
	Why      string   `yaml:"why"`
	Score    float64  `yaml:"score"`
	Evidence []string `yaml:"evidence"`
}

func printJudgementDrafts(w io.Writer, pairs []xrefPair, limit int) error {
	drafts := []judgementDraft{}
	for i, p := range pairs {
		if i == limit {
			break
		}
		d := judgementDraft{
			Records:  []string{recordRef(p.left), recordRef(p.right)},
			Decision: "undecided", Score: p.score.Value,
			Why: fmt.Sprintf("%s ~ %s", p.left.Name, p.right.Name),
		}
		for _, f := range p.score.Features {
			d.Evidence = append(d.Evidence, f.String())
		}
		drafts = append(drafts, d)
	}
	fmt.Fprintln(w, "# Candidate pairs from `armsgraph xref`, best first. Set each decision to same or")
	fmt.Fprintln(w, "# not-same, fill in by, on (YYYY-MM-DD) and why, drop the pairs left undecided,")
	fmt.Fprintln(w, "# and keep the file in seed/judgements/.")
	out, err := yaml.MarshalWithOptions(map[string]any{"judgements": drafts}, yaml.IndentSequence(true))
	if err != nil {
		return err
	}
	_, err = w.Write(out)
	return err
}

// recordRefs are every name a judgement may give an entity: its official
// record ids and its graph id.
func recordRefs(p neo4jdb.GraphProfile) []string {
	return append(slices.Clone(p.SourceRecordIDs), p.ID)
}

// recordRef names an entity in a judgement: its first official record id
// ("un-sc:CDi.007"), which stays the same across list editions, or else
// its graph id (announcement entities).
func recordRef(p neo4jdb.GraphProfile) string {
	if len(p.SourceRecordIDs) > 0 {
		ids := slices.Clone(p.SourceRecordIDs)
		slices.Sort(ids)
		return ids[0]
	}
	return p.ID
}
