package graph

import (
	"github.com/armsgraph/armsgraph/graph/generated"
	"github.com/armsgraph/armsgraph/graph/model"
	"github.com/armsgraph/armsgraph/record"
)

// Complexity: every field costs one plus its selection; a list field
// multiplies its selection by its size (the first argument, or its
// default), and lists without a size argument by an estimate of their
// usual length.
const (
	perEntityList = 5 // designations, owners, transfers of one entity
	perPath       = 4 // nodes or relationships of one path
)

func sized(l limit, first *int, child int) int {
	n := l.def
	if first != nil && *first > 0 {
		n = *first
	}
	return 1 + n*child
}

func times(n int) func(int) int { return func(child int) int { return 1 + n*child } }

func timesAsOf(n int) func(int, *string) int {
	return func(child int, _ *string) int { return 1 + n*child }
}

func complexity() generated.ComplexityRoot {
	var c generated.ComplexityRoot
	c.Query.Search = func(child int, _ string, _ []record.Kind, first *int) int { return sized(searchFirst, first, child) }
	c.Query.Entities = func(child int, _ *model.EntityFilter, first *int, _ *string) int {
		return sized(pageFirst, first, child)
	}
	c.Query.Designations = func(child int, _ *model.DesignationFilter, first *int, _ *string) int {
		return sized(pageFirst, first, child)
	}
	c.Query.DesignationGap = func(child int, _, _ string, first *int, _ *string) int { return sized(pageFirst, first, child) }
	c.Query.VesselsLinkingSanctionedEntities = func(child int, _, _ *int, _, _, _ []string, _ *string, first *int) int {
		return sized(pageFirst, first, child)
	}
	c.Vessel.LinkedSanctionedEntities = func(child int, _ *int, _, _, _ []string, _ *string) int { return 1 + child }
	c.Query.Neighborhood = func(child int, _ string, _, first *int) int { return 1 + child }
	c.Subgraph.Nodes = func(child int) int { return 1 + neighborhoodFirst.def*child }
	c.Subgraph.Relationships = func(child int) int { return 1 + 2*neighborhoodFirst.def*child }
	c.Path.Nodes = times(perPath)
	c.Path.Relationships = times(perPath)
	c.VesselLinkage.Entities = times(perEntityList)
	c.VesselLinkage.Paths = times(perEntityList)
	c.Authority.Designations = func(child int, first *int) int { return sized(pageFirst, first, child) }
	c.Announcement.Designations = times(perEntityList * 2)
	c.Query.Authorities = times(perEntityList)
	c.Query.Announcements = times(perEntityList)
	c.Query.Resolutions = times(perEntityList)

	c.Person.Designations = timesAsOf(perEntityList)
	c.Organization.Designations = timesAsOf(perEntityList)
	c.Vessel.Designations = timesAsOf(perEntityList)
	c.Aircraft.Designations = timesAsOf(perEntityList)
	c.Person.DesignatedBy = timesAsOf(perEntityList)
	c.Organization.DesignatedBy = timesAsOf(perEntityList)
	c.Vessel.DesignatedBy = timesAsOf(perEntityList)
	c.Aircraft.DesignatedBy = timesAsOf(perEntityList)
	c.Vessel.Owners = times(perEntityList)
	c.Vessel.Operators = times(perEntityList)
	c.Vessel.Managers = times(perEntityList)
	c.Vessel.Controllers = times(perEntityList)
	c.Vessel.Transfers = times(perEntityList)
	c.Transfer.Parties = times(perEntityList)
	return c
}
