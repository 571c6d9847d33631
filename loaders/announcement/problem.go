package announcement

import (
	"fmt"
	"sort"
	"strings"
)

// Problem is one thing wrong in an announcement file, with where it is.
type Problem struct {
	Path   string // the file
	Line   int    // 1-based
	Column int    // 1-based
	// Field is the path of the field inside the file, such as
	// entities[2].imoNumber; empty for a YAML syntax error.
	Field   string
	Message string
}

// String formats the problem as path:line:col: field: message, the form
// editors and CI logs link to the source.
func (p Problem) String() string {
	if p.Field == "" {
		return fmt.Sprintf("%s:%d:%d: %s", p.Path, p.Line, p.Column, p.Message)
	}
	return fmt.Sprintf("%s:%d:%d: %s: %s", p.Path, p.Line, p.Column, p.Field, p.Message)
}

// ValidationError is every problem found in one file. Parse returns it
// (as *ValidationError) whenever a file is rejected.
type ValidationError struct {
	Path     string
	Problems []Problem
}

// Error lists every problem, one per line.
func (e *ValidationError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// sortProblems orders problems as they appear in the file and drops exact
// repeats, which a value referred to twice could produce.
func sortProblems(problems []Problem) []Problem {
	sort.SliceStable(problems, func(i, j int) bool {
		if problems[i].Line != problems[j].Line {
			return problems[i].Line < problems[j].Line
		}
		return problems[i].Column < problems[j].Column
	})
	out := problems[:0]
	for i, p := range problems {
		if i > 0 && p == problems[i-1] {
			continue
		}
		out = append(out, p)
	}
	return out
}
