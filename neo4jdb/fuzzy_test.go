package neo4jdb

import "testing"

func TestFuzzyLuceneQuery(t *testing.T) {
	for text, want := range map[string]string{
		"lady r":          "(lady) AND (r)",
		"Rosoboronexport": "(rosoboronexport OR rosoboronexport~2 OR rosoboroneksport OR rosoboroneksport~2)",
		"Khan":            "(khan OR han)",
		"Леди Р":          "(леди OR ledi) AND (р OR r)",
		"maria":           "(maria OR maria~1)",
		`name:* "x"`:      "(name) AND (x OR ks)",
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
