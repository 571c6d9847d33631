package neo4jdb_test

import (
	"context"
	"testing"

	"github.com/armsgraph/armsgraph/identity"
	"github.com/armsgraph/armsgraph/neo4jdb/neo4jtest"
	"github.com/armsgraph/armsgraph/record"
)

// TestMatchGolden screens descriptions against the seed: the best answer,
// whether it matches at the threshold, and the feature that decided.
func TestMatchGolden(t *testing.T) {
	s := neo4jtest.Seeded(t)
	ctx := context.Background()
	for _, c := range []struct {
		name    string
		q       identity.Profile
		best    string
		match   bool
		feature string
	}{
		{"person by name and birth date, given name first",
			identity.Profile{Kind: record.Person, Names: []string{"Ashot Mkrtychev"}, BirthDates: []string{"1966-05-07"}},
			"ashot-mkrtychev", true, "birth date"},
		{"the same person by name alone: found, not a match",
			identity.Profile{Kind: record.Person, Names: []string{"Ashot MKRTYCHEV"}},
			"ashot-mkrtychev", false, "name"},
		{"surname first with a birth year",
			identity.Profile{Kind: record.Person, Names: []string{"GAZARYAN, Rafael"}, BirthDates: []string{"1954"}, Nationalities: []string{"RU"}},
			"rafael-gazaryan", true, "nationality"},
		{"vessel by IMO number, name written otherwise",
			identity.Profile{Kind: record.Vessel, Names: []string{"MAIA1"}, IMONumber: "9358010"},
			"imo-9358010", true, "imo"},
		{"company by registration number",
			identity.Profile{Kind: record.Organization, Names: []string{"Azia Shipping Holdings Ltd"},
				Identifiers: []record.Identifier{{Type: record.IDRegistration, Value: "HE131171", Country: "CY"}}},
			"azia-shipping-holdings-ltd", true, "identifier"},
		{"same name, other birth date: no match",
			identity.Profile{Kind: record.Person, Names: []string{"MKRTYCHEV, Ashot"}, BirthDates: []string{"1971-01-01"}},
			"ashot-mkrtychev", false, "birth date"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := s.Match(ctx, c.q, identity.Threshold, 5)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) == 0 {
				t.Fatal("no candidate")
			}
			best := got[0]
			if best.Entity.ID != c.best || best.Match != c.match {
				t.Errorf("best %s (%.3f, match %v), want %s match %v: %v", best.Entity.ID, best.Score.Value, best.Match, c.best, c.match, best.Score.Features)
			}
			found := false
			for _, f := range best.Score.Features {
				found = found || (f.Name == c.feature && f.Weight != 0)
			}
			if !found {
				t.Errorf("no %q feature in %v", c.feature, best.Score.Features)
			}
		})
	}
}
