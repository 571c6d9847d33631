package neo4jdb_test

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/armsgraph/armsgraph/neo4jdb"
	"github.com/armsgraph/armsgraph/neo4jdb/neo4jtest"
	"github.com/armsgraph/armsgraph/record"
)

// asOf is the frozen "today" of the real-lists tests: after the UN list
// of 2024-09-26, the newest file loaded.
const asOf = "2024-10-01"

// question is one read the API sends, planned as the store plans it.
type question struct {
	name string
	// build returns the statement (it may plan with counts first).
	build func(ctx context.Context, s *neo4jdb.Store) (neo4jdb.Statement, error)
	// page is the rows the question returns at most; its plan may read
	// pageFactor times as many.
	page int
	// global says why the question reads more than its page, by nature:
	// its cost is logged, not bounded.
	global string
	// midOf marks a filter that keeps neither few nor most of the entities
	// of this many: the cheaper of walking the name index and starting from
	// the matches reads about √(page × midOf) rows (plan.go); within 3×, as
	// a count of a country's links takes in every kind.
	midOf int
}

// pageFactor is how many rows per returned row a page may read at any
// step of its plan.
const pageFactor = 5

func fixed(st neo4jdb.Statement) func(context.Context, *neo4jdb.Store) (neo4jdb.Statement, error) {
	return func(context.Context, *neo4jdb.Store) (neo4jdb.Statement, error) { return st, nil }
}

func entities(f neo4jdb.EntityFilter, first int, after string) func(context.Context, *neo4jdb.Store) (neo4jdb.Statement, error) {
	return orderedEntities(f, neo4jdb.EntityOrder{}, first, after)
}

func orderedEntities(f neo4jdb.EntityFilter, o neo4jdb.EntityOrder, first int, after string) func(context.Context, *neo4jdb.Store) (neo4jdb.Statement, error) {
	return func(ctx context.Context, s *neo4jdb.Store) (neo4jdb.Statement, error) {
		return s.EntitiesStatement(ctx, f, o, first, after, neo4jdb.With{})
	}
}

func designations(f neo4jdb.DesignationFilter, first int, after string) func(context.Context, *neo4jdb.Store) (neo4jdb.Statement, error) {
	return orderedDesignations(f, neo4jdb.DesignationOrder{}, first, after)
}

func orderedDesignations(f neo4jdb.DesignationFilter, o neo4jdb.DesignationOrder, first int, after string) func(context.Context, *neo4jdb.Store) (neo4jdb.Statement, error) {
	return func(context.Context, *neo4jdb.Store) (neo4jdb.Statement, error) {
		return neo4jdb.DesignationsStatement(f, o, first, after, neo4jdb.With{DesignationLinks: true})
	}
}

// designationCursor is the cursor after the nth designation in order o.
func designationCursor(t *testing.T, s *neo4jdb.Store, f neo4jdb.DesignationFilter, o neo4jdb.DesignationOrder, n int) string {
	t.Helper()
	page, err := s.Designations(context.Background(), f, o, n, "", neo4jdb.With{})
	if err != nil || len(page.Cursors) < n {
		t.Fatalf("no cursor after %d designations: %v", n, err)
	}
	return page.Cursors[n-1]
}

// cursor is the opaque cursor the API gives for a sort key.
func cursor(t *testing.T, s *neo4jdb.Store, f neo4jdb.EntityFilter, n int) string {
	return orderedCursor(t, s, f, neo4jdb.EntityOrder{}, n)
}

func orderedCursor(t *testing.T, s *neo4jdb.Store, f neo4jdb.EntityFilter, o neo4jdb.EntityOrder, n int) string {
	t.Helper()
	page, _, err := s.Entities(context.Background(), f, o, n, "", neo4jdb.With{})
	if err != nil || len(page.Cursors) < n {
		t.Fatalf("no cursor after %d entities: %v", n, err)
	}
	return page.Cursors[n-1]
}

// Every list question on the real lists reads from an index, never every
// node or every entity, and reads about as many rows as it returns.
func TestListQuestionsReadAboutAPage(t *testing.T) {
	s := neo4jtest.RealLists(t)
	ctx := context.Background()
	vessels := neo4jdb.EntityFilter{Kinds: []record.Kind{record.Vessel}}
	pageIDs := func() []string {
		page, _, err := s.Entities(ctx, vessels, neo4jdb.EntityOrder{}, 50, "", neo4jdb.With{})
		if err != nil {
			t.Fatal(err)
		}
		ids := make([]string, len(page.Items))
		for i, e := range page.Items {
			ids[i] = e.ID
		}
		return ids
	}()
	count := func(f neo4jdb.EntityFilter) int {
		n, err := s.CountEntities(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	allEntities, allVessels := count(neo4jdb.EntityFilter{}), count(vessels)
	everything := neo4jdb.With{Designations: true, Controls: neo4jdb.VesselControlTypes, ControllerDesignations: true}
	dprkRussia := neo4jdb.SanctionScope{Programs: []string{"DPRK", "RUSSIA"}, AsOf: asOf}
	search, _ := neo4jdb.SearchStatement("lady r", nil, 10)
	byNameDesc := neo4jdb.EntityOrder{Desc: true}
	byCount := neo4jdb.EntityOrder{By: neo4jdb.EntitiesByDesignationCount, Desc: true, Today: asOf}
	byListed := neo4jdb.DesignationOrder{By: neo4jdb.DesignationsByListedOn}
	byListedDesc := neo4jdb.DesignationOrder{By: neo4jdb.DesignationsByListedOn, Desc: true}
	datedCount, err := s.CountDesignations(ctx, neo4jdb.DesignationFilter{ListedFrom: "0000-01-01"})
	if err != nil {
		t.Fatal(err)
	}
	allDesignations, err := s.CountDesignations(ctx, neo4jdb.DesignationFilter{})
	if err != nil {
		t.Fatal(err)
	}
	questions := []question{
		{name: "entities, first page", build: entities(neo4jdb.EntityFilter{}, 50, ""), page: 51},
		{name: "vessels, first page", build: entities(vessels, 50, ""), page: 51},
		{name: "vessels, third page", build: entities(vessels, 50, cursor(t, s, vessels, 100)), page: 51},
		{name: "persons and organisations", build: entities(neo4jdb.EntityFilter{Kinds: []record.Kind{record.Person, record.Organization}}, 50, ""), page: 51},
		{name: "entities by name, last first", build: orderedEntities(neo4jdb.EntityFilter{}, byNameDesc, 50, ""), page: 51},
		{name: "vessels by name, last first, third page", build: orderedEntities(vessels, byNameDesc, 50, orderedCursor(t, s, vessels, byNameDesc, 100)), page: 51},
		{name: "entities of program DPRK3 by name, last first", build: orderedEntities(neo4jdb.EntityFilter{Program: "DPRK3"}, byNameDesc, 50, ""), page: 51},
		{name: "entities of the DPRK program family", build: entities(neo4jdb.EntityFilter{ProgramFamily: "DPRK"}, 50, ""), page: 51, midOf: allEntities},
		{name: "entities by designation count", build: orderedEntities(neo4jdb.EntityFilter{}, byCount, 50, ""), page: 51,
			global: "counts the designations in force of every entity to sort them"},
		{name: "entities by designation count after a cursor", build: orderedEntities(neo4jdb.EntityFilter{}, byCount, 50, orderedCursor(t, s, neo4jdb.EntityFilter{}, byCount, 50)), page: 51,
			global: "counts the designations in force of every entity to sort them"},
		{name: "entities of the DPRK family by first listing", build: orderedEntities(neo4jdb.EntityFilter{ProgramFamily: "DPRK"}, neo4jdb.EntityOrder{By: neo4jdb.EntitiesByFirstListed}, 50, ""), page: 51,
			global: "reads the listed dates of every match to sort them"},
		{name: "entities by first listing, newest first", build: orderedEntities(neo4jdb.EntityFilter{}, neo4jdb.EntityOrder{By: neo4jdb.EntitiesByFirstListed, Desc: true}, 50, ""), page: 51,
			global: "reads the listed dates of every entity to sort them"},
		{name: "entities designated by OFAC (most)", build: entities(neo4jdb.EntityFilter{DesignatedBy: "us-ofac"}, 50, ""), page: 51},
		{name: "entities designated by the UN", build: entities(neo4jdb.EntityFilter{DesignatedBy: "un-sc"}, 50, ""), page: 51, midOf: allEntities},
		{name: "vessels designated by South Korea (few)", build: entities(neo4jdb.EntityFilter{DesignatedBy: "kr-mofa", Kinds: []record.Kind{record.Vessel}}, 50, ""), page: 51},
		{name: "entities of program DPRK3", build: entities(neo4jdb.EntityFilter{Program: "DPRK3"}, 50, ""), page: 51},
		{name: "entities of program RUSSIA-EO14024", build: entities(neo4jdb.EntityFilter{Program: "RUSSIA-EO14024"}, 50, ""), page: 51, midOf: allEntities},
		{name: "entities of North Korea", build: entities(neo4jdb.EntityFilter{Country: "KP"}, 50, ""), page: 51},
		{name: "vessels of Russia", build: entities(neo4jdb.EntityFilter{Country: "RU", Kinds: []record.Kind{record.Vessel}}, 50, ""), page: 51, midOf: allVessels},
		{name: "entities sanctioned on a date", build: entities(neo4jdb.EntityFilter{SanctionedAsOf: asOf}, 50, ""), page: 51},
		{name: "entities listed in May 2024", build: entities(neo4jdb.EntityFilter{ListedFrom: "2024-05-01", ListedTo: "2024-05-31"}, 50, ""), page: 51},
		{name: "designation gap OFAC not UN", build: entities(neo4jdb.EntityFilter{DesignatedBy: "us-ofac", NotDesignatedBy: "un-sc", SanctionedAsOf: asOf, NotDesignatedAsOf: asOf}, 50, ""), page: 51},
		{name: "designation gap Japan not Australia", build: entities(neo4jdb.EntityFilter{DesignatedBy: "jp-mof", NotDesignatedBy: "au-dfat", SanctionedAsOf: asOf, NotDesignatedAsOf: asOf}, 50, ""), page: 51},
		{name: "designations, first page", build: designations(neo4jdb.DesignationFilter{}, 50, ""), page: 51},
		{name: "designations of OFAC and the UN", build: designations(neo4jdb.DesignationFilter{Authorities: []string{"us-ofac", "un-sc"}}, 50, ""), page: 102},
		{name: "designations of US authorities", build: designations(neo4jdb.DesignationFilter{Country: "US"}, 50, ""), page: 102},
		{name: "designations of OFAC after a cursor", build: func(ctx context.Context, s *neo4jdb.Store) (neo4jdb.Statement, error) {
			page, err := s.Designations(ctx, neo4jdb.DesignationFilter{Authorities: []string{"us-ofac"}}, neo4jdb.DesignationOrder{}, 50, "", neo4jdb.With{DesignationLinks: true})
			if err != nil {
				return neo4jdb.Statement{}, err
			}
			return neo4jdb.DesignationsStatement(neo4jdb.DesignationFilter{Authorities: []string{"us-ofac"}}, neo4jdb.DesignationOrder{}, 50, page.Cursors[49], neo4jdb.With{DesignationLinks: true})
		}, page: 51},
		{name: "designations by listed date", build: orderedDesignations(neo4jdb.DesignationFilter{}, byListed, 50, ""), page: 51},
		{name: "designations by listed date, newest first", build: orderedDesignations(neo4jdb.DesignationFilter{}, byListedDesc, 50, ""), page: 51},
		{name: "designations by listed date after a cursor", build: orderedDesignations(neo4jdb.DesignationFilter{}, byListed, 50, designationCursor(t, s, neo4jdb.DesignationFilter{}, byListed, 100)), page: 51},
		{name: "undated designations after the dated", build: orderedDesignations(neo4jdb.DesignationFilter{}, byListed, 50, designationCursor(t, s, neo4jdb.DesignationFilter{}, byListed, datedCount+10)), page: 51},
		{name: "designations listed from May 2024, newest first", build: orderedDesignations(neo4jdb.DesignationFilter{ListedFrom: "2024-05-01"}, byListedDesc, 50, ""), page: 51},
		{name: "designations of OFAC and the UN by listed date", build: orderedDesignations(neo4jdb.DesignationFilter{Authorities: []string{"us-ofac", "un-sc"}}, byListed, 50, ""), page: 102},
		{name: "designations of a target by listed date", build: orderedDesignations(neo4jdb.DesignationFilter{TargetID: "imo-8517839"}, byListed, 50, ""), page: 51},
		{name: "designations by authority, last first", build: orderedDesignations(neo4jdb.DesignationFilter{}, neo4jdb.DesignationOrder{By: neo4jdb.DesignationsByAuthority, Desc: true}, 50, ""), page: 51},
		{name: "designations by authority after a cursor", build: orderedDesignations(neo4jdb.DesignationFilter{}, neo4jdb.DesignationOrder{By: neo4jdb.DesignationsByAuthority}, 50, designationCursor(t, s, neo4jdb.DesignationFilter{}, neo4jdb.DesignationOrder{By: neo4jdb.DesignationsByAuthority}, 100)), page: 51},
		{name: "designations in force", build: designations(neo4jdb.DesignationFilter{InForceOn: asOf}, 50, ""), page: 51},
		{name: "designations of OFAC, program and target name only", build: func(context.Context, *neo4jdb.Store) (neo4jdb.Statement, error) {
			return neo4jdb.DesignationsStatement(neo4jdb.DesignationFilter{Authorities: []string{"us-ofac"}}, neo4jdb.DesignationOrder{}, 50, "",
				neo4jdb.With{DesignationProperties: neo4jdb.Properties{"program"}, EntityProperties: neo4jdb.Properties{}})
		}, page: 51},
		{name: "designations of program DPRK3", build: designations(neo4jdb.DesignationFilter{Program: "DPRK3"}, 50, ""), page: 51},
		{name: "designations of the DPRK program family", build: designations(neo4jdb.DesignationFilter{ProgramFamily: "DPRK"}, 50, ""), page: 51, midOf: allDesignations},
		{name: "designations of the DPRK program family by listed date", build: orderedDesignations(neo4jdb.DesignationFilter{ProgramFamily: "DPRK"}, byListed, 50, ""), page: 51, midOf: allDesignations},
		{name: "designations of a target", build: designations(neo4jdb.DesignationFilter{TargetID: "imo-8517839"}, 50, ""), page: 51},
		{name: "vessels with designations, owners and theirs", build: func(ctx context.Context, s *neo4jdb.Store) (neo4jdb.Statement, error) {
			return s.EntitiesStatement(ctx, vessels, neo4jdb.EntityOrder{}, 50, "", everything)
		}, page: 51},
		{name: "vessel by IMO number", build: fixed(neo4jdb.VesselStatement("9358010", neo4jdb.With{})), page: 1},
		{name: "vessel by IMO number with designations and owners", build: fixed(neo4jdb.VesselStatement("9358010", everything)), page: 5},
		{name: "search", build: fixed(search), page: 10},
		{name: "designations of a page of vessels", build: fixed(neo4jdb.DesignationsOfEntitiesStatement(pageIDs)), page: 100},
		{name: "owners of a page of vessels", build: fixed(neo4jdb.ControlsStatement(pageIDs)), page: 100},
		{name: "flags of a page of vessels", build: fixed(neo4jdb.CountryLinksStatement(pageIDs)), page: 100},
		{name: "neighbourhood at depth 2", build: fixed(neo4jdb.NeighborhoodStatement("transmorflot-llc", 2, 100, asOf, neo4jdb.PathRead{Designated: true, RelationshipProperties: true})), page: 100},
		{name: "linkage of one vessel, DPRK and RUSSIA programs", build: fixed(neo4jdb.LinkedSanctionedEntitiesStatement([]string{"imo-9161003"}, 2, dprkRussia, neo4jdb.PathRead{Designated: true})), page: 16},
		{name: "vessels linking entities of North Korea", build: fixed(neo4jdb.LinkageStatement(2, 2, neo4jdb.SanctionScope{Countries: []string{"KP"}, AsOf: asOf}, 20, neo4jdb.PathRead{Designated: true})), page: 20,
			global: "reads every designation in scope and every vessel within reach of them, to rank vessels by how many they link"},
		{name: "vessels linking entities of DPRK and RUSSIA programs", build: fixed(neo4jdb.LinkageStatement(2, 2, dprkRussia, 20, neo4jdb.PathRead{Designated: true})), page: 20,
			global: "reads every designation in scope and every vessel within reach of them, to rank vessels by how many they link"},
		{name: "vessels linking sanctioned entities, unscoped", build: fixed(neo4jdb.LinkageStatement(2, 2, neo4jdb.SanctionScope{AsOf: asOf}, 20, neo4jdb.PathRead{Designated: true})), page: 20,
			global: "reads every designation in force and every vessel within reach, to rank vessels by how many they link"},
		{name: "designations of vessels in force", build: designations(neo4jdb.DesignationFilter{InForceOn: asOf, TargetKinds: []record.Kind{record.Vessel}}, 50, ""), page: 51,
			global: "walks designations in id order and keeps those of vessels (about 1 in 17 on the real lists)"},
		{name: "facets of every entity", build: func(ctx context.Context, s *neo4jdb.Store) (neo4jdb.Statement, error) {
			return s.FacetsStatement(ctx, neo4jdb.EntityFilter{})
		}, page: 1, global: "facets read every match, its designations and its countries"},
		{name: "facets of the DPRK program family", build: func(ctx context.Context, s *neo4jdb.Store) (neo4jdb.Statement, error) {
			return s.FacetsStatement(ctx, neo4jdb.EntityFilter{ProgramFamily: "DPRK"})
		}, page: 1, global: "facets read every match, its designations and its countries"},
		{name: "list changes, first page", build: func(ctx context.Context, s *neo4jdb.Store) (neo4jdb.Statement, error) {
			pair, err := s.ResolveSnapshots(ctx, "us-ofac-sdn", "2024-05-03", "2024-05-03")
			if err != nil {
				return neo4jdb.Statement{}, err
			}
			return neo4jdb.ListChangesStatement(pair, 50, "")
		}, page: 51, global: "reads every listing of both snapshots to find those stated differently"},
		{name: "list change counts", build: func(ctx context.Context, s *neo4jdb.Store) (neo4jdb.Statement, error) {
			pair, err := s.ResolveSnapshots(ctx, "us-ofac-sdn", "2024-05-03", "2024-05-03")
			return neo4jdb.ListChangeCountsStatement(pair), err
		}, page: 1, global: "a count reads every listing of both snapshots"},
		{name: "export, first page", build: fixed(neo4jdb.ExportPageStatement("", neo4jdb.ExportPageSize)), page: neo4jdb.ExportPageSize + 1},
		{name: "export, a page after a cursor", build: fixed(neo4jdb.ExportPageStatement("imo-8517839", neo4jdb.ExportPageSize)), page: neo4jdb.ExportPageSize + 1},
		{name: "count of entities sanctioned on a date", build: func(ctx context.Context, s *neo4jdb.Store) (neo4jdb.Statement, error) {
			return s.EntitiesCountStatement(ctx, neo4jdb.EntityFilter{SanctionedAsOf: asOf})
		}, page: 1, global: "a count reads every match"},
	}
	var report strings.Builder
	fmt.Fprintf(&report, "%-55s %8s %9s %8s\n", "question", "returned", "max rows", "db hits")
	for _, q := range questions {
		t.Run(q.name, func(t *testing.T) {
			st, err := q.build(ctx, s)
			if err != nil {
				t.Fatal(err)
			}
			ops, returned, err := s.Profile(ctx, st)
			if err != nil {
				t.Fatal(err)
			}
			var maxRows, hits int64
			for _, op := range ops {
				if op.Name == "AllNodesScan" || (op.Name == "NodeByLabelScan" && strings.Contains(op.Details, ":Entity")) {
					t.Errorf("plan scans %s: %s\n%s", op.Name, op.Details, st.Cypher)
				}
				maxRows = max(maxRows, op.Rows)
				hits += op.DBHits
			}
			fmt.Fprintf(&report, "%-55s %8d %9d %8d %s\n", q.name, returned, maxRows, hits, q.global)
			budget := pageFactor * q.page
			if q.midOf > 0 {
				budget = int(3 * math.Sqrt(float64(q.page*q.midOf)))
			}
			if q.global == "" && maxRows > int64(budget) {
				var plan strings.Builder
				for _, op := range ops {
					plan.WriteString("  " + op.String() + "\n")
				}
				t.Errorf("an operator reads %d rows for a page of %d (at most %d):\n%s\n%s", maxRows, q.page, budget, st.Cypher, plan.String())
			}
		})
	}
	t.Log("\n" + report.String())
}
