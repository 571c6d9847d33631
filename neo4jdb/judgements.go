package neo4jdb

import (
	"context"
	"fmt"
	"slices"

	"github.com/armsgraph/armsgraph/identity"
	"github.com/armsgraph/armsgraph/record"
)

// Judgements in the graph: each "same" judgement that joined two nodes is
// a (:Judgement {key})-[:JOINS]->(:Entity) node that remembers what both
// nodes were just before (their properties and relationships), so that
// removing the judgement gives each record its own node back as it was:
// the kept node without what the absorbed one brought.

// entityRelationshipTypes are the relationship types an entity can have;
// merging two nodes moves each of them. Types cannot be parameters, so the
// statements are built from this fixed set, never from data.
var entityRelationshipTypes = append([]string{
	"IDENTIFIES", "JOINS", "TARGETS", "NATIONAL_OF", "REGISTERED_IN", "FLAGGED", "PARTY_TO", "CARRIED",
}, record.ActorRelationshipTypes...)

// foldRelationship folds the moved relationship r into n: provenance
// lists grow as a union, other values fill only what n lacks, as a second
// source's do on load.
const foldRelationship = `WITH n, r
  CALL (n, r) {
    UNWIND [k IN keys(r) WHERE k <> 'sources'] AS k
    WITH n, k, r[k] AS v WHERE n[k] IS NULL
    SET n[k] = v
  }
  SET n.sources = reduce(acc = coalesce(n.sources, []), s IN coalesce(r.sources, []) | CASE WHEN s IN acc THEN acc ELSE acc + s END)`

// moveRelationshipsCypher moves every relationship of typ from $gone to
// $keep, in both directions, keeping its properties; a relationship that
// would join keep to itself is dropped.
var moveRelationshipsCypher = func() map[string]string {
	m := map[string]string{}
	for _, typ := range entityRelationshipTypes {
		m[typ] = `
MATCH (keep:Entity {id: $keep}) USING INDEX keep:Entity(id)
MATCH (gone:Entity {id: $gone}) USING INDEX gone:Entity(id)
CALL (keep, gone) {
  MATCH (gone)-[r:` + typ + `]->(x) WHERE x <> keep
  MERGE (keep)-[n:` + typ + `]->(x)
  ` + foldRelationship + `
  RETURN count(*) AS outgoing
}
CALL (keep, gone) {
  MATCH (x)-[r:` + typ + `]->(gone) WHERE x <> keep
  MERGE (x)-[n:` + typ + `]->(keep)
  ` + foldRelationship + `
  RETURN count(*) AS incoming
}
RETURN outgoing + incoming AS n`
	}
	return m
}()

// entityRelationshipTypesCypher lists the types of gone's relationships,
// to refuse a merge that would lose one of a type this code does not know.
const entityRelationshipTypesCypher = `
MATCH (gone:Entity {id: $gone}) USING INDEX gone:Entity(id)
MATCH (gone)-[r]-()
RETURN collect(DISTINCT type(r)) AS types`

// mergeEntityCypher records the judgement with what the absorbed node was,
// folds gone's properties into keep (lists as a union, single values
// where keep has none, gone's name as an alias) and deletes gone.
const mergeEntityCypher = `
MATCH (keep:Entity {id: $keep}) USING INDEX keep:Entity(id)
MATCH (gone:Entity {id: $gone}) USING INDEX gone:Entity(id)
OPTIONAL MATCH (i:Identifier)-[:IDENTIFIES]->(gone)
WITH keep, gone, collect(i.key) AS keys
OPTIONAL MATCH (d:Designation)-[:TARGETS]->(gone)
WITH keep, gone, keys, collect(d.id) AS designations
MERGE (j:Judgement {key: $key})
SET j += $judgement, j.absorbedId = gone.id, j.absorbedKind = gone.kind, j.absorbedName = gone.name,
    j.absorbedKeys = keys, j.absorbedDesignations = designations,
    j.keptBefore = $keptBefore, j.absorbedBefore = $absorbedBefore
MERGE (j)-[:JOINS]->(keep)
WITH keep, gone, properties(gone) AS g
CALL (keep, g) {
  UNWIND [k IN keys(g) WHERE NOT k IN ['id', 'name', 'kind']] AS k
  WITH keep, k, g[k] AS v
  SET keep[k] = CASE
    WHEN keep[k] IS NULL THEN v
    WHEN valueType(v) STARTS WITH 'LIST' THEN reduce(acc = keep[k], x IN v | CASE WHEN x IN acc THEN acc ELSE acc + x END)
    ELSE keep[k] END
}
SET keep.aliases = CASE WHEN g.name = keep.name OR g.name IN coalesce(keep.aliases, []) THEN keep.aliases
                        ELSE coalesce(keep.aliases, []) + g.name END
DETACH DELETE gone
RETURN 'updated' AS outcome, count(*) AS n`

// keepJudgementCypher records a "same" judgement whose two records are
// already one node (a reload, or keys that joined them anyway).
const keepJudgementCypher = `
MATCH (keep:Entity {id: $keep}) USING INDEX keep:Entity(id)
OPTIONAL MATCH (old:Judgement {key: $key})
WITH keep, properties(old) AS before
MERGE (x:Judgement {key: $key})
SET x += $judgement
MERGE (x)-[:JOINS]->(keep)
WITH x, before` + outcome

// recordNodesCypher finds the node of each record of a judgement: by its
// official record id, or by graph id (announcement entities).
const recordNodesCypher = `
UNWIND $records AS record
OPTIONAL MATCH (:Identifier {key: 'src:' + record})-[:IDENTIFIES]->(bySource:Entity)
OPTIONAL MATCH (byID:Entity {id: record})
WITH record, coalesce(bySource, byID) AS e
WHERE e IS NOT NULL
RETURN record, e.id AS id`

// writeNotSameCypher records a "not the same" judgement: it joins nothing,
// and xref reads it to leave the pair out.
const writeNotSameCypher = `
OPTIONAL MATCH (old:Judgement {key: $key})
WITH properties(old) AS before
MERGE (x:Judgement {key: $key})
SET x += $judgement
WITH x, before` + outcome

func judgementProps(j identity.Judgement) map[string]any {
	return map[string]any{
		"decision": j.Decision(), "records": j.Records[:], "by": j.By, "on": j.On, "why": j.Why, "location": j.Location,
	}
}

// revokedJudgementsCypher finds the judgements in the graph that are no
// longer among the reviewed ones; those that joined two nodes say what the
// absorbed node was.
const revokedJudgementsCypher = `
MATCH (j:Judgement)
WHERE NOT j.key IN $keys
OPTIONAL MATCH (j)-[:JOINS]->(keep:Entity)
RETURN j.key AS key, keep.id AS keep, j.absorbedId AS gone, j.absorbedKind AS kind, j.absorbedName AS name,
       coalesce(j.absorbedKeys, []) AS keys, coalesce(j.absorbedDesignations, []) AS designations, j.location AS location,
       j.keptBefore AS keptBefore, j.absorbedBefore AS absorbedBefore
ORDER BY key`

// splitCypher gives the absorbed record its node back for a judgement
// written before judgements kept what the two nodes were (no keptBefore),
// one statement per label: the node, its identity keys and its listings
// move to it; the judgement goes. What the absorbed record added to the
// kept node's names and lists stays there until that node's sources are
// loaded into a fresh graph.
var splitCypher = func() map[string]string {
	m := map[string]string{}
	for _, kind := range []record.Kind{record.Person, record.Organization, record.Vessel, record.Aircraft} {
		m[string(kind)] = `
MATCH (keep:Entity {id: $keep}) USING INDEX keep:Entity(id)
MERGE (gone:Entity {id: $gone})
ON CREATE SET gone:` + kind.Label() + `, gone.kind = $kind, gone.name = $name
WITH keep, gone
CALL (keep, gone) {
  UNWIND $keys AS key
  MATCH (i:Identifier {key: key})-[r:IDENTIFIES]->(keep)
  DELETE r
  MERGE (i)-[:IDENTIFIES]->(gone)
  RETURN count(*) AS keys
}
CALL (keep, gone) {
  UNWIND $designations AS id
  MATCH (d:Designation {id: id})-[r:TARGETS]->(keep)
  DELETE r
  MERGE (d)-[:TARGETS]->(gone)
  RETURN count(*) AS listings
}
WITH gone
MATCH (j:Judgement {key: $key})
DETACH DELETE j
RETURN 'created' AS outcome, count(*) AS n`
	}
	return m
}()

// SplitRevokedJudgements gives each judgement of the graph that is no
// longer among js its two nodes back, as they were before it joined them.
// A load does it before writing its files, so that each record's facts
// then go to its own node, as in a graph that never had the judgement.
func (t *Tx) SplitRevokedJudgements(ctx context.Context, js *identity.Judgements) (*Summary, error) {
	l := &Load{store: t.store, tx: t.tx, summary: newSummary()}
	if err := l.splitRevoked(ctx, js.Keys()); err != nil {
		return nil, err
	}
	return l.summary, nil
}

// ApplyJudgements makes the graph follow the reviewed judgements: each
// "same" judgement joins its two records' nodes into one (the merge report
// names it), and a judgement that joined two nodes and is gone gives the
// absorbed record its node back (SplitRevokedJudgements, which a load has
// done already before its files). "Not the same" judgements write nothing:
// they keep pairs out of xref. Records not in the graph are warnings.
func (t *Tx) ApplyJudgements(ctx context.Context, js *identity.Judgements) (*Summary, error) {
	l := &Load{store: t.store, tx: t.tx, summary: newSummary()}
	if err := l.splitRevoked(ctx, js.Keys()); err != nil {
		return nil, err
	}
	for _, j := range js.All() {
		if !j.Same {
			if err := l.run(ctx, writeNotSameCypher, map[string]any{"key": j.Key(), "judgement": judgementProps(j)}, l.summary.node("Judgement")); err != nil {
				return nil, err
			}
			continue
		}
		if err := l.applySame(ctx, j); err != nil {
			return nil, fmt.Errorf("%s: %w", j.Location, err)
		}
	}
	return l.summary, nil
}

func (l *Load) splitRevoked(ctx context.Context, keys []string) error {
	res, err := l.tx.Run(ctx, revokedJudgementsCypher, map[string]any{"keys": keys})
	if err != nil {
		return l.store.Explain(err)
	}
	recs, err := res.Collect(ctx)
	if err != nil {
		return l.store.Explain(err)
	}
	for _, r := range recs {
		m := r.AsMap()
		key, _ := m["key"].(string)
		keep, _ := m["keep"].(string)
		gone, _ := m["gone"].(string)
		kind, _ := m["kind"].(string)
		if gone == "" || keep == "" {
			// "not the same", or "same" for records that were one node
			// already: nothing to split
			if err := l.run(ctx, `MATCH (j:Judgement {key: $key}) DETACH DELETE j RETURN 'updated' AS outcome, count(*) AS n`,
				map[string]any{"key": key}, l.summary.node("Judgement")); err != nil {
				return err
			}
			continue
		}
		kept, _ := m["keptBefore"].(string)
		absorbed, _ := m["absorbedBefore"].(string)
		if kept != "" && absorbed != "" {
			if err := l.restore(ctx, key, kind, keep, kept, gone, absorbed); err != nil {
				return fmt.Errorf("judgement %s: %w", key, err)
			}
			l.summary.Splits = append(l.summary.Splits, Split{Judgement: key, ID: keep, OtherID: gone})
			continue
		}
		cypher, ok := splitCypher[kind]
		if !ok {
			return fmt.Errorf("judgement %s: absorbed node %s has no kind; cannot split", key, gone)
		}
		params := map[string]any{
			"key": key, "keep": keep, "gone": gone, "kind": kind,
			"name": m["name"], "keys": m["keys"], "designations": m["designations"],
		}
		if err := l.run(ctx, cypher, params, l.summary.node(record.Kind(kind).Label())); err != nil {
			return err
		}
		l.summary.Splits = append(l.summary.Splits, Split{Judgement: key, ID: keep, OtherID: gone})
	}
	return nil
}

func (l *Load) applySame(ctx context.Context, j identity.Judgement) error {
	res, err := l.tx.Run(ctx, recordNodesCypher, map[string]any{"records": j.Records[:]})
	if err != nil {
		return l.store.Explain(err)
	}
	recs, err := res.Collect(ctx)
	if err != nil {
		return l.store.Explain(err)
	}
	nodes := map[string]string{}
	for _, r := range recs {
		nodes[r.Values[0].(string)] = r.Values[1].(string)
	}
	for _, rec := range j.Records {
		if nodes[rec] == "" {
			l.summary.Warnings = append(l.summary.Warnings, record.Warning{
				Location: j.Location, Message: fmt.Sprintf("judgement %s: record %s is not in the graph; applied when it is loaded", j.Key(), rec),
			})
			return nil
		}
	}
	keep, gone := nodes[j.Records[0]], nodes[j.Records[1]]
	params := map[string]any{"key": j.Key(), "keep": keep, "gone": gone, "judgement": judgementProps(j)}
	if keep == gone {
		return l.run(ctx, keepJudgementCypher, params, l.summary.node("Judgement"))
	}
	res, err = l.tx.Run(ctx, entityRelationshipTypesCypher, params)
	if err != nil {
		return l.store.Explain(err)
	}
	rec, err := res.Single(ctx)
	if err != nil {
		return l.store.Explain(err)
	}
	for _, typ := range rec.Values[0].([]any) {
		if !slices.Contains(entityRelationshipTypes, typ.(string)) {
			return fmt.Errorf("judgement %s: %s has a %s relationship that merging does not know how to move; not merged", j.Key(), gone, typ)
		}
	}
	for name, id := range map[string]string{"keptBefore": keep, "absorbedBefore": gone} {
		state, err := l.nodeState(ctx, id)
		if err != nil {
			return fmt.Errorf("judgement %s: %w", j.Key(), err)
		}
		params[name] = state
	}
	for _, typ := range entityRelationshipTypes {
		if _, err := l.tx.Run(ctx, moveRelationshipsCypher[typ], params); err != nil {
			return l.store.Explain(err)
		}
	}
	if err := l.run(ctx, mergeEntityCypher, params, l.summary.node("Entity")); err != nil {
		return err
	}
	l.summary.Merges = append(l.summary.Merges, Merge{Ref: j.Records[1], ID: keep, Key: record.Key(j.Key()), Judgement: j.Location})
	return nil
}
