// Package unsc parses the UN Security Council Consolidated List XML
// (root CONSOLIDATED_LIST, schema https://www.un.org/sc/resources/sc-sanctions.xsd)
// into record values, one INDIVIDUAL or ENTITY at a time, so that memory
// does not grow with the size of the file.
package unsc

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/armsgraph/armsgraph"
	"github.com/armsgraph/armsgraph/record"
)

// AuthorityID is the authority of every designation on the list.
const AuthorityID = "un-sc"

// ListURL is where the Security Council publishes the list.
const ListURL = "https://scsanctions.un.org/resources/xml/en/consolidated.xml"

const rootElement = "CONSOLIDATED_LIST"

// Options narrow what the decoder yields.
type Options struct {
	// ListTypes keeps only records whose UN_LIST_TYPE (the program of
	// their designation) is of the program family of one of these
	// (armsgraph.InProgramFamily, as the API's programFamily filter: "DPRK"
	// keeps DPRK); empty keeps all.
	ListTypes []string
}

// Decoder reads a consolidated list record by record.
type Decoder struct {
	xml    *xml.Decoder
	path   string
	opts   Options
	source record.Source
	done   bool
}

// NewDecoder reads r up to the root element and takes the list's date from
// its dateGenerated attribute. path names the file in errors and warnings.
func NewDecoder(r io.Reader, path string, opts Options) (*Decoder, error) {
	d := &Decoder{xml: xml.NewDecoder(r), path: path, opts: opts}
	root, err := d.firstElement()
	if err != nil {
		return nil, err
	}
	if root.Name.Local != rootElement {
		return nil, d.errorf(d.line(), "root element is <%s>, want <%s>", root.Name.Local, rootElement)
	}
	generated := ""
	for _, a := range root.Attr {
		if a.Name.Local == "dateGenerated" {
			generated = strings.TrimSpace(a.Value)
		}
	}
	day, ok := datePart(generated)
	if !ok {
		return nil, d.errorf(d.line(), "%s dateGenerated: %q is not a date (want YYYY-MM-DD...)", rootElement, generated)
	}
	d.source = record.Source{
		ID:          AuthorityID + "-" + day,
		Kind:        record.SourceUNSC,
		Path:        path,
		AuthorityID: AuthorityID,
		Title:       "UN Security Council Consolidated List",
		Publisher:   "United Nations Security Council",
		URL:         ListURL,
		PublishedOn: day,
		Language:    "en",
		Complete:    len(opts.ListTypes) == 0,
	}
	return d, nil
}

// datePart returns the YYYY-MM-DD that starts an xs:date or xs:dateTime.
func datePart(s string) (string, bool) {
	if len(s) < len("2006-01-02") {
		return "", false
	}
	day := s[:len("2006-01-02")]
	if _, err := time.Parse("2006-01-02", day); err != nil {
		return "", false
	}
	return day, true
}

// firstElement returns the first start element, skipping the prolog.
func (d *Decoder) firstElement() (xml.StartElement, error) {
	for {
		tok, err := d.xml.Token()
		if err == io.EOF {
			return xml.StartElement{}, d.errorf(d.line(), "no root element: the file is empty or not XML")
		}
		if err != nil {
			return xml.StartElement{}, d.syntaxError(err)
		}
		if start, ok := tok.(xml.StartElement); ok {
			return start, nil
		}
	}
}

// Source describes the list snapshot. Complete is true only when no
// filter is set: a filtered load says nothing about the other regimes.
func (d *Decoder) Source() record.Source {
	return d.source
}

// Next returns the next INDIVIDUAL or ENTITY the options keep, and io.EOF
// after the root element closes.
func (d *Decoder) Next() (record.Entry, error) {
	for !d.done {
		tok, err := d.xml.Token()
		if err != nil {
			return record.Entry{}, d.syntaxError(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "INDIVIDUALS", "ENTITIES":
				// Containers: their children are the records.
			case "INDIVIDUAL", "ENTITY":
				entry, keep, err := d.decodeRecord(t)
				if err != nil {
					return record.Entry{}, err
				}
				if keep {
					return entry, nil
				}
			default:
				// Records the parser does not know would be lost: stop.
				return record.Entry{}, d.errorf(d.line(), "unexpected element <%s> in <%s>", t.Name.Local, rootElement)
			}
		case xml.EndElement:
			if t.Name.Local == rootElement {
				d.done = true
			}
		}
	}
	return record.Entry{}, io.EOF
}

// decodeRecord decodes one record element and maps it when the list-type
// filter keeps it.
func (d *Decoder) decodeRecord(start xml.StartElement) (record.Entry, bool, error) {
	startLine := d.line()
	var rec xmlRecord
	if err := d.xml.DecodeElement(&rec, &start); err != nil {
		return record.Entry{}, false, d.syntaxError(err)
	}
	if !d.keeps(rec.ListType.Value) {
		return record.Entry{}, false, nil
	}
	entry, err := d.mapRecord(&rec, startLine)
	return entry, err == nil, err
}

func (d *Decoder) keeps(listType string) bool {
	if len(d.opts.ListTypes) == 0 {
		return true
	}
	for _, want := range d.opts.ListTypes {
		if armsgraph.InProgramFamily(listType, want) {
			return true
		}
	}
	return false
}

func (d *Decoder) line() int {
	line, _ := d.xml.InputPos()
	return line
}

func (d *Decoder) errorf(line int, format string, args ...any) error {
	return fmt.Errorf("%s:%d: %s", d.path, line, fmt.Sprintf(format, args...))
}

// syntaxError puts the path and line in front of an encoding/xml error.
func (d *Decoder) syntaxError(err error) error {
	var syntax *xml.SyntaxError
	switch {
	case err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF):
		return d.errorf(d.line(), "unexpected end of file: the list is truncated")
	case errors.As(err, &syntax) && syntax.Msg == "unexpected EOF":
		return d.errorf(syntax.Line, "unexpected end of file: the list is truncated")
	case errors.As(err, &syntax):
		return d.errorf(syntax.Line, "malformed XML: %s", syntax.Msg)
	}
	return d.errorf(d.line(), "%v", err)
}

func (d *Decoder) location(line int) string {
	return fmt.Sprintf("%s:%d", d.path, line)
}

// Sniff reports whether head, the first bytes of a file, opens a UN
// consolidated list: its first element is CONSOLIDATED_LIST.
func Sniff(head []byte) bool {
	dec := xml.NewDecoder(bytes.NewReader(head))
	for {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		if start, ok := tok.(xml.StartElement); ok {
			return start.Name.Local == rootElement
		}
	}
}
