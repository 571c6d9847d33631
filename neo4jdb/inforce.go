package neo4jdb

import "github.com/armsgraph/armsgraph"

// The in-force rule, in one place for the writer and every read
// (docs/designations.md): a designation is in force on day D only if one
// of its in-force periods holds D. The writer derives the periods from the
// evidence (a stated listing date, the list snapshots that carried it, a
// stated or observed delisting) and stores them on the Designation as two
// parallel lists, inForceFrom and inForceUntil ("" while open). A
// designation without evidence has no period and is never in force.

// InForceCypher is true when designation d is in force on $asOf. Reads
// splice it after naming the designation d and binding $asOf.
var InForceCypher = armsgraph.InForceCypher("d", "$asOf")

// InForceOn is InForceCypher in Go, for values already read: periods are
// the parallel lists from and until ("" while open), dates YYYY-MM-DD.
func InForceOn(from, until []string, date string) bool {
	return armsgraph.InForce(from, until, date)
}

// Kinds of evidence for the first day a designation is in force.
const (
	// EvidenceAnnouncement: the listing date an announcement states.
	EvidenceAnnouncement = "announcement"
	// EvidenceListField: a date field of the official list (UN LISTED_ON).
	EvidenceListField = "list-field"
	// EvidenceFirstSnapshot: no source states a date; the first list
	// snapshot that carried it.
	EvidenceFirstSnapshot = "first-snapshot"
	// EvidencePublishedBy: an OFAC list entry with no date of its own that
	// publishes a State Department designation takes that designation's
	// announced date.
	EvidencePublishedBy = "state-designation-published-by-ofac"
)
