package ofac

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/text/encoding/charmap"

	"github.com/armsgraph/armsgraph/record"
)

// Column names of the legacy CSV files, for error messages.
var (
	sdnColumns = []string{"ent_num", "SDN_Name", "SDN_Type", "Program", "Title", "Call_Sign",
		"Vess_type", "Tonnage", "GRT", "Vess_flag", "Vess_owner", "Remarks"}
	addColumns = []string{"ent_num", "add_num", "address", "city/state/zip", "country", "add_remarks"}
	altColumns = []string{"ent_num", "alt_num", "alt_type", "alt_name", "alt_remarks"}
)

const (
	colEntNum = iota
	colName
	colType
	colProgram
	colTitle
	colCallSign
	colVesselType
	colTonnage
	colGRT
	colVesselFlag
	colVesselOwner
	colRemarks
)

// OpenCSV opens a legacy sdn.csv and, when they sit in the same folder,
// its add.csv (addresses) and alt.csv (strong aliases): the side files are
// named like the list with "sdn" replaced (sdn-x.csv goes with add-x.csv). The three files
// are read side by side in one pass, joined on ent_num, which they are all
// sorted by; memory holds one entry's rows at a time.
func OpenCSV(sdnPath string, opts Options) (*Decoder, error) {
	sdn, err := openCSVFile(sdnPath, sdnColumns)
	if err != nil {
		return nil, err
	}
	r := &csvReader{sdn: sdn}
	dir := filepath.Dir(sdnPath)
	for _, side := range []struct {
		name    string
		columns []string
		into    **csvFile
	}{{"add", addColumns, &r.add}, {"alt", altColumns, &r.alt}} {
		path := filepath.Join(dir, sideFileName(filepath.Base(sdnPath), side.name))
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			continue
		}
		f, err := openCSVFile(path, side.columns)
		if err != nil {
			r.close()
			return nil, err
		}
		f.joined, sdn.joined = true, true
		*side.into = f
	}
	date, err := publicationDate(opts, "", sdnPath, sdn.file)
	if err != nil {
		r.close()
		return nil, err
	}
	return &Decoder{
		source: newSource(csvListKind(opts), sdnPath, sdnCSVURL, date, opts),
		opts:   opts,
		reader: r,
	}, nil
}

// csvListKind is the kind Options name, the SDN list by default.
func csvListKind(opts Options) string {
	if opts.ListKind == record.SourceOFACCons {
		return record.SourceOFACCons
	}
	return record.SourceOFACSDN
}

// csvFile is one Latin-1 CSV file read row by row, with one row of look-ahead.
type csvFile struct {
	path    string
	file    *os.File
	rows    *csv.Reader
	columns []string

	peeked     []string
	peekedLine int
	peekedUID  uint64
	lastUID    uint64
	atEOF      bool
	// marked is set once the 0x1A end-of-file mark is read.
	marked bool
	// joined is set when rows are matched against another file by ent_num,
	// which needs ascending order.
	joined bool
}

func openCSVFile(path string, columns []string) (*csvFile, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	return newCSVFile(file, path, columns), nil
}

func newCSVFile(r io.Reader, path string, columns []string) *csvFile {
	rows := csv.NewReader(charmap.ISO8859_1.NewDecoder().Reader(r))
	rows.FieldsPerRecord = -1
	f := &csvFile{path: path, rows: rows, columns: columns}
	if file, ok := r.(*os.File); ok {
		f.file = file
	}
	return f
}

// next returns the next row with its line. OFAC ends every CSV file with
// the end-of-file mark 0x1A: a file that ends without it is refused as
// truncated. Values are trimmed and "-0-" (OFAC's null) is empty.
func (f *csvFile) next() ([]string, int, error) {
	for {
		row, err := f.rows.Read()
		if err == io.EOF {
			if !f.marked {
				return nil, 0, fmt.Errorf("%s: end-of-file check: the file does not end with OFAC's end-of-file mark (0x1A): it is truncated or not the file OFAC published", f.path)
			}
			return nil, 0, io.EOF
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, 0, fmt.Errorf("%s:%d: column %d: %w", f.path, pe.Line, pe.Column, pe.Err)
			}
			return nil, 0, fmt.Errorf("%s: %w", f.path, err)
		}
		line, _ := f.rows.FieldPos(0)
		if f.marked {
			return nil, line, fmt.Errorf("%s:%d: end-of-file check: rows after OFAC's end-of-file mark (0x1A)", f.path, line)
		}
		if last := row[len(row)-1]; strings.HasSuffix(strings.TrimRight(last, " \t\r\n"), "\x1a") {
			f.marked = true
		}
		if len(row) == 1 && strings.Trim(row[0], " \t\x1a") == "" {
			continue
		}
		if len(row) != len(f.columns) {
			return nil, line, fmt.Errorf("%s:%d: %d fields, want %d (%s)", f.path, line, len(row), len(f.columns), strings.Join(f.columns, ", "))
		}
		for i, v := range row {
			v = strings.Trim(v, " \t\x1a")
			if v == "-0-" {
				v = ""
			}
			row[i] = v
		}
		return row, line, nil
	}
}

// uid reads the ent_num column and checks that the file stays sorted,
// which the join depends on.
func (f *csvFile) uid(row []string, line int) (uint64, error) {
	n, err := strconv.ParseUint(row[colEntNum], 10, 63)
	if err != nil || n == 0 {
		return 0, fmt.Errorf("%s:%d: field ent_num: %q is not a positive integer", f.path, line, row[colEntNum])
	}
	if f.joined && n < f.lastUID {
		return 0, fmt.Errorf("%s:%d: field ent_num: %d follows %d; the files must be sorted by ent_num to be joined", f.path, line, n, f.lastUID)
	}
	f.lastUID = n
	return n, nil
}

// SideFiles returns the add and alt files that OpenCSV reads with the list
// file sdnPath, those that exist.
func SideFiles(sdnPath string) []string {
	var out []string
	for _, side := range []string{"add", "alt"} {
		path := filepath.Join(filepath.Dir(sdnPath), sideFileName(filepath.Base(sdnPath), side))
		if _, err := os.Stat(path); err == nil {
			out = append(out, path)
		}
	}
	return out
}

// sideFileName names the side file (add or alt) that goes with the list
// file base: "sdn.csv" gives "add.csv", "sdn-2024.csv" gives "add-2024.csv".
func sideFileName(base, side string) string {
	i := strings.LastIndex(strings.ToLower(base), "sdn")
	if i < 0 {
		return side + ".csv"
	}
	return base[:i] + side + base[i+len("sdn"):]
}

// rowsFor returns the rows of a side file (add.csv, alt.csv) for ent_num
// uid. Rows for ent_nums that sdn.csv skipped become warnings.
func (f *csvFile) rowsFor(uid uint64) (rows [][]string, lines []int, warnings []record.Warning, err error) {
	for {
		if f.peeked == nil {
			if f.atEOF {
				return rows, lines, warnings, nil
			}
			row, line, err := f.next()
			if err == io.EOF {
				f.atEOF = true
				continue
			}
			if err != nil {
				return nil, nil, nil, err
			}
			n, err := f.uid(row, line)
			if err != nil {
				return nil, nil, nil, err
			}
			f.peeked, f.peekedLine, f.peekedUID = row, line, n
		}
		switch {
		case f.peekedUID > uid:
			return rows, lines, warnings, nil
		case f.peekedUID < uid:
			warnings = append(warnings, record.Warning{
				Location: fmt.Sprintf("%s:%d", f.path, f.peekedLine),
				Message:  fmt.Sprintf("ent_num %d has no entry in sdn.csv; row ignored", f.peekedUID),
			})
		default:
			rows = append(rows, f.peeked)
			lines = append(lines, f.peekedLine)
		}
		f.peeked = nil
	}
}

type csvReader struct {
	sdn, add, alt *csvFile
}

func (r *csvReader) read() (listing, error) {
	row, line, err := r.sdn.next()
	if err != nil {
		return listing{}, err
	}
	loc := fmt.Sprintf("%s:%d", r.sdn.path, line)
	uid, err := r.sdn.uid(row, line)
	if err != nil {
		return listing{}, err
	}
	kind, ok := csvKinds[row[colType]]
	if !ok {
		return listing{}, fmt.Errorf("%s: field SDN_Type: %q is not individual, vessel, aircraft or -0-", loc, row[colType])
	}
	if row[colName] == "" {
		return listing{}, fmt.Errorf("%s: field SDN_Name: empty", loc)
	}
	l := listing{
		uid:          strconv.FormatUint(uid, 10),
		location:     loc,
		kind:         kind,
		name:         row[colName],
		title:        row[colTitle],
		programs:     splitPrograms(row[colProgram]),
		callSign:     row[colCallSign],
		vesselType:   row[colVesselType],
		tonnage:      row[colTonnage],
		grossTonnage: row[colGRT],
		vesselFlag:   row[colVesselFlag],
		vesselOwner:  row[colVesselOwner],
		remarks:      row[colRemarks],
	}
	if r.alt != nil {
		rows, lines, warnings, err := r.alt.rowsFor(uid)
		if err != nil {
			return listing{}, err
		}
		l.warnings = append(l.warnings, warnings...)
		for i, alt := range rows {
			f, err := altFact(alt, fmt.Sprintf("%s:%d", r.alt.path, lines[i]))
			if err != nil {
				return listing{}, err
			}
			l.facts = append(l.facts, f)
		}
	}
	l.facts = append(l.facts, parseRemarks(l.remarks, true)...)
	if r.add != nil {
		rows, _, warnings, err := r.add.rowsFor(uid)
		if err != nil {
			return listing{}, err
		}
		l.warnings = append(l.warnings, warnings...)
		for _, add := range rows {
			if a, ok := makeAddress(add[2], add[3], add[4], add[5]); ok {
				l.addresses = append(l.addresses, a)
			}
		}
	}
	return l, nil
}

func (r *csvReader) close() error {
	var errs []error
	for _, f := range []*csvFile{r.sdn, r.add, r.alt} {
		if f != nil && f.file != nil {
			errs = append(errs, f.file.Close())
		}
	}
	return errors.Join(errs...)
}

var csvKinds = map[string]record.Kind{
	"":           record.Organization,
	"individual": record.Person,
	"vessel":     record.Vessel,
	"aircraft":   record.Aircraft,
}

// splitPrograms reads the Program column: "DPRK3" or, for several,
// "DPRK3] [RUSSIA-EO14024" (OFAC strips the outer brackets).
func splitPrograms(column string) []string {
	var programs []string
	for _, p := range strings.Split(column, "] [") {
		if p = strings.Trim(p, "[] "); p != "" {
			programs = append(programs, p)
		}
	}
	return programs
}

// altFact reads an alt.csv row: alt_type "aka", "fka" or "nka", with
// "weak " in front for a low-quality alias.
func altFact(row []string, loc string) (fact, error) {
	kind := strings.ToLower(row[2])
	weak := false
	if k, ok := strings.CutPrefix(kind, "weak "); ok {
		kind, weak = strings.TrimSpace(k), true
	}
	label, ok := map[string]string{"aka": labelAKA, "fka": labelFKA, "nka": labelNKA}[kind]
	if !ok {
		return fact{}, fmt.Errorf("%s: field alt_type: %q is not aka, fka, nka or weak aka", loc, row[2])
	}
	if row[3] == "" {
		return fact{}, fmt.Errorf("%s: field alt_name: empty", loc)
	}
	return fact{label: label, value: row[3], weak: weak}, nil
}

// makeAddress builds an address from its street lines, its locality line
// ("Moscow 105005"), its country and remarks. A country name with no ISO
// code stays in the text so that nothing is lost.
func makeAddress(street, locality, country, remarks string) (record.Address, bool) {
	a := record.Address{Text: street, City: locality}
	if country != "" {
		if code, ok := countryCode(country); ok {
			a.Country = code
		} else {
			a.Text = joinNonEmpty(", ", a.Text, country)
		}
	}
	if remarks != "" {
		a.Text = joinNonEmpty(" ", a.Text, "("+remarks+")")
	}
	return a, a != record.Address{}
}

func joinNonEmpty(sep string, parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, sep)
}
