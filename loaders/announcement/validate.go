package announcement

import (
	"fmt"
	"strings"

	"github.com/armsgraph/armsgraph/record"
)

// validate runs the checks that span fields: references between sections,
// duplicates, fields that do not fit the entity's kind, date order and
// stated counts. Values the decoder already rejected are empty here and
// skipped, so one slip is reported once.
func (d *decoder) validate(f *File) {
	entities := d.validateEntities(f.Entities)
	d.validateDesignations(f, entities)
	d.validateRelationships(f.Relationships, entities)
	ports := d.validatePorts(f.Ports)
	d.validateTransfers(f.Transfers, entities, ports)
	d.validateStated(f, entities)
}

// kindFields are the entity fields that only make sense for some kinds.
var kindFields = []struct {
	name  string
	set   func(e *Entity) bool
	kinds []Kind
}{
	{"imoNumber", func(e *Entity) bool { return e.IMONumber != "" }, []Kind{"vessel"}},
	{"mmsi", func(e *Entity) bool { return e.MMSI != "" }, []Kind{"vessel"}},
	{"callSign", func(e *Entity) bool { return e.CallSign != "" }, []Kind{"vessel"}},
	{"vesselType", func(e *Entity) bool { return e.VesselType != "" }, []Kind{"vessel"}},
	{"grossTonnage", func(e *Entity) bool { return e.GrossTonnage != "" }, []Kind{"vessel"}},
	{"buildYear", func(e *Entity) bool { return e.BuildYear != 0 }, []Kind{"vessel", "aircraft"}},
	{"flags", func(e *Entity) bool { return len(e.Flags) > 0 }, []Kind{"vessel", "aircraft"}},
	{"birthDate", func(e *Entity) bool { return e.BirthDate != "" }, []Kind{"person"}},
	{"birthDates", func(e *Entity) bool { return len(e.BirthDates) > 0 }, []Kind{"person"}},
	{"birthPlace", func(e *Entity) bool { return e.BirthPlace != "" }, []Kind{"person"}},
	{"gender", func(e *Entity) bool { return e.Gender != "" }, []Kind{"person"}},
	{"nationality", func(e *Entity) bool { return len(e.Nationality) > 0 }, []Kind{"person"}},
	{"aircraftModel", func(e *Entity) bool { return e.AircraftModel != "" }, []Kind{"aircraft"}},
	{"tailNumber", func(e *Entity) bool { return e.TailNumber != "" }, []Kind{"aircraft"}},
	{"manufacturerSerial", func(e *Entity) bool { return e.ManufacturerSerial != "" }, []Kind{"aircraft"}},
}

// identityClaim remembers which entity first gave an identifying value.
type identityClaim struct {
	entity ID
	field  string
}

func (d *decoder) validateEntities(list []Entity) map[ID]*Entity {
	byID := make(map[ID]*Entity)
	firstField := make(map[ID]string)
	claims := make(map[string]identityClaim)
	claim := func(key string, e *Entity, field, what string) {
		if first, ok := claims[key]; ok && first.entity != e.ID {
			d.add(field, "%s is also given to entity %q at line %d: the same entity twice with conflicting identifiers; describe it once",
				what, string(first.entity), d.position(first.field).line)
			return
		}
		claims[key] = identityClaim{e.ID, field}
	}
	for i := range list {
		e := &list[i]
		at := fmt.Sprintf("entities[%d]", i)
		if e.ID != "" {
			if _, dup := byID[e.ID]; dup {
				d.add(at+".id", "duplicate entity id %q (first defined at line %d)", string(e.ID), d.position(firstField[e.ID]).line)
			} else {
				byID[e.ID] = e
				firstField[e.ID] = at + ".id"
			}
		}
		if _, known := recordKinds[e.Kind]; known {
			for _, kf := range kindFields {
				if kf.set(e) && !containsKind(kf.kinds, e.Kind) {
					d.add(at+"."+kf.name, "%s is only for %s; this entity is %s", kf.name, kindList(kf.kinds), withArticle(string(e.Kind)))
				}
			}
		}
		if e.IMONumber != "" && e.Kind == "vessel" {
			claim("imo:"+string(e.IMONumber), e, at+".imoNumber", fmt.Sprintf("IMO number %q", string(e.IMONumber)))
		}
		for j, src := range e.SourceRecordIDs {
			claim("src:"+string(src), e, fmt.Sprintf("%s.sourceRecordIds[%d]", at, j), fmt.Sprintf("source record id %q", string(src)))
		}
		for j, id := range e.Identifiers {
			if id.Type != record.IDCompanyIMO || id.Value == "" {
				continue
			}
			field := fmt.Sprintf("%s.identifiers[%d].value", at, j)
			switch {
			case !imoRegexp.MatchString(id.Value):
				d.add(field, "%q is not a company IMO number (7 digits)", id.Value)
			case !record.ValidCompanyIMO(id.Value):
				d.add(field, "%q fails the company IMO check digit (expected %d)", id.Value, companyIMOCheckDigit(id.Value))
			default:
				claim("company-imo:"+id.Value, e, field, fmt.Sprintf("company IMO number %q", id.Value))
			}
		}
		for j, flag := range e.Flags {
			d.checkOrder(fmt.Sprintf("%s.flags[%d]", at, j), "since", flag.Since, "until", flag.Until)
		}
	}
	return byID
}

func containsKind(kinds []Kind, k Kind) bool {
	for _, have := range kinds {
		if have == k {
			return true
		}
	}
	return false
}

func withArticle(kind string) string {
	if strings.ContainsAny(kind[:1], "aeiou") {
		return "an " + kind
	}
	return "a " + kind
}

func kindList(kinds []Kind) string {
	names := make([]string, len(kinds))
	for i, k := range kinds {
		names[i] = string(k) + "s"
	}
	return strings.Join(names, " and ")
}

// checkOrder reports an end date before its start date, at the end date.
func (d *decoder) checkOrder(at, startName string, start Date, endName string, end Date) {
	if start != "" && end != "" && end < start && end.problem() == "" && start.problem() == "" {
		d.add(at+"."+endName, "%s %s is before %s %s", endName, string(end), startName, string(start))
	}
}

func (d *decoder) refersToEntity(field string, id ID, entities map[ID]*Entity) *Entity {
	if id == "" {
		return nil
	}
	e, ok := entities[id]
	if !ok {
		d.add(field, "no entity with id %q in this file", string(id))
	}
	return e
}

func (d *decoder) validateDesignations(f *File, entities map[ID]*Entity) {
	for i, des := range f.Designations {
		at := fmt.Sprintf("designations[%d]", i)
		d.refersToEntity(at+".target", des.Target, entities)
		listedOn, listedName := des.ListedOn, "listedOn"
		if listedOn == "" {
			listedOn, listedName = f.Announcement.PublishedOn, "announcement.publishedOn"
		}
		d.checkOrder(at, listedName, listedOn, "delistedOn", des.DelistedOn)
	}
}

func (d *decoder) validateRelationships(list []Relationship, entities map[ID]*Entity) {
	for i, rel := range list {
		at := fmt.Sprintf("relationships[%d]", i)
		d.refersToEntity(at+".from", rel.From, entities)
		d.refersToEntity(at+".to", rel.To, entities)
		if rel.From != "" && rel.From == rel.To {
			d.add(at+".to", "relationship from entity %q to itself", string(rel.From))
		}
		d.checkOrder(at, "since", rel.Since, "until", rel.Until)
	}
}

func (d *decoder) validatePorts(list []Port) map[PortID]bool {
	ports := make(map[PortID]bool)
	for i, p := range list {
		if p.ID == "" {
			continue
		}
		if ports[p.ID] {
			d.add(fmt.Sprintf("ports[%d].id", i), "duplicate port id %q", string(p.ID))
		}
		ports[p.ID] = true
	}
	return ports
}

func (d *decoder) validateTransfers(list []Transfer, entities map[ID]*Entity, ports map[PortID]bool) {
	seen := make(map[ID]bool)
	for i, t := range list {
		at := fmt.Sprintf("transfers[%d]", i)
		if t.ID != "" {
			if seen[t.ID] {
				d.add(at+".id", "duplicate transfer id %q", string(t.ID))
			}
			seen[t.ID] = true
		}
		if v := d.refersToEntity(at+".vessel", t.Vessel, entities); v != nil && v.Kind != "" && v.Kind != "vessel" {
			d.add(at+".vessel", "entity %q is %s, not a vessel", string(t.Vessel), withArticle(string(v.Kind)))
		}
		for _, end := range []struct {
			name string
			port PortID
		}{{"from", t.From}, {"to", t.To}} {
			if end.port != "" && !ports[end.port] {
				d.add(at+"."+end.name, "no port with id %q in this file's ports", string(end.port))
			}
		}
		for j, party := range t.Parties {
			d.refersToEntity(fmt.Sprintf("%s.parties[%d].entity", at, j), party.Entity, entities)
		}
		d.checkOrder(at, "fromDate", t.FromDate, "toDate", t.ToDate)
	}
}

// validateStated checks the stated counts against the distinct targets the
// file designates: an announcement may name fewer targets than it counts,
// never more.
func (d *decoder) validateStated(f *File, entities map[ID]*Entity) {
	stated := f.Announcement.Stated
	if stated == nil {
		return
	}
	named := make(map[Kind]int)
	targets := make(map[ID]bool)
	for _, des := range f.Designations {
		if e, ok := entities[des.Target]; ok && !targets[des.Target] {
			targets[des.Target] = true
			named[e.Kind]++
		}
	}
	counts := []struct {
		name   string
		kind   Kind
		stated *int
	}{
		{"persons", "person", stated.Persons},
		{"organizations", "organization", stated.Organizations},
		{"vessels", "vessel", stated.Vessels},
	}
	sum := 0
	for _, c := range counts {
		if c.stated == nil {
			continue
		}
		sum += *c.stated
		if *c.stated < named[c.kind] {
			d.add("announcement.stated."+c.name, "states %d %s but the file designates %d", *c.stated, c.name, named[c.kind])
		}
	}
	if stated.Total == nil {
		return
	}
	switch {
	case *stated.Total < len(targets):
		d.add("announcement.stated.total", "states %d targets in total but the file designates %d", *stated.Total, len(targets))
	case *stated.Total < sum:
		d.add("announcement.stated.total", "total %d is less than the sum of the stated counts (%d)", *stated.Total, sum)
	}
}
