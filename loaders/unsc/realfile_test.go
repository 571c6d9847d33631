package unsc

import (
	"errors"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/armsgraph/armsgraph/identity"
	"github.com/armsgraph/armsgraph/internal/realdata"
	"github.com/armsgraph/armsgraph/record"
)

// openRealList opens the official list generated 2024-09-26, read in
// place (internal/realdata), and returns it with its path.
func openRealList(tb testing.TB) (*os.File, string) {
	tb.Helper()
	path := realdata.Path(tb, realdata.UNList2024)
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { f.Close() })
	return f, path
}

func TestRealListDPRK(t *testing.T) {
	f, realList := openRealList(t)
	d, entries := decodeAll(t, f, realList, Options{ListTypes: []string{"DPRK"}})
	if src := d.Source(); src.ID != "un-sc-2024-09-26" || src.PublishedOn != "2024-09-26" || src.Complete {
		t.Errorf("source = %+v", src)
	}
	persons, organizations := 0, 0
	companyIMOs := 0
	byRef := make(map[string]record.Entry)
	for _, e := range entries {
		ref := e.Entity.Ref
		switch {
		case e.Entity.Kind == record.Person && strings.HasPrefix(ref, "un-sc:KPi."):
			persons++
		case e.Entity.Kind == record.Organization && strings.HasPrefix(ref, "un-sc:KPe."):
			organizations++
		default:
			t.Errorf("%s: kind %s does not match its reference number", ref, e.Entity.Kind)
		}
		des := e.Designations
		if len(des) != 1 || des[0].Programs[0] != "DPRK" || len(des[0].Resolutions) != 1 || des[0].Resolutions[0] != 1718 {
			t.Errorf("%s: designations = %+v", ref, des)
		}
		for _, id := range e.Entity.Identifiers {
			if id.Type == record.IDCompanyIMO {
				companyIMOs++
			}
		}
		for _, w := range e.Warnings {
			if strings.Contains(w.Message, "IMO") {
				t.Errorf("%s: %s", ref, w.Message)
			}
		}
		byRef[ref] = e
	}
	if persons != 80 || organizations != 75 {
		t.Errorf("DPRK list: %d individuals and %d entities, want 80 and 75", persons, organizations)
	}
	// KPe.020 to KPe.075: sixteen shipping companies whose COMMENTS1 give
	// an IMO company number; all pass the check digit.
	if companyIMOs != 16 {
		t.Errorf("company IMO numbers = %d, want 16", companyIMOs)
	}

	komid := byRef["un-sc:KPe.001"]
	if komid.Entity.Name != "KOREA MINING DEVELOPMENT TRADING CORPORATION" || komid.Designations[0].ListedOn != "2009-04-24" {
		t.Errorf("KPe.001 = %q listed %s", komid.Entity.Name, komid.Designations[0].ListedOn)
	}
	omm := byRef["un-sc:KPe.020"]
	if !strings.HasPrefix(omm.Entity.Name, "OCEAN MARITIME MANAGEMENT") || omm.Designations[0].ListedOn != "2014-07-28" {
		t.Errorf("KPe.020 = %q listed %s", omm.Entity.Name, omm.Designations[0].ListedOn)
	}
	if keys := identity.Keys(omm.Entity); len(keys) == 0 || keys[0] != "company-imo:1790183" {
		t.Errorf("KPe.020 identity keys = %v, want company-imo:1790183 first", keys)
	}
	if mid := byRef["un-sc:KPe.028"]; mid.Designations[0].ListedOn != "2016-03-02" {
		t.Errorf("KPe.028 listed %s", mid.Designations[0].ListedOn)
	}
}

func TestRealListFull(t *testing.T) {
	f, realList := openRealList(t)
	d, entries := decodeAll(t, f, realList, Options{})
	if !d.Source().Complete {
		t.Error("an unfiltered load is the complete list")
	}
	// grep -c '<INDIVIDUAL>' and grep -c '<ENTITY>' on the file: 682 and 193.
	persons, organizations := 0, 0
	seen := make(map[string]bool)
	location := regexp.MustCompile(`^` + regexp.QuoteMeta(realList) + `:[1-9][0-9]*$`)
	for _, e := range entries {
		switch e.Entity.Kind {
		case record.Person:
			persons++
		case record.Organization:
			organizations++
		}
		if seen[e.Entity.Ref] {
			t.Errorf("%s appears twice", e.Entity.Ref)
		}
		seen[e.Entity.Ref] = true
		if e.Entity.Name == "" || len(e.Designations) != 1 || e.Designations[0].ListedOn == "" {
			t.Errorf("%s: incomplete entry %+v", e.Entity.Ref, e)
		}
		for _, w := range e.Warnings {
			if !location.MatchString(w.Location) {
				t.Errorf("%s: warning location %q is not path:line", e.Entity.Ref, w.Location)
			}
		}
	}
	if persons != 682 || organizations != 193 {
		t.Errorf("full list: %d individuals and %d entities, want 682 and 193", persons, organizations)
	}
}

func BenchmarkRealList(b *testing.B) {
	f, realList := openRealList(b)
	info, err := f.Stat()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(info.Size())
	entries := 0
	for b.Loop() {
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			b.Fatal(err)
		}
		d, err := NewDecoder(f, realList, Options{})
		if err != nil {
			b.Fatal(err)
		}
		for {
			_, err := d.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			entries++
		}
	}
	b.ReportMetric(float64(entries)/b.Elapsed().Seconds(), "entries/s")
}
