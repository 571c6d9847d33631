package neo4jdb

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Fuzzy, transliteration-aware search (searchEntities). Names reach the
// lists in many Latin spellings of the same Russian, Korean or Persian
// word: ROSOBORONEKSPORT and Rosoboronexport, KHAN and HAN, VLADIMIROVICH
// and WLADIMIROWITSCH. The full-text query asks for each word, for its
// usual spelling variants, and for both within a few edits; the hits are
// then ranked by a relevance computed here from the name or alias that
// matched, so that a score means the same in every query.

// spellingVariants are pairs of Latin spellings of one sound that the
// query spells out: those more than one edit apart, and those in short
// words, which get no fuzzy matching. Others (y for i, tz for ts) are
// within the fuzzy edits.
var spellingVariants = [][2]string{{"x", "ks"}, {"ph", "f"}, {"kh", "h"}, {"w", "v"}}

// canonical rewrites a folded Latin word into one spelling of its sounds,
// so that variants compare equal: ks for x, h for kh, v for w ...; double
// letters count once.
func canonical(w string) string {
	for _, v := range [][2]string{{"x", "ks"}, {"kh", "h"}, {"ph", "f"}, {"w", "v"}, {"tz", "ts"}, {"ou", "u"}, {"j", "y"}, {"y", "i"}} {
		w = strings.ReplaceAll(w, v[0], v[1])
	}
	var b strings.Builder
	var last rune
	for _, r := range w {
		if r != last {
			b.WriteRune(r)
		}
		last = r
	}
	return b.String()
}

// foldAccents returns a fresh transformer each call: a chain keeps state,
// and search hits are scored concurrently.
func foldAccents() transform.Transformer {
	return transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
}

// foldedWords splits text into lower-case words without accents, Cyrillic
// words written in Latin letters, as the index's standard-folding
// analyzer and the transliteration see them.
func foldedWords(text string) []string {
	folded, _, err := transform.String(foldAccents(), strings.ToLower(text))
	if err != nil {
		folded = strings.ToLower(text)
	}
	var words []string
	for _, group := range wordGroups(folded) {
		words = append(words, group...)
	}
	for i, w := range words {
		if latin, ok := transliterate(w); ok {
			words[i] = latin
		}
	}
	return words
}

// fuzzyEdits is how many edits Lucene may make to a word of n letters:
// none for short words, whose neighbours are other words.
func fuzzyEdits(n int) int {
	switch {
	case n >= 8:
		return 2
	case n >= 5:
		return 1
	}
	return 0
}

// FuzzyLuceneQuery is LuceneQuery with Latin spelling variants and fuzzy
// matching for every word: each word must match, as itself, as one of its
// spelling variants, or within fuzzyEdits edits of either. Letters and
// digits written together or apart are one name, as identity.Words has it
// ("MAIA1", "Maia 1" and "MAIA-1"), while the index's tokenizer keeps
// "maia1" one word and "MAIA-1" two: such a run of words matches split,
// or written as one word.
func FuzzyLuceneQuery(text string) string {
	var clauses []string
	for _, group := range wordGroups(strings.ToLower(text)) {
		if len(group) == 1 {
			clauses = append(clauses, fuzzyWordClause(group[0]))
			continue
		}
		var alternatives []string
		for _, pieces := range segmentations(group) {
			terms := make([]string, len(pieces))
			for i, p := range pieces {
				if len(p) == 1 {
					terms[i] = fuzzyWordClause(p[0])
				} else {
					// a joined piece holds digits: matched exactly
					terms[i] = escapeLucene(strings.Join(p, ""))
				}
			}
			alternatives = append(alternatives, "("+strings.Join(terms, " AND ")+")")
		}
		clauses = append(clauses, "("+strings.Join(alternatives, " OR ")+")")
	}
	return strings.Join(clauses, " AND ")
}

// maxSegmentedGroup is the longest group of words whose every way of
// joining neighbours is asked for ("tu 154 m" is indexed "tu", "154m");
// a longer group is asked for split and wholly joined only.
const maxSegmentedGroup = 4

// segmentations lists the ways to cut a group of words into runs of
// neighbours, each run written as one word: all split first, all joined
// last.
func segmentations(group []string) [][][]string {
	if len(group) > maxSegmentedGroup {
		split := make([][]string, len(group))
		for i, w := range group {
			split[i] = []string{w}
		}
		return [][][]string{split, {group}}
	}
	var out [][][]string
	var cut func(rest []string, pieces [][]string)
	cut = func(rest []string, pieces [][]string) {
		if len(rest) == 0 {
			out = append(out, slices.Clone(pieces))
			return
		}
		for n := 1; n <= len(rest); n++ {
			cut(rest[n:], append(pieces, rest[:n]))
		}
	}
	cut(group, nil)
	slices.SortStableFunc(out, func(a, b [][]string) int { return len(b) - len(a) })
	return out
}

// wordGroups splits lower-case text into words of letters and words of
// digits, as identity.Words does, and groups the words that alternate
// between letters and digits ("maia", "1"), which names write together or
// apart; the index's tokenizer sees "maia1" as one word.
func wordGroups(text string) [][]string {
	var groups [][]string
	var b strings.Builder
	lastDigit := false
	flush := func() {
		if b.Len() == 0 {
			return
		}
		w := b.String()
		b.Reset()
		if n := len(groups); n > 0 {
			last := groups[n-1]
			if prev := last[len(last)-1]; isDigits(prev) != isDigits(w) {
				groups[n-1] = append(last, w)
				return
			}
		}
		groups = append(groups, []string{w})
	}
	for _, r := range text {
		digit := unicode.IsDigit(r)
		switch {
		case unicode.IsLetter(r) || digit:
			if b.Len() > 0 && digit != lastDigit {
				flush()
			}
			b.WriteRune(r)
			lastDigit = digit
		default:
			flush()
		}
	}
	flush()
	return groups
}

func isDigits(w string) bool {
	for _, r := range w {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// fuzzyWordClause is the clause of one word: itself, its transliteration,
// its spelling variants, and fuzzy forms of these.
func fuzzyWordClause(w string) string {
	forms := []string{w}
	if latin, ok := transliterate(w); ok && latin != "" {
		forms = append(forms, latin)
	}
	base := forms[len(forms)-1]
	for _, v := range spellingVariants {
		for _, pair := range [][2]string{{v[0], v[1]}, {v[1], v[0]}} {
			// A word that already holds the longer spelling is not
			// lengthened again (khan does not become kkhan).
			lengthens := len(pair[1]) > len(pair[0]) && strings.Contains(base, pair[1])
			if strings.Contains(base, pair[0]) && !lengthens {
				forms = append(forms, strings.ReplaceAll(base, pair[0], pair[1]))
			}
		}
	}
	var alternatives []string
	seen := map[string]bool{}
	for i, f := range forms {
		if seen[f] {
			continue
		}
		seen[f] = true
		alternatives = append(alternatives, escapeLucene(f))
		// A Cyrillic word as typed is matched exactly; its Latin
		// forms fuzzily.
		if cyrillic := i == 0 && f != base; cyrillic {
			continue
		}
		if n := fuzzyEdits(len([]rune(f))); n > 0 {
			alternatives = append(alternatives, escapeLucene(f)+"~"+strconv.Itoa(n))
		}
	}
	return "(" + strings.Join(alternatives, " OR ") + ")"
}

// Relevance says how well text matches a name, from 0 to 1, the same way
// for every query: each word of the text scores its best likeness to a
// word of the name (1 when equal after spelling variants, less by the
// share of letters to edit), and the sum is divided by the number of
// words of the text or of the name, whichever is larger. "maria" scores 1
// for MARIA and 0.5 for MARIA ELENA. It is rounded to three decimals.
func Relevance(text, name string) float64 {
	q, n := foldedWords(text), foldedWords(name)
	if len(q) == 0 || len(n) == 0 {
		return 0
	}
	var sum float64
	for _, qw := range q {
		best := 0.0
		for _, nw := range n {
			best = math.Max(best, likeness(qw, nw))
		}
		sum += best
	}
	return math.Round(1000*sum/float64(max(len(q), len(n)))) / 1000
}

// likeness is 1 minus the share of edits between the canonical spellings.
func likeness(a, b string) float64 {
	ca, cb := []rune(canonical(a)), []rune(canonical(b))
	longest := max(len(ca), len(cb))
	if longest == 0 {
		return 1
	}
	return math.Max(0, 1-float64(levenshtein(ca, cb))/float64(longest))
}

func levenshtein(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// BestMatch returns the entity's name or alias that text matches best and
// its relevance; the name wins ties.
func BestMatch(text string, e Entity) (matched string, relevance float64) {
	matched, relevance = e.Name, Relevance(text, e.Name)
	for _, a := range e.Aliases {
		if r := Relevance(text, a); r > relevance {
			matched, relevance = a, r
		}
	}
	return matched, relevance
}
