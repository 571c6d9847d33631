// Command matchquality measures the identity matcher on the real official
// lists and prints precision and recall at identity.Threshold, by kind.
//
// The labelled set is built from the UN consolidated list and the OFAC SDN
// list through the project's parsers:
//
//   - same: a UN and an OFAC record of one kind that share a stated key
//     (passport, national id, registration, IMO number, or a person's
//     normalised name or alias with a full date of birth);
//   - not the same: every other UN–OFAC pair of one kind whose names are
//     similar (identity.NameSimilarity 0.85 or more) and whose facts
//     conflict: full birth dates with none in common, or registration,
//     tax or IMO numbers with none in common (different passports are
//     no conflict: people renew them and hold several).
//
// The matcher then scores every labelled pair with the identifiers hidden
// (no passport, id, registration or IMO number): what is left is names,
// aliases, birth dates and places, nationality, countries and addresses.
//
//	go run ./bench/matchquality
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"text/tabwriter"

	"github.com/armsgraph/armsgraph/identity"
	"github.com/armsgraph/armsgraph/loaders/ofac"
	"github.com/armsgraph/armsgraph/loaders/unsc"
	"github.com/armsgraph/armsgraph/record"
)

func main() {
	unPath := flag.String("un", "../shared/data/un_consolidated_xml_2024-09-26/consolidated.xml", "UN consolidated list XML")
	ofacPath := flag.String("ofac", "../shared/data/ofac_sdn_csv_2024-05-03/sdn.csv", "OFAC SDN CSV")
	threshold := flag.Float64("threshold", identity.Threshold, "score at and above which a pair is predicted the same")
	misses := flag.Int("show", 0, "print this many misclassified pairs of each kind, to study them")
	flag.Parse()
	if err := run(os.Stdout, *unPath, *ofacPath, *threshold, *misses); err != nil {
		fmt.Fprintln(os.Stderr, "matchquality:", err)
		os.Exit(1)
	}
}

// labelled is one UN–OFAC pair with its label and its score.
type labelled struct {
	un, ofac record.Entry
	same     bool
	score    identity.Score
}

func run(w io.Writer, unPath, ofacPath string, threshold float64, show int) error {
	un, err := readUN(unPath)
	if err != nil {
		return err
	}
	sdn, err := readOFAC(ofacPath)
	if err != nil {
		return err
	}
	pairs, negatives := label(un, sdn)
	for i := range pairs {
		pairs[i].score = identity.Compare(hidden(pairs[i].un), hidden(pairs[i].ofac))
	}
	fmt.Fprintf(w, "UN records %d, OFAC records %d, labelled pairs %d (not the same: %d whose facts conflict, %d of which one is keyed to another record), threshold %.2f\n\n",
		len(un), len(sdn), len(pairs), negatives["facts conflict"], negatives["keyed to another"], threshold)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "group\tsame\tnot same\ttrue +\tfalse +\tfalse -\tprecision\trecall\t")
	for _, g := range groups {
		var tp, fp, fn, pos, neg int
		for _, p := range pairs {
			if !g.in(p) {
				continue
			}
			predicted := p.score.Value >= threshold
			switch {
			case p.same:
				pos++
				if predicted {
					tp++
				} else {
					fn++
				}
			default:
				neg++
				if predicted {
					fp++
				}
			}
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%s\t%s\t\n", g.name, pos, neg, tp, fp, fn, ratio(tp, tp+fp), ratio(tp, tp+fn))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nBy threshold, people with a birth date on both sides:\n\n")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "threshold\tprecision\trecall\t")
	for _, t := range []float64{0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.9} {
		var tp, fp, fn int
		for _, p := range pairs {
			if !groups[0].in(p) {
				continue
			}
			predicted := p.score.Value >= t
			switch {
			case p.same && predicted:
				tp++
			case p.same:
				fn++
			case predicted:
				fp++
			}
		}
		fmt.Fprintf(tw, "%.2f\t%s\t%s\t\n", t, ratio(tp, tp+fp), ratio(tp, tp+fn))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if show > 0 {
		printMisses(w, pairs, threshold, show)
	}
	return nil
}

func ratio(a, b int) string {
	if b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.3f", float64(a)/float64(b))
}

var groups = []struct {
	name string
	in   func(labelled) bool
}{
	{"person, birth date on both", func(p labelled) bool {
		return p.un.Entity.Kind == record.Person && len(p.un.Entity.BirthDates) > 0 && len(p.ofac.Entity.BirthDates) > 0
	}},
	{"person, other", func(p labelled) bool {
		return p.un.Entity.Kind == record.Person && (len(p.un.Entity.BirthDates) == 0 || len(p.ofac.Entity.BirthDates) == 0)
	}},
	{"organization", func(p labelled) bool { return p.un.Entity.Kind == record.Organization }},
	{"vessel", func(p labelled) bool { return p.un.Entity.Kind == record.Vessel }},
	{"all", func(labelled) bool { return true }},
}

// hidden is what the matcher may see: the record, with the programs of
// its listings, without the numbers that made its label.
func hidden(en record.Entry) identity.Profile {
	en.Entity.Identifiers = nil
	en.Entity.IMONumber = ""
	return identity.ProfileOfEntry(en)
}

// label builds the labelled pairs: the same when they share a stated key
// or a name (any alias, normalised) with a full birth date. Not the same,
// among the pairs whose names are similar: when their stated numbers or
// full birth dates conflict, or when one of the two is the same as another
// record of the other list (a UN record keyed to one OFAC record is not a
// second OFAC record with a similar name: similar names, different keys;
// this holds as long as a list states each actor once).
func label(un, sdn []record.Entry) (out []labelled, negatives map[string]int) {
	sdnByKey := map[record.Key][]int{}
	sdnProfiles := make([]identity.Profile, len(sdn))
	for j, e := range sdn {
		for _, k := range sameKeys(e.Entity) {
			sdnByKey[k] = append(sdnByKey[k], j)
		}
		sdnProfiles[j] = identity.ProfileOf(e.Entity)
		sdnProfiles[j].ID = fmt.Sprint("o", j)
	}
	unProfiles := make([]identity.Profile, len(un))
	same := map[[2]int]bool{}
	unMatched, sdnMatched := map[int]bool{}, map[int]bool{}
	for i, u := range un {
		for _, k := range sameKeys(u.Entity) {
			for _, j := range sdnByKey[k] {
				if sdn[j].Entity.Kind == u.Entity.Kind && !same[[2]int{i, j}] {
					same[[2]int{i, j}] = true
					unMatched[i], sdnMatched[j] = true, true
					out = append(out, labelled{un: u, ofac: sdn[j], same: true})
				}
			}
		}
		unProfiles[i] = identity.ProfileOf(u.Entity)
		unProfiles[i].ID = fmt.Sprint("u", i)
	}
	// Every pair the name blocking finds: the similar names among them
	// whose facts conflict, or one of whose records is the same as another,
	// are the negatives.
	dissimilar := func(a, b identity.Profile) bool {
		// weak aliases count here: the labels do not depend on how the
		// matcher weighs them
		sim, _, _ := identity.NameSimilarity(append(slices.Clip(a.Names), a.WeakNames...), append(slices.Clip(b.Names), b.WeakNames...))
		return sim < 0.85
	}
	negatives = map[string]int{}
	for _, c := range identity.Candidates(unProfiles, sdnProfiles, 0, dissimilar) {
		var i, j int
		fmt.Sscanf(c.Left.ID, "u%d", &i)
		fmt.Sscanf(c.Right.ID, "o%d", &j)
		if same[[2]int{i, j}] {
			continue
		}
		why := ""
		switch {
		case conflict(un[i].Entity, sdn[j].Entity):
			why = "facts conflict"
		case unMatched[i] || sdnMatched[j]:
			why = "keyed to another"
		default:
			continue
		}
		negatives[why]++
		out = append(out, labelled{un: un[i], ofac: sdn[j]})
	}
	return out, negatives
}

// sameKeys are the keys that make a pair the same: the stated identity
// keys other than the records' own ids, and each normalised name or alias
// of a person with each full birth date.
func sameKeys(e record.Entity) []record.Key {
	var keys []record.Key
	for _, k := range identity.Keys(e) {
		if k.Scheme() != "src" {
			keys = append(keys, k)
		}
	}
	if e.Kind == record.Person {
		for _, a := range e.Aliases {
			for _, d := range e.BirthDates {
				if len(d) == len("2006-01-02") {
					keys = append(keys, record.Key("name-dob:"+identity.NameKey(a.Name)+"|"+d))
				}
			}
		}
	}
	return keys
}

// conflict reports whether two records state facts that cannot both be
// true of one actor: full birth dates with none in common, or registration,
// tax or IMO numbers of one type and issuing country with none in common.
// Different passports are no conflict: people renew them and hold several.
func conflict(a, b record.Entity) bool {
	if fa, fb := fullDates(a), fullDates(b); len(fa) > 0 && len(fb) > 0 && !intersects(fa, fb) {
		return true
	}
	numbers := func(e record.Entity) map[string][]string {
		m := map[string][]string{}
		for _, id := range e.Identifiers {
			if id.Country != "" && (id.Type == record.IDRegistration || id.Type == record.IDTax) {
				m[id.Type+":"+id.Country] = append(m[id.Type+":"+id.Country], identity.CompactIdentifier(id.Value))
			}
		}
		if e.IMONumber != "" {
			m["imo"] = []string{e.IMONumber}
		}
		return m
	}
	na, nb := numbers(a), numbers(b)
	for t, va := range na {
		if vb, ok := nb[t]; ok && !intersects(va, vb) {
			return true
		}
	}
	return false
}

func fullDates(e record.Entity) []string {
	var out []string
	for _, d := range e.BirthDates {
		if len(d) == len("2006-01-02") {
			out = append(out, d)
		}
	}
	return out
}

func intersects(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}

func printMisses(w io.Writer, pairs []labelled, threshold float64, n int) {
	shown := map[string]int{}
	for _, p := range pairs {
		predicted := p.score.Value >= threshold
		if predicted == p.same {
			continue
		}
		kind := fmt.Sprintf("%s same=%v", p.un.Entity.Kind, p.same)
		if shown[kind] >= n {
			continue
		}
		shown[kind]++
		fmt.Fprintf(w, "\n%s %.3f %s %q ~ %s %q\n", kind, p.score.Value, first(p.un.Entity.SourceRecordIDs), p.un.Entity.Name, first(p.ofac.Entity.SourceRecordIDs), p.ofac.Entity.Name)
		for _, f := range p.score.Features {
			fmt.Fprintln(w, "   ", f)
		}
	}
}

func first(ss []string) string {
	if len(ss) == 0 {
		return ""
	}
	return ss[0]
}

func readUN(path string) ([]record.Entry, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	dec, err := unsc.NewDecoder(bufio.NewReader(f), path, unsc.Options{})
	if err != nil {
		return nil, err
	}
	return readAll(dec.Next)
}

func readOFAC(path string) ([]record.Entry, error) {
	dec, err := ofac.OpenCSV(path, ofac.Options{})
	if err != nil {
		return nil, err
	}
	defer dec.Close()
	return readAll(dec.Next)
}

func readAll(next func() (record.Entry, error)) ([]record.Entry, error) {
	var out []record.Entry
	for {
		e, err := next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
}
