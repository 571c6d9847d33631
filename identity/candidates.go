package identity

import (
	"slices"
	"sort"
)

// Candidate is a pair of profiles that may be one actor, with its score.
type Candidate struct {
	Left, Right Profile
	Score       Score
}

// maxBlockSize is how many profiles may share a name word for the word to
// pair them: words as common as "mohammad" or "trading" would pair
// thousands of names that nothing else joins.
const maxBlockSize = 200

// Candidates pairs each profile of left with the profiles of right that
// share a distinctive name word (or the whole normalised name), scores
// every such pair and returns those at or above threshold, best first. A
// profile in both sets is never paired with itself, and each unordered pair
// comes once. skip, when not nil, drops a pair before it is scored (a
// judgement that says "not the same").
func Candidates(left, right []Profile, threshold float64, skip func(a, b Profile) bool) []Candidate {
	blocks := map[string][]int{}
	for j, p := range right {
		for _, k := range blockingKeys(p) {
			blocks[k] = append(blocks[k], j)
		}
	}
	type pairKey struct{ a, b string }
	seen := map[pairKey]bool{}
	var out []Candidate
	for _, l := range left {
		tried := map[int]bool{}
		for _, k := range blockingKeys(l) {
			block := blocks[k]
			if len(block) > maxBlockSize && k[0] != '=' {
				continue
			}
			for _, j := range block {
				r := right[j]
				if tried[j] || r.ID == l.ID || r.Kind != l.Kind {
					continue
				}
				tried[j] = true
				pk := pairKey{l.ID, r.ID}
				if pk.b < pk.a {
					pk = pairKey{r.ID, l.ID}
				}
				if seen[pk] {
					continue
				}
				seen[pk] = true
				if skip != nil && skip(l, r) {
					continue
				}
				if s := Compare(l, r); s.Value >= threshold {
					out = append(out, Candidate{Left: l, Right: r, Score: s})
				}
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score.Value != out[j].Score.Value {
			return out[i].Score.Value > out[j].Score.Value
		}
		if out[i].Score.Evidence != out[j].Score.Evidence {
			return out[i].Score.Evidence > out[j].Score.Evidence
		}
		if out[i].Left.ID != out[j].Left.ID {
			return out[i].Left.ID < out[j].Left.ID
		}
		return out[i].Right.ID < out[j].Right.ID
	})
	return out
}

// blockingKeys are the words of every name of p (two letters or more) and
// each whole normalised name, marked with "=" so a common full name still
// blocks.
func blockingKeys(p Profile) []string {
	var keys []string
	seen := map[string]bool{}
	add := func(k string) {
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	for _, n := range append(slices.Clip(p.Names), p.WeakNames...) {
		if k := NameKey(n); k != "" {
			add("=" + k)
		}
		for _, w := range Words(n) {
			if len(w) >= 2 {
				add(w)
			}
		}
	}
	return keys
}
