// Package mof parses the asset-freeze list of Japan's Ministry of Finance
// (資産凍結等の措置の対象者, shisantouketsu*.xlsx) into record.Entry values.
// The workbook has one sheet per regime: a title, notes, then a header row
// in Japanese whose columns differ from sheet to sheet (告示日付 notice
// date, 告示番号 notice number, 日本語表記, 英語表記, other names, address,
// birth data for people). Rows are streamed, one listing per row; a row
// with an empty notice date continues the listing above it.
package mof

import (
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/armsgraph/armsgraph/loaders/internal/sheet"
	"github.com/armsgraph/armsgraph/record"
)

// AuthorityID is the reference-data id of the Ministry of Finance.
const AuthorityID = "jp-mof"

// Format is the format name ingest gives the list.
const Format = "jp-mof-xlsx"

// URL is the Ministry's page that publishes the list.
const URL = "https://www.mof.go.jp/policy/international_policy/gaitame_kawase/gaitame/economic_sanctions/list.html"

// Header labels the parser needs on every regime sheet.
const (
	colNoticeDate   = "告示日付"
	colNoticeNumber = "告示番号"
	colJapaneseName = "日本語表記"
	colEnglishName  = "英語表記"
)

// headerSearchRows is how far down a sheet its header row may stand.
const headerSearchRows = 10

// Options date the list.
type Options struct {
	// PublishedOn (YYYY-MM-DD) dates the list. When empty: a date in the
	// file's path ("shisantouketsu20260305.xlsx"), else the latest notice
	// date in the list.
	PublishedOn string
}

// Decoder yields the listings of one MOF list file, one at a time.
type Decoder struct {
	wb     *sheet.Workbook
	source record.Source
	sheets []string
	next   int // index in sheets of the next sheet to open

	cur          *regimeSheet
	pending      *listing // the listing read last, kept for continuation rows
	afterDeleted bool     // the last listing row was a deleted one
	// warnings about rows that yield no entry, given to the next entry.
	warnings []record.Warning

	// Rows counts the non-blank rows of regime tables read so far.
	Rows int

	// Deleted counts the rows marked 削除 (deleted): listings the list
	// still shows but no longer in force, which yield no entry.
	Deleted int
}

// regimeSheet is the sheet being read.
type regimeSheet struct {
	rows    *sheet.Rows
	name    string
	number  string // "28" of "28.ロシア連邦(...)"
	program string // the sheet name without its number
	kind    record.Kind
	cols    columns
}

// Open opens a MOF list and checks that it has at least one regime sheet.
func Open(path string, opts Options) (*Decoder, error) {
	wb, err := sheet.Open(path)
	if err != nil {
		return nil, err
	}
	d := &Decoder{wb: wb, sheets: wb.Sheets()}
	fail := func(err error) (*Decoder, error) {
		wb.Close()
		return nil, err
	}
	published := opts.PublishedOn
	if published != "" && !sheet.CheckDate(published) {
		return fail(fmt.Errorf("%s: Options.PublishedOn %q is not a YYYY-MM-DD date", path, published))
	}
	if published == "" {
		published, _ = sheet.PathDate(path)
	}
	if published == "" {
		if published, err = d.latestNoticeDate(); err != nil {
			return fail(err)
		}
		d.rewind()
	}
	d.source = record.Source{
		ID:          record.SourceMOF + "-" + published,
		Kind:        record.SourceMOF,
		Path:        path,
		AuthorityID: AuthorityID,
		Title:       "資産凍結等の措置の対象者 (persons subject to asset freezes under the Foreign Exchange and Foreign Trade Act)",
		Publisher:   "Ministry of Finance, Japan",
		URL:         URL,
		PublishedOn: published,
		Language:    "ja",
		Complete:    true,
	}
	return d, nil
}

// SniffSheet reports whether a sheet's first rows hold a MOF header row.
func SniffSheet(rows [][]string) bool {
	for _, r := range rows {
		if _, err := headerColumns(r); err == nil {
			return true
		}
	}
	return false
}

func (d *Decoder) rewind() {
	if d.cur != nil {
		d.cur.rows.Close()
	}
	d.cur, d.pending, d.next, d.Deleted, d.afterDeleted, d.warnings, d.Rows = nil, nil, 0, 0, false, nil, 0
}

func (d *Decoder) latestNoticeDate() (string, error) {
	latest := ""
	for {
		l, err := d.read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", err
		}
		if l.listedOn > latest {
			latest = l.listedOn
		}
	}
	if latest == "" {
		return "", fmt.Errorf("%s: the list has no notice date to date it by: set Options.PublishedOn", d.wb.Path)
	}
	return latest, nil
}

// Source describes the list.
func (d *Decoder) Source() record.Source { return d.source }

// Close releases the file.
func (d *Decoder) Close() error {
	if d.cur != nil {
		d.cur.rows.Close()
	}
	return d.wb.Close()
}

// Next returns the next listing, or io.EOF.
func (d *Decoder) Next() (record.Entry, error) {
	l, err := d.read()
	if err == io.EOF && len(d.warnings) > 0 {
		return record.Entry{}, fmt.Errorf("%s: %s (after the last listing)", d.warnings[0].Location, d.warnings[0].Message)
	}
	if err != nil {
		return record.Entry{}, err
	}
	e := l.entry()
	e.Warnings = append(d.warnings, e.Warnings...)
	d.warnings = nil
	return e, nil
}

// read returns the next complete listing: the one read last, once the
// row after it shows it has no more continuation rows.
func (d *Decoder) read() (*listing, error) {
	flush := func() *listing {
		out := d.pending
		d.pending = nil
		return out
	}
	for {
		it, err := d.readRow()
		if err == io.EOF {
			if out := flush(); out != nil {
				return out, nil
			}
			return nil, io.EOF
		}
		if err != nil {
			return nil, err
		}
		switch {
		case it.continuation != "":
			if d.pending != nil {
				d.pending.continued = append(d.pending.continued, it.continuation)
			} else if !d.afterDeleted {
				return nil, d.cur.rows.Errorf(0, "a row without a notice date continues the listing above it, and there is none")
			}
		case it.listing != nil:
			d.afterDeleted = false
			out := flush()
			d.pending = it.listing
			if out != nil {
				return out, nil
			}
		case it.deleted:
			d.Deleted++
			d.afterDeleted = true
			if out := flush(); out != nil {
				return out, nil
			}
		case it.nameless != nil:
			d.warnings = append(d.warnings, *it.nameless)
			d.afterDeleted = true
			if out := flush(); out != nil {
				return out, nil
			}
		case it.sheetEnd:
			d.afterDeleted = false
			if out := flush(); out != nil {
				return out, nil
			}
		}
	}
}

// rowItem is what one row holds.
type rowItem struct {
	listing      *listing
	continuation string // text of a row without a notice date
	deleted      bool   // a listing marked 削除
	nameless     *record.Warning
	sheetEnd     bool
}

// readRow reads the next non-blank row of a regime table, moving from
// sheet to sheet.
func (d *Decoder) readRow() (rowItem, error) {
	for {
		if d.cur == nil {
			if d.next >= len(d.sheets) {
				return rowItem{}, io.EOF
			}
			s, err := d.openSheet(d.sheets[d.next])
			d.next++
			if err != nil {
				return rowItem{}, err
			}
			if s == nil {
				continue
			}
			d.cur = s
		}
		rs := d.cur.rows
		if err := rs.Next(); err == io.EOF {
			rs.Close()
			d.cur = nil
			return rowItem{sheetEnd: true}, nil
		} else if err != nil {
			return rowItem{}, err
		}
		if rs.Empty() {
			continue
		}
		d.Rows++
		return d.cur.parseRow()
	}
}

var sheetNumber = regexp.MustCompile(`^\s*(\d+)\s*[.．]\s*`)

// openSheet finds a sheet's header row; a sheet without one (the index,
// a regime that was lifted) is nil.
func (d *Decoder) openSheet(name string) (*regimeSheet, error) {
	rows, err := d.wb.Rows(name)
	if err != nil {
		return nil, err
	}
	for rows.Row() < headerSearchRows {
		if err := rows.Next(); err == io.EOF {
			break
		} else if err != nil {
			rows.Close()
			return nil, err
		}
		cols, err := headerColumns(rows.Cells())
		if err != nil {
			continue
		}
		m := sheetNumber.FindStringSubmatch(name)
		if m == nil {
			rows.Close()
			return nil, rows.Errorf(-1, "a regime sheet's name must start with its number (\"28.ロシア連邦...\")")
		}
		return &regimeSheet{
			rows:    rows,
			name:    name,
			number:  m[1],
			program: sheet.Clean(name[len(m[0]):]),
			kind:    sheetKind(name),
			cols:    cols,
		}, nil
	}
	rows.Close()
	return nil, nil
}

// sheetKind is the kind a sheet's name states: 個人 (individuals), 団体
// (organisations) or 銀行 (banks); "" when the sheet mixes both.
func sheetKind(name string) record.Kind {
	switch {
	case strings.Contains(name, "個人"):
		return record.Person
	case strings.Contains(name, "団体"), strings.Contains(name, "銀行"):
		return record.Organization
	}
	return ""
}

// number reads a notice number such as "258", "1(#47)" or "*12".
var noticeNumber = regexp.MustCompile(`^[*＊#]?\s*(\d+)`)

// noticeDate reads the first line of a notice date cell, "2024.5.24",
// maybe followed by 削除 (deleted); later lines are amendments (改訂).
var noticeDate = regexp.MustCompile(`^(\d{4})\s*[.．]\s*(\d{1,2})\s*[.．]\s*(\d{1,2})\s*(削除)?`)

func parseNoticeDate(cell string) (date string, deleted, ok bool) {
	first := strings.TrimSpace(cell)
	if i := strings.IndexByte(first, '\n'); i >= 0 {
		first = first[:i]
	}
	m := noticeDate.FindStringSubmatch(sheet.Clean(first))
	if m == nil {
		return "", false, false
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	dd, _ := strconv.Atoi(m[3])
	date, ok = sheet.ValidDate(y, mo, dd)
	return date, m[4] != "", ok
}
