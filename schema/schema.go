// Package schema holds armsgraph's contracts: the GraphQL SDL (*.graphqls)
// and the Neo4j constraints and indexes (neo4j.cypher).
package schema

import (
	_ "embed"
	"strings"
)

//go:embed neo4j.cypher
var neo4jCypher string

// Neo4jStatements returns the statements of neo4j.cypher, in file order,
// without comments.
func Neo4jStatements() []string {
	var b strings.Builder
	for _, line := range strings.Split(neo4jCypher, "\n") {
		if t := strings.TrimSpace(line); t == "" || strings.HasPrefix(t, "//") {
			continue
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	var stmts []string
	for _, s := range strings.Split(b.String(), ";") {
		if s = strings.TrimSpace(s); s != "" {
			stmts = append(stmts, s)
		}
	}
	return stmts
}

// Neo4jObjectNames returns the names of the constraints and indexes that
// neo4j.cypher creates.
func Neo4jObjectNames() []string {
	var names []string
	for _, stmt := range Neo4jStatements() {
		words := strings.Fields(stmt)
		for i, w := range words {
			if (w == "CONSTRAINT" || w == "INDEX") && i+1 < len(words) {
				names = append(names, words[i+1])
				break
			}
		}
	}
	return names
}
