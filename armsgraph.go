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

// InForce reports whether a designation listed on listedOn and delisted on
// delistedOn (YYYY-MM-DD, empty when the source gives none) is in force on
// date: listed on or before it (official lists give no listing date, which
// counts as listed) and not delisted on or before it.
func InForce(listedOn, delistedOn, date string) bool {
	return (listedOn == "" || listedOn <= date) && (delistedOn == "" || delistedOn > date)
}

// InForceCypher is InForce as a Cypher condition on designation variable d
// and the date expression date (a parameter such as $asOf, or
// toString(date()) in the guide).
func InForceCypher(d, date string) string {
	return "(" + d + ".listedOn IS NULL OR " + d + ".listedOn <= " + date + ") AND (" +
		d + ".delistedOn IS NULL OR " + d + ".delistedOn > " + date + ")"
}

// ProgramFamilyCypher is true when designation d has a program of the
// family family (a parameter or a literal): the program itself or one that
// begins with it, so DPRK takes in OFAC's DPRK2, DPRK3 and DPRK4, and RUSSIA
// takes in RUSSIA-EO14024. The joined program text is searched first, which
// the designation_program text index answers; the list then decides.
func ProgramFamilyCypher(d, family string) string {
	return d + ".program CONTAINS " + family + " AND any(program IN " + d + ".programs WHERE program STARTS WITH " + family + ")"
}
