package neo4jdb

import (
	"context"
	"strconv"
	"strings"
	"unicode"

	"github.com/armsgraph/armsgraph/record"
)

// LuceneQuery turns what a user typed into a full-text query for the
// entity_names index, in which every word must match and nothing the user
// typed is ever read as query syntax.
//
// The text is split into words of letters and digits, so operators,
// wildcards, quotes and field names ("name:*") cannot survive; the words
// are lower-cased, so AND/OR/NOT are plain words; every character the
// query parser treats specially is escaped all the same. The index's
// standard-folding analyzer folds case and accents.
//
// A word in Cyrillic script also matches its Latin transliteration, and
// that one fuzzily (two edits), because a Latin name written in Cyrillic
// loses its vowels' spelling: "Леди Р" is "ledi r", which finds "LADY R".
// It returns "" when the text holds no word.
func LuceneQuery(text string) string {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	clauses := make([]string, 0, len(words))
	for _, w := range words {
		alternatives := []string{escapeLucene(w)}
		if latin, ok := transliterate(w); ok && latin != "" {
			alternatives = append(alternatives, escapeLucene(latin))
			if len([]rune(latin)) >= 4 {
				alternatives = append(alternatives, escapeLucene(latin)+"~2")
			}
		}
		clauses = append(clauses, "("+strings.Join(alternatives, " OR ")+")")
	}
	return strings.Join(clauses, " AND ")
}

// luceneSpecial are the characters Lucene's classic query parser reads as
// syntax; && and || are covered by & and |.
const luceneSpecial = `+-&|!(){}[]^"~*?:\/`

func escapeLucene(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(luceneSpecial, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// cyrillicToLatin is a simple transliteration of Russian and Ukrainian
// letters, close to the one passports and OFAC use.
var cyrillicToLatin = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "e", 'ж': "zh", 'з': "z",
	'и': "i", 'й': "y", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r",
	'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch",
	'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "yu", 'я': "ya", 'і': "i", 'ї': "yi", 'є': "ye", 'ґ': "g",
}

// transliterate writes a lower-case word with Cyrillic letters in Latin
// letters; ok is false when the word has no Cyrillic letter.
func transliterate(word string) (latin string, ok bool) {
	var b strings.Builder
	for _, r := range word {
		if t, found := cyrillicToLatin[r]; found {
			b.WriteString(t)
			ok = true
			continue
		}
		b.WriteRune(r)
	}
	return b.String(), ok
}

// maxSearchOffset bounds how deep search pages go: relevance ranks past
// the first thousand hits are noise.
const maxSearchOffset = 1000

// SearchPageStatement fetches one page of hits, first after offset, and
// one more to know whether a next page exists. ok is false when the text
// holds no word to look for.
func SearchPageStatement(text string, kinds []record.Kind, first, offset int) (st Statement, ok bool) {
	st, ok = SearchStatement(text, kinds, first+1)
	if !ok {
		return st, false
	}
	st.Cypher = strings.Replace(st.Cypher, "LIMIT $first", "SKIP $offset LIMIT $first", 1)
	st.Params["offset"] = offset
	return st, true
}

// SearchPage returns a page of hits, best first, after the cursor after
// ("" for the first page). A cursor is the hit's rank.
func (s *Store) SearchPage(ctx context.Context, text string, kinds []record.Kind, first int, after string) (Page[SearchHit], error) {
	offset := 0
	if after != "" {
		key, err := decodeCursor("after", after, 1)
		if err == nil {
			offset, err = strconv.Atoi(key[0])
		}
		if err != nil || offset < 1 || offset > maxSearchOffset {
			return Page[SearchHit]{}, &InputError{Field: "after", Message: "not a cursor this API returned (use pageInfo.endCursor)"}
		}
	}
	var page Page[SearchHit]
	st, ok := SearchPageStatement(text, kinds, first, offset)
	if !ok {
		return page, nil
	}
	recs, err := s.collect(ctx, st)
	if err != nil {
		return page, err
	}
	for i, r := range recs {
		if i == first {
			page.HasNext = offset+first < maxSearchOffset
			break
		}
		score, _ := r.Values[1].(float64)
		page.Items = append(page.Items, SearchHit{Match: entityOf(r.Values[0]), Score: score})
		page.Cursors = append(page.Cursors, encodeCursor(strconv.Itoa(offset+i+1)))
	}
	return page, nil
}
