package ofac

import (
	"bytes"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/armsgraph/armsgraph/internal/realdata"
	"github.com/armsgraph/armsgraph/record"
)

// checkEntries drains d and checks what every accepted entry must hold.
func checkEntries(t *testing.T, d *Decoder) {
	t.Helper()
	for {
		e, err := d.Next()
		if err != nil {
			return
		}
		if !strings.HasPrefix(e.Entity.Ref, "us-ofac:") || len(e.Entity.Ref) == len("us-ofac:") {
			t.Fatalf("entry without a ref: %+v", e.Entity)
		}
		if len(e.Designations) != 1 || e.Designations[0].TargetRef != e.Entity.Ref {
			t.Fatalf("designations %+v do not target %s", e.Designations, e.Entity.Ref)
		}
		if e.Entity.IMONumber != "" && !record.ValidIMO(e.Entity.IMONumber) {
			t.Fatalf("invalid IMO number %q kept", e.Entity.IMONumber)
		}
		for _, r := range e.Relationships {
			if r.FromRef != e.Entity.Ref || r.ToName == "" {
				t.Fatalf("relationship %+v", r)
			}
		}
	}
}

func addSeedFiles(f *testing.F, paths ...string) {
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
}

func FuzzCSV(f *testing.F) {
	addSeedFiles(f, fixtureCSV)
	f.Add([]byte(sdnRow("1", "A", "vessel", "DOB 1962 to 1965; a.k.a. 'X; Y'; Vessel Registration Identification IMO 9179842.")))
	f.Add([]byte("1,\"A\",-0- ,\"P\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"(Linked To: B)\"\r\n\x1a"))
	f.Add([]byte(sdnRow("1", "A", "", "") + "\n" + sdnRow("3", "C", "", "") + "\x00" +
		"1,1,\"St\",\"City\",\"Russia\",-0- \n2,2,-0- ,-0- ,-0- ,-0- \x00" +
		"3,1,\"weak aka\",\"SEA\",-0- \n"))
	// A NUL byte separates sdn.csv from add.csv, and add.csv from alt.csv,
	// so that the merge join is fuzzed too.
	f.Fuzz(func(t *testing.T, data []byte) {
		parts := bytes.SplitN(data, []byte{0}, 3)
		r := &csvReader{sdn: newCSVFile(bytes.NewReader(parts[0]), "sdn.csv", sdnColumns)}
		if len(parts) > 1 {
			r.add = newCSVFile(bytes.NewReader(parts[1]), "add.csv", addColumns)
			r.sdn.joined, r.add.joined = true, true
		}
		if len(parts) > 2 {
			r.alt = newCSVFile(bytes.NewReader(parts[2]), "alt.csv", altColumns)
			r.alt.joined = true
		}
		checkEntries(t, &Decoder{reader: r})
	})
}

func FuzzXML(f *testing.F) {
	addSeedFiles(f, fixtureXML)
	f.Add([]byte("<sdnList><sdnEntry><uid>5</uid><lastName>A</lastName><remarks>Linked To: B; a.k.a. 'C'</remarks></sdnEntry></sdnList>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := NewXMLDecoder(bytes.NewReader(data), "fuzz.xml", Options{PublishedOn: "2024-05-03"})
		if err != nil {
			return
		}
		checkEntries(t, d)
	})
}

// FuzzRemarks checks the remarks grammar alone: no panic, and every fact it
// finds has a label and a value.
func FuzzRemarks(f *testing.F) {
	for _, s := range []string{
		"DOB 07 May 1966; POB Baku, Azerbaijan; citizen Slovakia; Passport BD3843329 (Slovakia) expires 08 Apr 2029.",
		"a.k.a. 'ABU 'ABD AL-'AZIZ'; f.k.a. 'A; B'; Linked To: X S.A.",
		"DOB circa 1979-1982; alt. DOB 01 Feb 1960 to 29 Feb 1960; Aircraft Manufacture Date Apr 1994",
		"(Linked To: HUAWEI INVESTMENT & HOLDING CO., LTD.)",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, remarks string) {
		for _, sentence := range []bool{true, false} {
			for _, fa := range parseRemarks(remarks, sentence) {
				if fa.label == "" || fa.value == "" {
					t.Fatalf("fact without label or value: %+v", fa)
				}
			}
		}
		e := buildEntry(listing{uid: "1", kind: record.Vessel, name: "X", facts: parseRemarks(remarks, true), remarks: remarks})
		if e.Entity.IMONumber != "" && !record.ValidIMO(e.Entity.IMONumber) {
			t.Fatalf("invalid IMO number %q kept", e.Entity.IMONumber)
		}
	})
}

func BenchmarkCSV(b *testing.B) {
	path := realdata.Path(b, realdata.OFACSDN2024)
	b.ReportAllocs()
	entries := 0
	for b.Loop() {
		d, err := OpenCSV(path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		for {
			_, err := d.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			entries++
		}
		d.Close()
	}
	b.ReportMetric(float64(entries)/b.Elapsed().Seconds(), "entries/s")
}
