// Package armsgraph is the domain's vocabulary, in one place for the
// Cypher of the Neo4j adapter, the GraphQL resolvers and the Browser
// guide: the relationships network questions walk, the links to
// countries, what "in force" means and what a program family is. It
// imports no database driver.
package armsgraph

import (
	"strings"

	"github.com/armsgraph/armsgraph/record"
)

// NetworkTypes are the relationships network questions walk: those between
// actors, and transfers (a vessel CARRIED a transfer; actors were PARTY_TO
// it). Country, Authority, Resolution, Announcement, Designation and
// Identifier nodes are never reached through them.
var NetworkTypes = append(append([]string{}, record.ActorRelationshipTypes...), "CARRIED", "PARTY_TO")

// NetworkPattern is NetworkTypes as a Cypher relationship type expression.
var NetworkPattern = strings.Join(NetworkTypes, "|")

// CountryLinkPattern is an entity's links to a country: nationality,
// registration and flag.
const CountryLinkPattern = "NATIONAL_OF|REGISTERED_IN|FLAGGED"

// InForce reports whether a designation is in force on date (YYYY-MM-DD):
// only if one of its in-force periods holds it (docs/designations.md). The
// loader derives the periods from the evidence and stores them as two
// parallel lists, from and until ("" while open); a designation without
// evidence has no period and is never in force.
func InForce(from, until []string, date string) bool {
	for i := range from {
		if i < len(until) && from[i] <= date && (until[i] == "" || until[i] > date) {
			return true
		}
	}
	return false
}

// InForceCypher is InForce as a Cypher condition on designation variable d
// and the date expression date (a parameter such as $asOf, or
// toString(date()) in the guide).
func InForceCypher(d, date string) string {
	return "any(i IN range(0, size(coalesce(" + d + ".inForceFrom, [])) - 1) WHERE " +
		d + ".inForceFrom[i] <= " + date + " AND (" + d + ".inForceUntil[i] = '' OR " + d + ".inForceUntil[i] > " + date + "))"
}

// InProgramFamily reports whether program is of the family family: the
// program itself, or one that begins with it followed by anything but a
// letter. So DPRK takes in DPRK, OFAC's DPRK2, DPRK3, DPRK4 and
// DPRK-NKSPEA; RUSSIA takes in RUSSIA-EO14024; a whole program such as
// DPRK3 is a family of one; RU is no family of RUSSIA-EO14024. Programs
// are compared as the authorities write them (case matters). The CLI's
// `load --programs` and the API's programFamily filters both mean this.
func InProgramFamily(program, family string) bool {
	if family == "" || !strings.HasPrefix(program, family) {
		return false
	}
	rest := program[len(family):]
	return rest == "" || !isASCIILetter(rest[0])
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// ProgramFamilyCypher is InProgramFamily as a Cypher condition: true when
// designation d has a program of the family family (a parameter or a
// literal). The joined program text is searched first, which the
// designation_program text index answers; the list then decides.
func ProgramFamilyCypher(d, family string) string {
	return d + ".program CONTAINS " + family + " AND any(program IN " + d + ".programs WHERE program STARTS WITH " + family +
		" AND NOT substring(program, size(" + family + "), 1) =~ '[A-Za-z]')"
}

// programAreas groups the programs of different authorities that concern
// one country or threat (each by family, as InProgramFamily), so that the
// identity matcher can tell that a UN and an OFAC listing belong to one
// sanctions regime. OFAC lists the UN's Al-Qaida and Taliban designees
// under SDGT (UN TAi.148 and OFAC 12018 ALIZAI, for one).
var programAreas = []struct {
	area     string
	families []string
}{
	{"north korea", []string{"DPRK"}},
	{"dr congo", []string{"DRC", "DRCONGO"}},
	{"central african republic", []string{"CAR"}},
	{"iraq", []string{"Iraq", "IRAQ2", "IRAQ3"}},
	{"libya", []string{"Libya", "LIBYA2", "LIBYA3"}},
	{"somalia", []string{"Somalia", "SOMALIA"}},
	{"south sudan", []string{"SouthSudan", "SOUTH SUDAN"}},
	{"sudan", []string{"Sudan", "DARFUR", "SUDAN"}},
	{"yemen", []string{"Yemen", "YEMEN"}},
	{"terrorism", []string{"Al-Qaida", "Taliban", "SDGT", "FTO"}},
}

// ProgramArea is the sanctions regime a program belongs to across
// authorities ("north korea" for UN DPRK and OFAC DPRK3), or "" when it is
// of none that two authorities share here.
func ProgramArea(program string) string {
	for _, a := range programAreas {
		for _, f := range a.families {
			if InProgramFamily(program, f) {
				return a.area
			}
		}
	}
	return ""
}
