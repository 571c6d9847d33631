package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/armsgraph/armsgraph/ftm"
	"github.com/armsgraph/armsgraph/neo4jdb"
)

func newExportCommand(conn *neo4jFlags) *cobra.Command {
	var format, out string
	cmd := &cobra.Command{
		Use:   "export --format ftm [--out FILE]",
		Short: "Write the graph as FollowTheMoney entities (JSON lines)",
		Long: `export writes every entity of the graph as FollowTheMoney (FtM) JSON lines, the
format of OpenSanctions and Aleph: a Person, Company, Vessel or Airplane per actor,
an Identification (or Passport) per identifier, a Sanction per designation, and an
Ownership, Directorship, Family or UnknownLink per relationship; referents are the
source record ids. The mapping is in docs/DESIGN.md. Entities come in id order,
read a page at a time, so two exports of one graph are byte-equal. The file it
writes loads back with armsgraph load.`,
		Example: `  armsgraph export --format ftm --out graph.ftm.json
  armsgraph export --format ftm | gzip > graph.ftm.json.gz`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "ftm" {
				return fmt.Errorf("--format %q: the one export format is ftm", format)
			}
			s, err := conn.open(cmd.Context())
			if err != nil {
				return err
			}
			defer s.Close(cmd.Context())
			w := cmd.OutOrStdout()
			var file *os.File
			if out != "" {
				// written beside the target and renamed, so a failed
				// export never leaves half a file under its name
				if file, err = os.CreateTemp(dirOf(out), ".export-*.ftm.json"); err != nil {
					return err
				}
				defer os.Remove(file.Name())
				defer file.Close()
				w = file
			}
			n, err := exportFtM(cmd.Context(), s, w)
			if err != nil {
				return err
			}
			if file != nil {
				// CreateTemp makes the file private; an export is for sharing
				if err := file.Chmod(0o644); err != nil {
					return err
				}
				if err := file.Close(); err != nil {
					return err
				}
				if err := os.Rename(file.Name(), out); err != nil {
					return err
				}
				fmt.Fprintf(cmd.ErrOrStderr(), "wrote %d FtM entities to %s\n", n, out)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "ftm", "export format: ftm (FollowTheMoney JSON lines)")
	cmd.Flags().StringVarP(&out, "out", "o", "", "file to write (default: standard output)")
	return cmd
}

func dirOf(path string) string {
	for i := len(path) - 1; i >= 0; i-- {
		if os.IsPathSeparator(path[i]) {
			return path[:i+1]
		}
	}
	return "."
}

// exportFtM writes the graph as FtM lines and returns how many.
func exportFtM(ctx context.Context, s *neo4jdb.Store, w io.Writer) (int, error) {
	authorities, err := s.ExportAuthorities(ctx)
	if err != nil {
		return 0, err
	}
	m := ftm.Mapper{Authorities: map[string]ftm.Authority{}}
	for _, a := range authorities {
		m.Authorities[a.ID] = ftm.Authority{Name: a.Name, Country: a.Country}
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	n := 0
	err = s.Export(ctx, neo4jdb.ExportPageSize, func(x neo4jdb.Exported) error {
		lines := m.Thing(x.Entity)
		for _, d := range x.Designations {
			lines = append(lines, m.Sanction(d))
		}
		for _, r := range x.Relationships {
			lines = append(lines, m.Link(r))
		}
		for _, e := range lines {
			if err := enc.Encode(e); err != nil {
				return err
			}
		}
		n += len(lines)
		return nil
	})
	if err != nil {
		return n, err
	}
	return n, bw.Flush()
}
