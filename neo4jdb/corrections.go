package neo4jdb

import (
	"context"
	"fmt"

	"github.com/armsgraph/armsgraph/record"
)

// An announcement loaded again from other bytes is a correction: it
// replaces what its previous version stated (docs/designations.md). Before
// it is written, the announcement's id is taken off the provenance
// (sources) of every node and relationship; the new version adds it back
// where it still states the fact; what is left with no source at all is
// removed, so an entity that now merges elsewhere leaves no copy behind.

const announcementHashCypher = `
MATCH (a:Announcement {id: $source})
RETURN a.sha256 AS sha256`

// retractCypher takes the source off every node and relationship but the
// announcement's own node, and returns what it touched.
const retractCypher = `
CALL () {
  MATCH (x) WHERE $source IN x.sources AND NOT x:Announcement
  SET x.sources = [s IN x.sources WHERE s <> $source]
  RETURN elementId(x) AS element, false AS isRel,
         head(labels(x)) + ' ' + coalesce(x.id, x.key, x.code, toString(x.number), '') AS name
  UNION ALL
  MATCH (a)-[x]->(b) WHERE $source IN x.sources
  SET x.sources = [s IN x.sources WHERE s <> $source]
  RETURN elementId(x) AS element, true AS isRel,
         coalesce(a.id, a.key, a.code, '') + ' -[:' + type(x) + ']-> ' + coalesce(b.id, b.key, b.code, toString(b.number), '') AS name
}
RETURN element, isRel, name
LIMIT 1000000`

const removeUnsourcedCypher = `
UNWIND $rows AS row
CALL (row) {
  MATCH ()-[x]->() WHERE row.isRel AND elementId(x) = row.element AND size(coalesce(x.sources, [])) = 0
  DELETE x
  RETURN row.name AS name
  UNION
  MATCH (x) WHERE NOT row.isRel AND elementId(x) = row.element AND size(coalesce(x.sources, [])) = 0
  DETACH DELETE x
  RETURN row.name AS name
}
RETURN name
ORDER BY name`

type retracted struct {
	element, name string
	isRel         bool
}

// startCorrection retracts the previous version of an announcement that
// was loaded from other bytes; it does nothing for a first load or a
// reload of the same file.
func (l *Load) startCorrection(ctx context.Context) error {
	if l.source.Kind != record.SourceAnnouncement || l.source.SHA256 == "" {
		return nil
	}
	res, err := l.tx.Run(ctx, announcementHashCypher, map[string]any{"source": l.source.ID})
	if err != nil {
		return l.store.Explain(err)
	}
	recs, err := res.Collect(ctx)
	if err != nil {
		return l.store.Explain(err)
	}
	if len(recs) == 0 {
		return nil
	}
	if had, _ := recs[0].Values[0].(string); had == l.source.SHA256 {
		return nil
	}
	res, err = l.tx.Run(ctx, retractCypher, map[string]any{"source": l.source.ID})
	if err != nil {
		return l.store.Explain(err)
	}
	recs, err = res.Collect(ctx)
	if err != nil {
		return l.store.Explain(err)
	}
	for _, r := range recs {
		l.retracted = append(l.retracted, retracted{element: r.Values[0].(string), isRel: r.Values[1].(bool), name: r.Values[2].(string)})
	}
	return nil
}

// finishCorrection removes what the corrected announcement no longer
// states and nothing else states either, and reports it.
func (l *Load) finishCorrection(ctx context.Context) error {
	if len(l.retracted) == 0 {
		return nil
	}
	rows := make([]map[string]any, len(l.retracted))
	for i, r := range l.retracted {
		rows[i] = map[string]any{"element": r.element, "isRel": r.isRel, "name": r.name}
	}
	res, err := l.tx.Run(ctx, removeUnsourcedCypher, map[string]any{"rows": rows})
	if err != nil {
		return l.store.Explain(err)
	}
	recs, err := res.Collect(ctx)
	if err != nil {
		return l.store.Explain(err)
	}
	for _, r := range recs {
		l.summary.Retractions = append(l.summary.Retractions, fmt.Sprintf("%s: no longer stated by %s; removed", r.Values[0], l.source.ID))
	}
	l.retracted = nil
	return nil
}
