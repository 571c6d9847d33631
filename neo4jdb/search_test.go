package neo4jdb

import (
	"strings"
	"testing"
	"unicode"
)

func TestLuceneQuery(t *testing.T) {
	for text, want := range map[string]string{
		"lady r":           "(lady) AND (r)",
		"LADY R":           "(lady) AND (r)",
		"Леди Р":           "(леди OR ledi OR ledi~2) AND (р OR r)",
		"MAIA-1":           "(maia) AND (1)",
		"name:*":           "(name)",
		"a AND b":          "(a) AND (and) AND (b)",
		`"}) MATCH (n) //`: "(match) AND (n)",
		`( " * ~ \ / ^`:    "",
		"":                 "",
		"Шушкевич":         "(шушкевич OR shushkevich OR shushkevich~2)",
	} {
		if got := LuceneQuery(text); got != want {
			t.Errorf("LuceneQuery(%q) = %q, want %q", text, got, want)
		}
	}
}

// FuzzLuceneQuery: whatever the text, the query holds only words of
// letters and digits, the operators and parentheses it adds itself, and
// the fuzzy marker ~2.
func FuzzLuceneQuery(f *testing.F) {
	for _, s := range []string{"lady r", "Леди Р", `name:* AND (x OR "y")~2 \`, "ﬁ", "İ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		q := LuceneQuery(text)
		if q == "" {
			return
		}
		for _, clause := range strings.Split(q, " AND ") {
			if !strings.HasPrefix(clause, "(") || !strings.HasSuffix(clause, ")") {
				t.Fatalf("%q: clause %q is not parenthesised", text, clause)
			}
			for _, alt := range strings.Split(clause[1:len(clause)-1], " OR ") {
				word := strings.TrimSuffix(alt, "~2")
				if word == "" {
					t.Fatalf("%q: empty alternative in %q", text, q)
				}
				for _, r := range word {
					if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
						t.Fatalf("%q: alternative %q has %q, which the query parser may read as syntax", text, alt, r)
					}
				}
			}
		}
	})
}
