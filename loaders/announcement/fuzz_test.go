package announcement

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParse feeds arbitrary bytes to Parse: it must never panic, and must
// return either a document or a ValidationError whose problems all point
// at a real position in the named file.
func FuzzParse(f *testing.F) {
	for _, dir := range []string{"good", "bad"} {
		files, err := yamlFiles(filepath.Join("testdata", dir))
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	ref := testRef(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Parse("fuzz.yaml", data, ref)
		if err == nil {
			if doc == nil {
				t.Fatal("no document and no error")
			}
			return
		}
		if doc != nil {
			t.Fatal("a document together with an error")
		}
		var verr *ValidationError
		if !errors.As(err, &verr) {
			t.Fatalf("error of type %T: %v", err, err)
		}
		if len(verr.Problems) == 0 {
			t.Fatal("ValidationError without problems")
		}
		for _, p := range verr.Problems {
			if p.Line < 1 || p.Column < 1 || p.Path != "fuzz.yaml" || p.Message == "" {
				t.Fatalf("problem without a proper position: %+v", p)
			}
		}
	})
}

// syntheticAnnouncement writes an announcement naming n vessels, each
// owned by its own company and designated, as a large real file would.
func syntheticAnnouncement(n int) []byte {
	var b strings.Builder
	b.WriteString("announcement:\n  id: bench-2024-05-24\n  authority: kr-mofa\n  publishedOn: 2024-05-24\n  title: Benchmark announcement\n")
	fmt.Fprintf(&b, "  stated: {vessels: %d}\nentities:\n", n/2)
	for i := 0; i < n/2; i++ {
		imo := fmt.Sprintf("%06d", 935800+i)
		imo += fmt.Sprint(imoCheckDigit(imo + "0"))
		fmt.Fprintf(&b, "  - id: vessel-%d\n    kind: vessel\n    name: VESSEL %d\n    aliases: [{name: OLD NAME %d, type: fka}]\n    imoNumber: %q\n    vesselType: General Cargo\n    flags: [{country: RU, since: 2020-01-01}]\n    sourceRecordIds: [\"us-ofac:%d\"]\n    sources: [https://www.treasury.gov/ofac/downloads/sdn.csv]\n", i, i, i, imo, 40000+i)
		fmt.Fprintf(&b, "  - id: owner-%d\n    kind: organization\n    name: OWNER %d LLC\n    country: RU\n    identifiers: [{type: tax, value: \"30170%05d\", country: RU}]\n    addresses: [\"Street %d, Astrakhan\"]\n", i, i, i, i)
	}
	b.WriteString("designations:\n")
	for i := 0; i < n/2; i++ {
		fmt.Fprintf(&b, "  - {target: vessel-%d, program: ROK unilateral sanctions, measures: [port-entry-approval], resolutions: [2397]}\n", i)
	}
	b.WriteString("relationships:\n")
	for i := 0; i < n/2; i++ {
		fmt.Fprintf(&b, "  - {type: owns, from: owner-%d, to: vessel-%d, role: registered owner}\n", i, i)
	}
	return []byte(b.String())
}

func BenchmarkParse(b *testing.B) {
	data := syntheticAnnouncement(100)
	ref := testRef(b)
	if doc, err := Parse("bench.yaml", data, ref); err != nil || len(doc.Entities) != 100 {
		b.Fatalf("synthetic announcement does not parse into 100 entities: %v", err)
	}
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		if _, err := Parse("bench.yaml", data, ref); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "announcements/s")
}
