package neo4jdb

import (
	"errors"
	"fmt"
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
