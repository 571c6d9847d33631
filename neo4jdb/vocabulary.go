package neo4jdb

// The graph's vocabulary as Cypher text, in one place beside record's kinds
// (Kind.Label) and relationship types: what "in force" means, the links to
// countries, program families.

// countryLinkTypes are an entity's links to a country: nationality,
// registration and flag.
const countryLinkTypes = "NATIONAL_OF|REGISTERED_IN|FLAGGED"

// InForceOn is the one definition of "designation d is in force on the
// date in parameter date": listed on or before it (official lists give no
// listing date, which counts as listed) and not delisted on or before it.
// Every read that asks about designations in force uses it.
func InForceOn(d, date string) string {
	return "(" + d + ".listedOn IS NULL OR " + d + ".listedOn <= " + date + ") AND (" +
		d + ".delistedOn IS NULL OR " + d + ".delistedOn > " + date + ")"
}

// inForce is InForceOn for designation d on $asOf.
var inForce = InForceOn("d", "$asOf")

// programOfFamily is true when designation d has a program of the family
// in param: the program itself or one that begins with it, so DPRK takes
// in OFAC's DPRK2, DPRK3 and DPRK4, and RUSSIA takes RUSSIA-EO14024. The
// joined program text is searched first, which the designation_program
// text index answers; the list then decides.
func programOfFamily(d, param string) string {
	return d + ".program CONTAINS " + param + " AND any(p IN " + d + ".programs WHERE p STARTS WITH " + param + ")"
}
