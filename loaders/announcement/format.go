package announcement

// The Go types of the announcement file format. Field tags drive three
// things at once: the YAML field names (yaml), the published JSON Schema
// (json, jsonschema, jsonschema_description) and the strict decoder in
// decode.go, which reads "required", "nullable", "minLength=1" and
// "minimum=N" from the jsonschema tag. Named value types (ID, Date,
// Measure, ...) carry their own rule twice, as a JSON Schema and as a Go
// check, side by side, so the two cannot drift apart unnoticed.

// File is one announcement file.
type File struct {
	Announcement  Announcement   `yaml:"announcement" json:"announcement" jsonschema:"required" jsonschema_description:"The announcement itself: who published it, when, and where."`
	Entities      []Entity       `yaml:"entities,omitempty" json:"entities,omitempty" jsonschema_description:"The people, organisations, vessels and aircraft the announcement names. Designations, relationships and transfers refer to them by id."`
	Designations  []Designation  `yaml:"designations,omitempty" json:"designations,omitempty" jsonschema_description:"The listings the announcement makes, one per target entity."`
	Relationships []Relationship `yaml:"relationships,omitempty" json:"relationships,omitempty" jsonschema_description:"Links between entities that the announcement or its sources state (ownership, management, family ...)."`
	Ports         []Port         `yaml:"ports,omitempty" json:"ports,omitempty" jsonschema_description:"Ports where the transfers below begin or end."`
	Transfers     []Transfer     `yaml:"transfers,omitempty" json:"transfers,omitempty" jsonschema_description:"Arms shipments or ship-to-ship transfers the announcement or its sources describe."`
}

// Announcement is the metadata of one published sanctions announcement.
type Announcement struct {
	ID          ID          `yaml:"id" json:"id" jsonschema:"required" jsonschema_description:"Stable id of the announcement, lowercase letters, digits and hyphens, such as kr-mofa-2024-05-24. It is the key of the graph's Announcement node: change it and the announcement becomes a new node."`
	Authority   AuthorityID `yaml:"authority" json:"authority" jsonschema:"required" jsonschema_description:"The authority that made the designations: an id from seed/reference/authorities.yaml."`
	PublishedOn Date        `yaml:"publishedOn" json:"publishedOn" jsonschema:"required" jsonschema_description:"Date of publication, YYYY-MM-DD. Designations without listedOn take this date."`
	Title       string      `yaml:"title" json:"title" jsonschema:"required,minLength=1" jsonschema_description:"Title or headline of the announcement."`
	Publisher   string      `yaml:"publisher,omitempty" json:"publisher,omitempty" jsonschema_description:"Who issued the announcement, such as a ministry."`
	URL         URL         `yaml:"url,omitempty" json:"url,omitempty" jsonschema_description:"Address of the announcement text, or of the best report of it."`
	Language    Language    `yaml:"language,omitempty" json:"language,omitempty" jsonschema_description:"ISO 639-1 code of the language of the text at url, such as en or ko."`
	Sources     []URL       `yaml:"sources,omitempty" json:"sources,omitempty" jsonschema_description:"Other pages that report the same announcement."`
	Stated      *Stated     `yaml:"stated,omitempty" json:"stated,omitempty" jsonschema_description:"The target counts the announcement states, which may exceed the targets named in this file."`
}

// Stated holds the counts an announcement states ("7 individuals and 2
// vessels"). A count left out is not checked.
type Stated struct {
	Persons       *int `yaml:"persons,omitempty" json:"persons,omitempty" jsonschema:"minimum=0" jsonschema_description:"Number of people designated, as the announcement states it."`
	Organizations *int `yaml:"organizations,omitempty" json:"organizations,omitempty" jsonschema:"minimum=0" jsonschema_description:"Number of organisations designated, as the announcement states it."`
	Vessels       *int `yaml:"vessels,omitempty" json:"vessels,omitempty" jsonschema:"minimum=0" jsonschema_description:"Number of vessels designated, as the announcement states it."`
	Total         *int `yaml:"total,omitempty" json:"total,omitempty" jsonschema:"minimum=0" jsonschema_description:"Total number of targets; defaults to the sum of the counts above."`
}

// Entity is a person, organisation, vessel or aircraft the announcement
// names.
type Entity struct {
	ID              ID               `yaml:"id" json:"id" jsonschema:"required" jsonschema_description:"Id of the entity inside this file, and its graph id if the graph does not know it yet by an identifying key. Lowercase letters, digits and hyphens."`
	Kind            Kind             `yaml:"kind" json:"kind" jsonschema:"required" jsonschema_description:"What the entity is."`
	Name            string           `yaml:"name" json:"name" jsonschema:"required,minLength=1" jsonschema_description:"Primary name as the announcement or the official list writes it."`
	Aliases         []Alias          `yaml:"aliases,omitempty" json:"aliases,omitempty" jsonschema_description:"Other names: plain strings, or objects with name, type and quality."`
	SourceRecordIDs []SourceRecordID `yaml:"sourceRecordIds,omitempty" json:"sourceRecordIds,omitempty" jsonschema_description:"Record ids the official lists give this entity, as <authority>:<record id> (us-ofac:37098, un-sc:KPe.020). The ingest merges the entity with the list's record on them."`

	BirthDate   PartialDate   `yaml:"birthDate,omitempty" json:"birthDate,omitempty" jsonschema_description:"Persons: date of birth, YYYY, YYYY-MM or YYYY-MM-DD."`
	BirthDates  []PartialDate `yaml:"birthDates,omitempty" json:"birthDates,omitempty" jsonschema_description:"Persons: several possible dates of birth, when the sources disagree."`
	BirthPlace  string        `yaml:"birthPlace,omitempty" json:"birthPlace,omitempty" jsonschema_description:"Persons: place of birth as the source writes it."`
	Gender      Gender        `yaml:"gender,omitempty" json:"gender,omitempty" jsonschema_description:"Persons: gender as the source states it."`
	Nationality []CountryCode `yaml:"nationality,omitempty" json:"nationality,omitempty" jsonschema_description:"Persons: nationalities, ISO 3166-1 alpha-2 codes."`
	Title       string        `yaml:"title,omitempty" json:"title,omitempty" jsonschema_description:"Persons: position or title, such as General Director."`
	Country     CountryCode   `yaml:"country,omitempty" json:"country,omitempty" jsonschema_description:"Country of registration of an organisation, ISO 3166-1 alpha-2."`
	Identifiers []Identifier  `yaml:"identifiers,omitempty" json:"identifiers,omitempty" jsonschema_description:"Document and registry numbers: passports, registration and tax numbers, company IMO numbers."`
	Addresses   []Address     `yaml:"addresses,omitempty" json:"addresses,omitempty" jsonschema_description:"Postal addresses: plain strings, or objects with text, city and country."`
	Remarks     string        `yaml:"remarks,omitempty" json:"remarks,omitempty" jsonschema_description:"Anything else the source says about the entity."`

	IMONumber    IMONumber `yaml:"imoNumber,omitempty" json:"imoNumber,omitempty" jsonschema_description:"Vessels: IMO ship number, 7 digits whose last is the check digit. Quote it. It identifies the hull across names and flags."`
	MMSI         MMSI      `yaml:"mmsi,omitempty" json:"mmsi,omitempty" jsonschema_description:"Vessels: Maritime Mobile Service Identity, 9 digits. Quote it."`
	CallSign     string    `yaml:"callSign,omitempty" json:"callSign,omitempty" jsonschema_description:"Vessels: radio call sign."`
	VesselType   string    `yaml:"vesselType,omitempty" json:"vesselType,omitempty" jsonschema_description:"Vessels: type as the source gives it, such as General Cargo."`
	GrossTonnage string    `yaml:"grossTonnage,omitempty" json:"grossTonnage,omitempty" jsonschema_description:"Vessels: gross tonnage as the source gives it. Quote it."`
	BuildYear    int       `yaml:"buildYear,omitempty" json:"buildYear,omitempty" jsonschema:"minimum=1800" jsonschema_description:"Vessels and aircraft: year built."`
	Flags        []Flag    `yaml:"flags,omitempty" json:"flags,omitempty" jsonschema_description:"Vessels and aircraft: flags or registration countries, with dates when known."`

	AircraftModel      string `yaml:"aircraftModel,omitempty" json:"aircraftModel,omitempty" jsonschema_description:"Aircraft: model, such as IL-76TD."`
	TailNumber         string `yaml:"tailNumber,omitempty" json:"tailNumber,omitempty" jsonschema_description:"Aircraft: registration (tail) number."`
	ManufacturerSerial string `yaml:"manufacturerSerial,omitempty" json:"manufacturerSerial,omitempty" jsonschema_description:"Aircraft: manufacturer serial number; it identifies the airframe across registrations."`

	Sources []URL `yaml:"sources,omitempty" json:"sources,omitempty" jsonschema_description:"Pages that state this entity's facts."`
}

// Alias is another name of an entity. In a file it is either a plain
// string or a mapping with name, type and quality.
type Alias struct {
	Name    string       `yaml:"name" json:"name" jsonschema:"required,minLength=1" jsonschema_description:"The other name."`
	Type    AliasType    `yaml:"type,omitempty" json:"type,omitempty" jsonschema_description:"What kind of other name it is."`
	Quality AliasQuality `yaml:"quality,omitempty" json:"quality,omitempty" jsonschema_description:"weak marks a low-quality alias, as OFAC (weak a.k.a.) and the UN (Low) flag them."`
}

// Identifier is a document or registry number.
type Identifier struct {
	Type    IdentifierType `yaml:"type" json:"type" jsonschema:"required" jsonschema_description:"What the number is."`
	Value   string         `yaml:"value" json:"value" jsonschema:"required,minLength=1" jsonschema_description:"The number as the source writes it. Quote it. A company-imo value must pass the company IMO check digit."`
	Country CountryCode    `yaml:"country,omitempty" json:"country,omitempty" jsonschema_description:"Issuing country, ISO 3166-1 alpha-2. Passports, national ids, registration and tax numbers are identity keys only with it."`
	Note    string         `yaml:"note,omitempty" json:"note,omitempty" jsonschema_description:"Anything the source adds, such as an expiry date."`
}

// Address is a postal address. In a file it is either a plain string or a
// mapping with text, city and country.
type Address struct {
	Text    string      `yaml:"text" json:"text" jsonschema:"required,minLength=1" jsonschema_description:"The address as the source writes it."`
	City    string      `yaml:"city,omitempty" json:"city,omitempty" jsonschema_description:"City, when the source gives it apart."`
	Country CountryCode `yaml:"country,omitempty" json:"country,omitempty" jsonschema_description:"Country, ISO 3166-1 alpha-2."`
}

// Flag is a flag a vessel sailed under.
type Flag struct {
	Country CountryCode `yaml:"country" json:"country" jsonschema:"required" jsonschema_description:"Flag state, ISO 3166-1 alpha-2."`
	Since   Date        `yaml:"since,omitempty" json:"since,omitempty" jsonschema:"nullable" jsonschema_description:"First day under this flag, when known."`
	Until   Date        `yaml:"until,omitempty" json:"until,omitempty" jsonschema:"nullable" jsonschema_description:"Last day under this flag, when known."`
}

// Designation is one listing of one target by the announcement's authority.
type Designation struct {
	Target         ID                 `yaml:"target" json:"target" jsonschema:"required" jsonschema_description:"Id of the designated entity, defined in this file's entities."`
	Program        string             `yaml:"program,omitempty" json:"program,omitempty" jsonschema_description:"Sanctions programme, free text (ROK unilateral sanctions, DPRK3, RUSSIA-EO14024)."`
	Measures       []Measure          `yaml:"measures,omitempty" json:"measures,omitempty" jsonschema_description:"What the listing imposes."`
	Reason         string             `yaml:"reason,omitempty" json:"reason,omitempty" jsonschema_description:"Why the target was listed, as the announcement says it."`
	Resolutions    []ResolutionNumber `yaml:"resolutions,omitempty" json:"resolutions,omitempty" jsonschema_description:"Numbers of the UN Security Council resolutions the listing cites, from seed/reference/resolutions.yaml."`
	ListedOn       Date               `yaml:"listedOn,omitempty" json:"listedOn,omitempty" jsonschema:"nullable" jsonschema_description:"First day of the listing; defaults to announcement.publishedOn."`
	DelistedOn     Date               `yaml:"delistedOn,omitempty" json:"delistedOn,omitempty" jsonschema:"nullable" jsonschema_description:"Day the listing ended, if it did. Not before listedOn."`
	SourceRecordID string             `yaml:"sourceRecordId,omitempty" json:"sourceRecordId,omitempty" jsonschema_description:"Id the authority gave this listing, if any."`
	Sources        []URL              `yaml:"sources,omitempty" json:"sources,omitempty" jsonschema_description:"Pages that state this listing."`
}

// Relationship links two entities of the file.
type Relationship struct {
	Type    RelationshipType `yaml:"type" json:"type" jsonschema:"required" jsonschema_description:"What links them; read it as: from <type> to."`
	From    ID               `yaml:"from" json:"from" jsonschema:"required" jsonschema_description:"Id of the entity the relationship starts from (the owner, the director ...)."`
	To      ID               `yaml:"to" json:"to" jsonschema:"required" jsonschema_description:"Id of the entity it points to (what is owned, directed ...). Not the same as from."`
	Role    string           `yaml:"role,omitempty" json:"role,omitempty" jsonschema_description:"The role in the source's words, such as registered owner."`
	Since   Date             `yaml:"since,omitempty" json:"since,omitempty" jsonschema:"nullable" jsonschema_description:"First day of the relationship, when known."`
	Until   Date             `yaml:"until,omitempty" json:"until,omitempty" jsonschema:"nullable" jsonschema_description:"Last day of the relationship, when known."`
	Sources []URL            `yaml:"sources,omitempty" json:"sources,omitempty" jsonschema_description:"Pages that state the relationship."`
}

// Port is a port where a transfer begins or ends.
type Port struct {
	ID      PortID      `yaml:"id" json:"id" jsonschema:"required" jsonschema_description:"Id of the port: a lowercase slug such as port-rajin, or its UN/LOCODE (KPNJN) only if a source gives it."`
	Name    string      `yaml:"name" json:"name" jsonschema:"required,minLength=1" jsonschema_description:"Name of the port."`
	Country CountryCode `yaml:"country,omitempty" json:"country,omitempty" jsonschema_description:"Country of the port, ISO 3166-1 alpha-2."`
}

// Transfer is an arms shipment or ship-to-ship transfer.
type Transfer struct {
	ID          ID      `yaml:"id" json:"id" jsonschema:"required" jsonschema_description:"Stable id of the transfer, lowercase letters, digits and hyphens."`
	Vessel      ID      `yaml:"vessel" json:"vessel" jsonschema:"required" jsonschema_description:"Id of the vessel that carried the cargo, an entity of kind vessel in this file."`
	From        PortID  `yaml:"from,omitempty" json:"from,omitempty" jsonschema_description:"Id of the port of loading, defined in this file's ports."`
	To          PortID  `yaml:"to,omitempty" json:"to,omitempty" jsonschema_description:"Id of the port of discharge, defined in this file's ports."`
	FromDate    Date    `yaml:"fromDate,omitempty" json:"fromDate,omitempty" jsonschema:"nullable" jsonschema_description:"Day the transfer began (loading, departure)."`
	ToDate      Date    `yaml:"toDate,omitempty" json:"toDate,omitempty" jsonschema:"nullable" jsonschema_description:"Day the transfer ended (arrival, discharge). Not before fromDate."`
	Cargo       string  `yaml:"cargo,omitempty" json:"cargo,omitempty" jsonschema_description:"What was carried, as the source describes it."`
	Description string  `yaml:"description,omitempty" json:"description,omitempty" jsonschema_description:"What happened, in a sentence or two."`
	Parties     []Party `yaml:"parties,omitempty" json:"parties,omitempty" jsonschema_description:"Entities that took part, other than the vessel."`
	Sources     []URL   `yaml:"sources,omitempty" json:"sources,omitempty" jsonschema_description:"Pages that describe the transfer."`
}

// Party is an entity taking part in a transfer.
type Party struct {
	Entity ID     `yaml:"entity" json:"entity" jsonschema:"required" jsonschema_description:"Id of the entity, defined in this file's entities."`
	Role   string `yaml:"role,omitempty" json:"role,omitempty" jsonschema_description:"Its part in the transfer, such as owner, operator, shipper."`
}
