package neo4jdb

import (
	"context"
	"fmt"

	"github.com/armsgraph/armsgraph/record"
)

// An official list file is written as a snapshot: a SourceList node with
// its kind (us-ofac-sdn, un-sc ...), date, the sha256 of its bytes and
// whether it was loaded whole; every designation it carries is LISTED_IN
// it. Listing histories are derived from these (history.go).

// SnapshotConflictError: a snapshot of that kind and date was already
// loaded from different bytes.
type SnapshotConflictError struct {
	ID, Had, Got string
}

func (e *SnapshotConflictError) Error() string {
	return fmt.Sprintf("snapshot check: %s was loaded from a file with sha256 %s; this file has sha256 %s; nothing written (two different files cannot both be that list on that date)", e.ID, e.Had, e.Got)
}

const snapshotHashCypher = `
MATCH (s:SourceList {id: $id})
RETURN s.sha256 AS sha256`

// writeSnapshotCypher writes the snapshot; complete stays true once the
// whole list was loaded, even if a filtered load of it follows.
const writeSnapshotCypher = `
UNWIND $rows AS row
OPTIONAL MATCH (old:SourceList {id: row.id})
WITH row, properties(old) AS before
MERGE (x:SourceList {id: row.id})
SET x += row.props, x.complete = coalesce(x.complete, false) OR row.complete, ` + addSource + `
WITH x, before` + outcome

func (l *Load) writeSnapshot(ctx context.Context, row map[string]any) error {
	if l.source.SHA256 != "" {
		res, err := l.tx.Run(ctx, snapshotHashCypher, map[string]any{"id": l.source.ID})
		if err != nil {
			return l.store.Explain(err)
		}
		recs, err := res.Collect(ctx)
		if err != nil {
			return l.store.Explain(err)
		}
		if len(recs) > 0 {
			if had, _ := recs[0].Values[0].(string); had != "" && had != l.source.SHA256 {
				return &SnapshotConflictError{ID: l.source.ID, Had: had, Got: l.source.SHA256}
			}
		}
		row["props"].(map[string]any)["sha256"] = l.source.SHA256
	}
	row["complete"] = l.source.Complete
	// Its LISTED_IN relationships state the listings' fields: a snapshot
	// loaded before they did cannot be compared until loaded again.
	row["props"].(map[string]any)["statesFields"] = true
	return l.runBatches(ctx, writeSnapshotCypher, []map[string]any{row}, nil, l.summary.node("SourceList"))
}

const snapshotCalendarCypher = `
MATCH (s:SourceList)
WHERE s.publishedOn IS NOT NULL
RETURN s.id AS id, s.kind AS kind, s.publishedOn AS publishedOn, coalesce(s.complete, false) AS complete
ORDER BY publishedOn, id
LIMIT 100000`

// snapshots returns every list snapshot in date order.
func (l *Load) snapshots(ctx context.Context) ([]Snapshot, error) {
	res, err := l.tx.Run(ctx, snapshotCalendarCypher, nil)
	if err != nil {
		return nil, l.store.Explain(err)
	}
	recs, err := res.Collect(ctx)
	if err != nil {
		return nil, l.store.Explain(err)
	}
	out := make([]Snapshot, 0, len(recs))
	for _, r := range recs {
		kind, _ := r.Values[1].(string)
		out = append(out, Snapshot{ID: r.Values[0].(string), Kind: kind, PublishedOn: r.Values[2].(string), Complete: r.Values[3].(bool)})
	}
	sortSnapshots(out)
	return out, nil
}

// Between list snapshots the newer one's values win, whatever the load
// order: a node remembers the date of the newest snapshot that wrote it
// (listFactsAsOf); announcements never change it, and only fill gaps.
const (
	newerListCypher     = `($listDate IS NOT NULL AND x.listFactsAsOf IS NOT NULL AND $listDate > x.listFactsAsOf)`
	listFactsAsOfCypher = `x.listFactsAsOf = CASE WHEN $listDate IS NULL THEN x.listFactsAsOf
  WHEN x.listFactsAsOf IS NULL OR $listDate > x.listFactsAsOf THEN $listDate ELSE x.listFactsAsOf END`
)

// listDateParam binds $listDate: the snapshot's date for an official list,
// null for an announcement.
func (l *Load) listDateParam() map[string]any {
	if l.source.Kind == record.SourceAnnouncement || l.source.PublishedOn == "" {
		return map[string]any{"listDate": nil}
	}
	return map[string]any{"listDate": l.source.PublishedOn}
}
