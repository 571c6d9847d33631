package ofac

import (
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/encoding/charmap"

	"github.com/armsgraph/armsgraph/record"
)

// xmlEntry is one sdnEntry element. Element names are matched without
// their namespace, which OFAC has changed over the years.
type xmlEntry struct {
	UID           string       `xml:"uid"`
	FirstName     string       `xml:"firstName"`
	LastName      string       `xml:"lastName"`
	Title         string       `xml:"title"`
	SDNType       string       `xml:"sdnType"`
	Remarks       string       `xml:"remarks"`
	Programs      []string     `xml:"programList>program"`
	IDs           []xmlID      `xml:"idList>id"`
	AKAs          []xmlAKA     `xml:"akaList>aka"`
	Addresses     []xmlAddress `xml:"addressList>address"`
	Nationalities []string     `xml:"nationalityList>nationality>country"`
	Citizenships  []string     `xml:"citizenshipList>citizenship>country"`
	DatesOfBirth  []string     `xml:"dateOfBirthList>dateOfBirthItem>dateOfBirth"`
	PlacesOfBirth []string     `xml:"placeOfBirthList>placeOfBirthItem>placeOfBirth"`
	Vessel        xmlVessel    `xml:"vesselInfo"`
}

type xmlID struct {
	Type       string `xml:"idType"`
	Number     string `xml:"idNumber"`
	Country    string `xml:"idCountry"`
	IssueDate  string `xml:"issueDate"`
	ExpiryDate string `xml:"expirationDate"`
}

type xmlAKA struct {
	Type      string `xml:"type"`
	Category  string `xml:"category"`
	LastName  string `xml:"lastName"`
	FirstName string `xml:"firstName"`
}

type xmlAddress struct {
	Address1        string `xml:"address1"`
	Address2        string `xml:"address2"`
	Address3        string `xml:"address3"`
	City            string `xml:"city"`
	StateOrProvince string `xml:"stateOrProvince"`
	PostalCode      string `xml:"postalCode"`
	Country         string `xml:"country"`
}

type xmlVessel struct {
	CallSign     string `xml:"callSign"`
	VesselType   string `xml:"vesselType"`
	VesselFlag   string `xml:"vesselFlag"`
	VesselOwner  string `xml:"vesselOwner"`
	Tonnage      string `xml:"tonnage"`
	GrossTonnage string `xml:"grossRegisteredTonnage"`
}

type xmlPublishInfo struct {
	PublishDate string `xml:"Publish_Date"`
	RecordCount string `xml:"Record_Count"`
}

// OpenXML opens an OFAC XML list file (sdn.xml or consolidated.xml).
func OpenXML(path string, opts Options) (*Decoder, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	d, err := NewXMLDecoder(file, path, opts)
	if err != nil {
		file.Close()
		return nil, err
	}
	d.reader.(*xmlReader).file = file
	return d, nil
}

// NewXMLDecoder reads an OFAC XML list from r; path names it in errors and
// in the source. It reads up to the publication date before returning.
// The list kind is Options.ListKind, never the file's name (see
// Decoder.ContentKind).
func NewXMLDecoder(r io.Reader, path string, opts Options) (*Decoder, error) {
	dec := xml.NewDecoder(bufio.NewReader(r))
	dec.CharsetReader = charsetReader
	x := &xmlReader{path: path, dec: dec, stated: -1}
	stated, err := x.readHeader()
	if err != nil {
		return nil, err
	}
	file, _ := r.(*os.File)
	date, err := publicationDate(opts, stated, path, file)
	if err != nil {
		return nil, err
	}
	kind, url := record.SourceOFACSDN, sdnXMLURL
	if opts.ListKind == record.SourceOFACCons {
		kind, url = record.SourceOFACCons, consXMLURL
	}
	return &Decoder{source: newSource(kind, path, url, date, opts), opts: opts, reader: x}, nil
}

func charsetReader(charset string, input io.Reader) (io.Reader, error) {
	switch strings.ToLower(charset) {
	case "iso-8859-1", "latin1", "latin-1":
		return charmap.ISO8859_1.NewDecoder().Reader(input), nil
	case "windows-1252", "cp1252":
		return charmap.Windows1252.NewDecoder().Reader(input), nil
	}
	return nil, fmt.Errorf("unsupported XML encoding %q", charset)
}

type xmlReader struct {
	path string
	file *os.File
	dec  *xml.Decoder
	// first is an sdnEntry met while looking for the publication date.
	first *xml.StartElement
	// stated is the header's Record_Count (-1 when absent); read counts
	// the entries, which must match it at the end.
	stated, entries int
}

func (x *xmlReader) line() int {
	line, _ := x.dec.InputPos()
	return line
}

func (x *xmlReader) syntaxError(err error) error {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("%s:%d: malformed XML: %s", x.path, se.Line, se.Msg)
	}
	return fmt.Errorf("%s:%d: %w", x.path, x.line(), err)
}

// readHeader checks the root element and reads publshInformation, which
// OFAC puts before the entries; it returns the date as YYYY-MM-DD.
func (x *xmlReader) readHeader() (string, error) {
	root := false
	for {
		tok, err := x.dec.Token()
		if err == io.EOF {
			return "", fmt.Errorf("%s:%d: no <sdnList> element", x.path, x.line())
		}
		if err != nil {
			return "", x.syntaxError(err)
		}
		start, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch {
		case !root && start.Name.Local != "sdnList":
			return "", fmt.Errorf("%s:%d: root element <%s> is not <sdnList>", x.path, x.line(), start.Name.Local)
		case !root:
			root = true
		case start.Name.Local == "publshInformation":
			var info xmlPublishInfo
			if err := x.dec.DecodeElement(&info, &start); err != nil {
				return "", x.syntaxError(err)
			}
			if c := strings.TrimSpace(info.RecordCount); c != "" {
				n, err := strconv.Atoi(c)
				if err != nil || n < 0 {
					return "", fmt.Errorf("%s:%d: publshInformation Record_Count: %q is not a count", x.path, x.line(), info.RecordCount)
				}
				x.stated = n
			}
			if info.PublishDate == "" {
				return "", nil
			}
			t, err := time.Parse("01/02/2006", strings.TrimSpace(info.PublishDate))
			if err != nil {
				return "", fmt.Errorf("%s:%d: publshInformation Publish_Date: %q is not MM/DD/YYYY", x.path, x.line(), info.PublishDate)
			}
			return t.Format(time.DateOnly), nil
		case start.Name.Local == "sdnEntry":
			x.first = &start
			return "", nil
		default:
			if err := x.dec.Skip(); err != nil {
				return "", x.syntaxError(err)
			}
		}
	}
}

func (x *xmlReader) read() (listing, error) {
	for {
		var start xml.StartElement
		if x.first != nil {
			start, x.first = *x.first, nil
		} else {
			tok, err := x.dec.Token()
			if err == io.EOF {
				if x.stated >= 0 && x.entries != x.stated {
					return listing{}, fmt.Errorf("%s: record-count check: publshInformation Record_Count says %d entries, the file holds %d: it is truncated or altered", x.path, x.stated, x.entries)
				}
				return listing{}, io.EOF
			}
			if err != nil {
				return listing{}, x.syntaxError(err)
			}
			s, ok := tok.(xml.StartElement)
			if !ok {
				continue
			}
			if s.Name.Local != "sdnEntry" {
				if err := x.dec.Skip(); err != nil {
					return listing{}, x.syntaxError(err)
				}
				continue
			}
			start = s
		}
		line := x.line()
		x.entries++
		var e xmlEntry
		if err := x.dec.DecodeElement(&e, &start); err != nil {
			return listing{}, x.syntaxError(err)
		}
		return x.listing(e, fmt.Sprintf("%s:%d", x.path, line))
	}
}

func (x *xmlReader) close() error {
	if x.file != nil {
		return x.file.Close()
	}
	return nil
}

var xmlKinds = map[string]record.Kind{
	"":           record.Organization,
	"entity":     record.Organization,
	"individual": record.Person,
	"vessel":     record.Vessel,
	"aircraft":   record.Aircraft,
}

// listing turns an sdnEntry into the facts the CSV layout states for the
// same record. Ids whose type maps to no field are kept in Remarks.
func (x *xmlReader) listing(e xmlEntry, loc string) (listing, error) {
	uid, ok := parseUID(strings.TrimSpace(e.UID))
	if !ok {
		return listing{}, fmt.Errorf("%s: sdnEntry uid: %q is not a positive integer", loc, e.UID)
	}
	kind, ok := xmlKinds[strings.ToLower(strings.TrimSpace(e.SDNType))]
	if !ok {
		return listing{}, fmt.Errorf("%s: sdnEntry %s sdnType: %q is not Individual, Entity, Vessel or Aircraft", loc, uid, e.SDNType)
	}
	name := personName(e.LastName, e.FirstName)
	if name == "" {
		return listing{}, fmt.Errorf("%s: sdnEntry %s lastName: empty", loc, uid)
	}
	l := listing{
		uid:          uid,
		location:     loc,
		kind:         kind,
		name:         name,
		title:        strings.TrimSpace(e.Title),
		callSign:     strings.TrimSpace(e.Vessel.CallSign),
		vesselType:   strings.TrimSpace(e.Vessel.VesselType),
		tonnage:      strings.TrimSpace(e.Vessel.Tonnage),
		grossTonnage: strings.TrimSpace(e.Vessel.GrossTonnage),
		vesselFlag:   strings.TrimSpace(e.Vessel.VesselFlag),
		vesselOwner:  strings.TrimSpace(e.Vessel.VesselOwner),
	}
	for _, p := range e.Programs {
		if p = strings.TrimSpace(p); p != "" {
			l.programs = append(l.programs, p)
		}
	}
	for _, a := range e.AKAs {
		label := strings.TrimSpace(a.Type)
		name := personName(a.LastName, a.FirstName)
		if !aliasLabel(label) || name == "" {
			return listing{}, fmt.Errorf("%s: sdnEntry %s aka: type %q with name %q is not an a.k.a., f.k.a. or n.k.a. name", loc, uid, a.Type, name)
		}
		l.facts = append(l.facts, fact{label: label, value: name, weak: strings.EqualFold(strings.TrimSpace(a.Category), "weak")})
	}
	addFacts := func(label string, values []string) {
		for _, v := range values {
			if v = strings.TrimSpace(v); v != "" {
				l.facts = append(l.facts, fact{label: label, value: v})
			}
		}
	}
	addFacts(labelDOB, e.DatesOfBirth)
	addFacts(labelPOB, e.PlacesOfBirth)
	addFacts(labelNationality, e.Nationalities)
	addFacts(labelCitizen, e.Citizenships)
	var unmapped []string
	for _, id := range e.IDs {
		f := fact{
			label:   strings.TrimSpace(id.Type),
			value:   strings.TrimSpace(id.Number),
			country: strings.TrimSpace(id.Country),
			issued:  strings.TrimSpace(id.IssueDate),
			expires: strings.TrimSpace(id.ExpiryDate),
		}
		if !knownLabels[f.label] {
			unmapped = append(unmapped, joinNonEmpty(" ", f.label, f.value, parenthesized(f.country)))
			continue
		}
		if f.value != "" {
			l.facts = append(l.facts, f)
		}
	}
	remarks := strings.TrimSpace(e.Remarks)
	l.facts = append(l.facts, parseRemarks(remarks, false)...)
	l.remarks = joinNonEmpty("; ", append([]string{remarks}, unmapped...)...)
	for _, a := range e.Addresses {
		street := joinNonEmpty(", ", a.Address1, a.Address2, a.Address3)
		locality := joinNonEmpty(" ", joinNonEmpty(", ", a.City, a.StateOrProvince), a.PostalCode)
		if addr, ok := makeAddress(street, locality, strings.TrimSpace(a.Country), ""); ok {
			l.addresses = append(l.addresses, addr)
		}
	}
	return l, nil
}

// personName writes "LAST, First" as the CSV does; entities have only a
// last name.
func personName(last, first string) string {
	return joinNonEmpty(", ", last, first)
}

func parenthesized(s string) string {
	if s == "" {
		return ""
	}
	return "(" + s + ")"
}
