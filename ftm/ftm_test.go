package ftm

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/armsgraph/armsgraph/record"
)

// MAIA-1 as the seed (2024-05-24-jp-mof.yaml) and OFAC (sdn.csv of
// 2024-05-03, entry 37098) state it.
var maia1 = record.Entity{
	Kind: record.Vessel, Name: "MAIA-1", Aliases: []record.Alias{{Name: "NEPTUN", Type: "fka"}},
	IMONumber: "9358010", VesselType: "General Cargo", GrossTonnage: "9611", Flags: []record.Flag{{Country: "RU"}},
	SourceRecordIDs: []string{"us-ofac:37098"},
	Sources:         []string{"https://www.treasury.gov/ofac/downloads/sdn.csv", "https://www.treasury.gov/ofac/downloads/alt.csv"},
}

func TestThingUsesFtMPropertyNames(t *testing.T) {
	e := maia1
	e.ID = "imo-9358010"
	got := Mapper{}.Thing(e)
	if len(got) != 1 {
		t.Fatalf("got %d entities, want the vessel alone: %v", len(got), got)
	}
	want := Entity{ID: "imo-9358010", Schema: "Vessel", Referents: []string{"us-ofac:37098"}, Properties: map[string][]string{
		"name": {"MAIA-1"}, "previousName": {"NEPTUN"}, "imoNumber": {"9358010"}, "type": {"General Cargo"},
		"grossRegisteredTonnage": {"9611"}, "flag": {"ru"},
		"sourceUrl": {"https://www.treasury.gov/ofac/downloads/alt.csv", "https://www.treasury.gov/ofac/downloads/sdn.csv"},
	}}
	if !reflect.DeepEqual(got[0], want) {
		t.Errorf("Thing = %+v\nwant    %+v", got[0], want)
	}
	// encoding/json writes map keys sorted: the line is one exact string
	line, _ := json.Marshal(got[0])
	const wantLine = `{"id":"imo-9358010","schema":"Vessel","properties":{"flag":["ru"],"grossRegisteredTonnage":["9611"],"imoNumber":["9358010"],"name":["MAIA-1"],"previousName":["NEPTUN"],"sourceUrl":["https://www.treasury.gov/ofac/downloads/alt.csv","https://www.treasury.gov/ofac/downloads/sdn.csv"],"type":["General Cargo"]},"referents":["us-ofac:37098"]}`
	if string(line) != wantLine {
		t.Errorf("line = %s\nwant   %s", line, wantLine)
	}
}

func TestIdentifiersBecomeIdentifications(t *testing.T) {
	// M LEASING LLC's company IMO number (seed, 2024-05-17-au-dfat.yaml)
	e := record.Entity{ID: "m-leasing-llc", Kind: record.Organization, Name: "M LEASING LLC",
		Identifiers: []record.Identifier{{Type: record.IDCompanyIMO, Value: "6246853"}}}
	got := Mapper{}.Thing(e)
	if len(got) != 2 || got[0].Schema != "Company" || !reflect.DeepEqual(got[0].Properties["imoNumber"], []string{"6246853"}) {
		t.Fatalf("Thing = %+v", got)
	}
	id := got[1]
	if id.Schema != "Identification" || !reflect.DeepEqual(id.Properties, map[string][]string{
		"holder": {"m-leasing-llc"}, "number": {"6246853"}, "type": {"company-imo"},
	}) {
		t.Errorf("identification = %+v", id)
	}
	if again := (Mapper{}).Thing(e); again[1].ID != id.ID {
		t.Errorf("identification id %s, then %s: not stable", id.ID, again[1].ID)
	}
}

func TestSanctionIDs(t *testing.T) {
	for in, want := range map[string]string{
		"us-ofac:37098":                   "sanction-us-ofac-37098",
		"un-sc:KPe.020":                   "sanction-un-sc-kpe.020",
		"au-dfat-2024-05-17:imo-9179842":  "sanction-au-dfat-2024-05-17-imo-9179842",
		"sanction-us-ofac-37098":          "sanction-us-ofac-37098", // loaded from our own export
		"ofac-780cd5691cab9c1219d921e427": "sanction-ofac-780cd5691cab9c1219d921e427",
	} {
		if got := SanctionID(in); got != want {
			t.Errorf("SanctionID(%q) = %q, want %q", in, got, want)
		}
		if got := SanctionID(SanctionID(in)); got != want {
			t.Errorf("SanctionID is not stable on its own output %q: %q", want, got)
		}
	}
}

func TestSanction(t *testing.T) {
	m := Mapper{Authorities: map[string]Authority{"us-ofac": {Name: "U.S. Department of the Treasury, Office of Foreign Assets Control", Country: "US"}}}
	got := m.Sanction(record.Designation{ID: "us-ofac:37098", AuthorityID: "us-ofac", TargetRef: "imo-9358010",
		Programs: []string{"RUSSIA-EO14024"}, SourceRecordID: "us-ofac:37098"})
	want := Entity{ID: "sanction-us-ofac-37098", Schema: "Sanction", Properties: map[string][]string{
		"entity": {"imo-9358010"}, "authority": {"U.S. Department of the Treasury, Office of Foreign Assets Control"},
		"country": {"us"}, "authorityId": {"37098"}, "program": {"RUSSIA-EO14024"},
	}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Sanction = %+v\nwant       %+v", got, want)
	}
}

func TestLinkSchemata(t *testing.T) {
	for typ, want := range map[string]struct {
		schema, from, to, role string
	}{
		record.Owns:     {"Ownership", "owner", "asset", "role"},
		record.Directs:  {"Directorship", "director", "organization", "role"},
		record.FamilyOf: {"Family", "person", "relative", "relationship"},
		record.LinkedTo: {"UnknownLink", "subject", "object", "role"},
	} {
		got := Mapper{}.Link(record.Relationship{Type: typ, FromRef: "a", ToRef: "b", Role: "r"})
		if got.Schema != want.schema || got.Properties[want.from][0] != "a" || got.Properties[want.to][0] != "b" || got.Properties[want.role][0] != "r" {
			t.Errorf("%s: Link = %+v", typ, got)
		}
	}
	op := Mapper{}.Link(record.Relationship{Type: record.Operates, FromRef: "a", ToRef: "b"})
	if op.Schema != "UnknownLink" || !reflect.DeepEqual(op.Properties["role"], []string{RoleOperator}) {
		t.Errorf("OPERATES: Link = %+v", op)
	}
	mg := Mapper{}.Link(record.Relationship{Type: record.Manages, FromRef: "a", ToRef: "b", Role: "ISM manager"})
	if !reflect.DeepEqual(mg.Properties["role"], []string{"ISM manager", RoleManager}) {
		t.Errorf("MANAGES: Link = %+v", mg)
	}
}

func TestEntryForDelta(t *testing.T) {
	entry := record.Entry{Entity: maia1, Designations: []record.Designation{{AuthorityID: "us-ofac", Programs: []string{"RUSSIA-EO14024"}, SourceRecordID: "37098"}}}
	got := Mapper{}.Entry(RecordID("us-ofac:37098"), entry)
	if len(got) != 2 || got[0].ID != "us-ofac-37098" || got[1].ID != "sanction-us-ofac-37098" || got[1].Properties["entity"][0] != "us-ofac-37098" {
		t.Errorf("Entry = %+v", got)
	}
}
