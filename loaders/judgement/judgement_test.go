package judgement

import (
	"strings"
	"testing"
)

func TestParseGood(t *testing.T) {
	src := `# reviewed
judgements:
  - records: [un-sc:CDi.007, us-ofac:11974]
    decision: same
    by: A. Reviewer
    on: 2024-10-01
    why: same name, nationality and birth district (Ituri)
  - records: [un-sc:QDi.001, us-ofac:1]
    decision: not-same
    by: A. Reviewer
    on: 2024-10-02
    why: different birth dates
`
	js, err := Parse("j.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(js) != 2 || !js[0].Same || js[1].Same || js[0].Records != [2]string{"un-sc:CDi.007", "us-ofac:11974"} {
		t.Fatalf("got %+v", js)
	}
	if js[0].Location != "j.yaml:3" || js[1].Location != "j.yaml:8" {
		t.Errorf("locations %q, %q", js[0].Location, js[1].Location)
	}
	if got := js[0].Key(); got != "same:un-sc:CDi.007+us-ofac:11974" {
		t.Errorf("Key = %q", got)
	}
	if !Sniff([]byte(src)) || Sniff([]byte("id: x\nentities: []\n")) {
		t.Error("Sniff")
	}
}

func TestParseReportsEveryProblemWithItsLine(t *testing.T) {
	src := `judgements:
  - records: [un-sc:CDi.007]
    decision: maybe
    by: A. Reviewer
    on: 1 Oct 2024
    why: x
  - records: [un-sc:CDi.007, us-ofac:11974]
    decision: undecided
    by: ""
    on: 2024-10-01
    why: y
    colour: red
  - records: [us-ofac:11974, un-sc:CDi.007]
    decision: same
    on: 2024-10-01
    why: z
`
	_, err := Parse("bad.yaml", []byte(src))
	if err == nil {
		t.Fatal("bad file parsed")
	}
	for _, want := range []string{
		"bad.yaml:2: records: want a list of two",
		`bad.yaml:3: decision: "maybe": want same or not-same`,
		`bad.yaml:5: on: "1 Oct 2024": want a date`,
		`bad.yaml:8: decision: "undecided"`,
		"bad.yaml:7: by: empty",
		"bad.yaml:12: colour: unknown field",
		"bad.yaml:13: by: missing",
		"bad.yaml:13: records us-ofac:11974 and un-sc:CDi.007 are judged already at bad.yaml:7",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("problems lack %q:\n%s", want, err)
		}
	}
}

// TestSeedJudgementsParse reads the reviewed judgements the project ships:
// each decides a pair of official record ids, says who decided, when and
// why, and no pair is decided twice.
func TestSeedJudgementsParse(t *testing.T) {
	js, err := ParseFile("../../seed/judgements/un-ofac.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := Validate(js); err != nil {
		t.Fatal(err)
	}
	same, notSame := 0, 0
	for _, j := range js {
		if j.Same {
			same++
		} else {
			notSame++
		}
		if !strings.HasPrefix(j.Records[0], "un-sc:") || !strings.HasPrefix(j.Records[1], "us-ofac:") || len(j.Why) < 80 {
			t.Errorf("%s: %+v: want a UN and an OFAC record and a reason citing both", j.Location, j)
		}
	}
	if same < 3 || notSame < 1 {
		t.Errorf("%d same and %d not-same judgements, want at least 3 and 1", same, notSame)
	}
	if js[0].Key() != "same:un-sc:CDi.007+us-ofac:11974" || !strings.Contains(js[0].Why, "Ituri") {
		t.Errorf("first judgement %+v, want LUBANGA with its reason", js[0])
	}
}
