package neo4jdb

import (
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"context"
	"sort"
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

// searchPool is how many full-text hits searchEntities ranks by
// relevance; pages go no deeper.
const searchPool = 200

// SearchPageStatement fetches the searchPool best full-text hits of the
// fuzzy query for text. ok is false when the text holds no word to look
// for.
func SearchPageStatement(text string, kinds []record.Kind) (st Statement, ok bool) {
	query := FuzzyLuceneQuery(text)
	return fullTextStatement(query, kinds, searchPool), query != ""
}

// SearchPage returns a page of hits after the cursor after ("" for the
// first page), best first: by relevance (Relevance of the name or alias
// that matched best), then by the full-text score. A cursor is the hit's
// rank.
func (s *Store) SearchPage(ctx context.Context, text string, kinds []record.Kind, first int, after string) (Page[SearchHit], error) {
	offset := 0
	if after != "" {
		key, err := decodeCursor("after", after, 1)
		if err == nil {
			offset, err = strconv.Atoi(key[0])
		}
		if err != nil || offset < 1 || offset > searchPool {
			return Page[SearchHit]{}, &InputError{Field: "after", Message: "not a cursor this API returned (use pageInfo.endCursor)"}
		}
	}
	var page Page[SearchHit]
	st, ok := SearchPageStatement(text, kinds)
	if !ok {
		return page, nil
	}
	recs, err := s.collect(ctx, st)
	if err != nil {
		return page, err
	}
	hits := searchHits(text, recs)
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].Relevance > hits[j].Relevance })
	end := min(offset+first, len(hits))
	page.HasNext = end < len(hits)
	for i := offset; i < end; i++ {
		page.Items = append(page.Items, hits[i])
		page.Cursors = append(page.Cursors, encodeCursor(strconv.Itoa(i+1)))
	}
	return page, nil
}

func newHit(text string, e Entity, score float64) SearchHit {
	matched, relevance := BestMatch(text, e)
	return SearchHit{Match: e, Score: score, Matched: matched, Relevance: relevance}
}

// searchHits decodes the rows of a search statement (entity, index score)
// into hits scored against text.
func searchHits(text string, recs []*neo4j.Record) []SearchHit {
	hits := make([]SearchHit, 0, len(recs))
	for _, r := range recs {
		score, _ := r.Values[1].(float64)
		hits = append(hits, newHit(text, entityOf(r.Values[0]), score))
	}
	return hits
}
