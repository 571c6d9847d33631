package graph

import (
	"github.com/armsgraph/armsgraph/graph/model"
	"github.com/armsgraph/armsgraph/identity"
	"github.com/armsgraph/armsgraph/record"
)

// matchProfile is a screening description as the identity matcher reads it.
func matchProfile(d model.MatchDescription) identity.Profile {
	p := identity.Profile{Names: append([]string{d.Name}, d.Aliases...), BirthDates: d.BirthDates, Nationalities: d.Nationalities}
	if d.Kind != nil {
		p.Kind = *d.Kind
	}
	if d.Country != nil && *d.Country != "" {
		p.Countries = []string{*d.Country}
	}
	if d.ImoNumber != nil {
		p.IMONumber = *d.ImoNumber
	}
	for _, id := range d.Identifiers {
		rid := record.Identifier{Type: id.Type, Value: id.Value}
		if id.Country != nil {
			rid.Country = *id.Country
		}
		p.Identifiers = append(p.Identifiers, rid)
	}
	return p
}
