package neo4jdb

import "testing"

func TestParseIdentifier(t *testing.T) {
	cases := []struct {
		text string
		want Identifier
	}{
		{"tax: 2540195189 (RU)", Identifier{Type: "tax", Value: "2540195189", CountryCode: "RU"}},
		{"company-imo: 5344160", Identifier{Type: "company-imo", Value: "5344160"}},
		{"passport: 563410192 (KP) issued 2018", Identifier{Type: "passport", Value: "563410192 (KP) issued 2018"}},
		{"no type here", Identifier{Type: "unknown", Value: "no type here"}},
		{"registration: a: b (GB)", Identifier{Type: "registration", Value: "a: b", CountryCode: "GB"}},
	}
	for _, c := range cases {
		if got := ParseIdentifier(c.text); got != c.want {
			t.Errorf("ParseIdentifier(%q) = %+v, want %+v", c.text, got, c.want)
		}
	}
}

func TestParseAddress(t *testing.T) {
	cases := []struct {
		text string
		want Address
	}{
		{"Ul. Dinmukhamed Konaev 12/1, Sultan, KZ", Address{Text: "Ul. Dinmukhamed Konaev 12/1, Sultan", CountryCode: "KZ"}},
		{"Nicosia", Address{Text: "Nicosia"}},
		{"Office 4, Nicosia 1060", Address{Text: "Office 4, Nicosia 1060"}},
		{"Office 4, Nicosia, Cy", Address{Text: "Office 4, Nicosia, Cy"}},
		{"Building 12, 4B", Address{Text: "Building 12, 4B"}},
	}
	for _, c := range cases {
		if got := ParseAddress(c.text); got != c.want {
			t.Errorf("ParseAddress(%q) = %+v, want %+v", c.text, got, c.want)
		}
	}
}
