package unsc

import (
	"encoding/xml"
	"strings"
)

// The types below follow the official layout (sc-sanctions.xsd). Every leaf
// is a text that remembers its line, so that errors and warnings point at
// the field, not only at the record. Elements known to carry nothing the
// graph needs are declared as ignored; any other element lands in Unknown
// and becomes a warning, so a change of layout is never dropped silently.

// text is a leaf element: its whitespace-collapsed content and its line.
type text struct {
	Value string
	Line  int
}

func (t *text) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	t.Line, _ = d.InputPos()
	var raw string
	if err := d.DecodeElement(&raw, &start); err != nil {
		return err
	}
	t.Value = collapseSpace(raw)
	return nil
}

// collapseSpace joins the words of s with single spaces: the list wraps
// long values over several lines.
func collapseSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// ignored is an element known to carry nothing the graph needs.
type ignored struct{}

func (ignored) UnmarshalXML(d *xml.Decoder, _ xml.StartElement) error {
	return d.Skip()
}

// unknown is an element the layout does not define.
type unknown struct {
	Name string
	Line int
}

func (u *unknown) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	u.Name = start.Name.Local
	u.Line, _ = d.InputPos()
	return d.Skip()
}

// values is a container of VALUE elements (TITLE, DESIGNATION, NATIONALITY).
type values struct {
	Values  []text    `xml:"VALUE"`
	Unknown []unknown `xml:",any"`
}

// xmlRecord is one INDIVIDUAL or ENTITY.
type xmlRecord struct {
	XMLName            xml.Name
	ReferenceNumber    text      `xml:"REFERENCE_NUMBER"`
	FirstName          text      `xml:"FIRST_NAME"`
	SecondName         text      `xml:"SECOND_NAME"`
	ThirdName          text      `xml:"THIRD_NAME"`
	FourthName         text      `xml:"FOURTH_NAME"`
	ListType           text      `xml:"UN_LIST_TYPE"`
	ListedOn           text      `xml:"LISTED_ON"`
	NameOriginalScript text      `xml:"NAME_ORIGINAL_SCRIPT"`
	Comments           text      `xml:"COMMENTS1"`
	Gender             text      `xml:"GENDER"`
	Titles             []values  `xml:"TITLE"`
	Designations       []values  `xml:"DESIGNATION"`
	Nationalities      []values  `xml:"NATIONALITY"`
	Aliases            []alias   `xml:"INDIVIDUAL_ALIAS"`
	EntityAliases      []alias   `xml:"ENTITY_ALIAS"`
	Addresses          []address `xml:"INDIVIDUAL_ADDRESS"`
	EntityAddresses    []address `xml:"ENTITY_ADDRESS"`
	BirthDates         []dob     `xml:"INDIVIDUAL_DATE_OF_BIRTH"`
	BirthPlaces        []address `xml:"INDIVIDUAL_PLACE_OF_BIRTH"`
	Documents          []idDoc   `xml:"INDIVIDUAL_DOCUMENT"`

	DataID         ignored `xml:"DATAID"`
	VersionNum     ignored `xml:"VERSIONNUM"`
	ListTypeValue  ignored `xml:"LIST_TYPE"`
	LastDayUpdated ignored `xml:"LAST_DAY_UPDATED"`
	SortKey        ignored `xml:"SORT_KEY"`
	SortKeyLastMod ignored `xml:"SORT_KEY_LAST_MOD"`

	Unknown []unknown `xml:",any"`
}

// alias is an INDIVIDUAL_ALIAS or ENTITY_ALIAS.
type alias struct {
	Quality        text      `xml:"QUALITY"`
	Name           text      `xml:"ALIAS_NAME"`
	DateOfBirth    text      `xml:"DATE_OF_BIRTH"`
	CityOfBirth    text      `xml:"CITY_OF_BIRTH"`
	CountryOfBirth text      `xml:"COUNTRY_OF_BIRTH"`
	Note           text      `xml:"NOTE"`
	Unknown        []unknown `xml:",any"`
}

// address is an INDIVIDUAL_ADDRESS, ENTITY_ADDRESS or
// INDIVIDUAL_PLACE_OF_BIRTH: they share their fields.
type address struct {
	Street        text      `xml:"STREET"`
	City          text      `xml:"CITY"`
	StateProvince text      `xml:"STATE_PROVINCE"`
	ZipCode       text      `xml:"ZIP_CODE"`
	Country       text      `xml:"COUNTRY"`
	Note          text      `xml:"NOTE"`
	Unknown       []unknown `xml:",any"`
}

// dob is an INDIVIDUAL_DATE_OF_BIRTH.
type dob struct {
	TypeOfDate text      `xml:"TYPE_OF_DATE"`
	Date       text      `xml:"DATE"`
	Year       text      `xml:"YEAR"`
	FromYear   text      `xml:"FROM_YEAR"`
	ToYear     text      `xml:"TO_YEAR"`
	Note       text      `xml:"NOTE"`
	Unknown    []unknown `xml:",any"`
}

// idDoc is an INDIVIDUAL_DOCUMENT.
type idDoc struct {
	Type           text      `xml:"TYPE_OF_DOCUMENT"`
	Type2          text      `xml:"TYPE_OF_DOCUMENT2"`
	Number         text      `xml:"NUMBER"`
	IssuingCountry text      `xml:"ISSUING_COUNTRY"`
	CountryOfIssue text      `xml:"COUNTRY_OF_ISSUE"`
	CityOfIssue    text      `xml:"CITY_OF_ISSUE"`
	DateOfIssue    text      `xml:"DATE_OF_ISSUE"`
	Note           text      `xml:"NOTE"`
	Unknown        []unknown `xml:",any"`
}
