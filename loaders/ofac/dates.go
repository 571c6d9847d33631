package ofac

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// maxRangeYears bounds how many candidate years a "DOB 1950 to 1960" range
// may expand to; wider ranges stay in the remarks only.
const maxRangeYears = 10

var months = map[string]int{
	"Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "May": 5, "Jun": 6,
	"Jul": 7, "Aug": 8, "Sep": 9, "Oct": 10, "Nov": 11, "Dec": 12,
}

// ofacDate is a date at the precision OFAC gives it: a year, a month or a
// day.
type ofacDate struct {
	year, month, day int
}

func (d ofacDate) String() string {
	switch {
	case d.day > 0:
		return fmt.Sprintf("%04d-%02d-%02d", d.year, d.month, d.day)
	case d.month > 0:
		return fmt.Sprintf("%04d-%02d", d.year, d.month)
	}
	return fmt.Sprintf("%04d", d.year)
}

// startsMonth reports whether d is the first day of its month or a whole
// month; endsMonth whether it is the last day or a whole month.
func (d ofacDate) startsMonth() bool { return d.month > 0 && d.day <= 1 }

func (d ofacDate) endsMonth() bool {
	if d.month == 0 {
		return false
	}
	if d.day == 0 {
		return true
	}
	return time.Date(d.year, time.Month(d.month), d.day+1, 0, 0, 0, 0, time.UTC).Day() == 1
}

// parseDate reads "07 May 1966", "May 1966" or "1966".
func parseDate(s string) (ofacDate, bool) {
	f := strings.Fields(s)
	var d ofacDate
	var ok bool
	switch len(f) {
	case 1:
		d.year, ok = parseYear(f[0])
		return d, ok
	case 2:
		d.month = months[f[0]]
		d.year, ok = parseYear(f[1])
		return d, ok && d.month > 0
	case 3:
		d.month = months[f[1]]
		d.year, ok = parseYear(f[2])
		day, err := strconv.Atoi(f[0])
		if !ok || d.month == 0 || err != nil || len(f[0]) > 2 {
			return ofacDate{}, false
		}
		t := time.Date(d.year, time.Month(d.month), day, 0, 0, 0, 0, time.UTC)
		if day < 1 || t.Day() != day {
			return ofacDate{}, false
		}
		d.day = day
		return d, true
	}
	return ofacDate{}, false
}

func parseYear(s string) (int, bool) {
	if len(s) != 4 {
		return 0, false
	}
	y, err := strconv.Atoi(s)
	return y, err == nil && y >= 1000
}

// normalizeDate turns one OFAC date into YYYY, YYYY-MM or YYYY-MM-DD.
func normalizeDate(s string) (string, bool) {
	d, ok := parseDate(s)
	if !ok {
		return "", false
	}
	return d.String(), true
}

// parseBirthDates reads a date of birth as OFAC states it: one date,
// "circa DATE", "DATE to DATE" or "YYYY-YYYY". A range that covers one
// whole month gives that month; any other range gives each year it
// touches, as alternatives. "circa" is dropped here and kept in the
// remarks.
func parseBirthDates(s string) ([]string, bool) {
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "circa "))
	from, to, isRange := strings.Cut(s, " to ")
	if !isRange && len(s) == 9 && s[4] == '-' {
		from, to, isRange = s[:4], s[5:], true
	}
	if !isRange {
		d, ok := normalizeDate(s)
		if !ok {
			return nil, false
		}
		return []string{d}, true
	}
	a, okA := parseDate(from)
	b, okB := parseDate(to)
	if !okA || !okB || b.year < a.year || b.year-a.year >= maxRangeYears {
		return nil, false
	}
	if a == b {
		return []string{a.String()}, true
	}
	if a.year == b.year && a.month == b.month && a.startsMonth() && b.endsMonth() {
		return []string{ofacDate{year: a.year, month: a.month}.String()}, true
	}
	years := make([]string, 0, b.year-a.year+1)
	for y := a.year; y <= b.year; y++ {
		years = append(years, ofacDate{year: y}.String())
	}
	return years, true
}
