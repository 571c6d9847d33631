package neo4jdb

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/armsgraph/armsgraph/identity"
	"github.com/armsgraph/armsgraph/loaders/reference"
	"github.com/armsgraph/armsgraph/record"
)

// BatchSize is the number of rows each UNWIND statement writes.
const BatchSize = 1000

// Outcome counts what a load did to one label or relationship type.
type Outcome struct {
	Created, Updated, Unchanged int
}

// Summary is what a load did, per label and relationship type.
type Summary struct {
	Nodes         map[string]*Outcome
	Relationships map[string]*Outcome
	// Merges lists the entities that joined an existing node, with the key
	// that matched.
	Merges []Merge
	// Duplicates lists likely duplicates that were not merged: nodes that
	// share a normalised name with an entity of this load but no key.
	Duplicates []Duplicate
	// Splits lists nodes that a removed judgement had joined and that are
	// apart again.
	Splits []Split
	// Retractions are what a corrected announcement no longer states and
	// was removed.
	Retractions []string
	Warnings    []record.Warning
}

// Merge records that an entity of a source joined an existing node.
type Merge struct {
	Ref, ID string
	Key     record.Key
	// Judgement is where the judgement that joined them stands (file:line),
	// when a reviewer's judgement rather than a key joined them.
	Judgement string
}

// Split records that a removed judgement's nodes are apart again.
type Split struct {
	Judgement, ID, OtherID string
}

// Duplicate is a pair of nodes that look alike but share no key.
type Duplicate struct {
	ID, Name, OtherID, OtherName, Reason string
}

func newSummary() *Summary {
	return &Summary{Nodes: map[string]*Outcome{}, Relationships: map[string]*Outcome{}}
}

// Add folds another summary into s.
func (s *Summary) Add(o *Summary) {
	for k, v := range o.Nodes {
		s.node(k).add(v)
	}
	for k, v := range o.Relationships {
		s.rel(k).add(v)
	}
	s.Merges = append(s.Merges, o.Merges...)
	s.Duplicates = append(s.Duplicates, o.Duplicates...)
	s.Splits = append(s.Splits, o.Splits...)
	s.Retractions = append(s.Retractions, o.Retractions...)
	s.Warnings = append(s.Warnings, o.Warnings...)
}

// Changed reports whether the load created or updated anything.
func (s *Summary) Changed() bool {
	if len(s.Retractions) > 0 {
		return true
	}
	for _, m := range []map[string]*Outcome{s.Nodes, s.Relationships} {
		for _, o := range m {
			if o.Created+o.Updated > 0 {
				return true
			}
		}
	}
	return false
}

func (o *Outcome) add(p *Outcome) {
	o.Created += p.Created
	o.Updated += p.Updated
	o.Unchanged += p.Unchanged
}

func (s *Summary) node(label string) *Outcome {
	if s.Nodes[label] == nil {
		s.Nodes[label] = &Outcome{}
	}
	return s.Nodes[label]
}

func (s *Summary) rel(typ string) *Outcome {
	if s.Relationships[typ] == nil {
		s.Relationships[typ] = &Outcome{}
	}
	return s.Relationships[typ]
}

// Tx is one explicit write transaction: what is written through it commits
// whole or not at all. It is not safe for concurrent use.
type Tx struct {
	store   *Store
	session neo4j.SessionWithContext
	tx      neo4j.ExplicitTransaction
}

// loadLockCypher takes the write lock of the one LoadLock node and leaves
// it as it was: the lock is held until the transaction ends, so loads
// (each a write transaction) exclude each other and two of them can never
// attach one identifier to two entities.
const loadLockCypher = `
MERGE (l:LoadLock {id: 'load'})
SET l.held = true
REMOVE l.held`

// Begin opens a write transaction with the write timeout and waits for the
// load lock. Explicit rather than managed: the caller retries the whole
// file (ingest), since a streamed list cannot be replayed by the driver.
func (s *Store) Begin(ctx context.Context) (*Tx, error) {
	sess := s.session(ctx, neo4j.AccessModeWrite)
	tx, err := sess.BeginTransaction(ctx, neo4j.WithTxTimeout(s.cfg.WriteTimeout))
	if err != nil {
		sess.Close(ctx)
		return nil, s.Explain(err)
	}
	res, err := tx.Run(ctx, loadLockCypher, nil)
	if err == nil {
		_, err = res.Consume(ctx)
	}
	if err != nil {
		_ = tx.Rollback(ctx)
		sess.Close(ctx)
		return nil, s.Explain(err)
	}
	return &Tx{store: s, session: sess, tx: tx}, nil
}

// IsTransient reports whether err is worth retrying: a deadlock, a leader
// switch or another transient Neo4j error.
func IsTransient(err error) bool {
	return neo4j.IsRetryable(err)
}

// Commit commits the transaction.
func (t *Tx) Commit(ctx context.Context) error {
	err := t.tx.Commit(ctx)
	t.session.Close(ctx)
	return t.store.Explain(err)
}

// Rollback abandons the transaction; nothing of it is written.
func (t *Tx) Rollback(ctx context.Context) {
	_ = t.tx.Rollback(ctx)
	t.session.Close(ctx)
}

// Load writes one source inside a transaction. It is not safe for
// concurrent use.
type Load struct {
	store   *Store
	tx      neo4j.ExplicitTransaction
	source  record.Source
	summary *Summary
	// refs maps each entity Ref of this source, and keys each identity key
	// seen in this load, to the graph id it resolved to.
	refs map[string]string
	keys map[record.Key]string
	// names maps normalised names and aliases of this source's entities to
	// their ids, to resolve "Linked To: NAME" within the list.
	names map[string][]string
	// pending are relationships that name their target and wait for the
	// whole source to be written.
	pending []pendingLink
	// touched are the designation ids this source wrote, whose history
	// Finish derives again.
	touched map[string]bool
	// retracted is what a correction took this source off (corrections.go).
	retracted []retracted
	// AllowMassDelist lets a list delist more than the mass-delist guard
	// allows (see MassDelistError).
	AllowMassDelist bool
}

type pendingLink struct {
	rel    record.Relationship
	fromID string
}

// Load starts writing a source: it writes the source's own node
// (Announcement or SourceList).
func (t *Tx) Load(ctx context.Context, src record.Source) (*Load, error) {
	l := &Load{
		store: t.store, tx: t.tx, source: src, summary: newSummary(),
		refs: map[string]string{}, keys: map[record.Key]string{}, names: map[string][]string{},
		touched: map[string]bool{},
	}
	if err := l.startCorrection(ctx); err != nil {
		return nil, err
	}
	if err := l.writeSource(ctx); err != nil {
		return nil, err
	}
	return l, nil
}

// AddWarnings keeps a parser's warnings with the load's summary.
func (l *Load) AddWarnings(w []record.Warning) {
	l.summary.Warnings = append(l.summary.Warnings, w...)
}

// Finish writes the links that waited for the whole source, reports likely
// duplicates and derives again the listing history of every designation
// the source concerns (for a complete list: every listing of its kind,
// since what it dropped is delisted).
func (l *Load) Finish(ctx context.Context) (*Summary, error) {
	if err := l.resolvePending(ctx); err != nil {
		return nil, err
	}
	if err := l.reportLikelyDuplicates(ctx); err != nil {
		return nil, err
	}
	if err := l.finishCorrection(ctx); err != nil {
		return nil, err
	}
	if err := l.deriveHistories(ctx); err != nil {
		return nil, err
	}
	return l.summary, nil
}

// run executes one statement whose rows each return an outcome column
// ('created', 'updated' or 'unchanged') and a count, and adds them up.
func (l *Load) run(ctx context.Context, cypher string, params map[string]any, into *Outcome) error {
	res, err := l.tx.Run(ctx, cypher, params)
	if err != nil {
		return l.store.Explain(err)
	}
	records, err := res.Collect(ctx)
	if err != nil {
		return l.store.Explain(err)
	}
	for _, r := range records {
		outcome, _ := r.Get("outcome")
		n, _ := r.Get("n")
		count := int(n.(int64))
		switch outcome {
		case "created":
			into.Created += count
		case "updated":
			into.Updated += count
		default:
			into.Unchanged += count
		}
	}
	return nil
}

// runBatches runs cypher over rows, BatchSize at a time.
func (l *Load) runBatches(ctx context.Context, cypher string, rows []map[string]any, extra map[string]any, into *Outcome) error {
	for start := 0; start < len(rows); start += BatchSize {
		end := min(start+BatchSize, len(rows))
		params := map[string]any{"rows": rows[start:end], "source": l.source.ID}
		for k, v := range extra {
			params[k] = v
		}
		if err := l.run(ctx, cypher, params, into); err != nil {
			return err
		}
	}
	return nil
}

// addSource adds this load's source to the provenance list of x.
// The list stays sorted, so that it is the same whatever the load order.
const addSource = `x.sources = CASE WHEN $source IN coalesce(x.sources, []) THEN x.sources
  ELSE [s IN coalesce(x.sources, []) WHERE s < $source] + $source + [s IN coalesce(x.sources, []) WHERE s > $source] END`

// upsertNodeCypher merges rows of {<key>, props} into nodes of label,
// keyed on key: properties are replaced by the source's, provenance grows.
func upsertNodeCypher(label, key string) string {
	return `
UNWIND $rows AS row
OPTIONAL MATCH (old:` + label + ` {` + key + `: row.` + key + `})
WITH row, properties(old) AS before
MERGE (x:` + label + ` {` + key + `: row.` + key + `})
SET x += row.props, ` + addSource + `
WITH x, before` + outcome
}

// outcome is the Cypher tail shared by every write: it compares the
// properties of the written element with those it had before.
const outcome = `
RETURN CASE WHEN before IS NULL THEN 'created' WHEN before = properties(x) THEN 'unchanged' ELSE 'updated' END AS outcome, count(*) AS n`

const writeAnnouncementCypher = `
OPTIONAL MATCH (old:Announcement {id: $row.id})
WITH properties(old) AS before
MERGE (x:Announcement {id: $row.id})
SET x += $row.props
WITH x, before
OPTIONAL MATCH (a:Authority {id: $row.authority})
FOREACH (_ IN CASE WHEN a IS NULL THEN [] ELSE [1] END | MERGE (x)-[:PUBLISHED_BY]->(a))` + outcome

func (l *Load) writeSource(ctx context.Context) error {
	src := l.source
	props := map[string]any{
		"kind": src.Kind, "title": src.Title, "publisher": src.Publisher, "url": src.URL,
		"publishedOn": src.PublishedOn, "language": src.Language, "authorityId": src.AuthorityID,
		"sourceUrls": src.Sources, "sha256": src.SHA256,
	}
	if src.Stated != nil {
		props["statedPersons"] = int64(src.Stated.Persons)
		props["statedOrganizations"] = int64(src.Stated.Organizations)
		props["statedVessels"] = int64(src.Stated.Vessels)
		props["statedTotal"] = int64(src.Stated.Total)
	}
	row := map[string]any{"id": src.ID, "authority": src.AuthorityID, "props": dropEmpty(props)}
	if src.Kind == record.SourceAnnouncement {
		return l.run(ctx, writeAnnouncementCypher, map[string]any{"row": row}, l.summary.node("Announcement"))
	}
	return l.writeSnapshot(ctx, row)
}

// dropEmpty removes empty strings and zero numbers, which Neo4j would store
// as values; absent is the honest representation of unknown.
func dropEmpty(m map[string]any) map[string]any {
	for k, v := range m {
		switch v := v.(type) {
		case string:
			if v == "" {
				delete(m, k)
			}
		case int64:
			if v == 0 {
				delete(m, k)
			}
		case []string:
			if len(v) == 0 {
				delete(m, k)
			}
		case nil:
			delete(m, k)
		}
	}
	return m
}

// WriteReference writes countries, authorities and resolutions.
func (l *Load) WriteReference(ctx context.Context, ref *reference.Data) error {
	countries := make([]map[string]any, 0, len(ref.Countries))
	for _, c := range ref.Countries {
		countries = append(countries, map[string]any{"code": c.Code, "props": dropEmpty(map[string]any{
			"name": c.Name, "alpha3": c.Alpha3, "numeric": c.Numeric, "aliases": c.Aliases,
		})})
	}
	if err := l.runBatches(ctx, writeCountriesCypher, countries, nil, l.summary.node("Country")); err != nil {
		return err
	}
	authorities := make([]map[string]any, 0, len(ref.Authorities))
	for _, a := range ref.Authorities {
		authorities = append(authorities, map[string]any{"id": a.ID, "country": a.Country, "props": dropEmpty(map[string]any{
			"name": a.Name, "url": a.URL,
		})})
	}
	if err := l.runBatches(ctx, writeAuthoritiesCypher, authorities, nil, l.summary.node("Authority")); err != nil {
		return err
	}
	if err := l.runBatches(ctx, writeOfCountryCypher, authorities, nil, l.summary.rel("OF_COUNTRY")); err != nil {
		return err
	}
	resolutions := make([]map[string]any, 0, len(ref.Resolutions))
	for _, r := range ref.Resolutions {
		provisions := make([]string, 0, len(r.Provisions))
		topics := make([]string, 0, len(r.Provisions))
		for _, p := range r.Provisions {
			provisions = append(provisions, fmt.Sprintf("para %s (%s): %s", p.Paragraph, p.Topic, p.Text))
			if !slices.Contains(topics, p.Topic) {
				topics = append(topics, p.Topic)
			}
		}
		resolutions = append(resolutions, map[string]any{"number": int64(r.Number), "props": dropEmpty(map[string]any{
			"symbol": r.Symbol, "adoptedOn": r.AdoptedOn, "title": r.Title, "url": r.URL,
			"provisions": provisions, "topics": topics, "sourceUrls": r.Sources,
		})})
	}
	return l.runBatches(ctx, writeResolutionsCypher, resolutions, nil, l.summary.node("Resolution"))
}

var writeCountriesCypher = upsertNodeCypher("Country", "code")

var writeAuthoritiesCypher = upsertNodeCypher("Authority", "id")

var writeResolutionsCypher = upsertNodeCypher("Resolution", "number")

const lookupKeysCypher = `CYPHER replan=force
UNWIND $keys AS key
MATCH (i:Identifier {key: key}) USING INDEX i:Identifier(key)
MATCH (i)-[:IDENTIFIES]->(e)
RETURN key, e.id AS id, $source IN coalesce(e.sources, []) AS own`

const lookupIDsCypher = `CYPHER replan=force
UNWIND $ids AS id
MATCH (e:Entity {id: id}) USING INDEX e:Entity(id)
RETURN e.id AS id, $source IN coalesce(e.sources, []) AS own`

// Statements of the writer name their index with USING INDEX, and the
// identity lookups and the duplicate report are planned afresh on every
// run (CYPHER replan=force): a load plans them inside its transaction,
// where the planner sees the graph as it was before the load, and a plan
// cached on an empty graph made a reload of the OFAC list take 3 minutes
// instead of 13 s (measured with bench/loadbench's reload row).

// resolve decides, for each entity, the graph id it is written under:
// the node an identity key already points at (strongest key first), or a
// new stable id. Names alone never merge.
func (l *Load) resolve(ctx context.Context, entities []record.Entity) ([]string, error) {
	var allKeys []string
	var explicit []string
	for _, e := range entities {
		for _, k := range identity.Keys(e) {
			if _, ok := l.keys[k]; !ok {
				allKeys = append(allKeys, string(k))
			}
		}
		if e.ID != "" {
			explicit = append(explicit, e.ID)
		}
	}
	known := map[record.Key]string{}
	// own marks nodes this very source wrote before (a reload): matching
	// them again is not a merge worth reporting.
	own := map[string]bool{}
	res, err := l.tx.Run(ctx, lookupKeysCypher, map[string]any{"keys": allKeys, "source": l.source.ID})
	if err != nil {
		return nil, l.store.Explain(err)
	}
	recs, err := res.Collect(ctx)
	if err != nil {
		return nil, l.store.Explain(err)
	}
	for _, r := range recs {
		known[record.Key(r.Values[0].(string))] = r.Values[1].(string)
		own[r.Values[1].(string)] = r.Values[2].(bool)
	}
	existingIDs := map[string]bool{}
	res, err = l.tx.Run(ctx, lookupIDsCypher, map[string]any{"ids": explicit, "source": l.source.ID})
	if err != nil {
		return nil, l.store.Explain(err)
	}
	recs, err = res.Collect(ctx)
	if err != nil {
		return nil, l.store.Explain(err)
	}
	for _, r := range recs {
		existingIDs[r.Values[0].(string)] = true
		own[r.Values[0].(string)] = r.Values[1].(bool)
	}

	ids := make([]string, len(entities))
	for i, e := range entities {
		keys := identity.Keys(e)
		id, matched := "", record.Key("")
		for _, k := range keys {
			if v, ok := l.keys[k]; ok {
				id, matched = v, k
				break
			}
			if v, ok := known[k]; ok {
				id, matched = v, k
				break
			}
		}
		if id == "" && e.ID != "" && existingIDs[e.ID] {
			id, matched = e.ID, record.Key("id:"+e.ID)
		}
		if id == "" {
			id = identity.StableID(e, l.source.ID)
		} else if !own[id] {
			l.summary.Merges = append(l.summary.Merges, Merge{Ref: e.Ref, ID: id, Key: matched})
		}
		// A key already held by another node stays with that node: report
		// the pair instead of merging two existing nodes.
		for _, k := range keys {
			if other, ok := known[k]; ok && other != id {
				l.summary.Duplicates = append(l.summary.Duplicates, Duplicate{
					ID: id, Name: e.Name, OtherID: other, Reason: fmt.Sprintf("%s also identifies %s", k, other),
				})
				continue
			}
			l.keys[k] = id
		}
		ids[i] = id
		l.refs[e.Ref] = id
	}
	return ids, nil
}

// WriteEntities resolves and writes entities with their identity keys,
// nationality, registration and flags.
func (l *Load) WriteEntities(ctx context.Context, entities []record.Entity) error {
	if len(entities) == 0 {
		return nil
	}
	ids, err := l.resolve(ctx, entities)
	if err != nil {
		return err
	}
	byLabel := map[string][]map[string]any{}
	var keyRows, nationalRows, registeredRows, flagRows []map[string]any
	for i, e := range entities {
		id := ids[i]
		names := append([]string{e.Name}, aliasNames(e.Aliases)...)
		for _, n := range names {
			norm := identity.NameKey(n)
			if !slices.Contains(l.names[norm], id) {
				l.names[norm] = append(l.names[norm], id)
			}
		}
		byLabel[e.Kind.Label()] = append(byLabel[e.Kind.Label()], map[string]any{
			"id": id, "name": e.Name, "aliases": names[1:], "kind": string(e.Kind), "props": entityProps(e),
			"lists": map[string]any{
				"sourceRecordIds": e.SourceRecordIDs, "birthDates": e.BirthDates, "birthPlaces": e.BirthPlaces,
				"identifiers": identifierStrings(e.Identifiers), "addresses": addressStrings(e.Addresses),
				"sourceUrls": e.Sources, "weakAliases": weakAliases(e.Aliases),
			},
		})
		for _, k := range identity.Keys(e) {
			if l.keys[k] == id {
				keyRows = append(keyRows, map[string]any{"key": string(k), "scheme": k.Scheme(), "id": id})
			}
		}
		for _, c := range e.Nationalities {
			nationalRows = append(nationalRows, map[string]any{"id": id, "country": c})
		}
		if e.Country != "" && e.Kind != record.Person {
			registeredRows = append(registeredRows, map[string]any{"id": id, "country": e.Country})
		}
		for _, f := range e.Flags {
			flagRows = append(flagRows, map[string]any{"id": id, "country": f.Country, "since": f.Since, "until": f.Until})
		}
	}
	labels := make([]string, 0, len(byLabel))
	for label := range byLabel {
		labels = append(labels, label)
	}
	sort.Strings(labels)
	for _, label := range labels {
		if err := l.runBatches(ctx, writeEntityCypher[label], byLabel[label], l.listDateParam(), l.summary.node(label)); err != nil {
			return err
		}
	}
	if err := l.runBatches(ctx, writeIdentifiersCypher, keyRows, nil, l.summary.node("Identifier")); err != nil {
		return err
	}
	if err := l.runBatches(ctx, writeNationalOfCypher, nationalRows, nil, l.summary.rel("NATIONAL_OF")); err != nil {
		return err
	}
	if err := l.runBatches(ctx, writeRegisteredInCypher, registeredRows, nil, l.summary.rel("REGISTERED_IN")); err != nil {
		return err
	}
	return l.runBatches(ctx, writeFlagsCypher, flagRows, nil, l.summary.rel("FLAGGED"))
}

func aliasNames(aliases []record.Alias) []string {
	var out []string
	for _, a := range aliases {
		if a.Name != "" && !slices.Contains(out, a.Name) {
			out = append(out, a.Name)
		}
	}
	return out
}

func weakAliases(aliases []record.Alias) []string {
	var out []string
	for _, a := range aliases {
		if a.Quality == "weak" {
			out = append(out, a.Name)
		}
	}
	return out
}

func identifierStrings(ids []record.Identifier) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		s := id.Type + ": " + id.Value
		if id.Country != "" {
			s += " (" + id.Country + ")"
		}
		out = append(out, s)
	}
	return out
}

func addressStrings(addrs []record.Address) []string {
	out := make([]string, 0, len(addrs))
	for _, a := range addrs {
		parts := []string{a.Text}
		if a.City != "" && !strings.Contains(a.Text, a.City) {
			parts = append(parts, a.City)
		}
		if a.Country != "" {
			parts = append(parts, a.Country)
		}
		out = append(out, strings.Join(nonEmpty(parts), ", "))
	}
	return out
}

func nonEmpty(ss []string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// entityProps are the single-valued properties: the first source to state
// one keeps it (coalesce in Cypher), later sources fill only the gaps.
func entityProps(e record.Entity) map[string]any {
	return dropEmpty(map[string]any{
		"nameKey": identity.NameKey(e.Name),
		"gender":  strings.ToLower(e.Gender), "title": e.Title, "remarks": e.Remarks,
		"imoNumber": e.IMONumber, "mmsi": e.MMSI, "callSign": e.CallSign, "vesselType": e.VesselType,
		"tonnage": e.Tonnage, "grossTonnage": e.GrossTonnage, "buildYear": int64(e.BuildYear),
		"aircraftModel": e.AircraftModel, "tailNumber": e.TailNumber, "manufacturerSerial": e.ManufacturerSerial,
	})
}

// entityCypher writes one label's entities. Names: the first source's name
// stays the name, unless a newer list snapshot states another (then the old
// one joins the aliases); other names join the aliases. Lists grow as a
// union. Single values fill gaps only, except that a newer list snapshot's
// values replace an older one's: snapshots load in any order with one
// result.
func entityCypher(label string) string {
	return `
UNWIND $rows AS row
OPTIONAL MATCH (old:Entity {id: row.id}) USING INDEX old:Entity(id)
WITH row, properties(old) AS before
MERGE (x:Entity {id: row.id})
ON CREATE SET x:` + label + `, x.kind = row.kind, x.name = row.name
WITH x, row, before, ` + newerListCypher + ` AS newer, x.name AS oldName
CALL (x, row, newer) {
  UNWIND keys(row.props) AS k
  WITH x, k, row.props[k] AS v WHERE x[k] IS NULL OR (newer AND x[k] <> v)
  SET x[k] = v
}
SET x.name = CASE WHEN newer THEN row.name ELSE x.name END, ` + listFactsAsOfCypher + `
WITH x, row, before,
  [n IN [oldName, row.name] + row.aliases WHERE n IS NOT NULL AND n <> x.name] AS otherNames
SET x.aliases = reduce(acc = coalesce(x.aliases, []), n IN otherNames | CASE WHEN n IN acc THEN acc ELSE acc + n END)
WITH x, row, before
CALL (x, row) {
  UNWIND keys(row.lists) AS k
  WITH x, k, row.lists[k] AS vs WHERE size(vs) > 0
  SET x[k] = reduce(acc = coalesce(x[k], []), v IN vs | CASE WHEN v IN acc THEN acc ELSE acc + v END)
}
SET ` + addSource + `
WITH x, before` + outcome
}

var writeEntityCypher = map[string]string{
	"Person":       entityCypher("Person"),
	"Organization": entityCypher("Organization"),
	"Vessel":       entityCypher("Vessel"),
	"Aircraft":     entityCypher("Aircraft"),
}

const writeIdentifiersCypher = `
UNWIND $rows AS row
MATCH (e:Entity {id: row.id}) USING INDEX e:Entity(id)
OPTIONAL MATCH (old:Identifier {key: row.key}) USING INDEX old:Identifier(key)
WITH row, e, properties(old) AS before
MERGE (x:Identifier {key: row.key})
ON CREATE SET x.scheme = row.scheme
MERGE (x)-[:IDENTIFIES]->(e)
SET ` + addSource + `
WITH x, before` + outcome

// countryLinkCypher links nodes of label, keyed by id, to their Country
// with typ; rows are {id, country}.
func countryLinkCypher(label, typ string) string {
	return `
UNWIND $rows AS row
MATCH (n:` + label + ` {id: row.id}) USING INDEX n:` + label + `(id)
MATCH (c:Country {code: row.country})
OPTIONAL MATCH (n)-[old:` + typ + `]->(c)
WITH n, c, properties(old) AS before
MERGE (n)-[x:` + typ + `]->(c)
SET ` + addSource + `
WITH x, before` + outcome
}

var (
	writeNationalOfCypher   = countryLinkCypher("Entity", "NATIONAL_OF")
	writeRegisteredInCypher = countryLinkCypher("Entity", "REGISTERED_IN")
	writeOfCountryCypher    = countryLinkCypher("Authority", "OF_COUNTRY")
	writePortInCypher       = countryLinkCypher("Port", "IN")
)

const writeFlagsCypher = `
UNWIND $rows AS row
MATCH (v:Vessel {id: row.id}) USING INDEX v:Vessel(id)
MATCH (c:Country {code: row.country})
OPTIONAL MATCH (v)-[old:FLAGGED]->(c)
WITH row, v, c, properties(old) AS before
MERGE (v)-[x:FLAGGED]->(c)
SET x.since = coalesce(x.since, CASE WHEN row.since = '' THEN null ELSE row.since END),
    x.until = coalesce(x.until, CASE WHEN row.until = '' THEN null ELSE row.until END),
    ` + addSource + `
WITH x, before` + outcome

// actorLinkCypher holds one statement per actor relationship type: types
// cannot be parameters, so they come from this fixed set, never from input.
var actorLinkCypher = func() map[string]string {
	m := map[string]string{}
	for _, typ := range record.ActorRelationshipTypes {
		m[typ] = `
UNWIND $rows AS row
MATCH (a:Entity {id: row.from}) USING INDEX a:Entity(id)
MATCH (b:Entity {id: row.to}) USING INDEX b:Entity(id)
OPTIONAL MATCH (a)-[old:` + typ + `]->(b)
WITH row, a, b, properties(old) AS before
MERGE (a)-[x:` + typ + `]->(b)
SET x.since = coalesce(x.since, row.since), x.until = coalesce(x.until, row.until),
    x.role = coalesce(x.role, row.role),
    x.sourceUrls = reduce(acc = coalesce(x.sourceUrls, []), u IN row.urls | CASE WHEN u IN acc THEN acc ELSE acc + u END),
    ` + addSource + `
WITH x, before` + outcome
	}
	return m
}()

// WriteRelationships writes relationships between actors. Those that name
// their target (ToName) wait until the whole source is written.
func (l *Load) WriteRelationships(ctx context.Context, rels []record.Relationship) error {
	byType := map[string][]map[string]any{}
	for _, r := range rels {
		from, ok := l.refs[r.FromRef]
		if !ok {
			return fmt.Errorf("%s: %s relationship from %q: no entity with that ref in this source", l.source.Path, r.Type, r.FromRef)
		}
		if r.ToRef == "" {
			l.pending = append(l.pending, pendingLink{rel: r, fromID: from})
			continue
		}
		to, ok := l.refs[r.ToRef]
		if !ok {
			return fmt.Errorf("%s: %s relationship to %q: no entity with that ref in this source", l.source.Path, r.Type, r.ToRef)
		}
		byType[r.Type] = append(byType[r.Type], relationshipRow(r, from, to))
	}
	return l.writeActorLinks(ctx, byType)
}

func relationshipRow(r record.Relationship, from, to string) map[string]any {
	return map[string]any{
		"from": from, "to": to, "since": nilIfEmpty(r.Since), "until": nilIfEmpty(r.Until),
		"role": nilIfEmpty(r.Role), "urls": r.Sources,
	}
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func (l *Load) writeActorLinks(ctx context.Context, byType map[string][]map[string]any) error {
	for _, typ := range record.ActorRelationshipTypes {
		if err := l.runBatches(ctx, actorLinkCypher[typ], byType[typ], nil, l.summary.rel(typ)); err != nil {
			return err
		}
	}
	for typ := range byType {
		if _, ok := actorLinkCypher[typ]; !ok {
			return fmt.Errorf("%s: unknown relationship type %q", l.source.Path, typ)
		}
	}
	return nil
}

// resolvePending resolves relationships that name their target to the
// entity of this source with that name or alias. A name that matches
// nothing, or more than one entity, is reported and not written.
func (l *Load) resolvePending(ctx context.Context) error {
	byType := map[string][]map[string]any{}
	for _, p := range l.pending {
		candidates := l.names[identity.NameKey(p.rel.ToName)]
		switch len(candidates) {
		case 1:
			if candidates[0] != p.fromID {
				byType[p.rel.Type] = append(byType[p.rel.Type], relationshipRow(p.rel, p.fromID, candidates[0]))
			}
		case 0:
			l.summary.Warnings = append(l.summary.Warnings, record.Warning{
				Location: p.rel.FromRef, Message: fmt.Sprintf("%s %q: no entry of this source has that name; not linked", p.rel.Type, p.rel.ToName),
			})
		default:
			l.summary.Warnings = append(l.summary.Warnings, record.Warning{
				Location: p.rel.FromRef, Message: fmt.Sprintf("%s %q: %d entries have that name (%s); not linked", p.rel.Type, p.rel.ToName, len(candidates), strings.Join(candidates, ", ")),
			})
		}
	}
	l.pending = nil
	return l.writeActorLinks(ctx, byType)
}

// likelyDuplicatesCypher pairs the entities of this load with others of
// the same kind and normalised name that no key joined.
const likelyDuplicatesCypher = `CYPHER replan=force
UNWIND $ids AS id
MATCH (a:Entity {id: id}) USING INDEX a:Entity(id)
MATCH (b:Entity {nameKey: a.nameKey}) USING INDEX b:Entity(nameKey)
WHERE b.id <> a.id AND b.kind = a.kind AND (NOT b.id IN $ids OR a.id < b.id)
RETURN a.id AS id, a.name AS name, b.id AS otherId, b.name AS otherName
ORDER BY id, otherId
LIMIT 1000`

func (l *Load) reportLikelyDuplicates(ctx context.Context) error {
	ids := make([]string, 0, len(l.refs))
	seen := map[string]bool{}
	for _, id := range l.refs {
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	res, err := l.tx.Run(ctx, likelyDuplicatesCypher, map[string]any{"ids": ids})
	if err != nil {
		return l.store.Explain(err)
	}
	recs, err := res.Collect(ctx)
	if err != nil {
		return l.store.Explain(err)
	}
	for _, r := range recs {
		l.summary.Duplicates = append(l.summary.Duplicates, Duplicate{
			ID: r.Values[0].(string), Name: r.Values[1].(string), OtherID: r.Values[2].(string), OtherName: r.Values[3].(string),
			Reason: "same kind and name, no shared identifier",
		})
	}
	return nil
}

// WritePorts writes ports and the country they are in.
func (l *Load) WritePorts(ctx context.Context, ports []record.Port) error {
	rows := make([]map[string]any, 0, len(ports))
	for _, p := range ports {
		rows = append(rows, map[string]any{"id": p.ID, "country": p.Country, "props": dropEmpty(map[string]any{"name": p.Name})})
	}
	if err := l.runBatches(ctx, writePortsCypher, rows, nil, l.summary.node("Port")); err != nil {
		return err
	}
	return l.runBatches(ctx, writePortInCypher, rows, nil, l.summary.rel("IN"))
}

var writePortsCypher = upsertNodeCypher("Port", "id")

// WriteTransfers writes transfers with their vessel, ports and parties.
func (l *Load) WriteTransfers(ctx context.Context, transfers []record.Transfer) error {
	var rows, partyRows []map[string]any
	for _, t := range transfers {
		vessel, ok := l.refs[t.VesselRef]
		if !ok {
			return fmt.Errorf("%s: transfer %s: no vessel with ref %q in this source", l.source.Path, t.ID, t.VesselRef)
		}
		rows = append(rows, map[string]any{
			"id": t.ID, "vessel": vessel, "from": t.FromPortID, "to": t.ToPortID,
			"props": dropEmpty(map[string]any{
				"fromDate": t.FromDate, "toDate": t.ToDate, "cargo": t.Cargo, "description": t.Description, "sourceUrls": t.Sources,
			}),
		})
		for _, p := range t.Parties {
			party, ok := l.refs[p.Ref]
			if !ok {
				return fmt.Errorf("%s: transfer %s: no party with ref %q in this source", l.source.Path, t.ID, p.Ref)
			}
			partyRows = append(partyRows, map[string]any{"id": t.ID, "party": party, "role": p.Role})
		}
	}
	if err := l.runBatches(ctx, writeTransfersCypher, rows, nil, l.summary.node("Transfer")); err != nil {
		return err
	}
	if err := l.runBatches(ctx, writeCarriedCypher, rows, nil, l.summary.rel("CARRIED")); err != nil {
		return err
	}
	if err := l.runBatches(ctx, writeFromCypher, rows, nil, l.summary.rel("FROM")); err != nil {
		return err
	}
	if err := l.runBatches(ctx, writeToCypher, rows, nil, l.summary.rel("TO")); err != nil {
		return err
	}
	return l.runBatches(ctx, writePartiesCypher, partyRows, nil, l.summary.rel("PARTY_TO"))
}

var writeTransfersCypher = upsertNodeCypher("Transfer", "id")

// transferLinkCypher joins the transfer t and the node n that match finds
// with typ: out of the transfer (FROM, TO) or into it (CARRIED).
func transferLinkCypher(match, typ string, outOfTransfer bool) string {
	link := func(v string) string {
		if outOfTransfer {
			return "(t)-[" + v + ":" + typ + "]->(n)"
		}
		return "(n)-[" + v + ":" + typ + "]->(t)"
	}
	return `
UNWIND $rows AS row
MATCH (t:Transfer {id: row.id}), ` + match + `
OPTIONAL MATCH ` + link("old") + `
WITH row, t, n, properties(old) AS before
MERGE ` + link("x") + `
SET ` + addSource + `
WITH x, before` + outcome
}

var (
	writeCarriedCypher = transferLinkCypher("(n:Vessel {id: row.vessel})", "CARRIED", false)
	writeFromCypher    = transferLinkCypher("(n:Port {id: row.from})", "FROM", true)
	writeToCypher      = transferLinkCypher("(n:Port {id: row.to})", "TO", true)
)

const writePartiesCypher = `
UNWIND $rows AS row
MATCH (t:Transfer {id: row.id})
MATCH (e:Entity {id: row.party}) USING INDEX e:Entity(id)
OPTIONAL MATCH (e)-[old:PARTY_TO]->(t)
WITH row, t, e, properties(old) AS before
MERGE (e)-[x:PARTY_TO]->(t)
SET x.role = coalesce(x.role, row.role),
    ` + addSource + `
WITH x, before` + outcome

// WriteDocument writes a whole document (an announcement).
func (t *Tx) WriteDocument(ctx context.Context, doc *record.Document) (*Summary, error) {
	l, err := t.Load(ctx, doc.Source)
	if err != nil {
		return nil, err
	}
	if err := l.WriteEntities(ctx, doc.Entities); err != nil {
		return nil, err
	}
	if err := l.WritePorts(ctx, doc.Ports); err != nil {
		return nil, err
	}
	if err := l.WriteDesignations(ctx, doc.Designations, nil); err != nil {
		return nil, err
	}
	if err := l.WriteRelationships(ctx, doc.Relationships); err != nil {
		return nil, err
	}
	if err := l.WriteTransfers(ctx, doc.Transfers); err != nil {
		return nil, err
	}
	l.AddWarnings(doc.Warnings)
	return l.Finish(ctx)
}

// WriteReferenceData writes countries, authorities and resolutions.
func (t *Tx) WriteReferenceData(ctx context.Context, ref *reference.Data, sourceID string) (*Summary, error) {
	l, err := t.Load(ctx, record.Source{ID: sourceID, Kind: "reference", Title: "armsgraph reference data"})
	if err != nil {
		return nil, err
	}
	if err := l.WriteReference(ctx, ref); err != nil {
		return nil, err
	}
	return l.summary, nil
}
