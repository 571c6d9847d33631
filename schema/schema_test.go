package schema

import (
	"strings"
	"testing"
)

func TestNeo4jStatementsAreIdempotent(t *testing.T) {
	stmts := Neo4jStatements()
	if len(stmts) < 10 {
		t.Fatalf("got %d statements, want the constraints and indexes of the model", len(stmts))
	}
	for _, s := range stmts {
		if !strings.Contains(s, "IF NOT EXISTS") {
			t.Errorf("statement is not idempotent: %s", s)
		}
		if strings.Contains(s, "//") {
			t.Errorf("comment left in statement: %s", s)
		}
	}
}
