// Package record holds the plain Go records that every loader produces and
// the ingest writer consumes. It knows nothing of Neo4j or of any source
// format: parsers fill these types, ingest writes them.
package record

// Kind is the kind of an actor in the network.
type Kind string

const (
	Person       Kind = "PERSON"
	Organization Kind = "ORGANIZATION"
	Vessel       Kind = "VESSEL"
	Aircraft     Kind = "AIRCRAFT"
)

// Label is the Neo4j label of the kind (Person, Organization, Vessel).
func (k Kind) Label() string {
	switch k {
	case Person:
		return "Person"
	case Organization:
		return "Organization"
	case Vessel:
		return "Vessel"
	case Aircraft:
		return "Aircraft"
	}
	return ""
}

// Relationship types between actors (DESIGN.md, "the network between actors").
const (
	Owns     = "OWNS"
	Operates = "OPERATES"
	Manages  = "MANAGES"
	Directs  = "DIRECTS"
	LinkedTo = "LINKED_TO"
	FamilyOf = "FAMILY_OF"
)

// ActorRelationshipTypes lists every relationship type that joins two actors.
var ActorRelationshipTypes = []string{Owns, Operates, Manages, Directs, LinkedTo, FamilyOf}

// Source kinds: where a document came from.
const (
	SourceAnnouncement = "announcement"
	SourceOFACSDN      = "us-ofac-sdn"
	SourceOFACCons     = "us-ofac-cons"
	SourceUNSC         = "un-sc"
	SourceDFAT         = "au-dfat-consolidated"
	SourceMOF          = "jp-mof-asset-freeze"
	SourceOFSI         = "gb-ofsi-conlist"
)

// Document is everything one source file states. It is written to Neo4j in
// one transaction, or not at all.
type Document struct {
	Source        Source
	Entities      []Entity
	Designations  []Designation
	Relationships []Relationship
	Ports         []Port
	Transfers     []Transfer
	// Warnings are facts the parser could not map but did not reject, such
	// as a "Linked To" name that matches no entry of the list.
	Warnings []Warning
}

// Entry is one record of an official list as a streaming decoder yields
// it: the entity, its listings, and the links the record states.
type Entry struct {
	Entity        Entity
	Designations  []Designation
	Relationships []Relationship
	Warnings      []Warning
}

// Source describes the file a document came from. For an announcement it is
// the announcement itself; for an official list it is the list snapshot.
type Source struct {
	// ID is stable for the same source: an announcement's id, or the list
	// kind and its publication date ("us-ofac-sdn-2024-05-03").
	ID          string
	Kind        string
	Path        string
	AuthorityID string
	Title       string
	Publisher   string
	URL         string
	PublishedOn string // YYYY-MM-DD
	Language    string
	// Sources are other pages that report the same announcement.
	Sources []string
	// Stated holds the counts an announcement states ("11 organisations
	// and 1 individual"), which may exceed the entities it names.
	Stated *StatedCounts
	// SHA256 is the hex digest of the list file(s) as validated; a snapshot
	// already loaded from other bytes is refused.
	SHA256 string
	// Complete is true for a full official list: a listing of this source's
	// kind that is missing from it has been dropped (delisted on PublishedOn).
	Complete bool
}

// StatedCounts are the target counts an announcement states.
type StatedCounts struct {
	Persons       int
	Organizations int
	Vessels       int
	Total         int
}

// Entity is one actor as a source describes it.
type Entity struct {
	// Ref names the entity inside its document: designations, relationships
	// and transfers point at it by Ref.
	Ref string
	// ID is an explicit graph id chosen by the author of an announcement;
	// empty means the ingest derives one.
	ID      string
	Kind    Kind
	Name    string
	Aliases []Alias
	// SourceRecordIDs are the identifiers the official lists give the
	// entity, prefixed by authority: "us-ofac:46773", "un-sc:KPe.020".
	SourceRecordIDs []string

	BirthDates    []string // YYYY, YYYY-MM or YYYY-MM-DD
	BirthPlaces   []string
	Gender        string
	Nationalities []string // ISO 3166-1 alpha-2
	Country       string   // ISO 3166-1 alpha-2: registration of an organisation
	Title         string
	Identifiers   []Identifier
	Addresses     []Address
	Remarks       string

	// Vessel particulars.
	IMONumber    string // 7 digits, check digit valid
	MMSI         string
	CallSign     string
	VesselType   string
	Tonnage      string
	GrossTonnage string
	BuildYear    int
	Flags        []Flag

	// Aircraft particulars.
	AircraftModel      string
	TailNumber         string
	ManufacturerSerial string

	// Sources are URLs that state this entity's facts, beyond the document.
	Sources []string
}

// Alias is another name of an entity. Quality "weak" marks a low-quality
// alias (UN "Low", OFAC "weak a.k.a.").
type Alias struct {
	Name    string
	Type    string // aka, fka, nka, original-script, previous-name
	Quality string // "", "strong", "weak"
}

// Identifier types the ingest treats as identity keys.
const (
	IDCompanyIMO   = "company-imo"
	IDPassport     = "passport"
	IDNationalID   = "national-id"
	IDRegistration = "registration"
	IDTax          = "tax"
)

// Identifier is a document or registry number. Country is the issuing
// country (alpha-2) when known.
type Identifier struct {
	Type    string
	Value   string
	Country string
	Note    string
}

// Address is a postal address as the source gives it.
type Address struct {
	Text    string
	City    string
	Country string // alpha-2 when known
}

// Flag is a flag a vessel sailed under, with dates when known.
type Flag struct {
	Country string // alpha-2
	Since   string
	Until   string
}

// Designation is one listing of one target by one authority.
type Designation struct {
	// ID is optional; the ingest derives a stable one from the authority,
	// the source record id or target, the program and the listing date.
	ID          string
	AuthorityID string
	TargetRef   string
	// Programs are the sanctions programs of the listing (OFAC tags such as
	// DPRK3 and RUSSIA-EO14024, UN list types such as DPRK).
	Programs       []string
	Measures       []string
	Reason         string
	ListedOn       string
	DelistedOn     string
	Resolutions    []int
	SourceRecordID string
	Sources        []string
}

// Relationship joins two actors. ToName is set instead of ToRef when the
// source names the other side only by name (OFAC "Linked To: NAME.").
type Relationship struct {
	Type    string
	FromRef string
	ToRef   string
	ToName  string
	Role    string
	Since   string
	Until   string
	Sources []string
}

// Port is a port or other place where transfers begin or end.
type Port struct {
	ID      string // UN/LOCODE where known
	Name    string
	Country string
}

// Transfer is an arms shipment or ship-to-ship transfer.
type Transfer struct {
	ID          string
	VesselRef   string
	FromPortID  string
	ToPortID    string
	FromDate    string
	ToDate      string
	Cargo       string
	Description string
	Parties     []Party
	Sources     []string
}

// Party is an actor taking part in a transfer.
type Party struct {
	Ref  string
	Role string
}

// Warning is a fact a parser kept back, with where it stands in the file.
type Warning struct {
	Location string // file:line or record id
	Message  string
}
