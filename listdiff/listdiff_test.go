package listdiff

import (
	"encoding/csv"
	"errors"
	"io"
	"os"
	"reflect"
	"testing"

	"github.com/armsgraph/armsgraph/internal/realdata"
	"github.com/armsgraph/armsgraph/loaders/ofac"
	"github.com/armsgraph/armsgraph/record"
)

func entry(ref, name string, programs ...string) record.Entry {
	return record.Entry{
		Entity:       record.Entity{Ref: ref, Kind: record.Vessel, Name: name},
		Designations: []record.Designation{{AuthorityID: "us-ofac", TargetRef: ref, Programs: programs}},
	}
}

func TestCompare(t *testing.T) {
	from := []record.Entry{entry("us-ofac:1", "ANGARA", "RUSSIA-EO14024"), entry("us-ofac:2", "MARIA", "RUSSIA-EO14024"), entry("us-ofac:3", "OLD", "DPRK")}
	renamed := entry("us-ofac:2", "MARIA 2", "RUSSIA-EO14024", "DPRK3")
	to := []record.Entry{entry("us-ofac:1", "ANGARA", "RUSSIA-EO14024"), renamed, entry("us-ofac:4", "LADY R", "RUSSIA-EO14024")}
	changes, sum, err := Compare(from, to)
	if err != nil {
		t.Fatal(err)
	}
	if sum != (Summary{Added: 1, Delisted: 1, Changed: 1, Unchanged: 1}) {
		t.Errorf("summary = %+v", sum)
	}
	if len(changes) != 3 {
		t.Fatalf("changes = %+v", changes)
	}
	if c := changes[0]; c.Op != Changed || c.Ref != "us-ofac:2" || !reflect.DeepEqual(c.Fields, []FieldChange{
		{Field: "name", From: "MARIA", To: "MARIA 2"},
		{Field: "programs", From: "RUSSIA-EO14024", To: "DPRK3; RUSSIA-EO14024"},
	}) {
		t.Errorf("change = %+v", c)
	}
	if c := changes[1]; c.Op != Delisted || c.Ref != "us-ofac:3" || c.Entry != nil {
		t.Errorf("change = %+v", c)
	}
	if c := changes[2]; c.Op != Added || c.Ref != "us-ofac:4" || c.Entry.Entity.Name != "LADY R" {
		t.Errorf("change = %+v", c)
	}
	if _, _, err := Compare(append(from, from[0]), to); err == nil {
		t.Error("a snapshot listing one record twice was accepted")
	}
}

// What the graph keeps of a listing (Stated) gives back the same field
// changes as the listings themselves, and the same digest exactly when
// nothing changed.
func TestStatedGivesTheSameChanges(t *testing.T) {
	before := entry("us-ofac:2", "MARIA", "RUSSIA-EO14024")
	after := entry("us-ofac:2", "MARIA 2", "RUSSIA-EO14024", "DPRK3")
	after.Entity.Remarks = "IMO=8517839; a.k.a. 'M'"
	want := Diff(fields(before), fields(after))
	got := Diff(ParseStated(Stated(before)), ParseStated(Stated(after)))
	if !reflect.DeepEqual(got, want) || len(got) != 3 {
		t.Errorf("changes from the stated form = %+v, want %+v", got, want)
	}
	if s := Stated(before); !reflect.DeepEqual(s, []string{"kind=VESSEL", "name=MARIA", "programs=RUSSIA-EO14024"}) {
		t.Errorf("stated = %q", s)
	}
	if Digest(Stated(before)) == Digest(Stated(after)) || Digest(Stated(before)) != Digest(Stated(entry("us-ofac:2", "MARIA", "RUSSIA-EO14024"))) {
		t.Error("digests do not tell changed from unchanged")
	}
}

func readAll(t *testing.T, path string) []record.Entry {
	t.Helper()
	d, err := ofac.OpenCSV(path, ofac.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var out []record.Entry
	for {
		e, err := d.Next()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, e)
	}
}

// uids reads the first column of an SDN CSV, apart from the parser.
func uids(t *testing.T, path string) map[string]bool {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	out := map[string]bool{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		if len(rec) > 1 && rec[0] != "" && rec[0][0] >= '0' && rec[0][0] <= '9' {
			out["us-ofac:"+rec[0]] = true
		}
	}
}

// TestRealOFACSnapshots compares the two OFAC SDN snapshots (see
// shared/data/SOURCES.md). The 2021 one has add.csv and alt.csv beside it,
// the 2024 one does not, so addresses and aliases of listings in both
// count as changes too.
func TestRealOFACSnapshots(t *testing.T) {
	sdn2021, sdn2024 := realdata.Path(t, realdata.OFACSDN2021), realdata.Path(t, realdata.OFACSDN2024)
	old, cur := uids(t, sdn2021), uids(t, sdn2024)
	added, delisted, kept := 0, 0, 0
	for id := range cur {
		if old[id] {
			kept++
		} else {
			added++
		}
	}
	for id := range old {
		if !cur[id] {
			delisted++
		}
	}
	changes, sum, err := Compare(readAll(t, sdn2021), readAll(t, sdn2024))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("OFAC SDN 2021-04-25 -> 2024-05-03: %+v (from the CSVs' uid columns: %d added, %d delisted, %d in both)", sum, added, delisted, kept)
	if sum.Added != added || sum.Delisted != delisted || sum.Changed+sum.Unchanged != kept {
		t.Errorf("summary %+v, want %d added, %d delisted, %d in both", sum, added, delisted, kept)
	}
	want := map[string]string{"us-ofac:37098": "MAIA-1", "us-ofac:37095": "LADY R", "us-ofac:37059": "ANGARA"}
	found := map[string]bool{}
	for _, c := range changes {
		if name, ok := want[c.Ref]; ok && c.Op == Added && c.Name == name {
			found[c.Ref] = true
		}
		if c.Op == Added && c.Name == "MARIA" {
			found["MARIA"] = true
		}
	}
	if len(found) != 4 {
		t.Errorf("among the added, found only %v of MAIA-1, LADY R, ANGARA and MARIA", found)
	}
}
