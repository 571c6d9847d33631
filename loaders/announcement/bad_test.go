package announcement

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// badFile is one file of testdata/bad: each holds exactly one problem.
type badFile struct {
	name     string // file name without .yaml
	line     int
	field    string
	fragment string // a part of the message
	// schemaRejects says whether the published JSON Schema catches the
	// problem too; rules that need the reference data or span fields
	// (check digits, references, calendar dates) are the parser's alone.
	schemaRejects bool
}

var badFiles = []badFile{
	{"syntax-error", 16, "", "YAML syntax error", true},
	{"unknown-field", 11, "entities[0].imonumber", `unknown field "imonumber" (did you mean "imoNumber"?)`, true},
	{"wrong-type-string-for-list", 15, "entities[1].addresses", "expected a list, got a string", true},
	{"wrong-type-number-for-date", 5, "announcement.publishedOn", "expected a string, got the number 20240524", true},
	{"wrong-type-unquoted-imo", 11, "entities[0].imoNumber", `got the number 9358010 (quote it: "9358010")`, true},
	{"wrong-type-scalar-for-mapping", 7, "announcement.stated", "expected a mapping, got the number 9", true},
	{"missing-announcement-id", 2, "announcement.id", `missing required field "id"`, true},
	{"missing-authority", 2, "announcement.authority", `missing required field "authority"`, true},
	{"missing-published-on", 2, "announcement.publishedOn", `missing required field "publishedOn"`, true},
	{"missing-title", 2, "announcement.title", `missing required field "title"`, true},
	{"missing-entity-id", 12, "entities[1].id", `missing required field "id"`, true},
	{"missing-entity-kind", 12, "entities[1].kind", `missing required field "kind"`, true},
	{"missing-entity-name", 12, "entities[1].name", `missing required field "name"`, true},
	{"missing-designation-target", 16, "designations[0].target", `missing required field "target"`, true},
	{"empty-required-value", 14, "entities[1].name", "required field has no value", true},
	{"invalid-id", 12, "entities[1].id", `"Transmorflot LLC" is not a valid id`, true},
	{"imo-check-digit", 11, "entities[0].imoNumber", `"9358011" fails the IMO check digit (expected 0)`, false},
	{"company-imo-check-digit", 15, "entities[1].identifiers[0].value", `"6016989" fails the company IMO check digit (expected 8)`, false},
	{"impossible-date-day", 5, "announcement.publishedOn", `"2024-02-30" is not a calendar date (day out of range)`, false},
	{"impossible-date-month", 17, "designations[0].listedOn", `"2024-13-01" is not a calendar date (month out of range)`, false},
	{"date-bad-format", 17, "designations[0].listedOn", `"24/05/2024" is not a date in the form YYYY-MM-DD`, true},
	{"delisted-before-listed", 18, "designations[0].delistedOn", "delistedOn 2024-05-01 is before listedOn 2024-05-24", false},
	{"unknown-country", 15, "entities[1].country", `unknown country code "XX"`, false},
	{"unknown-authority", 4, "announcement.authority", `unknown authority "kr-mof"`, true},
	{"unknown-resolution", 17, "designations[0].resolutions[1]", "unknown resolution number 9999", false},
	{"unknown-measure", 17, "designations[0].measures[1]", `unknown measure "seizure"`, true},
	{"unknown-relationship-type", 18, "relationships[0].type", `unknown relationship type "controls"`, true},
	{"unknown-entity-kind", 13, "entities[1].kind", `unknown entity kind "company"`, true},
	{"dangling-designation-target", 16, "designations[0].target", `no entity with id "maia-2"`, false},
	{"dangling-relationship-from", 18, "relationships[0].from", `no entity with id "m-leasing-llc"`, false},
	{"dangling-relationship-to", 18, "relationships[0].to", `no entity with id "lady-r"`, false},
	{"dangling-transfer-vessel", 21, "transfers[0].vessel", `no entity with id "lady-r"`, false},
	{"dangling-transfer-port", 21, "transfers[0].to", `no port with id "port-dunai"`, false},
	{"dangling-transfer-party", 23, "transfers[0].parties[0].entity", `no entity with id "transmorflot"`, false},
	{"transfer-vessel-not-vessel", 21, "transfers[0].vessel", `entity "transmorflot-llc" is an organization, not a vessel`, false},
	{"duplicate-entity-id", 12, "entities[1].id", `duplicate entity id "maia-1" (first defined at line 8)`, false},
	{"conflicting-imo", 18, "entities[2].imoNumber", `IMO number "9358010" is also given to entity "maia-1" at line 11: the same entity twice with conflicting identifiers`, false},
	{"conflicting-source-record-id", 16, "entities[1].sourceRecordIds[0]", `source record id "us-ofac:37098" is also given to entity "maia-1" at line 12`, false},
	{"imo-on-non-vessel", 15, "entities[1].imoNumber", "imoNumber is only for vessels; this entity is an organization", false},
	{"stated-count-too-low", 7, "announcement.stated.vessels", "states 0 vessels but the file designates 1", false},
	{"self-relationship", 18, "relationships[0].to", `relationship from entity "transmorflot-llc" to itself`, false},
	{"empty-file", 1, "", "empty file", true},
	{"yaml-alias", 19, "designations[1].program", "YAML aliases (*name) are not supported", false},
	{"second-document", 18, "", "a second YAML document", false},
	{"unknown-source-record-authority", 12, "entities[0].sourceRecordIds[0]", `unknown authority "ofac" in source record id "ofac:37098"`, false},
	{"invalid-url", 17, "designations[0].sources[0]", `"www.example.org/page" is not an absolute http or https address`, true},
}

func TestBadFiles(t *testing.T) {
	for _, bf := range badFiles {
		t.Run(bf.name, func(t *testing.T) {
			path := filepath.Join("testdata", "bad", bf.name+".yaml")
			doc, err := ParseFile(path, testRef(t))
			if err == nil {
				t.Fatalf("parsed without error: %+v", doc.Source)
			}
			if doc != nil {
				t.Error("a rejected file also returned a document")
			}
			problems := problemsOf(t, err)
			if len(problems) != 1 {
				t.Fatalf("%d problems, want exactly 1:\n%v", len(problems), err)
			}
			p := problems[0]
			if p.Path != path || p.Line != bf.line || p.Field != bf.field || !strings.Contains(p.Message, bf.fragment) || p.Column < 1 {
				t.Errorf("got  %s\nwant %s:%d:_: %s: ...%s...", p, path, bf.line, bf.field, bf.fragment)
			}
		})
	}
}

// TestBadCorpusIsComplete keeps the table and the folder in step: a file
// added without an expectation, or an expectation without its file, fails.
func TestBadCorpusIsComplete(t *testing.T) {
	files, err := yamlFiles(filepath.Join("testdata", "bad"))
	if err != nil {
		t.Fatal(err)
	}
	inTable := make(map[string]bool)
	for _, bf := range badFiles {
		inTable[bf.name] = true
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".yaml")
		if !inTable[name] {
			t.Errorf("%s has no expectation in badFiles", f)
		}
		delete(inTable, name)
	}
	for name := range inTable {
		t.Errorf("badFiles expects testdata/bad/%s.yaml, which does not exist", name)
	}
	if len(files) < 24 {
		t.Errorf("%d bad files, want at least 24", len(files))
	}
}

func TestEveryProblemReportedAtOnce(t *testing.T) {
	path := filepath.Join("testdata", "several-problems.yaml")
	_, err := ParseFile(path, testRef(t))
	problems := problemsOf(t, err)
	want := []struct {
		line     int
		field    string
		fragment string
	}{
		{5, "announcement.publishedOn", "is not a calendar date"},
		{6, "announcement.title", "required field has no value"},
		{7, "announcement.colour", "unknown field"},
		{12, "entities[0].imoNumber", "fails the IMO check digit (expected 3)"},
		{13, "entities[0].flags[0].country", `unknown country code "SU"`},
		{14, "entities[1].id", "duplicate entity id"},
		{15, "entities[1].kind", "unknown entity kind"},
		{17, "entities[2].name", "missing required field"},
		{17, "entities[2].id", "is not a valid id"},
		{20, "designations[0].target", `no entity with id "maia-1"`},
		{21, "designations[0].measures", "expected a list"},
		{23, "relationships[0].to", "to itself"},
		{25, "transfers[0].vessel", `missing required field "vessel"`},
	}
	if len(problems) != len(want) {
		t.Errorf("%d problems, want %d:\n%v", len(problems), len(want), err)
	}
	for i, w := range want {
		if i >= len(problems) {
			break
		}
		p := problems[i]
		if p.Line != w.line || p.Field != w.field || !strings.Contains(p.Message, w.fragment) {
			t.Errorf("problem %d = %s\nwant line %d, field %s, message containing %q", i, p, w.line, w.field, w.fragment)
		}
	}
}

func TestProblemFormat(t *testing.T) {
	p := Problem{Path: "seed/announcements/x.yaml", Line: 14, Column: 17, Field: "entities[2].imoNumber", Message: `"9358011" fails the IMO check digit (expected 0)`}
	if got, want := p.String(), `seed/announcements/x.yaml:14:17: entities[2].imoNumber: "9358011" fails the IMO check digit (expected 0)`; got != want {
		t.Errorf("String() = %s\nwant       %s", got, want)
	}
	syntax := Problem{Path: "x.yaml", Line: 3, Column: 1, Message: "YAML syntax error: oops"}
	if got := syntax.String(); got != "x.yaml:3:1: YAML syntax error: oops" {
		t.Errorf("String() without field = %s", got)
	}
	err := &ValidationError{Path: "x.yaml", Problems: []Problem{syntax, p}}
	if lines := strings.Split(err.Error(), "\n"); len(lines) != 2 || lines[0] != syntax.String() || lines[1] != p.String() {
		t.Errorf("Error() = %q", err.Error())
	}
}

func TestParseFileMissing(t *testing.T) {
	if _, err := ParseFile(filepath.Join("testdata", "no-such-file.yaml"), testRef(t)); !os.IsNotExist(err) {
		t.Errorf("err = %v, want a not-exist error", err)
	}
}
