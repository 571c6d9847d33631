package mof

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/armsgraph/armsgraph/loaders/internal/sheet"
	"github.com/armsgraph/armsgraph/record"
)

// columns are the positions of one sheet's columns.
type columns struct {
	date, number, japanese, english int
	aliases                         []aliasColumn
	birthDate, birthPlace, address  []int
	unReference                     int // -1 when absent
	other                           []labelled
}

type aliasColumn struct {
	col     int
	typ     string // aka or fka
	quality string // "weak" for 確定に十分でない別名 (names not enough to identify)
}

type labelled struct {
	col   int
	label string
}

// headerColumns reads a header row; it fails unless the row has the four
// columns every regime sheet has.
func headerColumns(cells []string) (columns, error) {
	c := columns{date: -1, number: -1, japanese: -1, english: -1, unReference: -1}
	for i, raw := range cells {
		h := sheet.Clean(raw)
		switch {
		case h == colNoticeDate:
			c.date = i
		case h == colNoticeNumber:
			c.number = i
		case h == colJapaneseName:
			c.japanese = i
		case h == colEnglishName:
			c.english = i
		case strings.Contains(h, "確定に十分でない"):
			c.aliases = append(c.aliases, aliasColumn{col: i, typ: "aka", quality: "weak"})
		case strings.Contains(h, "別称"), strings.Contains(h, "別名"):
			c.aliases = append(c.aliases, aliasColumn{col: i, typ: "aka"})
		case strings.Contains(h, "旧称"), strings.Contains(h, "以前"), strings.Contains(h, "過去"):
			c.aliases = append(c.aliases, aliasColumn{col: i, typ: "fka"})
		case strings.HasPrefix(h, "生年月日"):
			c.birthDate = append(c.birthDate, i)
		case strings.Contains(h, "出生地"):
			c.birthPlace = append(c.birthPlace, i)
		case strings.Contains(h, "住所"), strings.Contains(h, "所在地"):
			c.address = append(c.address, i)
		case h == "国連参照番号":
			c.unReference = i
		case h != "":
			c.other = append(c.other, labelled{col: i, label: h})
		}
	}
	if c.date < 0 || c.number < 0 || c.japanese < 0 || c.english < 0 {
		return columns{}, fmt.Errorf("not a MOF header row: it needs %s, %s, %s and %s", colNoticeDate, colNoticeNumber, colJapaneseName, colEnglishName)
	}
	return c, nil
}

// listing is one row of a regime sheet, checked.
type listing struct {
	sheetNo   string
	program   string
	kind      record.Kind
	number    string
	listedOn  string
	japanese  string
	english   string
	aliases   []aliasCell
	birth     []string
	birthAt   []string
	addresses []string
	unRef     string
	remarks   []string
	continued []string
}

type aliasCell struct {
	text    string
	typ     string
	quality string
}

func (s *regimeSheet) parseRow() (rowItem, error) {
	rs, c := s.rows, s.cols
	dateCell := rs.Cell(c.date)
	if sheet.Clean(dateCell) == "" {
		var parts []string
		for _, cell := range rs.Cells() {
			if t := sheet.Clean(cell); t != "" {
				parts = append(parts, t)
			}
		}
		return rowItem{continuation: strings.Join(parts, " ")}, nil
	}
	date, deleted, ok := parseNoticeDate(dateCell)
	if !ok {
		return rowItem{}, rs.Errorf(c.date, "notice date %q is not a date written like 2024.5.24", sheet.Clean(dateCell))
	}
	if deleted {
		return rowItem{deleted: true}, nil
	}
	m := noticeNumber.FindStringSubmatch(rs.Text(c.number))
	if m == nil {
		return rowItem{}, rs.Errorf(c.number, "notice number %q is not a number", rs.Text(c.number))
	}
	l := &listing{
		sheetNo:  s.number,
		program:  s.program,
		kind:     s.kind,
		number:   m[1],
		listedOn: date,
		japanese: rs.Text(c.japanese),
		english:  strings.TrimSpace(rs.Cell(c.english)),
	}
	if l.japanese == "" && sheet.Clean(l.english) == "" {
		// The list leaves such rows where a listing was removed without
		// its 削除 mark: nothing to load, but worth a word.
		return rowItem{nameless: &record.Warning{Location: rs.Where(-1), Message: fmt.Sprintf("notice %s of %s has a date but no name; skipped", l.number, l.listedOn)}}, nil
	}
	for _, a := range c.aliases {
		if t := strings.TrimSpace(rs.Cell(a.col)); t != "" {
			l.aliases = append(l.aliases, aliasCell{text: t, typ: a.typ, quality: a.quality})
		}
	}
	known := func(col int) (string, bool) {
		t := rs.Text(col)
		return t, t != "" && t != unknown
	}
	for _, col := range c.birthDate {
		if t, ok := known(col); ok {
			l.birth = append(l.birth, t)
		}
	}
	for _, col := range c.birthPlace {
		if t, ok := known(col); ok {
			l.birthAt = append(l.birthAt, t)
		}
	}
	for _, col := range c.address {
		if t := strings.TrimSpace(rs.Cell(col)); t != "" && t != unknown {
			l.addresses = append(l.addresses, t)
		}
	}
	if t, ok := known(c.unReference); ok && unReference.MatchString(t) {
		l.unRef = t
	}
	for _, o := range c.other {
		if t, ok := known(o.col); ok {
			l.remarks = append(l.remarks, o.label+": "+t)
		}
	}
	return rowItem{listing: l}, nil
}

// unknown is what the list writes in a cell it has no fact for.
const unknown = "不明"

var unReference = regexp.MustCompile(`^[A-Z]{2}[ei]\.\d{3}$`)

// entry maps a listing to its entity and its one MOF designation.
func (l *listing) entry() record.Entry {
	ref := fmt.Sprintf("%s:%s-%s", AuthorityID, l.sheetNo, l.number)
	name, inline := splitEnglishName(l.english)
	var aliases []record.Alias
	add := func(a record.Alias) {
		a.Name = strings.TrimSpace(a.Name)
		if a.Name == "" || a.Name == unknown || a.Name == name {
			return
		}
		for _, have := range aliases {
			if have.Name == a.Name {
				return
			}
		}
		aliases = append(aliases, a)
	}
	if name == "" {
		name = l.japanese
	} else if l.japanese != "" {
		add(record.Alias{Name: l.japanese, Type: "original-script"})
	}
	for _, a := range inline {
		add(a)
	}
	for _, cell := range l.aliases {
		for _, a := range parseAliases(cell.text, cell.typ) {
			if cell.quality != "" {
				a.Quality = cell.quality
			}
			add(a)
		}
	}
	e := record.Entity{
		Ref:             ref,
		Kind:            l.kind,
		Name:            name,
		Aliases:         aliases,
		SourceRecordIDs: []string{ref},
	}
	if l.unRef != "" {
		e.SourceRecordIDs = append(e.SourceRecordIDs, "un-sc:"+l.unRef)
	}
	for _, b := range l.birth {
		e.BirthDates = sheet.AppendNew(e.BirthDates, parseBirthDates(b)...)
	}
	if e.Kind == "" {
		// A sheet mixing people and organisations: only people have a
		// birth date.
		e.Kind = record.Organization
		if len(l.birth) > 0 {
			e.Kind = record.Person
		}
	}
	e.BirthPlaces = l.birthAt
	for _, cell := range l.addresses {
		for _, line := range splitLines(cell) {
			e.Addresses = append(e.Addresses, record.Address{Text: line, Country: sheet.AddressCountry(line)})
		}
	}
	e.Remarks = strings.Join(append(append([]string{}, l.remarks...), l.continued...), "\n")
	return record.Entry{
		Entity: e,
		Designations: []record.Designation{{
			AuthorityID:    AuthorityID,
			TargetRef:      ref,
			Programs:       []string{l.program},
			Measures:       []string{"asset-freeze"},
			ListedOn:       l.listedOn,
			SourceRecordID: ref,
			Sources:        []string{URL},
		}},
	}
}

var inlineAlias = regexp.MustCompile(`[（(]\s*(?:a\.k\.a\.|f\.k\.a\.|original script)[^）)]*[）)]`)

// splitEnglishName separates an English name from the other names written
// into it: "Vladimir Mikheychik（a.k.a. Vladimir Mikheichik）".
func splitEnglishName(cell string) (string, []record.Alias) {
	var aliases []record.Alias
	rest := inlineAlias.ReplaceAllStringFunc(cell, func(m string) string {
		inner := strings.TrimSpace(m[len(firstRune(m)) : len(m)-len(lastRune(m))])
		if strings.HasPrefix(inner, "original script") {
			name := strings.TrimLeft(strings.TrimPrefix(inner, "original script"), ":： ")
			aliases = append(aliases, record.Alias{Name: sheet.Clean(name), Type: "original-script"})
		} else {
			aliases = append(aliases, parseAliases(inner, "aka")...)
		}
		return " "
	})
	return sheet.Clean(rest), aliases
}

func firstRune(s string) string {
	for _, r := range s {
		return string(r)
	}
	return ""
}

func lastRune(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return ""
	}
	return string(r[len(r)-1])
}

var (
	akaMarker      = regexp.MustCompile(`(?i)(a\.k\.a\.|f\.k\.a\.)`)
	itemSeparators = regexp.MustCompile(`、|；|;|及び`)
	itemMarker     = regexp.MustCompile(`[（(][a-z][）)]`)
	latinInBracket = regexp.MustCompile(`[（(]([^（）()]*[A-Za-z][^（）()]*)[）)]`)
	aliasLabel     = regexp.MustCompile(`^(?:別称|別名|旧称)\s*[、,:：]?\s*`)
)

// parseAliases reads a cell of other names. Lines in Japanese are
// original-script names, separated by 、 and 及び; English lines are
// separated by a.k.a. or semicolons.
func parseAliases(cell, typ string) []record.Alias {
	var out []record.Alias
	for _, line := range splitLines(cell) {
		line = stripBrackets(itemMarker.ReplaceAllString(line, "、"))
		if akaMarker.MatchString(line) {
			parts := akaMarker.Split(line, -1)
			markers := akaMarker.FindAllString(line, -1)
			for i, p := range parts[1:] {
				t := "aka"
				if strings.EqualFold(markers[i], "f.k.a.") {
					t = "fka"
				}
				for _, name := range itemSeparators.Split(p, -1) {
					out = append(out, record.Alias{Name: trimName(name), Type: t})
				}
			}
			continue
		}
		if hasJapanese(line) {
			line = latinInBracket.ReplaceAllStringFunc(line, func(m string) string {
				inner := latinInBracket.FindStringSubmatch(m)[1]
				out = append(out, record.Alias{Name: trimName(inner), Type: typ})
				return ""
			})
			line = aliasLabel.ReplaceAllString(stripBrackets(line), "")
			for _, name := range itemSeparators.Split(line, -1) {
				t := typ
				if hasJapanese(name) {
					t = "original-script"
				}
				out = append(out, record.Alias{Name: trimName(name), Type: t})
			}
			continue
		}
		for _, name := range itemSeparators.Split(line, -1) {
			out = append(out, record.Alias{Name: trimName(name), Type: typ})
		}
	}
	var kept []record.Alias
	for _, a := range out {
		if a.Name != "" && a.Name != unknown {
			kept = append(kept, a)
		}
	}
	return kept
}

func splitLines(cell string) []string {
	var out []string
	for _, line := range strings.Split(cell, "\n") {
		if t := sheet.Clean(line); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// stripBrackets removes brackets around a whole line: "（a.k.a. VSC）".
func stripBrackets(s string) string {
	for {
		s = strings.TrimSpace(s)
		f, l := firstRune(s), lastRune(s)
		if (f == "（" || f == "(") && (l == "）" || l == ")") && len(s) > len(f)+len(l) {
			s = s[len(f) : len(s)-len(l)]
			continue
		}
		return s
	}
}

func trimName(s string) string {
	return strings.Trim(sheet.Clean(s), " ,.;、。")
}

func hasJapanese(s string) bool {
	for _, r := range s {
		if unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Han) {
			return true
		}
	}
	return false
}

var japaneseDate = regexp.MustCompile(`(\d{4})\s*年\s*(?:(\d{1,2})\s*月\s*(?:(\d{1,2})\s*日)?)?`)

// parseBirthDates reads a birth date cell: an Excel date, or Japanese
// dates "1971年", "1966年1月1日".
func parseBirthDates(cell string) []string {
	if d, ok := sheet.SerialDate(cell); ok {
		return []string{d}
	}
	var out []string
	for _, m := range japaneseDate.FindAllStringSubmatch(cell, -1) {
		y, _ := strconv.Atoi(m[1])
		switch {
		case m[3] != "":
			mo, _ := strconv.Atoi(m[2])
			d, _ := strconv.Atoi(m[3])
			if date, ok := sheet.ValidDate(y, mo, d); ok {
				out = sheet.AppendNew(out, date)
			}
		case m[2] != "":
			mo, _ := strconv.Atoi(m[2])
			if _, ok := sheet.ValidDate(y, mo, 1); ok {
				out = sheet.AppendNew(out, fmt.Sprintf("%04d-%02d", y, mo))
			}
		default:
			if _, ok := sheet.ValidDate(y, 1, 1); ok {
				out = sheet.AppendNew(out, m[1])
			}
		}
	}
	return out
}
