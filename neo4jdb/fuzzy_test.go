package neo4jdb

import (
	"strings"
	"testing"
	"unicode"
)

func TestFuzzyLuceneQuery(t *testing.T) {
	for text, want := range map[string]string{
		"lady r":          "(lady) AND (r)",
		"Rosoboronexport": "(rosoboronexport OR rosoboronexport~2 OR rosoboroneksport OR rosoboroneksport~2)",
		"Khan":            "(khan OR han)",
		"Леди Р":          "(леди OR ledi) AND (р OR r)",
		"maria":           "(maria OR maria~1)",
		`name:* "x"`:      "(name) AND (x OR ks)",
		"MAIA1":           "(((maia) AND (1)) OR (maia1))",
		"Maia 1":          "(((maia) AND (1)) OR (maia1))",
		"TU-154M":         "(((tu) AND (154) AND (m)) OR ((tu) AND 154m) OR (tu154 AND (m)) OR (tu154m))",
		"":                "",
	} {
		if got := FuzzyLuceneQuery(text); got != want {
			t.Errorf("FuzzyLuceneQuery(%q) = %q, want %q", text, got, want)
		}
	}
}

func TestRelevance(t *testing.T) {
	for _, c := range []struct {
		text, name string
		want       float64
	}{
		{"maria", "MARIA", 1},
		{"Maria", "MARÍA", 1},
		{"maria", "MARIA ELENA", 0.5},
		{"Rosoboronexport", "ROSOBORONEKSPORT", 1},
		{"Рособоронэкспорт", "ROSOBORONEKSPORT", 1},
		{"khan", "HAN", 1},
		{"marie", "MARIA", 0.8},
		{"lady r", "LADY R", 1},
		{"lady", "", 0},
		{"MAIA1", "MAIA-1", 1},
		{"Maia 1", "MAIA-1", 1},
		{"M 23", "M23", 1},
	} {
		if got := Relevance(c.text, c.name); got != c.want {
			t.Errorf("Relevance(%q, %q) = %v, want %v", c.text, c.name, got, c.want)
		}
	}
}

func TestBestMatchPrefersTheAliasThatMatches(t *testing.T) {
	e := Entity{Name: "KOREA MINING DEVELOPMENT TRADING CORPORATION", Aliases: []string{"KOMID", "CHANGGWANG SINYONG CORPORATION"}}
	if matched, relevance := BestMatch("komid", e); matched != "KOMID" || relevance != 1 {
		t.Errorf("BestMatch(komid) = %q, %v; want KOMID, 1", matched, relevance)
	}
}

// FuzzFuzzyLuceneQuery: whatever the text, every alternative of the fuzzy
// query is a word of letters and digits, with at most the fuzzy marker
// ~1 or ~2 that the query adds itself.
func FuzzFuzzyLuceneQuery(f *testing.F) {
	for _, s := range []string{"Rosoboronexport", "Леди Р", `name:* AND (x OR "y")~2 \`, "ﬁ", "İ", "khan~1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		q := FuzzyLuceneQuery(text)
		if q == "" {
			return
		}
		for _, token := range strings.Fields(strings.NewReplacer("(", " ", ")", " ").Replace(q)) {
			if token == "AND" || token == "OR" {
				continue
			}
			word := strings.TrimSuffix(strings.TrimSuffix(token, "~1"), "~2")
			if word == "" {
				t.Fatalf("%q: empty alternative in %q", text, q)
			}
			for _, r := range word {
				if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
					t.Fatalf("%q: alternative %q has %q, which the query parser may read as syntax", text, token, r)
				}
			}
		}
		if strings.Count(q, "(") != strings.Count(q, ")") {
			t.Fatalf("%q: unbalanced parentheses in %q", text, q)
		}
	})
}
