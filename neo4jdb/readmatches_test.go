package neo4jdb

import "testing"

// Both starts were timed on the real lists (19,832 entities, pages of 50;
// see authorityMatchCost): for each of these, readMatches picks the start
// that was faster.
func TestReadMatchesFollowsTheMeasuredCrossings(t *testing.T) {
	const entities, page = 19832, 51
	for _, c := range []struct {
		list         string
		designations int
		matchCost    int
		read         bool
	}{
		{"authority kr-mofa", 9, authorityMatchCost, true},
		{"authority us-state", 10, authorityMatchCost, true},
		{"authority un-sc", 875, authorityMatchCost, false},
		{"authority jp-mof", 2872, authorityMatchCost, false},
		{"authority us-ofac", 14970, authorityMatchCost, false},
		{"program family CYBER", 243, 1, true},
		{"program family UKRAINE", 521, 1, true},
		{"program family DPRK", 855, 1, true},
		{"program family IRAN", 1292, 1, false},
		{"program family RUSSIA", 4507, 1, false},
	} {
		if got := readMatches(c.designations, c.matchCost, entities, page); got != c.read {
			t.Errorf("%s (%d designations): read the matches %v, want %v", c.list, c.designations, got, c.read)
		}
	}
}
