package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

func newSchemaCommand(conn *neo4jFlags) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "schema",
		Short: "Manage the Neo4j constraints and indexes",
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "apply",
		Short: "Create the constraints and indexes of schema/neo4j.cypher that are missing (idempotent)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := conn.openWithSchema(cmd.Context())
			if err != nil {
				return err
			}
			defer s.Close(cmd.Context())
			objects, err := s.SchemaObjects(cmd.Context())
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "schema applied: %d constraints and indexes online\n", len(objects))
			return nil
		},
	})
	return cmd
}
