package neo4jdb

import (
	"reflect"
	"testing"
)

// Paths through the same nodes decode each node once, into what decoding
// it alone gives.
func TestPathNodesAreDecodedOnce(t *testing.T) {
	node := func(id, name string, labels ...any) map[string]any {
		return map[string]any{"props": map[string]any{"id": id, "kind": "VESSEL", "name": name}, "labels": labels,
			"designatedBy": []any{"us-ofac", "un-sc", "us-ofac"}}
	}
	rel := map[string]any{"type": "OWNS", "start": "a", "end": "b"}
	paths := [][]any{
		{node("imo-1", "MARIA", "Vessel", "Entity"), node("org-1", "OWNER", "Entity", "Organization")},
		{node("imo-1", "MARIA", "Vessel", "Entity"), node("org-2", "OTHER", "Entity", "Organization")},
	}
	decoded := decodedNodes{}
	for _, nodes := range paths {
		p := pathOf(nodes, []any{rel}, decoded)
		for i, n := range p.Nodes {
			if want := nodeOf(nodes[i]); !reflect.DeepEqual(n, want) {
				t.Errorf("node %d decoded as %+v, alone as %+v", i, n, want)
			}
		}
		if p.Length() != 1 || p.Relationships[0].ID != "a-OWNS-b" {
			t.Errorf("relationships %+v", p.Relationships)
		}
	}
	if len(decoded) != 3 {
		t.Errorf("%d nodes decoded, want 3", len(decoded))
	}
}
