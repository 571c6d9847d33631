package main

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/armsgraph/armsgraph/ftm"
	"github.com/armsgraph/armsgraph/ingest"
	"github.com/armsgraph/armsgraph/listdiff"
	"github.com/armsgraph/armsgraph/loaders/reference"
	"github.com/armsgraph/armsgraph/record"
)

func newDiffCommand() *cobra.Command {
	var opts ingest.Options
	var delta bool
	cmd := &cobra.Command{
		Use:   "diff SOURCE FROM TO",
		Short: "Show what changed in an official list between two snapshot files",
		Long: `diff parses two snapshot files of one official list (SOURCE is its kind:
us-ofac-sdn, us-ofac-cons, un-sc, au-dfat-consolidated, jp-mof-asset-freeze or
gb-ofsi-conlist) and prints the listings added, delisted and changed, field by
field, with their counts. It reads no database. --delta prints OpenSanctions-style
delta lines instead: {"op": "ADD"|"MOD"|"DEL", "entity": ...}, the entity an FtM
entity as export --format ftm writes it (named by its record id: us-ofac:46773 is
us-ofac-46773), followed by its Sanction entities; DEL with the id only.`,
		Example: `  armsgraph diff us-ofac-sdn old/sdn.csv new/sdn.csv
  armsgraph diff --delta au-dfat-consolidated old.xlsx new.xlsx > changes.jsonl`,
		Args: cobra.ExactArgs(3),
		RunE: func(cmd *cobra.Command, args []string) error {
			kind := args[0]
			var lists [2][]record.Entry
			for i, path := range args[1:] {
				src, entries, err := ingest.ReadList(path, opts)
				if err != nil {
					return err
				}
				if src.Kind != kind {
					return fmt.Errorf("%s is a %s list, not %s", path, src.Kind, kind)
				}
				lists[i] = entries
			}
			changes, sum, err := listdiff.Compare(lists[0], lists[1])
			if err != nil {
				return err
			}
			if delta {
				return writeDelta(cmd.OutOrStdout(), changes)
			}
			writeChanges(cmd.OutOrStdout(), changes, sum)
			return nil
		},
	}
	flags := cmd.Flags()
	flags.BoolVar(&delta, "delta", false, "print OpenSanctions-style delta lines (JSON)")
	flags.StringVar(&opts.Format, "format", "", "format of both files (default: recognised from content)")
	flags.StringSliceVar(&opts.Programs, "programs", nil, "compare only entries of these programs (as for load)")
	flags.StringVar(&opts.PublishedOn, "published-on", "", "date of a list that carries none (YYYY-MM-DD)")
	return cmd
}

func writeChanges(w io.Writer, changes []listdiff.Change, sum listdiff.Summary) {
	fmt.Fprintf(w, "%d added, %d delisted, %d changed, %d unchanged\n", sum.Added, sum.Delisted, sum.Changed, sum.Unchanged)
	marks := map[string]string{listdiff.Added: "+", listdiff.Delisted: "-", listdiff.Changed: "~"}
	for _, c := range changes {
		fmt.Fprintf(w, "%s %s %s\n", marks[c.Op], c.Ref, c.Name)
		for _, f := range c.Fields {
			fmt.Fprintf(w, "    %s: %q -> %q\n", f.Field, f.From, f.To)
		}
	}
}

// deltaLine is one line of an OpenSanctions-style delta file.
type deltaLine struct {
	Op     string `json:"op"`
	Entity any    `json:"entity"`
}

// writeDelta writes each change as a delta line whose entity is the
// listing as an FtM entity (the mapping of export --format ftm), named by
// its record id (ftm.RecordID: the diff reads no graph, so no graph id);
// its designations follow as Sanction entities with the same op. A DEL
// line carries the id only, as OpenSanctions' do.
func writeDelta(w io.Writer, changes []listdiff.Change) error {
	m := ftm.Mapper{Authorities: map[string]ftm.Authority{}}
	for _, a := range reference.Default().Authorities {
		m.Authorities[a.ID] = ftm.Authority{Name: a.Name, Country: a.Country}
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, c := range changes {
		id := ftm.RecordID(c.Ref)
		if c.Entry == nil {
			if err := enc.Encode(deltaLine{Op: c.Op, Entity: map[string]string{"id": id}}); err != nil {
				return err
			}
			continue
		}
		for _, e := range m.Entry(id, *c.Entry) {
			if e.Schema == ftm.SchemaIdentification || e.Schema == ftm.SchemaPassport {
				continue // the numbers are on the entity itself
			}
			if err := enc.Encode(deltaLine{Op: c.Op, Entity: e}); err != nil {
				return err
			}
		}
	}
	return nil
}
