package ofac

import (
	"errors"
	"io"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/armsgraph/armsgraph/internal/realdata"
	"github.com/armsgraph/armsgraph/record"
)

// readAll drains a decoder.
func readAll(t testing.TB, d *Decoder) []record.Entry {
	t.Helper()
	var entries []record.Entry
	for {
		e, err := d.Next()
		if errors.Is(err, io.EOF) {
			return entries
		}
		if err != nil {
			t.Fatal(err)
		}
		entries = append(entries, e)
	}
}

// openAllCSV decodes a whole official file (internal/realdata names it).
func openAllCSV(t testing.TB, name string, opts Options) (record.Source, []record.Entry) {
	t.Helper()
	d, err := OpenCSV(realdata.Path(t, name), opts)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	return d.Source(), readAll(t, d)
}

func countKinds(entries []record.Entry) map[record.Kind]int {
	counts := map[record.Kind]int{}
	for _, e := range entries {
		counts[e.Entity.Kind]++
	}
	return counts
}

func byRef(entries []record.Entry, ref string) (record.Entry, bool) {
	for _, e := range entries {
		if e.Entity.Ref == ref {
			return e, true
		}
	}
	return record.Entry{}, false
}

func linkedTo(e record.Entry) []string {
	var names []string
	for _, r := range e.Relationships {
		if r.Type == record.LinkedTo {
			names = append(names, r.ToName)
		}
	}
	return names
}

func TestRealSDN2024DPRK(t *testing.T) {
	src, entries := openAllCSV(t, realdata.OFACSDN2024, Options{Programs: []string{"DPRK"}})
	if src.ID != "us-ofac-sdn-2024-05-03" || src.PublishedOn != "2024-05-03" || src.Complete || src.Kind != record.SourceOFACSDN {
		t.Errorf("source = %+v", src)
	}
	if len(entries) != 484 {
		t.Errorf("DPRK entries = %d, want 484", len(entries))
	}
	want := map[record.Kind]int{record.Organization: 199, record.Person: 164, record.Vessel: 105, record.Aircraft: 16}
	got := countKinds(entries)
	for k, n := range want {
		if got[k] != n {
			t.Errorf("%s = %d, want %d", k, got[k], n)
		}
	}
	for _, e := range entries {
		if !keepPrograms(e.Designations[0].Programs, []string{"DPRK"}) {
			t.Errorf("%s kept without a DPRK program: %v", e.Entity.Ref, e.Designations[0].Programs)
		}
	}
	mkrtychev, ok := byRef(entries, "us-ofac:41736")
	if !ok {
		t.Fatal("MKRTYCHEV (41736) missing from the DPRK entries")
	}
	if got := mkrtychev.Entity.BirthDates; len(got) != 1 || got[0] != "1966-05-07" {
		t.Errorf("MKRTYCHEV birth dates = %v", got)
	}
}

func TestRealSDN2024All(t *testing.T) {
	src, entries := openAllCSV(t, realdata.OFACSDN2024, Options{})
	if !src.Complete {
		t.Error("an unfiltered read is a complete list")
	}
	if len(entries) != 14965 {
		t.Errorf("entries = %d, want 14965", len(entries))
	}
	cases := []struct {
		ref, imo, linked string
	}{
		{"us-ofac:37098", "9358010", "TRANSMORFLOT LLC"},  // MAIA-1
		{"us-ofac:46773", "8517839", "IBEX SHIPPING INC"}, // MARIA
		{"us-ofac:37059", "9179842", "M LEASING LLC"},     // ANGARA
	}
	for _, c := range cases {
		e, ok := byRef(entries, c.ref)
		if !ok {
			t.Errorf("%s missing", c.ref)
			continue
		}
		if e.Entity.IMONumber != c.imo {
			t.Errorf("%s IMO = %q, want %q", c.ref, e.Entity.IMONumber, c.imo)
		}
		if got := linkedTo(e); len(got) != 1 || got[0] != c.linked {
			t.Errorf("%s linked to %q, want %q", c.ref, got, c.linked)
		}
	}
	// Every Ref is set and every vessel IMO number passes its check digit.
	refs := map[string]bool{}
	for _, e := range entries {
		if e.Entity.Ref == "" || refs[e.Entity.Ref] {
			t.Fatalf("empty or repeated ref %q", e.Entity.Ref)
		}
		refs[e.Entity.Ref] = true
		if e.Entity.IMONumber != "" && !record.ValidIMO(e.Entity.IMONumber) {
			t.Errorf("%s: invalid IMO %s kept", e.Entity.Ref, e.Entity.IMONumber)
		}
	}
}

func TestRealTrioJoin(t *testing.T) {
	_, entries := openAllCSV(t, realdata.OFACSDN2021, Options{})
	if len(entries) != 8890 {
		t.Errorf("entries = %d, want 8890", len(entries))
	}
	var strong, weak, addresses int
	for _, e := range entries {
		for _, a := range e.Entity.Aliases {
			if a.Quality == "strong" {
				strong++
			} else {
				weak++
			}
		}
		addresses += len(e.Entity.Addresses)
		for _, w := range e.Warnings {
			if strings.Contains(w.Message, "no entry in sdn.csv") {
				t.Errorf("orphan join row in a consistent trio: %+v", w)
			}
		}
	}
	// alt.csv holds 11,742 rows (grep -c '^[0-9]' alt.csv); two repeat a
	// name of the same entry (8407 and 16448) and count once. The 2,414
	// weak aliases come from the remarks.
	if strong != 11740 {
		t.Errorf("strong aliases = %d, want 11740", strong)
	}
	if weak != 2414 {
		t.Errorf("weak aliases = %d, want 2414", weak)
	}
	// add.csv holds 13,761 rows, of which 2,403 are all -0- (no address).
	if addresses != 13761-2403 {
		t.Errorf("addresses = %d, want %d", addresses, 13761-2403)
	}
	bnc, _ := byRef(entries, "us-ofac:306")
	want := []record.Alias{
		{Name: "NATIONAL BANK OF CUBA", Type: "aka", Quality: "strong"},
		{Name: "BNC", Type: "aka", Quality: "weak"},
	}
	if !equalAliases(bnc.Entity.Aliases, want) {
		t.Errorf("306 aliases = %+v, want %+v", bnc.Entity.Aliases, want)
	}
	// grep '^306,' add.csv: four addresses, Zurich first.
	if a := bnc.Entity.Addresses; len(a) != 4 || a[0] != (record.Address{Text: "Zweierstrasse 35", City: "Zurich CH-8022", Country: "CH"}) {
		t.Errorf("306 addresses = %+v", a)
	}
}

func equalAliases(a, b []record.Alias) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestRealConsolidatedXML(t *testing.T) {
	realConsXML := realdata.Path(t, realdata.OFACConsXML2024)
	// The kind comes from the content: a first read tells it, whatever
	// the file is called; the second read is the list of that kind.
	first, err := OpenXML(realConsXML, Options{})
	if err != nil {
		t.Fatal(err)
	}
	readAll(t, first)
	first.Close()
	if kind := first.ContentKind(); kind != record.SourceOFACCons {
		t.Fatalf("content kind of the consolidated list = %s", kind)
	}
	d, err := OpenXML(realConsXML, Options{ListKind: first.ContentKind()})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	src := d.Source()
	if src.Kind != record.SourceOFACCons || src.ID != "us-ofac-cons-2024-05-06" || src.PublishedOn != "2024-05-06" {
		t.Errorf("source = %+v", src)
	}
	entries := readAll(t, d)
	if len(entries) != 443 {
		t.Errorf("entries = %d, want 443", len(entries))
	}
	for _, e := range entries {
		if keepPrograms(e.Designations[0].Programs, []string{"DPRK"}) {
			t.Errorf("%s has a DPRK program in the consolidated list", e.Entity.Ref)
		}
	}
	kinds := countKinds(entries)
	if kinds[record.Person] != 79 || kinds[record.Organization] != 364 {
		t.Errorf("kinds = %v, want 79 persons and 364 organizations (sdnType counts)", kinds)
	}
	huawei, _ := byRef(entries, "us-ofac:32087")
	if got := linkedTo(huawei); len(got) != 1 || got[0] != "HUAWEI TECHNOLOGIES CO., LTD." {
		t.Errorf("32087 linked to %q", got)
	}
}

// The decoder streams: the live heap after the last entry is no larger
// than after the first thousand, plus slack for the runtime.
func TestRealCSVStreamsInBoundedMemory(t *testing.T) {
	d, err := OpenCSV(realdata.Path(t, realdata.OFACSDN2024), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	var early uint64
	for n := 1; ; n++ {
		_, err := d.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if n == 1000 {
			early = heap()
		}
	}
	if late := heap(); late > early+1<<20 {
		t.Errorf("heap grew from %d to %d bytes over the file", early, late)
	}
}

func TestRealDPRKAircraftOperator(t *testing.T) {
	_, entries := openAllCSV(t, realdata.OFACSDN2024, Options{Programs: []string{"DPRK3"}})
	// 20540,"P-532","aircraft","DPRK3",...,"Aircraft Manufacture Date 1974; Aircraft Model AN24-RV; Aircraft Operator Air Koryo; ..."
	e, ok := byRef(entries, "us-ofac:20540")
	if !ok {
		t.Fatal("P-532 (20540) missing")
	}
	want := []record.Relationship{{Type: record.LinkedTo, FromRef: "us-ofac:20540", ToName: "Air Koryo", Role: "operator"}}
	if e.Entity.Kind != record.Aircraft || e.Entity.AircraftModel != "AN24-RV" || e.Entity.BuildYear != 1974 || !reflect.DeepEqual(e.Relationships, want) {
		t.Errorf("P-532 = %+v %+v", e.Entity, e.Relationships)
	}
}
