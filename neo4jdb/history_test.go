package neo4jdb

import (
	"reflect"
	"testing"
)

func TestDeriveHistory(t *testing.T) {
	calendar := []Snapshot{
		{ID: "sdn-2021", Kind: "sdn", PublishedOn: "2021-04-25", Complete: true},
		{ID: "un-2022", Kind: "un", PublishedOn: "2022-01-01", Complete: true},
		{ID: "sdn-2023", Kind: "sdn", PublishedOn: "2023-01-01", Complete: true},
		{ID: "sdn-2024", Kind: "sdn", PublishedOn: "2024-05-03", Complete: true},
		{ID: "sdn-2024-dprk", Kind: "sdn", PublishedOn: "2024-06-01", Complete: false},
	}
	cases := []struct {
		name             string
		ev               listingEvidence
		from, until      []string
		since, sinceKind string
		delisted         string
	}{
		{name: "no evidence", ev: listingEvidence{}},
		{name: "first seen in 2024", ev: listingEvidence{CarriedIn: []string{"sdn-2024"}},
			from: []string{"2024-05-03"}, until: []string{""}, since: "2024-05-03", sinceKind: EvidenceFirstSnapshot},
		{name: "announced before the list", ev: listingEvidence{ListedOn: "2022-06-01", ListedOnKind: EvidenceAnnouncement, ListedOnSource: "a", CarriedIn: []string{"sdn-2023", "sdn-2024"}},
			from: []string{"2022-06-01"}, until: []string{""}, since: "2022-06-01", sinceKind: EvidenceAnnouncement},
		{name: "announced, list lags", ev: listingEvidence{ListedOn: "2022-06-01", ListedOnKind: EvidenceAnnouncement, ListedOnSource: "a", CarriedIn: []string{"sdn-2024"}},
			from: []string{"2022-06-01"}, until: []string{""}, since: "2022-06-01", sinceKind: EvidenceAnnouncement},
		{name: "dropped", ev: listingEvidence{CarriedIn: []string{"sdn-2021"}},
			from: []string{"2021-04-25"}, until: []string{"2023-01-01"}, since: "2021-04-25", sinceKind: EvidenceFirstSnapshot, delisted: "2023-01-01"},
		{name: "relisted", ev: listingEvidence{CarriedIn: []string{"sdn-2021", "sdn-2024"}},
			from: []string{"2021-04-25", "2024-05-03"}, until: []string{"2023-01-01", ""}, since: "2021-04-25", sinceKind: EvidenceFirstSnapshot},
		{name: "a filtered list says nothing about absence", ev: listingEvidence{CarriedIn: []string{"sdn-2021", "sdn-2023", "sdn-2024"}},
			from: []string{"2021-04-25"}, until: []string{""}, since: "2021-04-25", sinceKind: EvidenceFirstSnapshot},
		{name: "stated delisting", ev: listingEvidence{ListedOn: "2022-06-01", ListedOnKind: EvidenceAnnouncement, StatedDelistedOn: "2022-12-01"},
			from: []string{"2022-06-01"}, until: []string{"2022-12-01"}, since: "2022-06-01", sinceKind: EvidenceAnnouncement, delisted: "2022-12-01"},
		{name: "UN list field", ev: listingEvidence{ListedOn: "2009-04-24", ListedOnKind: EvidenceListField, ListedOnSource: "un-2022", CarriedIn: []string{"un-2022"}},
			from: []string{"2009-04-24"}, until: []string{""}, since: "2009-04-24", sinceKind: EvidenceListField},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := deriveHistory(c.ev, calendar)
			if !reflect.DeepEqual(h.From, c.from) || !reflect.DeepEqual(h.Until, c.until) || h.Since != c.since || h.SinceKind != c.sinceKind || h.DelistedOn != c.delisted {
				t.Errorf("got from %v until %v since %s (%s) delisted %q; want from %v until %v since %s (%s) delisted %q\nevents %v",
					h.From, h.Until, h.Since, h.SinceKind, h.DelistedOn, c.from, c.until, c.since, c.sinceKind, c.delisted, h.Events)
			}
		})
	}
}

func TestInForceOn(t *testing.T) {
	from, until := []string{"2021-04-25", "2024-05-03"}, []string{"2023-01-01", ""}
	for date, want := range map[string]bool{
		"2000-01-01": false, "2021-04-25": true, "2022-12-31": true, "2023-01-01": false, "2024-05-02": false, "2024-06-01": true,
	} {
		if got := InForceOn(from, until, date); got != want {
			t.Errorf("InForceOn(%s) = %v, want %v", date, got, want)
		}
	}
	if InForceOn(nil, nil, "2024-01-01") {
		t.Error("a designation without evidence is in force")
	}
}
