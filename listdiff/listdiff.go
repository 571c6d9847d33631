// Package listdiff compares two snapshots of one official list, as parsed
// records: which listings were added, which were dropped (delisted) and
// which changed, field by field. It knows no file format and no database.
package listdiff

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/armsgraph/armsgraph/record"
)

// Operations of a Change, as OpenSanctions' delta files name them.
const (
	Added    = "ADD"
	Changed  = "MOD"
	Delisted = "DEL"
)

// Change is what happened to one listing between the two snapshots.
type Change struct {
	Op string
	// Ref is the listing's record id ("us-ofac:37098").
	Ref  string
	Name string
	// Fields are the fields that differ (MOD only), in a fixed order.
	Fields []FieldChange
	// Entry is the listing as the newer snapshot states it (nil for DEL).
	Entry *record.Entry
}

// FieldChange is one field's value in each snapshot; lists are written
// sorted and joined by "; ".
type FieldChange struct {
	Field    string
	From, To string
}

// Summary counts the changes.
type Summary struct {
	Added, Delisted, Changed, Unchanged int
}

// Compare returns the changes from one snapshot to the next, ordered by
// record id, and their counts. Listings are matched on their Ref, which
// the parsers make the list's own record id.
func Compare(from, to []record.Entry) ([]Change, Summary, error) {
	old, err := byRef(from, "the older snapshot")
	if err != nil {
		return nil, Summary{}, err
	}
	cur, err := byRef(to, "the newer snapshot")
	if err != nil {
		return nil, Summary{}, err
	}
	var changes []Change
	var sum Summary
	for ref, e := range cur {
		before, ok := old[ref]
		if !ok {
			changes = append(changes, Change{Op: Added, Ref: ref, Name: e.Entity.Name, Entry: e})
			sum.Added++
			continue
		}
		if fields := Diff(fields(*before), fields(*e)); len(fields) > 0 {
			changes = append(changes, Change{Op: Changed, Ref: ref, Name: e.Entity.Name, Fields: fields, Entry: e})
			sum.Changed++
		} else {
			sum.Unchanged++
		}
	}
	for ref, e := range old {
		if _, ok := cur[ref]; !ok {
			changes = append(changes, Change{Op: Delisted, Ref: ref, Name: e.Entity.Name})
			sum.Delisted++
		}
	}
	sort.Slice(changes, func(i, j int) bool { return changes[i].Ref < changes[j].Ref })
	return changes, sum, nil
}

func byRef(entries []record.Entry, which string) (map[string]*record.Entry, error) {
	out := make(map[string]*record.Entry, len(entries))
	for i := range entries {
		ref := entries[i].Entity.Ref
		if _, dup := out[ref]; dup {
			return nil, fmt.Errorf("%s lists %s twice", which, ref)
		}
		out[ref] = &entries[i]
	}
	return out, nil
}

// fieldOrder is the order fields are reported in.
var fieldOrder = []string{
	"kind", "name", "aliases", "birthDates", "birthPlaces", "gender", "nationalities", "country", "title",
	"identifiers", "addresses", "imoNumber", "mmsi", "callSign", "vesselType", "tonnage", "grossTonnage",
	"buildYear", "flags", "aircraftModel", "tailNumber", "manufacturerSerial", "remarks",
	"programs", "measures", "listedOn", "delistedOn", "reason", "links",
}

// fields flattens a listing into comparable strings.
func fields(e record.Entry) map[string]string {
	x := e.Entity
	list := func(values []string) string {
		s := slices.Clone(values)
		sort.Strings(s)
		return strings.Join(s, "; ")
	}
	var aliases, ids, addresses, flags, programs, measures, listed, delisted, reasons, links []string
	for _, a := range x.Aliases {
		aliases = append(aliases, strings.TrimSpace(a.Name+" ("+strings.Trim(a.Type+" "+a.Quality, " ")+")"))
	}
	for _, id := range x.Identifiers {
		ids = append(ids, strings.Trim(id.Type+" "+id.Value+" "+id.Country, " "))
	}
	for _, a := range x.Addresses {
		addresses = append(addresses, a.Text)
	}
	for _, f := range x.Flags {
		flags = append(flags, strings.Trim(f.Country+" "+f.Since+" "+f.Until, " "))
	}
	for _, d := range e.Designations {
		programs = append(programs, d.Programs...)
		measures = append(measures, d.Measures...)
		listed = append(listed, d.ListedOn)
		delisted = append(delisted, d.DelistedOn)
		reasons = append(reasons, d.Reason)
	}
	for _, r := range e.Relationships {
		links = append(links, strings.Trim(r.Type+" "+r.ToRef+r.ToName+" "+r.Role, " "))
	}
	buildYear := ""
	if x.BuildYear != 0 {
		buildYear = fmt.Sprint(x.BuildYear)
	}
	return map[string]string{
		"kind": string(x.Kind), "name": x.Name, "aliases": list(aliases), "birthDates": list(x.BirthDates),
		"birthPlaces": list(x.BirthPlaces), "gender": x.Gender, "nationalities": list(x.Nationalities),
		"country": x.Country, "title": x.Title, "identifiers": list(ids), "addresses": list(addresses),
		"imoNumber": x.IMONumber, "mmsi": x.MMSI, "callSign": x.CallSign, "vesselType": x.VesselType,
		"tonnage": x.Tonnage, "grossTonnage": x.GrossTonnage, "buildYear": buildYear, "flags": list(flags),
		"aircraftModel": x.AircraftModel, "tailNumber": x.TailNumber, "manufacturerSerial": x.ManufacturerSerial,
		"remarks": x.Remarks, "programs": list(programs), "measures": list(measures), "listedOn": list(listed),
		"delistedOn": strings.Trim(list(delisted), "; "), "reason": strings.Trim(list(reasons), "; "), "links": list(links),
	}
}

// Diff returns the fields whose values differ, in the reporting order.
func Diff(a, b map[string]string) []FieldChange {
	var out []FieldChange
	for _, f := range fieldOrder {
		if a[f] != b[f] {
			out = append(out, FieldChange{Field: f, From: a[f], To: b[f]})
		}
	}
	return out
}

// Stated is what a listing states, in the stored form the graph keeps per
// snapshot (on LISTED_IN), so that the API compares exactly the fields
// this package compares: "field=value" for each non-empty field, in the
// reporting order.
func Stated(e record.Entry) []string {
	values := fields(e)
	out := make([]string, 0, len(fieldOrder))
	for _, f := range fieldOrder {
		if v := values[f]; v != "" {
			out = append(out, f+"="+v)
		}
	}
	return out
}

// ParseStated reads Stated's form back into field values.
func ParseStated(stated []string) map[string]string {
	out := make(map[string]string, len(stated))
	for _, s := range stated {
		f, v, _ := strings.Cut(s, "=")
		out[f] = v
	}
	return out
}

// Digest is a short fingerprint of Stated's form: two snapshots state the
// same of a listing exactly when their digests are equal.
func Digest(stated []string) string {
	h := sha256.New()
	for _, s := range stated {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}
