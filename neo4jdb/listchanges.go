package neo4jdb

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/armsgraph/armsgraph/listdiff"
)

// What changed in one official list between two loaded snapshots, from
// the graph: each LISTED_IN relationship keeps what its snapshot stated of
// the listing (recordId, stated, digest; written by WriteDesignations in
// listdiff's form), so the answer is the one `armsgraph diff` gives for
// the two files. A listing is one designation: every list parser makes
// one designation per entry, and a list entry loaded again joins the
// designation of its record id.

// Types of a ListChange.
const (
	ListingAdded    = "ADDED"
	ListingDelisted = "DELISTED"
	ListingChanged  = "CHANGED"
)

// SnapshotPair is the two snapshots of one list a comparison is between.
type SnapshotPair struct {
	Source   string
	From, To Snapshot
}

// ListChange is what happened to one listing between the two snapshots.
type ListChange struct {
	Type string
	// RecordID is the listing's record id in the list ("us-ofac:37098").
	RecordID      string
	DesignationID string
	// Entity is the node the designation targets now.
	Entity Entity
	// Fields are the fields that differ (CHANGED only), in listdiff's order.
	Fields []listdiff.FieldChange
}

// ListChangeCounts counts the listings of the two snapshots by what
// happened to them.
type ListChangeCounts struct {
	Added, Delisted, Changed, Unchanged int
}

// SnapshotError refuses a comparison: the list or a snapshot is unknown
// (Unknown), or a snapshot cannot be compared.
type SnapshotError struct {
	// Argument is the argument at fault: source, from or to.
	Argument string
	Unknown  bool
	Message  string
}

func (e *SnapshotError) Error() string { return e.Message }

const snapshotsOfKindCypher = `
MATCH (s:SourceList {kind: $kind})
RETURN s.id AS id, s.publishedOn AS publishedOn, coalesce(s.complete, false) AS complete,
       coalesce(s.statesFields, false) AS statesFields
ORDER BY publishedOn, id
LIMIT 10000`

var isoDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// ResolveSnapshots finds the two snapshots of list kind source that from
// and to name, each by snapshot id (us-ofac-sdn-2024-05-03) or by date
// (2024-05-03). A snapshot loaded in part (--programs) or before the graph
// kept what snapshots state is refused: the comparison would be wrong.
func (s *Store) ResolveSnapshots(ctx context.Context, source, from, to string) (SnapshotPair, error) {
	recs, err := s.collect(ctx, Statement{Cypher: snapshotsOfKindCypher, Params: map[string]any{"kind": source}})
	if err != nil {
		return SnapshotPair{}, err
	}
	if len(recs) == 0 {
		return SnapshotPair{}, &SnapshotError{Argument: "source", Unknown: true,
			Message: fmt.Sprintf("no snapshot of a list of kind %q is loaded (kinds are such as us-ofac-sdn, un-sc, au-dfat-consolidated)", source)}
	}
	var all []Snapshot
	fields := map[string]bool{}
	for _, r := range recs {
		m := r.AsMap()
		snap := Snapshot{ID: str(m, "id"), Kind: source, PublishedOn: str(m, "publishedOn"), Complete: m["complete"] == true}
		all = append(all, snap)
		fields[snap.ID] = m["statesFields"] == true
	}
	pick := func(arg, value string) (Snapshot, error) {
		for _, snap := range all {
			if snap.ID == value || (isoDate.MatchString(value) && snap.PublishedOn == value) {
				switch {
				case !snap.Complete:
					return Snapshot{}, &SnapshotError{Argument: arg, Message: fmt.Sprintf("%s: snapshot %s was loaded in part (--programs), so what it lacks is not known to be delisted; load the whole file to compare it", arg, snap.ID)}
				case !fields[snap.ID]:
					return Snapshot{}, &SnapshotError{Argument: arg, Message: fmt.Sprintf("%s: snapshot %s was loaded before the graph kept what each snapshot states of a listing; load the same file again (nothing else changes) to compare it", arg, snap.ID)}
				}
				return snap, nil
			}
		}
		known := make([]string, 0, len(all))
		for _, snap := range all {
			known = append(known, snap.ID)
		}
		if len(known) > 10 {
			known = append(known[:5], append([]string{"..."}, known[len(known)-5:]...)...)
		}
		return Snapshot{}, &SnapshotError{Argument: arg, Unknown: true,
			Message: fmt.Sprintf("%s: no snapshot of %s has id or date %q (loaded: %s)", arg, source, value, strings.Join(known, ", "))}
	}
	pair := SnapshotPair{Source: source}
	if pair.From, err = pick("from", from); err != nil {
		return SnapshotPair{}, err
	}
	if pair.To, err = pick("to", to); err != nil {
		return SnapshotPair{}, err
	}
	return pair, nil
}

// listChangesCypher finds the listings that differ between $from and $to
// after the cursor, in record id order. It reads every listing of both
// snapshots (no index orders a node's relationships by a property), but
// the stated fields only of the page's.
const listChangesCypher = `
MATCH (f:SourceList {id: $from}), (t:SourceList {id: $to})
CALL (f, t) {
  MATCH (t)<-[now:LISTED_IN]-(d:Designation)
  WHERE now.recordId >= $afterRef
  OPTIONAL MATCH (d)-[was:LISTED_IN]->(f)
  WITH d, now, was
  WHERE was IS NULL OR was.digest <> now.digest
  RETURN now.recordId AS ref, d, now, was
  UNION ALL
  MATCH (f)<-[was:LISTED_IN]-(d:Designation)
  WHERE was.recordId >= $afterRef AND NOT EXISTS { (d)-[:LISTED_IN]->(t) }
  RETURN was.recordId AS ref, d, null AS now, was
}
WITH ref, d, now, was
WHERE ref > $afterRef OR d.id > $afterId
ORDER BY ref, d.id
LIMIT $limit
OPTIONAL MATCH (d)-[:TARGETS]->(e:Entity)
RETURN ref, d.id AS designation,
       CASE WHEN now IS NULL THEN '` + ListingDelisted + `' WHEN was IS NULL THEN '` + ListingAdded + `' ELSE '` + ListingChanged + `' END AS change,
       was.stated AS before, now.stated AS after, properties(e) AS entity
ORDER BY ref, designation`

// ListChangesStatement is the page of changes after the cursor (after is
// "" for the first page); it asks for one more than first, to know whether
// more follow.
func ListChangesStatement(p SnapshotPair, first int, after string) (Statement, error) {
	afterRef, afterID := "", ""
	if after != "" {
		key, err := decodeCursor("after", after, 2)
		if err != nil {
			return Statement{}, err
		}
		afterRef, afterID = key[0], key[1]
	}
	return Statement{Cypher: listChangesCypher, Params: map[string]any{
		"from": p.From.ID, "to": p.To.ID, "afterRef": afterRef, "afterId": afterID, "limit": first + 1,
	}}, nil
}

// ListChanges returns a page of the changes between the two snapshots.
func (s *Store) ListChanges(ctx context.Context, p SnapshotPair, first int, after string) (Page[ListChange], error) {
	st, err := ListChangesStatement(p, first, after)
	if err != nil {
		return Page[ListChange]{}, err
	}
	recs, err := s.collect(ctx, st)
	if err != nil {
		return Page[ListChange]{}, err
	}
	var page Page[ListChange]
	for i, r := range recs {
		if i == first {
			page.HasNext = true
			break
		}
		m := r.AsMap()
		c := ListChange{Type: str(m, "change"), RecordID: str(m, "ref"), DesignationID: str(m, "designation"), Entity: entityOf(m["entity"])}
		if c.Type == ListingChanged {
			c.Fields = listdiff.Diff(listdiff.ParseStated(strList(m, "before")), listdiff.ParseStated(strList(m, "after")))
		}
		page.Items = append(page.Items, c)
		page.Cursors = append(page.Cursors, encodeCursor(c.RecordID, c.DesignationID))
	}
	return page, nil
}

// listChangeCountsCypher counts the listings of both snapshots by what
// happened to them.
const listChangeCountsCypher = `
MATCH (f:SourceList {id: $from}), (t:SourceList {id: $to})
CALL (f, t) {
  MATCH (t)<-[now:LISTED_IN]-(d:Designation)
  OPTIONAL MATCH (d)-[was:LISTED_IN]->(f)
  RETURN count(now) AS inTo, count(was) AS inBoth,
         sum(CASE WHEN was IS NOT NULL AND was.digest <> now.digest THEN 1 ELSE 0 END) AS changed
}
CALL (f) {
  MATCH (f)<-[was:LISTED_IN]-(:Designation)
  RETURN count(was) AS inFrom
}
RETURN inTo - inBoth AS added, inFrom - inBoth AS delisted, changed, inBoth - changed AS unchanged
LIMIT 1`

// ListChangeCountsStatement counts the changes between the two snapshots.
func ListChangeCountsStatement(p SnapshotPair) Statement {
	return Statement{Cypher: listChangeCountsCypher, Params: map[string]any{"from": p.From.ID, "to": p.To.ID}}
}

// CountListChanges counts the changes between the two snapshots.
func (s *Store) CountListChanges(ctx context.Context, p SnapshotPair) (ListChangeCounts, error) {
	recs, err := s.collect(ctx, ListChangeCountsStatement(p))
	if err != nil || len(recs) == 0 {
		return ListChangeCounts{}, err
	}
	n := func(i int) int { v, _ := recs[0].Values[i].(int64); return int(v) }
	return ListChangeCounts{Added: n(0), Delisted: n(1), Changed: n(2), Unchanged: n(3)}, nil
}
