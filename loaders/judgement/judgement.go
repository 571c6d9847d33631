// Package judgement reads reviewed identity decisions: YAML files of pairs
// of records that are, or are not, the same actor (seed/judgements/).
//
//	judgements:
//	  - records: [un-sc:CDi.007, us-ofac:11974]
//	    decision: same          # or not-same
//	    by: A. Reviewer
//	    on: 2024-10-01
//	    why: same name, nationality and birth district (Ituri)
//
// Every problem of a file is reported at once, each with file:line; a file
// with any problem gives no judgement at all.
package judgement

import (
	"bytes"
	"fmt"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"

	"github.com/armsgraph/armsgraph/identity"
)

// Sniff reports whether a YAML file's first key is "judgements".
func Sniff(head []byte) bool {
	for _, line := range bytes.Split(head, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		return bytes.HasPrefix(line, []byte("judgements:"))
	}
	return false
}

// Problems are every problem of one or more files, one per line.
type Problems []string

func (p Problems) Error() string { return strings.Join(p, "\n") }

// recordID is an official record id ("un-sc:CDi.007") or a graph id.
var recordID = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._:/-]*$`)

// ParseFile reads one judgements file.
func ParseFile(path string) ([]identity.Judgement, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, src)
}

// Parse reads the judgements of one file; path names it in problems.
func Parse(path string, src []byte) ([]identity.Judgement, error) {
	var problems Problems
	at := func(line int, format string, args ...any) {
		problems = append(problems, fmt.Sprintf("%s:%d: %s", path, line, fmt.Sprintf(format, args...)))
	}
	file, err := parser.ParseBytes(src, 0)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var items *ast.SequenceNode
	if len(file.Docs) == 1 {
		if top, ok := mappingValues(file.Docs[0].Body); ok && len(top) == 1 && keyOf(top[0]) == "judgements" {
			items, _ = top[0].Value.(*ast.SequenceNode)
		}
	}
	if items == nil {
		return nil, Problems{fmt.Sprintf("%s:1: want one document whose only key is judgements, a list", path)}
	}
	var out []identity.Judgement
	seen := map[string]string{}
	for _, item := range items.Values {
		line := lineOf(item)
		fields, ok := mappingValues(item)
		if !ok {
			at(line, "a judgement is a mapping of records, decision, by, on and why")
			continue
		}
		j := identity.Judgement{Location: fmt.Sprintf("%s:%d", path, line)}
		got := map[string]bool{}
		decision := ""
		for _, f := range fields {
			key, fline := keyOf(f), lineOf(f)
			got[key] = true
			switch key {
			case "records":
				seq, ok := f.Value.(*ast.SequenceNode)
				if !ok || len(seq.Values) != 2 {
					at(fline, "records: want a list of two record ids, such as [un-sc:CDi.007, us-ofac:11974]")
					continue
				}
				for i, v := range seq.Values {
					j.Records[i] = scalar(v)
					if !recordID.MatchString(j.Records[i]) {
						at(lineOf(v), "records: %q is not a record id (un-sc:CDi.007, us-ofac:11974 or a graph id)", j.Records[i])
					}
				}
				if j.Records[0] == j.Records[1] {
					at(fline, "records: the two records are the same id %q", j.Records[0])
				}
			case "decision":
				decision = scalar(f.Value)
				switch decision {
				case "same":
					j.Same = true
				case "not-same":
				default:
					at(fline, "decision: %q: want same or not-same", decision)
				}
			case "by":
				j.By = scalar(f.Value)
			case "on":
				j.On = scalar(f.Value)
				if _, err := time.Parse(time.DateOnly, j.On); err != nil {
					at(fline, "on: %q: want a date YYYY-MM-DD", j.On)
				}
			case "why":
				j.Why = scalar(f.Value)
			case "score", "evidence":
				// what xref proposed, kept for the reviewer's reference
			default:
				at(fline, "%s: unknown field (want records, decision, by, on, why)", key)
			}
		}
		for _, want := range []string{"records", "decision", "by", "on", "why"} {
			if !got[want] {
				at(line, "%s: missing", want)
			}
		}
		for _, f := range []struct{ name, v string }{{"by", j.By}, {"why", j.Why}} {
			if got[f.name] && strings.TrimSpace(f.v) == "" {
				at(line, "%s: empty", f.name)
			}
		}
		if j.Records[0] != "" && j.Records[1] != "" {
			pair := identity.Judgement{Records: j.Records}.Key()
			if first, dup := seen[pair]; dup {
				at(line, "records %s and %s are judged already at %s", j.Records[0], j.Records[1], first)
			}
			seen[pair] = j.Location
		}
		out = append(out, j)
	}
	if len(problems) > 0 {
		return nil, problems
	}
	return out, nil
}

// Validate reports judgements of different files that decide one pair.
func Validate(all []identity.Judgement) error {
	var problems Problems
	seen := map[string]string{}
	for _, j := range all {
		pair := identity.Judgement{Records: j.Records}.Key()
		if first, dup := seen[pair]; dup {
			problems = append(problems, fmt.Sprintf("%s: records %s and %s are judged already at %s", j.Location, j.Records[0], j.Records[1], first))
		}
		seen[pair] = j.Location
	}
	if len(problems) > 0 {
		return problems
	}
	return nil
}

func mappingValues(n ast.Node) ([]*ast.MappingValueNode, bool) {
	switch m := n.(type) {
	case *ast.MappingNode:
		return m.Values, true
	case *ast.MappingValueNode:
		return []*ast.MappingValueNode{m}, true
	}
	return nil, false
}

func keyOf(f *ast.MappingValueNode) string { return scalar(f.Key) }

func scalar(n ast.Node) string {
	if n == nil {
		return ""
	}
	if s, ok := n.(*ast.StringNode); ok {
		return s.Value
	}
	// a long reason written as a block (why: >- or why: |)
	if l, ok := n.(*ast.LiteralNode); ok && l.Value != nil {
		return l.Value.Value
	}
	if _, ok := n.(*ast.NullNode); ok {
		return ""
	}
	if tk := n.GetToken(); tk != nil {
		return tk.Value
	}
	return ""
}

func lineOf(n ast.Node) int {
	if f, ok := n.(*ast.MappingValueNode); ok {
		n = f.Key
	}
	if m, ok := n.(*ast.MappingNode); ok && len(m.Values) > 0 {
		n = m.Values[0].Key
	}
	if tk := n.GetToken(); tk != nil && tk.Position != nil {
		return tk.Position.Line
	}
	return 1
}
