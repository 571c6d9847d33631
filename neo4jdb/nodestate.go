package neo4jdb

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/armsgraph/armsgraph/record"
)

// What two nodes were before a judgement joined them, kept on the
// judgement so that taking it back restores both (the kept node without
// the names, facts and relationships the absorbed one brought). It is JSON
// on the judgement node because Neo4j properties hold no maps.

// nodeState is a node's properties and its relationships other than the
// JOINS of judgements.
type nodeState struct {
	Props map[string]any `json:"props"`
	Rels  []relState     `json:"rels"`
}

// relState is one relationship of a node: its type, whether it leaves the
// node, the element id of the node at its other end, and its properties.
type relState struct {
	Type  string         `json:"type"`
	Out   bool           `json:"out"`
	Other string         `json:"other"`
	Props map[string]any `json:"props"`
}

func (r relState) same(o relState) bool {
	return r.Type == o.Type && r.Out == o.Out && r.Other == o.Other
}

const nodeStateCypher = `
MATCH (n:Entity {id: $id}) USING INDEX n:Entity(id)
OPTIONAL MATCH (n)-[r]-(other) WHERE type(r) <> 'JOINS'
RETURN properties(n) AS props,
       collect(CASE WHEN r IS NOT NULL THEN {type: type(r), out: startNode(r) = n, other: elementId(other), props: properties(r)} END) AS rels`

// nodeState reads what node id is now, as JSON.
func (l *Load) nodeState(ctx context.Context, id string) (string, error) {
	res, err := l.tx.Run(ctx, nodeStateCypher, map[string]any{"id": id})
	if err != nil {
		return "", l.store.Explain(err)
	}
	rec, err := res.Single(ctx)
	if err != nil {
		return "", l.store.Explain(err)
	}
	state := nodeState{Props: rec.Values[0].(map[string]any)}
	for _, v := range rec.Values[1].([]any) {
		m := v.(map[string]any)
		state.Rels = append(state.Rels, relState{Type: m["type"].(string), Out: m["out"].(bool), Other: m["other"].(string), Props: m["props"].(map[string]any)})
	}
	if err := checkValues(state.Props); err != nil {
		return "", fmt.Errorf("node %s: %w", id, err)
	}
	for _, r := range state.Rels {
		if err := checkValues(r.Props); err != nil {
			return "", fmt.Errorf("node %s, a %s relationship: %w", id, r.Type, err)
		}
	}
	b, err := json.Marshal(state)
	return string(b), err
}

// checkValues refuses the property values JSON would not give back as
// they were: only strings, integers, booleans and lists of them.
func checkValues(props map[string]any) error {
	var check func(k string, v any) error
	check = func(k string, v any) error {
		switch v := v.(type) {
		case string, int64, bool:
			return nil
		case []any:
			for _, x := range v {
				if err := check(k, x); err != nil {
					return err
				}
			}
			return nil
		}
		return fmt.Errorf("property %s is a %T, which a judgement cannot keep to restore", k, v)
	}
	for k, v := range props {
		if err := check(k, v); err != nil {
			return err
		}
	}
	return nil
}

// parseNodeState reads a nodeState, numbers as the integers they were.
func parseNodeState(s string) (nodeState, error) {
	var state nodeState
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	dec.UseNumber()
	if err := dec.Decode(&state); err != nil {
		return state, err
	}
	var fix func(v any) (any, error)
	fix = func(v any) (any, error) {
		switch v := v.(type) {
		case json.Number:
			return strconv.ParseInt(string(v), 10, 64)
		case []any:
			for i, x := range v {
				y, err := fix(x)
				if err != nil {
					return nil, err
				}
				v[i] = y
			}
		}
		return v, nil
	}
	fixAll := func(m map[string]any) error {
		for k, v := range m {
			y, err := fix(v)
			if err != nil {
				return fmt.Errorf("property %s: %w", k, err)
			}
			m[k] = y
		}
		return nil
	}
	if err := fixAll(state.Props); err != nil {
		return state, err
	}
	for _, r := range state.Rels {
		if err := fixAll(r.Props); err != nil {
			return state, err
		}
	}
	return state, nil
}

// restoreNodeCypher sets a node's properties to what they were, creating
// it (with its label) when the judgement had deleted it.
var restoreNodeCypher = func() map[string]string {
	m := map[string]string{}
	for _, kind := range []record.Kind{record.Person, record.Organization, record.Vessel, record.Aircraft} {
		m[string(kind)] = `
MERGE (n:Entity {id: $id})
ON CREATE SET n:` + kind.Label() + `
SET n = $props
RETURN 'updated' AS outcome, count(*) AS n`
	}
	return m
}()

// dropRelationshipsCypher deletes the relationships of a node that it did
// not have before the judgement.
const dropRelationshipsCypher = `
MATCH (n:Entity {id: $id}) USING INDEX n:Entity(id)
UNWIND $rels AS r
MATCH (n)-[x]-(other)
WHERE elementId(other) = r.other AND type(x) = r.type AND (startNode(x) = n) = r.out
DELETE x
RETURN 'updated' AS outcome, count(*) AS n`

// restoreRelationshipsCypher gives a node its relationships of one type
// and direction as they were; types cannot be parameters, so there is a
// statement per known type and direction.
var restoreRelationshipsCypher = func() map[relKey]string {
	m := map[relKey]string{}
	for _, typ := range entityRelationshipTypes {
		for _, out := range []bool{true, false} {
			pattern := `(n)-[x:` + typ + `]->(other)`
			if !out {
				pattern = `(n)<-[x:` + typ + `]-(other)`
			}
			m[relKey{typ, out}] = `
MATCH (n:Entity {id: $id}) USING INDEX n:Entity(id)
UNWIND $rels AS r
MATCH (other) WHERE elementId(other) = r.other
MERGE ` + pattern + `
SET x = r.props
RETURN 'updated' AS outcome, count(*) AS n`
		}
	}
	return m
}()

type relKey struct {
	typ string
	out bool
}

// restore gives the kept and the absorbed node of a revoked judgement
// what they were before it joined them, and deletes the judgement.
// Relationships the kept node gained since (from other loads) stay.
func (l *Load) restore(ctx context.Context, key, kind, keep, keptJSON, gone, absorbedJSON string) error {
	kept, err := parseNodeState(keptJSON)
	if err != nil {
		return fmt.Errorf("what the kept node was: %w", err)
	}
	absorbed, err := parseNodeState(absorbedJSON)
	if err != nil {
		return fmt.Errorf("what the absorbed node was: %w", err)
	}
	keptKind, _ := kept.Props["kind"].(string)
	for id, props := range map[string]map[string]any{keep: kept.Props, gone: absorbed.Props} {
		k := kind
		if id == keep {
			k = keptKind
		}
		cypher, ok := restoreNodeCypher[k]
		if !ok {
			return fmt.Errorf("node %s has no kind %q to restore", id, k)
		}
		if err := l.run(ctx, cypher, map[string]any{"id": id, "props": props}, l.summary.node(record.Kind(k).Label())); err != nil {
			return err
		}
	}
	// The kept node loses what only the absorbed one had.
	brought := map[string][]map[string]any{}
	for _, r := range absorbed.Rels {
		if !containsRel(kept.Rels, r) {
			brought[r.Type] = append(brought[r.Type], map[string]any{"type": r.Type, "out": r.Out, "other": r.Other})
		}
	}
	for typ, rels := range brought {
		if err := l.run(ctx, dropRelationshipsCypher, map[string]any{"id": keep, "rels": rels}, l.summary.rel(typ)); err != nil {
			return err
		}
	}
	for id, rels := range map[string][]relState{keep: kept.Rels, gone: absorbed.Rels} {
		groups := map[relKey][]map[string]any{}
		for _, r := range rels {
			k := relKey{r.Type, r.Out}
			groups[k] = append(groups[k], map[string]any{"other": r.Other, "props": r.Props})
		}
		for k, rows := range groups {
			cypher, ok := restoreRelationshipsCypher[k]
			if !ok {
				return fmt.Errorf("node %s had a %s relationship, which restoring does not know", id, k.typ)
			}
			if err := l.run(ctx, cypher, map[string]any{"id": id, "rels": rows}, l.summary.rel(k.typ)); err != nil {
				return err
			}
		}
	}
	return l.run(ctx, `MATCH (j:Judgement {key: $key}) DETACH DELETE j RETURN 'updated' AS outcome, count(*) AS n`,
		map[string]any{"key": key}, l.summary.node("Judgement"))
}

func containsRel(rels []relState, r relState) bool {
	for _, x := range rels {
		if x.same(r) {
			return true
		}
	}
	return false
}
