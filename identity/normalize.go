// Package identity decides which records describe the same real-world actor:
// name normalisation, identity keys, stable ids, and candidate scoring with
// an explanation per feature. It is pure Go: the Neo4j adapter and the
// bench commands hand it records and answer the lookups it asks for.
package identity

import (
	"sort"
	"strings"
	"unicode"

	"github.com/gosimple/unidecode"
	"golang.org/x/text/unicode/norm"
)

// Words folds a name to lower-case ASCII words in their original order:
// accents dropped, Cyrillic and Hangul transliterated to Latin (unidecode
// tables), kana in Hepburn with ・ between words, punctuation and spacing
// ignored, and letters split from digits so "MAIA1", "Maia 1" and "MAIA-1"
// give the same words.
func Words(name string) []string {
	latin := toLatin(norm.NFC.String(name))
	var words []string
	var b strings.Builder
	lastDigit := false
	flush := func() {
		if b.Len() > 0 {
			words = append(words, b.String())
			b.Reset()
		}
	}
	for _, r := range strings.ToLower(latin) {
		isDigit := unicode.IsDigit(r)
		switch {
		case unicode.IsLetter(r) || isDigit:
			if b.Len() > 0 && isDigit != lastDigit {
				flush()
			}
			b.WriteRune(r)
			lastDigit = isDigit
		default:
			flush()
		}
	}
	flush()
	return words
}

// toLatin writes text in Latin letters: runs of kana in Hepburn, the
// middle dot between kana words as a space, anything else by unidecode.
func toLatin(text string) string {
	if !strings.ContainsFunc(text, isKana) {
		return unidecode.Unidecode(text)
	}
	var b strings.Builder
	rs := []rune(text)
	for i := 0; i < len(rs); {
		switch r := rs[i]; {
		case isKana(r):
			j := i
			for j < len(rs) && isKana(rs[j]) {
				j++
			}
			b.WriteString(Hepburn(string(rs[i:j])))
			i = j
			continue
		case isKanaWordSeparator(r):
			b.WriteByte(' ')
		default:
			b.WriteString(unidecode.Unidecode(string(r)))
		}
		i++
	}
	return b.String()
}

// Fold is Words joined by single spaces: the name as normalised text,
// word order kept.
func Fold(name string) string {
	return strings.Join(Words(name), " ")
}

// NameKey is the normalised name with its words sorted, so the word order
// of personal names does not matter: "MKRTYCHEV, Ashot" and "Ashot
// Mkrtýchev" have one key. It pairs a name with another fact (name and
// birth date), resolves "Linked To" names within one list and finds likely
// duplicates; a name alone never merges two records.
func NameKey(name string) string {
	words := Words(name)
	sort.Strings(words)
	return strings.Join(words, " ")
}

// CompactIdentifier drops spaces, dashes and dots and upper-cases, so
// "HE 131171" and "HE131171" are one number.
func CompactIdentifier(v string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(v) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
