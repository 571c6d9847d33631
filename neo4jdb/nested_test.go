package neo4jdb

import (
	"errors"
	"fmt"
	"slices"
	"testing"
)

// A nested list that reached its limit may have been cut by the statement:
// it is refused, never shown as an entity's whole list.
func TestNestedListsAtTheirLimitAreRefused(t *testing.T) {
	designations := func(n int) []any {
		list := make([]any, n)
		for i := range list {
			list[i] = map[string]any{"id": fmt.Sprint("d", i), "authorityId": "un-sc"}
		}
		return list
	}
	holders := func(n int) []any {
		list := make([]any, n)
		for i := range list {
			list[i] = map[string]any{"type": "OWNS", "rel": map[string]any{}, "e": map[string]any{"id": fmt.Sprint("h", i)},
				"designations": designations(1)}
		}
		return list
	}
	vessel := map[string]any{"id": "imo-1", "kind": "VESSEL", "name": "V"}
	everything := With{Designations: true, Controls: VesselControlTypes, ControllerDesignations: true}
	for _, c := range []struct {
		name    string
		row     []any
		refused bool
	}{
		{"designations under the limit", []any{vessel, designations(perEntityDesignations - 1), holders(1)}, false},
		{"designations at the limit", []any{vessel, designations(perEntityDesignations), holders(1)}, true},
		{"holders under the limit", []any{vessel, designations(1), holders(perVesselControls - 1)}, false},
		{"holders at the limit", []any{vessel, designations(1), holders(perVesselControls)}, true},
		{"a holder's designations at the limit", []any{vessel, designations(1), []any{
			map[string]any{"type": "OWNS", "rel": map[string]any{}, "e": map[string]any{"id": "h"}, "designations": designations(perEntityDesignations)},
		}}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			var n Nested
			err := everything.add(&n, entityOf(vessel), c.row)
			if refused := errors.Is(err, ErrResultTooLarge); refused != c.refused {
				t.Fatalf("refused %v (%v), want %v", refused, err, c.refused)
			}
			if !c.refused && len(n.Designations["imo-1"]) != len(c.row[1].([]any)) {
				t.Errorf("%d designations decoded, want %d", len(n.Designations["imo-1"]), len(c.row[1].([]any)))
			}
		})
	}
}

// A page's controls come unordered from Neo4j and are put in the order of
// the batch statement (ControlsStatement): by type, then holder name,
// unnamed holders last, then id.
func TestNestedControlsAreInTheBatchOrder(t *testing.T) {
	holder := func(typ, id, name string) any {
		return map[string]any{"type": typ, "rel": map[string]any{}, "e": map[string]any{"id": id, "kind": "ORGANIZATION", "name": name}}
	}
	w := With{Controls: VesselControlTypes}
	var n Nested
	err := w.add(&n, Entity{ID: "v"}, []any{nil, []any{
		holder("OWNS", "b", "Beta"), holder("OWNS", "x", ""), holder("MANAGES", "z", "Zeta"),
		holder("OWNS", "a2", "Alpha"), holder("OWNS", "a1", "Alpha"),
	}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range n.Controls["v"] {
		got = append(got, c.Type+":"+c.Holder.ID)
	}
	want := []string{"MANAGES:z", "OWNS:a1", "OWNS:a2", "OWNS:b", "OWNS:x"}
	if !slices.Equal(got, want) {
		t.Errorf("controls in order %v, want %v", got, want)
	}
}
