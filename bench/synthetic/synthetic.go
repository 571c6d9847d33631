// Package synthetic writes a large armsgraph-shaped graph as CSV files for
// `neo4j-admin database import full`: persons, organisations and vessels
// with realistic names, owners, operators, directors, links, family ties,
// flags, registrations, nationalities, and designations by several
// authorities under several programs, some delisted. The same seed always
// gives the same graph, so benchmarks can name what they ask about
// (VesselName, IMO, OrgID).
package synthetic

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Shares of the entities, and relationships per entity.
const (
	vesselShare = 10 // one in ten entities is a vessel
	orgShare    = 30 // three in ten are organisations; the rest persons
)

var (
	countries   = []string{"RU", "KP", "IR", "CN", "AE", "TR", "CY", "PA", "LR", "MH", "HK", "SY", "BY", "VE", "IN", "MY", "SG", "GR", "MT", "KM"}
	authorities = []struct{ id, name, country, programs string }{
		{"us-ofac", "Office of Foreign Assets Control", "US", "RUSSIA-EO14024|IRAN|SDGT|DPRK3|SYRIA|IFSR|NPWMD|VENEZUELA-EO13850"},
		{"us-state", "U.S. Department of State", "US", "RUSSIA-EO14024|NPWMD|DPRK4"},
		{"un-sc", "United Nations Security Council", "", "DPRK|Al-Qaida|Taliban|Iraq"},
		{"gb-fcdo", "Foreign, Commonwealth & Development Office", "GB", "Russia|DPRK|Iran"},
		{"jp-mof", "Ministry of Finance of Japan", "JP", "Foreign Exchange and Foreign Trade Act"},
		{"au-dfat", "Department of Foreign Affairs and Trade", "AU", "Russia|DPRK"},
		{"kr-mofa", "Ministry of Foreign Affairs of the Republic of Korea", "KR", "ROK unilateral sanctions"},
	}
	givenNames  = []string{"Pyotr", "Ivan", "Sergey", "Alexei", "Dmitry", "Mikhail", "Ali", "Reza", "Hossein", "Kim", "Pak", "Ri", "Choe", "Ahmed", "Omar", "Wei", "Li", "Yusuf", "Mehmet", "Nikolai", "Olga", "Elena", "Maryam", "Fatemeh", "Yuri", "Viktor", "Hassan", "Jong", "Song", "Andrei"}
	familyNames = []string{"IVANOV", "PETROV", "SOKOLOV", "KUZNETSOV", "POPOV", "VOLKOV", "HOSSEINI", "REZAEI", "MOHAMMADI", "KIM", "PAK", "RI", "CHOE", "AL-RASHID", "HASSAN", "WANG", "ZHANG", "YILMAZ", "DEMIR", "MOROZOV", "NOVIKOV", "FEDOROV", "KARIMI", "AHMADI", "JANG", "HAN", "OREKHOV", "BELOV", "GROMOV", "ZAITSEV"}
	orgWords    = []string{"NORTHERN", "PACIFIC", "GOLDEN", "STAR", "OCEAN", "POLAR", "EASTERN", "UNITED", "GLOBAL", "NEPTUNE", "ATLAS", "CASPIAN", "AMUR", "BALTIC", "SILK", "CRESCENT", "DRAGON", "PEARL", "ARCTIC", "ORIENT", "VOSTOK", "ZENITH", "HORIZON", "MERIDIAN", "TITAN"}
	orgKinds    = []string{"SHIPPING LLC", "MARITIME CO LTD", "TRADING FZE", "LOGISTICS JSC", "TANKERS INC", "NAVIGATION SA", "HOLDINGS LTD", "INDUSTRIAL GROUP", "MACHINE BUILDING PLANT", "IMPORT EXPORT CO"}
	vesselWords = []string{"ADLER", "ANGARA", "SPARTA", "OLGA", "MARIA", "POLA", "SOFIA", "ASTRA", "VEGA", "NOVA", "AURORA", "LYRA", "ORION", "KAPITAN", "MEKHANIK", "INZHENER", "SEVER", "YUG", "SIRIUS", "ALTAIR", "DELTA", "OMEGA", "SAPPHIRE", "JADE", "CORAL"}
)

// IMO is the IMO number of vessel i: seven digits with a valid check digit.
func IMO(i int) string {
	base := 900000 + i%100000 // six digits
	digits := fmt.Sprintf("%06d", base)
	sum := 0
	for k, c := range digits {
		sum += int(c-'0') * (7 - k)
	}
	return digits + strconv.Itoa(sum%10)
}

// VesselName is the name of vessel i.
func VesselName(i int) string {
	return vesselWords[i%len(vesselWords)] + " " + vesselWords[(i/len(vesselWords))%len(vesselWords)] + "-" + strconv.Itoa(i/(len(vesselWords)*len(vesselWords))+1)
}

// OrgID is the id of organisation i.
func OrgID(i int) string { return fmt.Sprintf("org-%07d", i) }

func personID(i int) string { return fmt.Sprintf("person-%07d", i) }
func vesselID(i int) string { return "imo-" + IMO(i) }

type writer struct {
	f *os.File
	b *bufio.Writer
	c *csv.Writer
}

func create(dir, name string, header ...string) (*writer, error) {
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		return nil, err
	}
	b := bufio.NewWriterSize(f, 1<<20)
	w := &writer{f: f, b: b, c: csv.NewWriter(b)}
	return w, w.c.Write(header)
}

func (w *writer) row(fields ...string) error { return w.c.Write(fields) }

func (w *writer) close() error {
	w.c.Flush()
	if err := w.c.Error(); err != nil {
		return err
	}
	if err := w.b.Flush(); err != nil {
		return err
	}
	return w.f.Close()
}

// Counts says what Generate wrote.
type Counts struct{ Entities, Designations, Relationships int }

// Generate writes n entities and their graph into dir, as nodes-*.csv and
// rels-*.csv; ImportArgs gives the matching neo4j-admin arguments. Arrays,
// labels included, are delimited by '|'.
func Generate(dir string, n int, seed uint64) (Counts, error) {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	var c Counts
	vessels, orgs := n/vesselShare, n*orgShare/100
	persons := n - vessels - orgs
	ent, err := create(dir, "nodes-entities.csv", ":ID(Entity)", "id", "kind", "name", "nameKey", "aliases:string[]", "imoNumber", ":LABEL")
	if err != nil {
		return c, err
	}
	for i := 0; i < vessels; i++ {
		name := VesselName(i)
		if err := ent.row(vesselID(i), vesselID(i), "VESSEL", name, strings.ToLower(name), "", IMO(i), "Entity|Vessel"); err != nil {
			return c, err
		}
	}
	for i := 0; i < orgs; i++ {
		name := orgWords[r.IntN(len(orgWords))] + " " + orgWords[r.IntN(len(orgWords))] + " " + orgKinds[r.IntN(len(orgKinds))]
		if r.IntN(3) == 0 {
			name += " " + strconv.Itoa(i)
		}
		if err := ent.row(OrgID(i), OrgID(i), "ORGANIZATION", name, strings.ToLower(name), "", "", "Entity|Organization"); err != nil {
			return c, err
		}
	}
	for i := 0; i < persons; i++ {
		name := familyNames[r.IntN(len(familyNames))] + ", " + givenNames[r.IntN(len(givenNames))] + " " + givenNames[r.IntN(len(givenNames))] + "ovich"
		alias := ""
		if r.IntN(4) == 0 {
			alias = strings.ToUpper(givenNames[r.IntN(len(givenNames))]) + " " + familyNames[r.IntN(len(familyNames))]
		}
		if err := ent.row(personID(i), personID(i), "PERSON", name, strings.ToLower(name), alias, "", "Entity|Person"); err != nil {
			return c, err
		}
	}
	c.Entities = vessels + orgs + persons
	if err := ent.close(); err != nil {
		return c, err
	}

	ref, err := create(dir, "nodes-reference.csv", ":ID(Ref)", "id", "code", "name", ":LABEL")
	if err != nil {
		return c, err
	}
	for _, cc := range append(append([]string{}, countries...), "US", "GB", "JP", "AU", "KR") {
		if err := ref.row("country-"+cc, "", cc, cc, "Country"); err != nil {
			return c, err
		}
	}
	for _, a := range authorities {
		if err := ref.row("authority-"+a.id, a.id, "", a.name, "Authority"); err != nil {
			return c, err
		}
	}
	if err := ref.close(); err != nil {
		return c, err
	}

	rels, err := create(dir, "rels-entities.csv", ":START_ID(Entity)", ":END_ID(Entity)", ":TYPE", "role")
	if err != nil {
		return c, err
	}
	link := func(from, to, typ, role string) error {
		c.Relationships++
		return rels.row(from, to, typ, role)
	}
	// Vessels: an owner and an operator among the organisations, owners
	// holding fleets of a few dozen ships at most.
	for i := 0; i < vessels; i++ {
		owner := OrgID(r.IntN(orgs / 5))
		if err := link(owner, vesselID(i), "OWNS", "owner"); err != nil {
			return c, err
		}
		if err := link(OrgID(r.IntN(orgs)), vesselID(i), "OPERATES", "operator"); err != nil {
			return c, err
		}
		if r.IntN(2) == 0 {
			if err := link(OrgID(r.IntN(orgs)), vesselID(i), "MANAGES", "ship manager"); err != nil {
				return c, err
			}
		}
	}
	// Persons direct organisations, are linked to others and have family.
	for i := 0; i < persons; i++ {
		if err := link(personID(i), OrgID(r.IntN(orgs)), "DIRECTS", "director"); err != nil {
			return c, err
		}
		if r.IntN(2) == 0 {
			if err := link(personID(i), OrgID(r.IntN(orgs)), "LINKED_TO", ""); err != nil {
				return c, err
			}
		}
		if r.IntN(3) == 0 {
			if err := link(personID(i), personID(r.IntN(persons)), "FAMILY_OF", ""); err != nil {
				return c, err
			}
		}
	}
	for i := 0; i < orgs; i++ {
		if err := link(OrgID(i), OrgID(r.IntN(orgs)), "LINKED_TO", ""); err != nil {
			return c, err
		}
	}
	if err := rels.close(); err != nil {
		return c, err
	}

	places, err := create(dir, "rels-countries.csv", ":START_ID(Entity)", ":END_ID(Ref)", ":TYPE")
	if err != nil {
		return c, err
	}
	country := func() string { return "country-" + countries[r.IntN(len(countries))] }
	for i := 0; i < vessels; i++ {
		c.Relationships++
		if err := places.row(vesselID(i), country(), "FLAGGED"); err != nil {
			return c, err
		}
	}
	for i := 0; i < orgs; i++ {
		c.Relationships++
		if err := places.row(OrgID(i), country(), "REGISTERED_IN"); err != nil {
			return c, err
		}
	}
	for i := 0; i < persons; i++ {
		c.Relationships++
		if err := places.row(personID(i), country(), "NATIONAL_OF"); err != nil {
			return c, err
		}
	}
	if err := places.close(); err != nil {
		return c, err
	}

	des, err := create(dir, "nodes-designations.csv", ":ID(Designation)", "id", "authorityId", "program", "programs:string[]", "listedOn", "delistedOn", "inForceFrom:string[]", "inForceUntil:string[]", "sourceKind", ":LABEL")
	if err != nil {
		return c, err
	}
	targets, err := create(dir, "rels-designations.csv", ":START_ID(Designation)", ":END_ID(Entity)", ":TYPE")
	if err != nil {
		return c, err
	}
	issued, err := create(dir, "rels-issued.csv", ":START_ID(Designation)", ":END_ID(Ref)", ":TYPE")
	if err != nil {
		return c, err
	}
	// About half of the entities are designated, most by OFAC, some by
	// several authorities; OFAC lists give no listing date.
	weights := []int{60, 5, 10, 10, 5, 5, 5}
	pick := func() int {
		x := r.IntN(100)
		for k, w := range weights {
			if x < w {
				return k
			}
			x -= w
		}
		return 0
	}
	entity := func(i int) string {
		switch {
		case i < vessels:
			return vesselID(i)
		case i < vessels+orgs:
			return OrgID(i - vessels)
		}
		return personID(i - vessels - orgs)
	}
	for i := 0; i < c.Entities; i++ {
		if r.IntN(2) == 0 {
			continue
		}
		seen := map[int]bool{}
		for k := 0; k < 1+r.IntN(2); k++ {
			a := pick()
			if seen[a] {
				continue
			}
			seen[a] = true
			auth := authorities[a]
			progs := strings.Split(auth.programs, "|")
			ps := []string{progs[r.IntN(len(progs))]}
			if r.IntN(5) == 0 {
				ps = append(ps, progs[r.IntN(len(progs))])
				if ps[0] == ps[1] {
					ps = ps[:1]
				}
			}
			listed := ""
			if auth.id != "us-ofac" {
				listed = fmt.Sprintf("%d-%02d-%02d", 2006+r.IntN(19), 1+r.IntN(12), 1+r.IntN(28))
			}
			delisted := ""
			if listed != "" && r.IntN(20) == 0 {
				delisted = "2025-01-15"
			}
			// In force from the listing date, or from the snapshot that
			// lists it when the list gives no date (as OFAC's SDN list);
			// an open period ends in "", which neo4j-admin cannot write
			// inside an array: FinishStatement sets it after the import.
			from := listed
			if from == "" {
				from = SnapshotDate
			}
			id := fmt.Sprintf("%s:%d", auth.id, i)
			if err := des.row(id, id, auth.id, strings.Join(ps, "; "), strings.Join(ps, "|"), listed, delisted, from, delisted, "synthetic", "Designation"); err != nil {
				return c, err
			}
			if err := targets.row(id, entity(i), "TARGETS"); err != nil {
				return c, err
			}
			if err := issued.row(id, "authority-"+auth.id, "ISSUED_BY"); err != nil {
				return c, err
			}
			c.Designations++
			c.Relationships += 2
		}
	}
	for _, w := range []*writer{des, targets, issued} {
		if err := w.close(); err != nil {
			return c, err
		}
	}
	of, err := create(dir, "rels-reference.csv", ":START_ID(Ref)", ":END_ID(Ref)", ":TYPE")
	if err != nil {
		return c, err
	}
	for _, a := range authorities {
		if a.country != "" {
			if err := of.row("authority-"+a.id, "country-"+a.country, "OF_COUNTRY"); err != nil {
				return c, err
			}
		}
	}
	return c, of.close()
}

// SnapshotDate is the date of the list snapshot that states the
// designations without a listing date.
const SnapshotDate = "2024-05-03"

// FinishStatement completes the imported graph: the open in-force periods
// end in "" (the import leaves an empty array field out), as the loader
// writes them. It runs in batches of its own transactions.
const FinishStatement = `MATCH (d:Designation) WHERE d.inForceUntil IS NULL
CALL (d) { SET d.inForceUntil = [''] } IN TRANSACTIONS OF 50000 ROWS`

// ImportArgs are the neo4j-admin `database import full` arguments for the
// files Generate wrote into dir.
func ImportArgs(dir string) []string {
	f := func(name string) string { return filepath.Join(dir, name) }
	return []string{
		"--nodes=" + f("nodes-entities.csv"), "--nodes=" + f("nodes-reference.csv"), "--nodes=" + f("nodes-designations.csv"),
		"--relationships=" + f("rels-entities.csv"), "--relationships=" + f("rels-countries.csv"),
		"--relationships=" + f("rels-designations.csv"), "--relationships=" + f("rels-issued.csv"),
		"--relationships=" + f("rels-reference.csv"),
		"--array-delimiter=|", "--overwrite-destination=true", "--report-file=" + f("import.report"),
	}
}
