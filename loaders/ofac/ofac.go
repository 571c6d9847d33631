// Package ofac parses the US Treasury OFAC sanctions lists (the SDN list and
// the non-SDN consolidated list) into record.Entry values. It reads two
// layouts of the same list: the legacy CSV trio (sdn.csv with add.csv and
// alt.csv beside it) and the XML file (sdnList/sdnEntry). Both stream: one
// entry is decoded at a time, and the same list gives the same entries in
// either layout.
package ofac

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/armsgraph/armsgraph"
	"github.com/armsgraph/armsgraph/record"
)

// AuthorityID is the reference-data id of OFAC.
const AuthorityID = "us-ofac"

// Formats that Sniff recognises.
const (
	FormatCSV = "ofac-csv"
	FormatXML = "ofac-xml"
)

// Official download addresses of each layout.
const (
	sdnCSVURL  = "https://www.treasury.gov/ofac/downloads/sdn.csv"
	sdnXMLURL  = "https://www.treasury.gov/ofac/downloads/sdn.xml"
	consXMLURL = "https://www.treasury.gov/ofac/downloads/consolidated/consolidated.xml"
)

const publisher = "U.S. Department of the Treasury, Office of Foreign Assets Control"

// Options select what a Decoder yields and date the list.
type Options struct {
	// Programs keeps only entries with a program of the family of one of
	// these (armsgraph.InProgramFamily, as the API's programFamily filter:
	// "DPRK" keeps DPRK, DPRK2, DPRK3, DPRK4 and DPRK-NKSPEA); empty keeps
	// every entry.
	Programs []string
	// PublishedOn (YYYY-MM-DD) dates the list. When empty: the XML's
	// Publish_Date, else a YYYY-MM-DD in the file's path, else the file's
	// modification date.
	PublishedOn string
	// ListKind is the list the file is: record.SourceOFACSDN (the default)
	// or record.SourceOFACCons. It comes from the content (ContentKind of
	// a first read), never from the file's name.
	ListKind string
}

// entryReader is one layout's source of entries, before program filtering.
type entryReader interface {
	read() (listing, error)
	close() error
}

// Decoder yields the entries of one OFAC list file, one at a time.
type Decoder struct {
	source record.Source
	opts   Options
	reader entryReader
	// nonSDNOnly counts entries whose every program is a non-SDN program.
	nonSDNOnly int
}

// Source describes the list: kind, id, publication date, path and URL.
// Complete is true only when no program filter is set, since a filtered
// read says nothing about listings outside the kept programs.
func (d *Decoder) Source() record.Source { return d.source }

// Next returns the next entry, or io.EOF after the last one. Errors name
// the file, the line and the field.
func (d *Decoder) Next() (record.Entry, error) {
	for {
		l, err := d.reader.read()
		if err != nil {
			return record.Entry{}, err
		}
		if onlyNonSDNPrograms(l.programs) {
			d.nonSDNOnly++
		}
		if !keepPrograms(l.programs, d.opts.Programs) {
			continue
		}
		return buildEntry(l), nil
	}
}

// nonSDNPrograms are the tags of OFAC's non-SDN lists (Palestinian
// Legislative Council, Chinese military companies, foreign sanctions
// evaders, Part 561, menu-based sanctions). An SDN entry may carry one
// beside an SDN program (SDGT and NS-PLC); an entry that carries only
// these is on the consolidated (non-SDN) list.
var nonSDNPrograms = map[string]bool{
	"NS-PLC": true, "CMIC-EO13959": true, "NS-CMIC": true, "FSE-IR": true, "FSE-SY": true,
	"561-RELATED": true, "NS-MBS": true, "NS-ISA": true,
}

func onlyNonSDNPrograms(programs []string) bool {
	if len(programs) == 0 {
		return false
	}
	for _, p := range programs {
		if !nonSDNPrograms[strings.ToUpper(p)] {
			return false
		}
	}
	return true
}

// ContentKind is the list the entries read so far show the file to be:
// record.SourceOFACCons when any entry carries only non-SDN programs, else
// record.SourceOFACSDN. Read it after the last entry.
func (d *Decoder) ContentKind() string {
	if d.nonSDNOnly > 0 {
		return record.SourceOFACCons
	}
	return record.SourceOFACSDN
}

// Close releases the files the decoder opened.
func (d *Decoder) Close() error { return d.reader.close() }

func keepPrograms(programs, families []string) bool {
	if len(families) == 0 {
		return true
	}
	for _, p := range programs {
		for _, family := range families {
			if armsgraph.InProgramFamily(p, family) {
				return true
			}
		}
	}
	return false
}

func newSource(kind, path, url, publishedOn string, opts Options) record.Source {
	title := "OFAC Specially Designated Nationals and Blocked Persons List (SDN)"
	if kind == record.SourceOFACCons {
		title = "OFAC Consolidated Sanctions List (non-SDN)"
	}
	return record.Source{
		ID:          kind + "-" + publishedOn,
		Kind:        kind,
		Path:        path,
		AuthorityID: AuthorityID,
		Title:       title,
		Publisher:   publisher,
		URL:         url,
		PublishedOn: publishedOn,
		Language:    "en",
		Complete:    len(opts.Programs) == 0,
	}
}

var pathDate = regexp.MustCompile(`\d{4}-\d{2}-\d{2}`)

// publicationDate picks the list date: the option, else the date the file
// states, else a date in the path, else the file's modification date.
func publicationDate(opts Options, stated, path string, file *os.File) (string, error) {
	if opts.PublishedOn != "" {
		if _, err := time.Parse(time.DateOnly, opts.PublishedOn); err != nil {
			return "", fmt.Errorf("%s: Options.PublishedOn %q is not a YYYY-MM-DD date", path, opts.PublishedOn)
		}
		return opts.PublishedOn, nil
	}
	if stated != "" {
		return stated, nil
	}
	for _, m := range reverse(pathDate.FindAllString(filepath.ToSlash(path), -1)) {
		if _, err := time.Parse(time.DateOnly, m); err == nil {
			return m, nil
		}
	}
	if file != nil {
		info, err := file.Stat()
		if err != nil {
			return "", fmt.Errorf("%s: %w", path, err)
		}
		return info.ModTime().UTC().Format(time.DateOnly), nil
	}
	return "", fmt.Errorf("%s: the list states no publication date: set Options.PublishedOn", path)
}

// reverse returns the path dates last first: the folder nearest the file
// dates it best.
func reverse(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[len(s)-1-i] = v
	}
	return out
}

var csvHead = regexp.MustCompile(`^\d+,"(?:[^"]|"")*",(?:-0- ?|"(?:individual|vessel|aircraft)"),"`)

// Sniff recognises an OFAC list from its first bytes: FormatCSV for the
// legacy sdn.csv, FormatXML for an sdnList XML file.
func Sniff(head []byte) (format string, ok bool) {
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	trimmed := bytes.TrimLeft(head, " \t\r\n")
	if bytes.HasPrefix(trimmed, []byte("<")) {
		if bytes.Contains(trimmed, []byte("<sdnList")) {
			return FormatXML, true
		}
		return "", false
	}
	if csvHead.Match(trimmed) {
		return FormatCSV, true
	}
	return "", false
}
