package identity

import (
	"slices"
	"strings"
	"testing"

	"github.com/armsgraph/armsgraph/record"
)

func TestNameKeyFoldsCaseAccentsPunctuationAndOrder(t *testing.T) {
	for _, pair := range [][2]string{
		{"MKRTYCHEV, Ashot", "Ashot  Mkrtýchev"},
		{"LUBANGA, Thomas", "THOMAS LUBANGA"},
		{"MAIA1", "MAIA-1"},
		{"Maia 1", "MAIA-1"},
		{"MACHANGA LTD", "MACHANGA LTD."},
		{"Лубанга Томас", "Lubanga, Tomas"},
		{"Straße Øresund", "strasse oresund"},
	} {
		if a, b := NameKey(pair[0]), NameKey(pair[1]); a != b {
			t.Errorf("NameKey(%q) = %q, NameKey(%q) = %q; want equal", pair[0], a, pair[1], b)
		}
	}
	if got := Fold("KIM Jong Un"); got != "kim jong un" {
		t.Errorf("Fold keeps word order: got %q", got)
	}
	// Hangul and kana come out as Latin letters (unidecode's romanisation).
	for _, s := range []string{"김정은", "キム・ジョンウン"} {
		for _, r := range Fold(s) {
			if (r < 'a' || r > 'z') && r != ' ' {
				t.Errorf("Fold(%q) = %q: not Latin", s, Fold(s))
				break
			}
		}
	}
}

func TestKeys(t *testing.T) {
	e := record.Entity{
		Kind: record.Person, Name: "GAZARYAN, Rafael Anatolyevich",
		SourceRecordIDs: []string{"us-ofac:48986"},
		BirthDates:      []string{"1954-10-02", "1954"},
		Identifiers: []record.Identifier{
			{Type: record.IDPassport, Value: "6102814100", Country: "RU"},
			{Type: record.IDTax, Value: "622800585633"},
		},
	}
	want := []record.Key{"src:us-ofac:48986", "passport:RU:6102814100", "name-dob:anatolyevich gazaryan rafael|1954-10-02"}
	if got := Keys(e); !slices.Equal(got, want) {
		t.Errorf("Keys = %q, want %q", got, want)
	}
	v := record.Entity{Kind: record.Vessel, IMONumber: "9358010", Name: "MAIA-1"}
	if got := Keys(v); !slices.Equal(got, []record.Key{"imo:9358010"}) {
		t.Errorf("vessel keys = %q", got)
	}
	if got := StableID(v, "any"); got != "imo-9358010" {
		t.Errorf("StableID(vessel) = %q", got)
	}
	if got := StableID(record.Entity{SourceRecordIDs: []string{"un-sc:CDi.007"}}, "x"); got != "un-sc-cdi-007" {
		t.Errorf("StableID(UN record) = %q", got)
	}
}

func person(id, name string, dobs ...string) Profile {
	return Profile{ID: id, Kind: record.Person, Names: []string{name}, BirthDates: dobs}
}

// UN CDi.007 and OFAC 11974 as the 2024 lists state them: no shared key,
// but name, nationality and birth place agree.
var (
	unLubanga = Profile{ID: "un-sc:CDi.007", Kind: record.Person, Names: []string{"THOMAS LUBANGA"},
		BirthPlaces: []string{"Ituri, CD"}, Nationalities: []string{"CD"}, Countries: []string{"CD"}}
	ofacLubanga = Profile{ID: "us-ofac:11974", Kind: record.Person, Names: []string{"LUBANGA, Thomas"},
		BirthDates:    []string{"1960-12-29"},
		BirthPlaces:   []string{"Djiba, Utcha Sector, Djugu Territory, Ituri District, Orientale Province, DRC"},
		Nationalities: []string{"CD"}}
)

func TestCompareLubangaIsACandidate(t *testing.T) {
	s := Compare(unLubanga, ofacLubanga)
	if s.Value < Threshold {
		t.Fatalf("LUBANGA scores %.3f < %.2f: %v", s.Value, Threshold, s.Features)
	}
	for _, want := range []string{"name", "nationality", "birth place"} {
		if !slices.ContainsFunc(s.Features, func(f Feature) bool { return f.Name == want && f.Weight > 0 }) {
			t.Errorf("no positive %q feature in %v", want, s.Features)
		}
	}
}

func TestCompareNameAloneIsBelowThreshold(t *testing.T) {
	s := Compare(person("a", "LUBANGA, Thomas"), person("b", "THOMAS LUBANGA"))
	if s.Value >= Threshold {
		t.Errorf("a name alone scores %.3f >= %.2f: %v", s.Value, Threshold, s.Features)
	}
	if s.Value != NameWeight {
		t.Errorf("an exact name in another order scores %.3f, want %.2f", s.Value, NameWeight)
	}
}

func TestCompareSameNameDifferentBirthDatesNeverMatch(t *testing.T) {
	for _, dobs := range [][2][]string{
		{{"1970-01-01"}, {"1970-05-05"}},
		{{"1970-01-01"}, {"1971-01-01"}},
		{{"1970"}, {"1975-03-02"}},
	} {
		a := person("a", "KIM Chol", dobs[0]...)
		b := person("b", "Chol KIM", dobs[1]...)
		// Every other feature agrees.
		for _, p := range []*Profile{&a, &b} {
			p.Nationalities = []string{"KP"}
			p.Countries = []string{"KP"}
			p.BirthPlaces = []string{"Pyongyang"}
			p.Addresses = []string{"Pyongyang"}
		}
		if s := Compare(a, b); s.Value >= Threshold {
			t.Errorf("%v vs %v scores %.3f: %v", dobs[0], dobs[1], s.Value, s.Features)
		}
	}
}

func TestCompareNameAndBirthDate(t *testing.T) {
	full := Compare(person("a", "LUBANGA, Thomas", "1960-12-29"), person("b", "Thomas Lubanga", "1960-12-29"))
	year := Compare(person("a", "LUBANGA, Thomas", "1960-12-29"), person("b", "Thomas Lubanga", "1960"))
	if full.Value < Threshold || year.Value >= full.Value {
		t.Errorf("full date %.3f, year only %.3f", full.Value, year.Value)
	}
}

func TestCompareIdentifiersAndIMO(t *testing.T) {
	a := Profile{ID: "a", Kind: record.Organization, Names: []string{"Korea Ryonha Machinery Joint Venture Corporation"},
		Identifiers: []record.Identifier{{Type: record.IDRegistration, Value: "HE 131171", Country: "CY"}}}
	b := a
	b.ID, b.Names = "b", []string{"KOREA RYONHA MACHINERY JOINT VENTURE CORP"}
	b.Identifiers = []record.Identifier{{Type: record.IDRegistration, Value: "HE131171", Country: "CY"}}
	if s := Compare(a, b); s.Value < Threshold {
		t.Errorf("same registration number scores %.3f: %v", s.Value, s.Features)
	}
	b.Identifiers = []record.Identifier{{Type: record.IDRegistration, Value: "HE999999", Country: "CY"}}
	if s := Compare(a, b); s.Value >= NameWeight {
		t.Errorf("conflicting registration numbers score %.3f: %v", s.Value, s.Features)
	}
	v := Profile{ID: "v", Kind: record.Vessel, Names: []string{"MAIA-1"}, IMONumber: "9358010"}
	w := Profile{ID: "w", Kind: record.Vessel, Names: []string{"Maia 1"}, IMONumber: "9358010"}
	if s := Compare(v, w); s.Value < Threshold {
		t.Errorf("same IMO scores %.3f", s.Value)
	}
	w.IMONumber = "9161003"
	if s := Compare(v, w); s.Value > 0 {
		t.Errorf("different IMO numbers score %.3f", s.Value)
	}
	if s := Compare(v, person("p", "MAIA-1")); s.Value != 0 {
		t.Errorf("different kinds score %.3f", s.Value)
	}
}

func TestNameSimilarity(t *testing.T) {
	for _, c := range []struct {
		a, b string
		min  float64
		max  float64
	}{
		{"THOMAS LUBANGA", "LUBANGA, Thomas", 1, 1},
		{"MAIA1", "MAIA-1", 1, 1},
		{"THOMAS LUBANGA", "LUBANGA DYILO, Thomas", 0.85, 0.95},
		{"M23", "M24", 0, 0.6},
		{"Mohammed Ali", "Mohamed ALI", 0.9, 1},
		{"Ivan PETROV", "Sergei PETROV", 0, 0.6},
	} {
		sim, _, _ := NameSimilarity([]string{c.a}, []string{c.b})
		if sim < c.min || sim > c.max {
			t.Errorf("NameSimilarity(%q, %q) = %.3f, want in [%.2f, %.2f]", c.a, c.b, sim, c.min, c.max)
		}
	}
}

func TestCandidatesBestFirstAndSkip(t *testing.T) {
	left := []Profile{unLubanga, person("un-x", "Ivan PETROV", "1970-01-01")}
	right := []Profile{ofacLubanga, person("ofac-y", "PETROV, Ivan", "1970-01-01"), person("ofac-z", "PETROV, Ivan", "1980-01-01")}
	got := Candidates(left, right, Threshold, nil)
	var ids []string
	for _, c := range got {
		ids = append(ids, c.Left.ID+"~"+c.Right.ID)
	}
	want := []string{"un-x~ofac-y", "un-sc:CDi.007~us-ofac:11974"}
	if !slices.Equal(ids, want) {
		t.Errorf("Candidates = %v, want %v", ids, want)
	}
	got = Candidates(left, right, Threshold, func(a, b Profile) bool { return strings.HasPrefix(b.ID, "us-ofac") })
	if len(got) != 1 {
		t.Errorf("skip left %d candidates, want 1", len(got))
	}
}

// TestProgramAreaAndWeakAliases: an organisation's exact name with
// listings under one sanctions regime on both lists (UN DPRK, OFAC DPRK4:
// UN KPe.056 and OFAC 23705 CHONMYONG SHIPPING CO) reaches Threshold; the
// name alone, or with listings of different regimes, does not. A name that
// agrees only through a weak alias (UN QDi.237's low-quality "Abu
// Muhammad", also OFAC 16498's weak a.k.a.) weighs half.
func TestProgramAreaAndWeakAliases(t *testing.T) {
	org := func(id string, programs ...string) Profile {
		return Profile{ID: id, Kind: record.Organization, Names: []string{"CHONMYONG SHIPPING CO"}, Programs: programs}
	}
	for _, c := range []struct {
		a, b  Profile
		match bool
	}{
		{org("un", "DPRK"), org("ofac", "DPRK4"), true},
		{org("un"), org("ofac"), false},
		{org("un", "DPRK"), org("ofac", "IRAN"), false},
		{org("un", "DRC"), org("ofac", "DRCONGO"), true},
	} {
		if s := Compare(c.a, c.b); (s.Value >= Threshold) != c.match {
			t.Errorf("%v ~ %v: %v %v, want match %v", c.a.Programs, c.b.Programs, s.Value, s.Features, c.match)
		}
	}
	a := Profile{ID: "a", Kind: record.Person, Names: []string{"JABER ABDALLAH JABER AHMAD AL-JALAHMAH"}, WeakNames: []string{"Abu Muhammad"}}
	b := Profile{ID: "b", Kind: record.Person, Names: []string{"AL-QADULI, Abd Al-Rahman Muhammad Mustafa"}, WeakNames: []string{"ABU MUHAMMAD"}}
	s := Compare(a, b)
	if len(s.Features) == 0 || s.Features[0].Weight != NameWeight*WeakNameFactor || !strings.Contains(s.Features[0].Note, "weak alias") {
		t.Errorf("weak aliases alike: %v, want name %+.2f through a weak alias", s.Features, NameWeight*WeakNameFactor)
	}
}

// TestKanaInHepburn reads names as the Japanese MOF asset-freeze list of
// 2026-03-05 writes them in katakana (日本語表記), beside its English
// names (英語表記): the Hepburn words are those of the English name where
// the katakana renders a Korean or English word, words apart at ・.
func TestKanaInHepburn(t *testing.T) {
	for kana, want := range map[string]string{
		"ユン・ホジン":           "yun hojin",               // Yun Ho-jin
		"リ・ジェソン":           "ri jeson",                // Ri Je-son
		"ペク・チャンホ":          "peku chanho",             // PAEK CHANG-HO
		"タンチョン・コマーシャル・バンク": "tanchon komasharu banku", // Tanchon Commercial Bank
		"コリア・クァンソン・トレーディング・コーポレーション": "koria kwanson toredingu koporeshon", // KOREA KWANGSONG TRADING CORPORATION
		"ホン・コン・エレクトロニクス":             "hon kon erekutoronikusu",            // HONG KONG ELECTRONICS
		"ディー・シー・ビー・ファイナンス・リミテッド":     "di shi bi fainansu rimiteddo",       // DCB Finance Limited
		"デドン・クレジット・バンク":              "dedon kurejitto banku",              // DAEDONG CREDIT BANK
	} {
		if got := Fold(kana); got != want {
			t.Errorf("Fold(%q) = %q, want %q", kana, got, want)
		}
	}
}
