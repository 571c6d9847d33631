package neo4jdb

import (
	"cmp"
	"slices"
	"strings"

	"github.com/armsgraph/armsgraph/record"
)

// A request that reads a page of entities usually asks for their
// designations and, for vessels, their owners and the owners'
// designations. Fetched by the batch loaders, that is three more round
// trips after the page; here the page's own statement returns them, so
// the whole request is one statement.

// With names the nested data a read of entities returns with each entity,
// and for a page of designations, what it reads around them.
type With struct {
	Designations bool // every designation of the entity, in force or not
	// Controls are the types of a vessel's controls to read, in the order
	// of VesselControlTypes; none when empty.
	Controls []string
	// ControllerDesignations adds the designations of those holders.
	ControllerDesignations bool
	// DesignationLinks adds the nodes around each designation: its
	// authority (without it, only the authority's id is known), its
	// announcement and the resolutions it cites.
	DesignationLinks bool
	// EntityProperties are the properties read of the entities (and of
	// the holders), DesignationProperties those of the designations.
	EntityProperties, DesignationProperties Properties
}

// VesselControlTypes are the relationships of a vessel's owners,
// operators and managers.
var VesselControlTypes = []string{record.Owns, record.Operates, record.Manages}

// Nested is the data With asked for, by entity id, with an entry (empty
// when there is nothing) for every entity read, holders included.
type Nested struct {
	Designations map[string][]Designation
	Controls     map[string][]Control
}

// perEntityRows bounds the designations and the controls one entity
// brings along; the batch statements bound a whole batch the same way.
const (
	perEntityDesignations = maxDesignationsPerBatch
	perVesselControls     = 100
)

// designationsOfNode is a COLLECT subquery of every designation of node
// variable v, with the nodes around each when w asks for them. It reads
// them in no order: add sorts them, and a list at its limit is refused, so
// which ones the limit keeps does not matter. A COLLECT subquery, not a
// CALL with collect(): Neo4j plans it as a roll-up of each row, where the
// CALL's aggregation cost the 50-vessel page 1.27 ms of Neo4j's CPU
// against 1.13 ms (the hand-written statement: 1.00 ms).
func (w With) designationsOfNode(v string) string {
	// The target is v itself: add fills it in rather than the statement
	// sending v's properties once per designation.
	props := w.DesignationProperties.designation("d")
	match := `COLLECT {
  MATCH (` + v + `)<-[:TARGETS]-(d:Designation)`
	if w.DesignationLinks {
		return match + `
  WITH d LIMIT $perEntityDesignations` + designationLinks + `
  RETURN {d: ` + props + designationLinksMap + `
}`
	}
	return match + `
  RETURN ` + props + `
  LIMIT $perEntityDesignations
}`
}

// pageDesignation projects designation d of a page of designations into
// `designation`, with its target. Only DesignationLinks reads the nodes
// around d: the designations page of OFAC read them all, and every
// property of d and of its target, in 3,416 db hits where the fields asked
// needed a few hundred.
func (w With) pageDesignation() string {
	if w.DesignationLinks {
		return designationLinks + `
WITH *, {d: ` + w.DesignationProperties.designation("d") + designationLinksMap
	}
	return `
CALL (d) {
  MATCH (d)-[:TARGETS]->(t:Entity)
  RETURN ` + w.EntityProperties.entity("t") + ` AS target
  LIMIT 1
}
WITH *, ` + w.DesignationProperties.designationWith("d", "target: target") + ` AS designation`
}

// columns returns the columns of the nested data, to follow the entity
// variable e in RETURN once the page is cut.
func (w With) columns(params map[string]any) string {
	columns := ""
	if w.Designations {
		columns += ",\n  " + w.designationsOfNode("e") + " AS designations"
		params["perEntityDesignations"] = perEntityDesignations
	}
	if len(w.Controls) > 0 {
		holder := "type: type(r), rel: properties(r), e: " + w.EntityProperties.entity("h")
		holderDesignations := ""
		if w.ControllerDesignations {
			// Bound by WITH, not written into holder's map: Neo4j takes
			// the collect() of designationLinks inside a map for an
			// aggregation of the whole RETURN, and refuses it.
			holderDesignations = "\n  WITH r, h, " + w.designationsOfNode("h") + " AS designations"
			holder += ", designations: designations"
			params["perEntityDesignations"] = perEntityDesignations
		}
		// In no order: add sorts them, as it does designations.
		columns += `,
  COLLECT {
  MATCH (e:Vessel)<-[r:` + strings.Join(w.Controls, "|") + `]-(h:Entity)
  WITH r, h LIMIT $perVesselControls` + holderDesignations + `
  RETURN {` + holder + `}
} AS controls`
		params["perVesselControls"] = perVesselControls
	}
	return columns
}

// add decodes the nested columns of entity e's row, values[0] being the
// entity and the rest the columns of cypher in order. A list that reached
// its limit (perEntityDesignations, perVesselControls) may have been cut:
// it is refused with ErrResultTooLarge, never shown as whole.
func (w With) add(n *Nested, e Entity, values []any) error {
	col := 1
	if w.Designations {
		if err := n.addDesignations(e, values[col]); err != nil {
			return err
		}
		col++
	}
	if len(w.Controls) > 0 {
		if n.Controls == nil {
			n.Controls = map[string][]Control{}
		}
		holders := values[col].([]any)
		if len(holders) >= perVesselControls {
			return ErrResultTooLarge
		}
		cs := make([]Control, 0, len(holders))
		for _, v := range holders {
			m := mapOf(v)
			c := controlOf(str(m, "type"), mapOf(m["rel"]), m["e"])
			cs = append(cs, c)
			if w.ControllerDesignations {
				if err := n.addDesignations(c.Holder, m["designations"]); err != nil {
					return err
				}
			}
		}
		slices.SortFunc(cs, compareControls)
		n.Controls[e.ID] = cs
	}
	return nil
}

// addDesignations decodes the designations of target.
func (n *Nested) addDesignations(target Entity, v any) error {
	if n.Designations == nil {
		n.Designations = map[string][]Designation{}
	}
	list := v.([]any)
	if len(list) >= perEntityDesignations {
		return ErrResultTooLarge
	}
	ds := make([]Designation, 0, len(list))
	for _, x := range list {
		d := designationOf(x)
		d.TargetNode = target
		ds = append(ds, d)
	}
	slices.SortStableFunc(ds, func(a, b Designation) int {
		return cmp.Or(cmp.Compare(a.ListedOn, b.ListedOn), cmp.Compare(a.ID, b.ID))
	})
	n.Designations[target.ID] = ds
	return nil
}

// compareControls orders controls as ControlsStatement does: by type, then
// the holder's name (unnamed last, where Cypher sorts null) and id.
func compareControls(a, b Control) int {
	if c := cmp.Compare(a.Type, b.Type); c != 0 {
		return c
	}
	if unnamed := a.Holder.Name == ""; unnamed != (b.Holder.Name == "") {
		if unnamed {
			return 1
		}
		return -1
	}
	return cmp.Or(cmp.Compare(a.Holder.Name, b.Holder.Name), cmp.Compare(a.Holder.ID, b.Holder.ID))
}
