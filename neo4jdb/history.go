package neo4jdb

import "sort"

// Snapshot is one dated version of an official list, as loaded.
type Snapshot struct {
	ID, Kind, PublishedOn string
	// Complete: the whole list was loaded, so a listing it lacks was
	// dropped. A filtered load (--programs) says nothing about absence.
	Complete bool
}

// listingEvidence is what the graph holds about one designation.
type listingEvidence struct {
	// ListedOn is a listing date a source states, with the source's id and
	// the kind of evidence (EvidenceAnnouncement or EvidenceListField).
	ListedOn, ListedOnSource, ListedOnKind string
	// DelistedOn is a delisting date a source states.
	StatedDelistedOn string
	// CarriedIn are the ids of the snapshots that carry it.
	CarriedIn []string
}

// listingHistory is what the writer derives from the evidence.
type listingHistory struct {
	From, Until                   []string
	Since, SinceKind, SinceSource string
	FirstListedIn, LastListedIn   string
	// DelistedOn is the end of the last period, when it is closed.
	DelistedOn string
	// Events are "listed", "delisted" and "relisted" with date and source.
	Events []string
}

// deriveHistory computes a designation's in-force periods. calendar holds
// every snapshot of every list kind, in date order. The rule
// (docs/designations.md): a period starts on the stated listing date,
// else on the first snapshot that carried the listing; a complete snapshot
// of the same list that no longer carries it closes the period on its
// date; a later snapshot carrying it again opens a new one (relisting); a
// stated delisting date closes the last period. No evidence, no period.
func deriveHistory(ev listingEvidence, calendar []Snapshot) listingHistory {
	var h listingHistory
	carried := map[string]bool{}
	for _, id := range ev.CarriedIn {
		carried[id] = true
	}
	kinds := map[string]bool{}
	for _, s := range calendar {
		if carried[s.ID] {
			kinds[s.Kind] = true
		}
	}
	open := false
	start := func(date, kind, source, event string) {
		if len(h.From) == 0 {
			h.Since, h.SinceKind, h.SinceSource = date, kind, source
		}
		h.From = append(h.From, date)
		h.Until = append(h.Until, "")
		h.Events = append(h.Events, event+" "+date+" "+source)
		open = true
	}
	stop := func(date, source string) {
		h.Until[len(h.Until)-1] = date
		h.Events = append(h.Events, "delisted "+date+" "+source)
		open = false
	}
	// The stated date starts the first period unless a snapshot carried
	// the listing earlier: the earliest evidence wins.
	stated := ev.ListedOn
	for _, s := range calendar {
		if !kinds[s.Kind] {
			continue
		}
		if stated != "" && s.PublishedOn >= stated {
			start(stated, ev.ListedOnKind, ev.ListedOnSource, "listed")
			stated = ""
		}
		switch {
		case carried[s.ID]:
			if h.FirstListedIn == "" {
				h.FirstListedIn = s.ID
			}
			h.LastListedIn = s.ID
			if !open {
				event := "relisted"
				if len(h.From) == 0 {
					event = "listed"
				}
				start(s.PublishedOn, EvidenceFirstSnapshot, s.ID, event)
			}
			stated = ""
		case s.Complete && open && h.FirstListedIn != "":
			// Only after the list first carried it: a list may lag the
			// announcement that made the listing.
			stop(s.PublishedOn, s.ID)
		}
	}
	if stated != "" {
		start(stated, ev.ListedOnKind, ev.ListedOnSource, "listed")
	}
	if ev.StatedDelistedOn != "" && open && ev.StatedDelistedOn >= h.From[len(h.From)-1] {
		stop(ev.StatedDelistedOn, "stated")
	}
	if n := len(h.Until); n > 0 {
		h.DelistedOn = h.Until[n-1]
	}
	return h
}

// sortSnapshots orders snapshots by date, then id.
func sortSnapshots(s []Snapshot) {
	sort.Slice(s, func(i, j int) bool {
		if s[i].PublishedOn != s[j].PublishedOn {
			return s[i].PublishedOn < s[j].PublishedOn
		}
		return s[i].ID < s[j].ID
	})
}
