package neo4jdb

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/armsgraph/armsgraph/record"
)

// The read side of the store: plain values the GraphQL resolvers return,
// the statements that produce them, and how their records decode.

// Entity is an actor: a person, organisation, vessel or aircraft.
type Entity struct {
	ID              string
	Kind            record.Kind
	Name            string
	Aliases         []string
	WeakAliases     []string
	SourceRecordIDs []string
	SourceURLs      []string
	// Person particulars.
	Gender      Text
	Title       Text
	BirthDates  []string
	BirthPlaces []string
	Identifiers []string
	Addresses   []string
	Remarks     string
	// Vessel particulars.
	IMONumber    Text
	MMSI         Text
	CallSign     Text
	VesselType   Text
	Tonnage      Text
	GrossTonnage Text
	BuildYear    *int
	// Aircraft particulars.
	AircraftModel      Text
	TailNumber         Text
	ManufacturerSerial Text
}

// Text is an optional text value: empty means the sources do not say, and
// the API answers null.
type Text string

// Country is an ISO 3166-1 country.
type Country struct {
	Code string
	Name string
}

// Authority is a government body (or the UN) that designates.
type Authority struct {
	ID      string
	Name    string
	URL     Text
	Country *Country
}

// Resolution is a UN Security Council resolution.
type Resolution struct {
	Number     int
	Symbol     string
	AdoptedOn  string
	Title      Text
	URL        Text
	Provisions []string
}

// Announcement is a published designation action.
type Announcement struct {
	ID                  string
	Title               string
	URL                 Text
	PublishedOn         string
	Publisher           Text
	Language            Text
	AuthorityID         string
	StatedPersons       *int
	StatedOrganizations *int
	StatedVessels       *int
	StatedTotal         *int
}

// Designation is one authority's listing of one entity.
type Designation struct {
	ID             string
	ListedOn       string
	DelistedOn     string
	Program        Text
	Programs       []string
	Measures       []string
	Reason         Text
	SourceRecordID Text
	SourceKind     Text
	SourceURLs     []string
	// Sources are the ids of the documents that state the designation.
	Sources []string
	// InForceFrom and InForceUntil are its in-force periods ("" while
	// open); DateEvidence says where the first day comes from.
	InForceFrom  []string
	InForceUntil []string
	DateEvidence DateEvidence
	// The nodes around the designation, fetched with it.
	Authority    Authority
	TargetNode   Entity
	Resolutions  []Resolution
	Announcement *Announcement
}

// InForce reports whether the designation is in force on date (YYYY-MM-DD)
// by the one rule of inforce.go.
func (d Designation) InForce(date string) bool {
	return InForceOn(d.InForceFrom, d.InForceUntil, date)
}

// DateEvidence is where a designation's first in-force day comes from:
// Kind is one of the Evidence* constants, Source the id of the announcement
// or list snapshot that gives it. Empty when nothing gives one.
type DateEvidence struct {
	Date, Kind, Source string
}

// CountryLink is an entity's link to a country: nationality, registration
// or flag, with the flag's dates.
type CountryLink struct {
	Type    string // NATIONAL_OF, REGISTERED_IN or FLAGGED
	Country Country
	Since   string
	Until   string
	Sources []string
}

// Control is an actor that owns, operates or manages a vessel.
type Control struct {
	Type    string // OWNS, OPERATES or MANAGES
	Role    Text
	Since   string
	Until   string
	Sources []string
	Holder  Entity
}

// Port is where a transfer starts or ends.
type Port struct {
	ID      string
	Name    string
	Country *Country
}

// Transfer is an arms shipment or ship-to-ship transfer.
type Transfer struct {
	ID          string
	FromDate    string
	ToDate      string
	Cargo       Text
	Description Text
	SourceURLs  []string
	VesselID    string
	From        *Port
	To          *Port
	Parties     []Party
}

// Party is an actor that took part in a transfer.
type Party struct {
	Role   Text
	Member Entity
}

// SearchHit is an entity found by name search, with its relevance.
type SearchHit struct {
	Match Entity
	Score float64
	// Matched is the name or alias that matched best, and Relevance how
	// well (0 to 1, the same in every query).
	Matched   string
	Relevance float64
}

// Node is a node of a path or subgraph, shaped for drawing.
type Node struct {
	ID      string
	Labels  []string
	Caption string
	// Actor is set for entities; transfers have only their id.
	Actor *Entity
	// DesignatedBy lists the authorities whose designation of the node is
	// in force on the query's date, each once, sorted.
	DesignatedBy []string
}

// Relationship is a relationship of a path or subgraph, shaped for drawing.
type Relationship struct {
	ID      string
	Type    string
	StartID string
	EndID   string
	Role    Text
	Since   string
	Until   string
	Sources []string
}

// Path is a chain of nodes and the relationships between them.
type Path struct {
	Nodes         []Node
	Relationships []Relationship
}

// Subgraph is a set of nodes and the relationships among them.
type Subgraph struct {
	Nodes         []Node
	Relationships []Relationship
	// Truncated is set when more nodes were in reach than were returned.
	Truncated bool
}

// VesselLinkage is a vessel with the sanctioned entities it links and one
// shortest path to each.
type VesselLinkage struct {
	Ship   Entity
	Linked []Entity
	Paths  []Path
}

// Length is the number of relationships in the path.
func (p Path) Length() int { return len(p.Relationships) }

// Page is one page of a keyset-paginated list.
type Page[T any] struct {
	Items   []T
	Cursors []string
	HasNext bool
}

// Statement is one Cypher statement with its parameters. The store's read
// methods run exactly these statements, so benchmarks can run the same
// text through the driver.
type Statement struct {
	Cypher string
	Params map[string]any
}

// InputError is a request the store refuses because of its input, such as
// a cursor that is not one of ours.
type InputError struct {
	Field   string
	Message string
}

func (e *InputError) Error() string { return e.Field + ": " + e.Message }

// Today is the date "now" means for designations, in UTC, by the wall
// clock. The API asks the store instead (Store.Today), whose clock tests
// freeze.
func Today() string { return time.Now().UTC().Format(time.DateOnly) }

// Today is the date "now" means for designations: the configured clock's,
// else the wall clock's.
func (s *Store) Today() string {
	if s.cfg.Today != nil {
		return s.cfg.Today()
	}
	return Today()
}

// RoundTrips counts the statements sent to Neo4j for one request.
type RoundTrips struct{ n atomic.Int64 }

// Count returns the number of statements run so far.
func (r *RoundTrips) Count() int64 { return r.n.Load() }

type roundTripsKey struct{}

// WithRoundTrips returns a context whose reads are counted.
func WithRoundTrips(ctx context.Context) (context.Context, *RoundTrips) {
	rt := &RoundTrips{}
	return context.WithValue(ctx, roundTripsKey{}, rt), rt
}

// collect runs one statement in a read transaction and returns its records.
func (s *Store) collect(ctx context.Context, st Statement) ([]*neo4j.Record, error) {
	return read(ctx, s, func(tx neo4j.ManagedTransaction) ([]*neo4j.Record, error) {
		if rt, ok := ctx.Value(roundTripsKey{}).(*RoundTrips); ok {
			rt.n.Add(1)
		}
		res, err := tx.Run(ctx, st.Cypher, st.Params)
		if err != nil {
			return nil, err
		}
		return res.Collect(ctx)
	})
}

// RunStatement runs st as the store would and returns the number of
// records; benchmarks use it to time the Cypher without the API.
func (s *Store) RunStatement(ctx context.Context, st Statement) (int, error) {
	recs, err := s.collect(ctx, st)
	return len(recs), err
}

// Decoding helpers for the maps Neo4j returns.

func mapOf(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func str(m map[string]any, k string) string {
	switch v := m[k].(type) {
	case string:
		return v
	case int64:
		return fmt.Sprint(v)
	}
	return ""
}

func strList(m map[string]any, k string) []string {
	vs, _ := m[k].([]any)
	out := make([]string, 0, len(vs))
	for _, v := range vs {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func intPtr(m map[string]any, k string) *int {
	if v, ok := m[k].(int64); ok {
		n := int(v)
		return &n
	}
	return nil
}

func entityOf(v any) Entity {
	m := mapOf(v)
	return Entity{
		ID: str(m, "id"), Kind: record.Kind(str(m, "kind")), Name: str(m, "name"),
		Aliases: strList(m, "aliases"), WeakAliases: strList(m, "weakAliases"),
		SourceRecordIDs: strList(m, "sourceRecordIds"), SourceURLs: strList(m, "sourceUrls"),
		Gender: Text(str(m, "gender")), Title: Text(str(m, "title")), BirthDates: strList(m, "birthDates"),
		BirthPlaces: strList(m, "birthPlaces"), Identifiers: strList(m, "identifiers"),
		Addresses: strList(m, "addresses"), Remarks: str(m, "remarks"),
		IMONumber: Text(str(m, "imoNumber")), MMSI: Text(str(m, "mmsi")), CallSign: Text(str(m, "callSign")),
		VesselType: Text(str(m, "vesselType")), Tonnage: Text(str(m, "tonnage")), GrossTonnage: Text(str(m, "grossTonnage")),
		BuildYear: intPtr(m, "buildYear"), AircraftModel: Text(str(m, "aircraftModel")),
		TailNumber: Text(str(m, "tailNumber")), ManufacturerSerial: Text(str(m, "manufacturerSerial")),
	}
}

func countryOf(v any) *Country {
	m := mapOf(v)
	if m == nil {
		return nil
	}
	return &Country{Code: str(m, "code"), Name: str(m, "name")}
}

func authorityOf(v, country any) Authority {
	m := mapOf(v)
	return Authority{ID: str(m, "id"), Name: str(m, "name"), URL: Text(str(m, "url")), Country: countryOf(country)}
}

func resolutionOf(v any) Resolution {
	m := mapOf(v)
	n, _ := m["number"].(int64)
	return Resolution{
		Number: int(n), Symbol: str(m, "symbol"), AdoptedOn: str(m, "adoptedOn"), Title: Text(str(m, "title")),
		URL: Text(str(m, "url")), Provisions: strList(m, "provisions"),
	}
}

func announcementOf(v any) *Announcement {
	m := mapOf(v)
	if m == nil {
		return nil
	}
	return &Announcement{
		ID: str(m, "id"), Title: str(m, "title"), URL: Text(str(m, "url")), PublishedOn: str(m, "publishedOn"),
		Publisher: Text(str(m, "publisher")), Language: Text(str(m, "language")), AuthorityID: str(m, "authorityId"),
		StatedPersons: intPtr(m, "statedPersons"), StatedOrganizations: intPtr(m, "statedOrganizations"),
		StatedVessels: intPtr(m, "statedVessels"), StatedTotal: intPtr(m, "statedTotal"),
	}
}

// designationOf decodes a designation read with the nodes around it ({d:
// its properties, authority: …, target: …}), or read alone: its
// properties, and its target under "target" when read.
func designationOf(v any) Designation {
	m := mapOf(v)
	p, linked := m["d"].(map[string]any)
	if !linked {
		p = m
	}
	authority := Authority{ID: str(p, "authorityId")}
	if linked {
		authority = authorityOf(m["authority"], m["country"])
	}
	d := Designation{
		ID: str(p, "id"), ListedOn: str(p, "listedOn"), DelistedOn: str(p, "delistedOn"),
		Program: Text(str(p, "program")), Programs: strList(p, "programs"), Measures: strList(p, "measures"),
		Reason: Text(str(p, "reason")), SourceRecordID: Text(str(p, "sourceRecordId")), SourceKind: Text(str(p, "sourceKind")),
		SourceURLs: strList(p, "sourceUrls"), Sources: strList(p, "sources"), InForceFrom: strList(p, "inForceFrom"), InForceUntil: strList(p, "inForceUntil"),
		DateEvidence: DateEvidence{Date: str(p, "inForceSince"), Kind: str(p, "inForceSinceEvidence"), Source: str(p, "inForceSinceSource")},
		Authority:    authority, TargetNode: entityOf(m["target"]),
		Announcement: announcementOf(m["announcement"]),
	}
	rs, _ := m["resolutions"].([]any)
	for _, r := range rs {
		d.Resolutions = append(d.Resolutions, resolutionOf(r))
	}
	return d
}

func transferOf(v any) Transfer {
	m := mapOf(v)
	p := mapOf(m["t"])
	t := Transfer{
		ID: str(p, "id"), FromDate: str(p, "fromDate"), ToDate: str(p, "toDate"), Cargo: Text(str(p, "cargo")),
		Description: Text(str(p, "description")), SourceURLs: strList(p, "sourceUrls"), VesselID: str(m, "vessel"),
		From: portOf(m["from"]), To: portOf(m["to"]),
	}
	parties, _ := m["parties"].([]any)
	for _, pv := range parties {
		pm := mapOf(pv)
		t.Parties = append(t.Parties, Party{Role: Text(str(pm, "role")), Member: entityOf(pm["e"])})
	}
	return t
}

func portOf(v any) *Port {
	m := mapOf(v)
	if m == nil || m["p"] == nil {
		return nil
	}
	p := mapOf(m["p"])
	return &Port{ID: str(p, "id"), Name: str(p, "name"), Country: countryOf(m["c"])}
}

// nodeOf decodes the map built by nodeProjection.
func nodeOf(v any) Node {
	m := mapOf(v)
	props := mapOf(m["props"])
	n := Node{ID: str(props, "id"), Labels: strList(m, "labels"), DesignatedBy: strList(m, "designatedBy")}
	sort.Strings(n.Labels)
	// Each authority once, by id: the answer must not follow storage order.
	sort.Strings(n.DesignatedBy)
	n.DesignatedBy = slices.Compact(n.DesignatedBy)
	if slices.Contains(n.Labels, "Transfer") {
		n.Caption = strings.TrimSpace("transfer " + str(props, "cargo") + " " + str(props, "fromDate"))
		return n
	}
	e := entityOf(props)
	n.Actor = &e
	n.Caption = e.Name
	return n
}

func relationshipOf(v any) Relationship {
	m := mapOf(v)
	props := mapOf(m["props"])
	r := Relationship{
		Type: str(m, "type"), StartID: str(m, "start"), EndID: str(m, "end"),
		Role: Text(str(props, "role")), Since: str(props, "since"), Until: str(props, "until"),
		Sources: strList(props, "sources"),
	}
	r.ID = r.StartID + "-" + r.Type + "-" + r.EndID
	return r
}

// decodedNodes holds the path nodes a statement's records decoded, by id,
// so that each is decoded once: the paths of a linkage pass through the
// same few nodes again and again (those of the DPRK and RUSSIA linkage of
// the real lists: 1,660 path nodes, 29 of them distinct). The nodes share
// their lists and entity, which nothing changes after decoding. A nil one
// keeps nothing, for a statement whose nodes are distinct (a neighbourhood,
// one shortest path).
type decodedNodes map[string]Node

func (d decodedNodes) node(v any) Node {
	if d == nil {
		return nodeOf(v)
	}
	id := str(mapOf(mapOf(v)["props"]), "id")
	if n, ok := d[id]; ok {
		return n
	}
	n := nodeOf(v)
	d[id] = n
	return n
}

func pathOf(nodes, rels any, decoded decodedNodes) Path {
	ns, _ := nodes.([]any)
	rs, _ := rels.([]any)
	p := Path{Nodes: make([]Node, 0, len(ns)), Relationships: make([]Relationship, 0, len(rs))}
	for _, n := range ns {
		p.Nodes = append(p.Nodes, decoded.node(n))
	}
	for _, r := range rs {
		p.Relationships = append(p.Relationships, relationshipOf(r))
	}
	return p
}

// Cursors are opaque to clients: base64 of the JSON sort key.

func encodeCursor(key ...string) string {
	b, _ := json.Marshal(key)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(field, cursor string, parts int) ([]string, error) {
	b, err := base64.RawURLEncoding.DecodeString(cursor)
	var key []string
	if err == nil {
		err = json.Unmarshal(b, &key)
	}
	if err == nil && len(key) != parts {
		err = errors.New("wrong length")
	}
	if err != nil {
		return nil, &InputError{Field: field, Message: "not a cursor this API returned (use pageInfo.endCursor)"}
	}
	return key, nil
}

// IsTimeout reports whether err means a transaction ran past its timeout.
func IsTimeout(err error) bool {
	var neoErr *neo4j.Neo4jError
	return errors.Is(err, context.DeadlineExceeded) ||
		(errors.As(err, &neoErr) && strings.Contains(neoErr.Code, "TransactionTimedOut"))
}
