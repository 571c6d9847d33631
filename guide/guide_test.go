package guide

import (
	"bytes"
	"html"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var runnablePre = regexp.MustCompile(`(?s)<pre class="code runnable">(.*?)</pre>`)

// runnables extracts what Browser puts in its editor when a code block of
// the rendered guide is clicked: the unescaped text of each runnable pre.
func runnables(t *testing.T, base string) []string {
	t.Helper()
	var b bytes.Buffer
	if err := Render(&b, base); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range runnablePre.FindAllStringSubmatch(b.String(), -1) {
		out = append(out, strings.TrimSpace(html.UnescapeString(m[1])))
	}
	return out
}

func TestRenderedGuideRunsTheTable(t *testing.T) {
	got := runnables(t, "http://127.0.0.1:8080")
	var want []string
	for _, s := range Slides {
		for _, q := range s.Queries {
			if q.Cypher == styleCommand {
				want = append(want, ":style http://127.0.0.1:8080/guide/style.grass")
				continue
			}
			want = append(want, q.Cypher)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("the rendered guide's runnable code differs from the table:\ngot  %q\nwant %q", got, want)
	}
}

func TestGuideMarkup(t *testing.T) {
	var b bytes.Buffer
	if err := Render(&b, "http://127.0.0.1:8080"); err != nil {
		t.Fatal(err)
	}
	doc := b.String()
	if !strings.HasPrefix(doc, `<article class="guide">`) || !strings.Contains(doc, `<carousel class="deck container-fluid">`) {
		t.Errorf("guide does not open with Browser's guide markup:\n%.200s", doc)
	}
	if n := strings.Count(doc, "<slide "); n != len(Slides) {
		t.Errorf("%d <slide> elements, want %d", n, len(Slides))
	}
	if strings.Contains(doc, "<script") {
		t.Error("guide contains a script, which Browser strips")
	}
}

func TestEveryDesignQuestionHasASlideWithQueries(t *testing.T) {
	seen := map[int]bool{}
	ids := map[string]bool{}
	for _, s := range Slides {
		if len(s.Queries) == 0 {
			t.Errorf("slide %q has no query", s.Title)
		}
		seen[s.Question] = true
		for _, q := range s.Queries {
			if q.ID == "" || ids[q.ID] {
				t.Errorf("slide %q: query id %q is empty or repeated", s.Title, q.ID)
			}
			ids[q.ID] = true
			if q.Reading == "" {
				t.Errorf("query %s says nothing on how to read its result", q.ID)
			}
		}
	}
	for question := 1; question <= 9; question++ {
		if !seen[question] {
			t.Errorf("DESIGN.md question %d has no slide", question)
		}
	}
}

// keyLookup finds patterns that look a node up by key, such as
// (e:Entity {name: 'MARIA'}): each must be declared in the query's Lookups
// so the plan test checks it uses an index.
var keyLookup = regexp.MustCompile(`\(\w*:(\w+)\s*\{\s*\w+\s*:`)

func TestKeyLookupsAreDeclared(t *testing.T) {
	for _, s := range Slides {
		for _, q := range s.Queries {
			for _, m := range keyLookup.FindAllStringSubmatch(q.Cypher, -1) {
				if !slices.Contains(q.Lookups, m[1]) {
					t.Errorf("query %s looks up %s by key but does not list it in Lookups", q.ID, m[1])
				}
			}
			if strings.Contains(q.Cypher, "db.index.fulltext") && !slices.Contains(q.Lookups, "fulltext") {
				t.Errorf("query %s uses the full-text index but does not list \"fulltext\" in Lookups", q.ID)
			}
		}
	}
}

// grassRule is one `selector { ... }` block of a Graph Style Sheet.
type grassRule struct {
	selector string
	props    map[string]string
}

// grassBlock matches a selector and its block; quoted values such as
// caption: "{name}" may hold braces.
var grassBlock = regexp.MustCompile(`([\w.]+)\s*\{((?:[^{}"]|"[^"]*")*)\}`)

func parseGrass(t *testing.T, src string) []grassRule {
	t.Helper()
	var rules []grassRule
	for _, m := range grassBlock.FindAllStringSubmatch(src, -1) {
		props := map[string]string{}
		for _, decl := range strings.Split(m[2], ";") {
			if strings.TrimSpace(decl) == "" {
				continue
			}
			name, value, ok := strings.Cut(decl, ":")
			if !ok {
				t.Fatalf("style rule %s: declaration %q has no colon", m[1], strings.TrimSpace(decl))
			}
			props[strings.TrimSpace(name)] = strings.Trim(strings.TrimSpace(value), `"`)
		}
		rules = append(rules, grassRule{selector: m[1], props: props})
	}
	return rules
}

func TestStyleCoversTheModel(t *testing.T) {
	rules := parseGrass(t, string(Style()))
	bySelector := map[string]grassRule{}
	for _, r := range rules {
		bySelector[r.selector] = r
	}
	for _, label := range []string{"Vessel", "Organization", "Person", "Aircraft", "Designation", "Authority", "Country", "Resolution", "Announcement", "Transfer", "Port"} {
		r, ok := bySelector["node."+label]
		if !ok {
			t.Errorf("style has no rule for :%s", label)
			continue
		}
		for _, prop := range []string{"color", "diameter", "caption"} {
			if r.props[prop] == "" {
				t.Errorf("style rule node.%s has no %s", label, prop)
			}
		}
	}
	if _, ok := bySelector["node.Entity"]; ok {
		// Every actor is also :Entity; a rule for it would compete with the
		// kind's rule.
		t.Error("style has a rule for node.Entity")
	}
	if got := bySelector["node.Designation"].props["caption"]; !strings.Contains(got, "{authorityId}") || !strings.Contains(got, "{program}") {
		t.Errorf("designation caption %q does not show the authority and the program", got)
	}
}
