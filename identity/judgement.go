package identity

import "slices"

// Judgement is a reviewed decision on two records: the same actor or
// not. Records are stable ids of official records ("un-sc:CDi.007",
// "us-ofac:11974") or, for an announcement's entity, its graph id.
type Judgement struct {
	Records [2]string
	Same    bool
	By      string
	On      string // YYYY-MM-DD
	Why     string
	// Location is the file and line the judgement stands at.
	Location string
}

// Key names a judgement in the graph and in merge reports: its decision
// ("same" or "not-same"), a colon, and the two records in order joined by
// "+".
func (j Judgement) Key() string {
	r := pairOf(j.Records[0], j.Records[1])
	return j.Decision() + ":" + r[0] + "+" + r[1]
}

// Decision is "same" or "not-same".
func (j Judgement) Decision() string {
	if j.Same {
		return "same"
	}
	return "not-same"
}

// Judgements answers what reviewers decided about pairs of records.
type Judgements struct {
	list    []Judgement
	decided map[[2]string]*Judgement
}

// NewJudgements indexes judgements by their pair of records.
func NewJudgements(list []Judgement) *Judgements {
	js := &Judgements{list: list, decided: map[[2]string]*Judgement{}}
	for i := range list {
		js.decided[pairOf(list[i].Records[0], list[i].Records[1])] = &list[i]
	}
	return js
}

func pairOf(a, b string) [2]string {
	if b < a {
		a, b = b, a
	}
	return [2]string{a, b}
}

// All returns the judgements in file order.
func (js *Judgements) All() []Judgement { return js.list }

// Decided returns the judgement on any pair of records, one of each side
// (an entity may carry several official record ids), if there is one.
func (js *Judgements) Decided(left, right []string) (Judgement, bool) {
	if js == nil {
		return Judgement{}, false
	}
	for _, a := range left {
		for _, b := range right {
			if j, ok := js.decided[pairOf(a, b)]; ok {
				return *j, true
			}
		}
	}
	return Judgement{}, false
}

// Keys lists the key of every judgement, sorted.
func (js *Judgements) Keys() []string {
	var keys []string
	for _, j := range js.list {
		keys = append(keys, j.Key())
	}
	slices.Sort(keys)
	return keys
}
