package neo4jdb

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"unicode"

	"github.com/armsgraph/armsgraph/listdiff"
	"github.com/armsgraph/armsgraph/record"
)

// One Designation per listing (docs/designations.md): an announcement's
// designation and an official list's entry of the same authority, target
// and a compatible program are one node, whichever is loaded first: it
// keeps the id it was first written under, the announcement's date, the
// list's record id and both sources.

// designationID derives the id of a listing: the authority's own record id
// when the source gives one, else the source and the target.
func (l *Load) designationID(d record.Designation, targetID string) string {
	if d.ID != "" {
		return d.ID
	}
	if d.SourceRecordID != "" {
		if strings.HasPrefix(d.SourceRecordID, d.AuthorityID+":") {
			return d.SourceRecordID
		}
		return d.AuthorityID + ":" + d.SourceRecordID
	}
	return l.source.ID + ":" + targetID
}

// programFamily is a program's leading letters: DPRK3 and DPRK-NKSPEA are
// DPRK, RUSSIA-EO14024 is RUSSIA.
func programFamily(p string) string {
	i := strings.IndexFunc(p, func(r rune) bool { return !unicode.IsLetter(r) })
	if i <= 0 {
		return strings.ToUpper(p)
	}
	return strings.ToUpper(p[:i])
}

// compatiblePrograms: either side states none, or they share a family.
func compatiblePrograms(a, b []string) bool {
	if len(a) == 0 || len(b) == 0 {
		return true
	}
	for _, x := range a {
		for _, y := range b {
			if programFamily(x) == programFamily(y) {
				return true
			}
		}
	}
	return false
}

// sameListingCypher finds the other designations of the same authority on
// each row's target.
const sameListingCypher = `
UNWIND $rows AS row
MATCH (t:Entity {id: row.target}) USING INDEX t:Entity(id)
MATCH (t)<-[:TARGETS]-(d:Designation)
WHERE d.authorityId = row.authority AND d.id <> row.id
RETURN row.id AS rowId, d.id AS id, coalesce(d.programs, []) AS programs, d.sourceRecordId IS NOT NULL AS listed,
       coalesce(d.sourceRecordId = row.recordId, false) AS sameRecord
ORDER BY sameRecord DESC, rowId, id`

// sameListings maps each row id to the designation it is the same listing
// as: the node that already has the row's record id, else for a list entry
// a designation no list carries, for an announcement's a list entry; the
// lowest id wins among several.
func (l *Load) sameListings(ctx context.Context, rows []map[string]any) (map[string]string, error) {
	slim := make([]map[string]any, len(rows))
	for i, r := range rows {
		slim[i] = map[string]any{"id": r["id"], "target": r["target"], "authority": r["authority"], "recordId": r["props"].(map[string]any)["sourceRecordId"]}
	}
	res, err := l.tx.Run(ctx, sameListingCypher, map[string]any{"rows": slim})
	if err != nil {
		return nil, l.store.Explain(err)
	}
	recs, err := res.Collect(ctx)
	if err != nil {
		return nil, l.store.Explain(err)
	}
	byID := map[string]map[string]any{}
	for _, r := range rows {
		byID[r["id"].(string)] = r
	}
	same := map[string]string{}
	for _, r := range recs {
		rowID, id := r.Values[0].(string), r.Values[1].(string)
		if _, done := same[rowID]; done {
			continue
		}
		row := byID[rowID]
		// A list entry loaded again finds the node it joined before.
		if r.Values[4].(bool) {
			same[rowID] = id
			continue
		}
		rowListed := row["listed"].(bool)
		if rowListed == r.Values[3].(bool) {
			continue
		}
		if compatiblePrograms(row["programList"].([]string), toStrings(r.Values[2].([]any))) {
			same[rowID] = id
		}
	}
	return same, nil
}

// WriteDesignations writes designations with their target, authority,
// resolutions, announcement and, for a list, the snapshot carrying them.
// stated holds, by target ref, what the list states of each entry in
// listdiff's stored form (listdiff.Stated); it is kept on LISTED_IN, so
// that two snapshots can be compared field by field (ListChanges).
func (l *Load) WriteDesignations(ctx context.Context, designations []record.Designation, stated map[string][]string) error {
	if len(designations) == 0 {
		return nil
	}
	rows := make([]map[string]any, 0, len(designations))
	for _, d := range designations {
		target, ok := l.refs[d.TargetRef]
		if !ok {
			return fmt.Errorf("%s: designation of %q: no entity with that ref in this source", l.source.Path, d.TargetRef)
		}
		var announcement string
		evidence := EvidenceListField
		if l.source.Kind == record.SourceAnnouncement {
			announcement, evidence = l.source.ID, EvidenceAnnouncement
		}
		props := map[string]any{
			"authorityId": d.AuthorityID, "program": strings.Join(d.Programs, "; "), "programs": d.Programs,
			"measures": d.Measures, "reason": d.Reason, "listedOn": d.ListedOn, "statedDelistedOn": d.DelistedOn,
			"sourceRecordId": d.SourceRecordID, "sourceUrls": d.Sources, "sourceKind": l.source.Kind,
		}
		if d.ListedOn != "" {
			props["listedOnSource"], props["listedOnKind"] = l.source.ID, evidence
		}
		var listing map[string]any
		if fields, ok := stated[d.TargetRef]; ok && l.source.Kind != record.SourceAnnouncement {
			listing = map[string]any{"recordId": d.TargetRef, "stated": fields, "digest": listdiff.Digest(fields)}
		}
		rows = append(rows, map[string]any{
			"id": l.designationID(d, target), "target": target, "authority": d.AuthorityID, "announcement": announcement,
			"listed": d.SourceRecordID != "", "programList": d.Programs, "resolutions": d.Resolutions,
			"listing": listing, "props": dropEmpty(props),
		})
	}
	same, err := l.sameListings(ctx, rows)
	if err != nil {
		return err
	}
	var citeRows, listedRows []map[string]any
	for _, row := range rows {
		if id, ok := same[row["id"].(string)]; ok {
			row["id"] = id
		}
		id := row["id"].(string)
		l.touched[id] = true
		for _, n := range row["resolutions"].([]int) {
			citeRows = append(citeRows, map[string]any{"id": id, "number": int64(n)})
		}
		// What the list states goes to LISTED_IN only.
		listedRows = append(listedRows, map[string]any{"id": id, "listing": row["listing"]})
		delete(row, "resolutions")
		delete(row, "programList")
		delete(row, "listed")
		delete(row, "listing")
	}
	if err := l.runBatches(ctx, writeDesignationsCypher, rows, l.listDateParam(), l.summary.node("Designation")); err != nil {
		return err
	}
	if err := l.runBatches(ctx, writeTargetsCypher, rows, nil, l.summary.rel("TARGETS")); err != nil {
		return err
	}
	if err := l.runBatches(ctx, writeIssuedByCypher, rows, nil, l.summary.rel("ISSUED_BY")); err != nil {
		return err
	}
	if l.source.Kind == record.SourceAnnouncement {
		if err := l.runBatches(ctx, writeAnnouncedInCypher, rows, nil, l.summary.rel("ANNOUNCED_IN")); err != nil {
			return err
		}
	} else if err := l.runBatches(ctx, writeListedInCypher, listedRows, nil, l.summary.rel("LISTED_IN")); err != nil {
		return err
	}
	return l.runBatches(ctx, writeCitesCypher, citeRows, nil, l.summary.rel("CITES"))
}

// writeDesignationsCypher: a listing seen again keeps its values; another
// source fills only the gaps (so the announcement's date and the list's
// record id end up on one node); a newer list snapshot's programs, measures
// and reason replace an older one's.
const writeDesignationsCypher = `
UNWIND $rows AS row
OPTIONAL MATCH (old:Designation {id: row.id}) USING INDEX old:Designation(id)
WITH row, properties(old) AS before
MERGE (x:Designation {id: row.id})
WITH x, row, before, ` + newerListCypher + ` AS newer
CALL (x, row, newer) {
  UNWIND keys(row.props) AS k
  WITH x, k, row.props[k] AS v WHERE x[k] IS NULL OR (newer AND x[k] <> v AND NOT k IN ['listedOn', 'listedOnSource', 'listedOnKind'])
  SET x[k] = v
}
SET ` + listFactsAsOfCypher + `, ` + addSource + `
WITH x, before` + outcome

func designationLinkCypher(typ, target string) string {
	return `
UNWIND $rows AS row
MATCH (d:Designation {id: row.id}) USING INDEX d:Designation(id)
MATCH ` + target + `
OPTIONAL MATCH (d)-[old:` + typ + `]->(t)
WITH d, t, properties(old) AS before
MERGE (d)-[x:` + typ + `]->(t)
SET ` + addSource + `
WITH x, before` + outcome
}

var (
	writeTargetsCypher     = designationLinkCypher("TARGETS", "(t:Entity {id: row.target}) USING INDEX t:Entity(id)")
	writeIssuedByCypher    = designationLinkCypher("ISSUED_BY", "(t:Authority {id: row.authority})")
	writeAnnouncedInCypher = designationLinkCypher("ANNOUNCED_IN", "(t:Announcement {id: row.announcement})")
	writeCitesCypher       = designationLinkCypher("CITES", "(t:Resolution {number: row.number})")
)

// writeListedInCypher links a designation to the snapshot carrying it,
// with what the snapshot states of the listing: its record id (the entry's
// ref, which listdiff matches on), the stated fields and their digest. A
// snapshot loaded again states the same: nothing changes.
const writeListedInCypher = `
UNWIND $rows AS row
MATCH (d:Designation {id: row.id}) USING INDEX d:Designation(id)
MATCH (t:SourceList {id: $source})
OPTIONAL MATCH (d)-[old:LISTED_IN]->(t)
WITH d, t, row, properties(old) AS before
MERGE (d)-[x:LISTED_IN]->(t)
SET x += coalesce(row.listing, {}), ` + addSource + `
WITH x, before` + outcome

// MassDelistError: a list would delist more of its source's designations
// in force than the guard allows.
type MassDelistError struct {
	Source           string
	Delisted, Active int
	Limit            int
}

func (e *MassDelistError) Error() string {
	return fmt.Sprintf("mass-delist check: %s would delist %d of the %d listings of its list now in force (limit %d: the larger of 50 and 2%%); nothing written; if the list really dropped them, load it again with --allow-mass-delist",
		e.Source, e.Delisted, e.Active, e.Limit)
}

// historyScopeCypher: the designations whose history a load may change:
// those it wrote, the others on their targets (an OFAC entry takes its
// date from the State designation it publishes), and for a complete list
// every designation a snapshot of its kind carries.
const historyScopeCypher = `
CALL () {
  UNWIND $ids AS id
  MATCH (d:Designation {id: id}) USING INDEX d:Designation(id)
  RETURN d
  UNION
  UNWIND $ids AS id
  MATCH (:Designation {id: id})-[:TARGETS]->(:Entity)<-[:TARGETS]-(d:Designation)
  RETURN d
  UNION
  MATCH (s:SourceList {kind: $kind}) WHERE $complete
  MATCH (d:Designation)-[:LISTED_IN]->(s)
  RETURN d
}
WITH DISTINCT d
OPTIONAL MATCH (d)-[:LISTED_IN]->(s:SourceList)
WITH d, collect(s.id) AS carried
OPTIONAL MATCH (d)-[:TARGETS]->(:Entity)<-[:TARGETS]-(st:Designation {authorityId: 'us-state'})
WHERE d.authorityId = 'us-ofac' AND st.listedOn IS NOT NULL
WITH d, carried, st ORDER BY st.listedOn, st.id
WITH d, carried, collect(CASE WHEN st IS NULL THEN null ELSE {listedOn: st.listedOn, source: st.listedOnSource, programs: coalesce(st.programs, [])} END) AS published
RETURN d.id AS id, d.listedOn AS listedOn, d.listedOnSource AS listedOnSource, d.listedOnKind AS listedOnKind,
       d.statedDelistedOn AS statedDelistedOn, carried, published, coalesce(d.programs, []) AS programs,
       coalesce(d.inForceFrom, []) AS oldFrom, coalesce(d.inForceUntil, []) AS oldUntil, d.inForceSince AS oldSince,
       d.inForceSinceEvidence AS oldKind, d.inForceSinceSource AS oldSource, d.firstListedIn AS oldFirst,
       d.lastListedIn AS oldLast, d.delistedOn AS oldDelisted, coalesce(d.listingEvents, []) AS oldEvents
LIMIT 1000000`

const writeHistoryCypher = `
UNWIND $rows AS row
MATCH (d:Designation {id: row.id}) USING INDEX d:Designation(id)
SET d.inForceFrom = row.from, d.inForceUntil = row.until, d.inForceSince = row.since,
    d.inForceSinceEvidence = row.kind, d.inForceSinceSource = row.source,
    d.firstListedIn = row.first, d.lastListedIn = row.last, d.delistedOn = row.delistedOn,
    d.listingEvents = row.events
RETURN 'updated' AS outcome, count(*) AS n`

func strOf(v any) string {
	s, _ := v.(string)
	return s
}

func nilIfEmptyList(v []string) any {
	if len(v) == 0 {
		return nil
	}
	return v
}

// deriveHistories derives again the in-force periods of every designation
// this load concerns and writes those that changed. A list that would
// delist too many listings in force is refused (MassDelistError).
func (l *Load) deriveHistories(ctx context.Context) error {
	calendar, err := l.snapshots(ctx)
	if err != nil {
		return err
	}
	ids := make([]string, 0, len(l.touched))
	for id := range l.touched {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	res, err := l.tx.Run(ctx, historyScopeCypher, map[string]any{
		"ids": ids, "kind": l.source.Kind, "complete": l.source.Complete && l.source.Kind != record.SourceAnnouncement,
	})
	if err != nil {
		return l.store.Explain(err)
	}
	recs, err := res.Collect(ctx)
	if err != nil {
		return l.store.Explain(err)
	}
	var rows []map[string]any
	active, delisted := 0, 0
	for _, r := range recs {
		m := r.AsMap()
		ev := listingEvidence{
			ListedOn: strOf(m["listedOn"]), ListedOnSource: strOf(m["listedOnSource"]), ListedOnKind: strOf(m["listedOnKind"]),
			StatedDelistedOn: strOf(m["statedDelistedOn"]), CarriedIn: toStrings(m["carried"].([]any)),
		}
		if ev.ListedOn == "" {
			for _, p := range m["published"].([]any) {
				pm, _ := p.(map[string]any)
				if pm != nil && compatiblePrograms(toStrings(m["programs"].([]any)), toStrings(pm["programs"].([]any))) {
					ev.ListedOn, ev.ListedOnSource, ev.ListedOnKind = strOf(pm["listedOn"]), strOf(pm["source"]), EvidencePublishedBy
					break
				}
			}
		}
		h := deriveHistory(ev, calendar)
		oldUntil := toStrings(m["oldUntil"].([]any))
		wasActive := len(oldUntil) > 0 && oldUntil[len(oldUntil)-1] == ""
		if wasActive {
			active++
			if h.DelistedOn != "" && len(h.Until) > 0 {
				delisted++
			}
		}
		old := listingHistory{
			From: toStrings(m["oldFrom"].([]any)), Until: oldUntil, Since: strOf(m["oldSince"]), SinceKind: strOf(m["oldKind"]),
			SinceSource: strOf(m["oldSource"]), FirstListedIn: strOf(m["oldFirst"]), LastListedIn: strOf(m["oldLast"]),
			DelistedOn: strOf(m["oldDelisted"]), Events: toStrings(m["oldEvents"].([]any)),
		}
		if sameHistory(old, h) {
			continue
		}
		rows = append(rows, map[string]any{
			"id": m["id"], "from": nilIfEmptyList(h.From), "until": nilIfEmptyList(h.Until), "since": nilIfEmpty(h.Since),
			"kind": nilIfEmpty(h.SinceKind), "source": nilIfEmpty(h.SinceSource), "first": nilIfEmpty(h.FirstListedIn),
			"last": nilIfEmpty(h.LastListedIn), "delistedOn": nilIfEmpty(h.DelistedOn), "events": nilIfEmptyList(h.Events),
		})
	}
	if limit := max(50, active*2/100); l.source.Kind != record.SourceAnnouncement && delisted > limit && !l.AllowMassDelist {
		return &MassDelistError{Source: l.source.ID, Delisted: delisted, Active: active, Limit: limit}
	}
	return l.runBatches(ctx, writeHistoryCypher, rows, nil, l.summary.node("Designation"))
}

func sameHistory(a, b listingHistory) bool {
	norm := func(s []string) []string {
		if len(s) == 0 {
			return nil
		}
		return s
	}
	a.From, a.Until, a.Events = norm(a.From), norm(a.Until), norm(a.Events)
	b.From, b.Until, b.Events = norm(b.From), norm(b.Until), norm(b.Events)
	return reflect.DeepEqual(a, b)
}
