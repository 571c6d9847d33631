package neo4jdb

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/armsgraph/armsgraph"
)

// Codes a request names: authorities, countries and programs. A filter on
// a code the graph does not know would match nothing and look like an
// honest zero, so the API refuses such codes instead.

// Codes are the codes one request names, to be checked together.
type Codes struct {
	Authorities []string
	Countries   []string
	Programs    []string
	// ProgramFamilies are known when a designation has a program of the
	// family (armsgraph.InProgramFamily).
	ProgramFamilies []string
}

func (c *Codes) add(list *[]string, v string) {
	if v != "" {
		*list = append(*list, v)
	}
}

// Authority adds an authority id ("" is ignored).
func (c *Codes) Authority(id string) { c.add(&c.Authorities, id) }

// Country adds a country code ("" is ignored).
func (c *Codes) Country(code string) { c.add(&c.Countries, code) }

// Program adds a program ("" is ignored).
func (c *Codes) Program(p string) { c.add(&c.Programs, p) }

// ProgramFamily adds a program family ("" is ignored).
func (c *Codes) ProgramFamily(f string) { c.add(&c.ProgramFamilies, f) }

func (c Codes) empty() bool {
	return len(c.Authorities) == 0 && len(c.Countries) == 0 && len(c.Programs) == 0 && len(c.ProgramFamilies) == 0
}

// UnknownCodesStatement returns the codes of c the graph does not hold.
// Authorities and countries are index lookups; a program is known when
// one designation names it, so a known program stops at its first
// designation and only an unknown one reads them all.
func UnknownCodesStatement(c Codes) Statement {
	return Statement{Cypher: `
RETURN [a IN $authorities WHERE NOT EXISTS { MATCH (:Authority {id: a}) }] AS authorities,
       [c IN $countries WHERE NOT EXISTS { MATCH (:Country {code: c}) }] AS countries,
       [p IN $programs WHERE NOT EXISTS { MATCH (d:Designation) WHERE p IN d.programs }] AS programs,
       [f IN $families WHERE NOT EXISTS { MATCH (d:Designation) WHERE ` + armsgraph.ProgramFamilyCypher("d", "f") + ` }] AS families
LIMIT 1`, Params: map[string]any{
		"authorities": nonNil(c.Authorities), "countries": nonNil(c.Countries), "programs": nonNil(c.Programs),
		"families": nonNil(c.ProgramFamilies),
	}}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// CheckCodes refuses, with an InputError naming the first unknown code,
// a request that names an authority, country or program the graph does
// not hold. It runs no statement when c names nothing.
//
// Codes found are remembered for estimateTTL, like the planner's counts:
// a dashboard asks about the same few authorities and programs in every
// request, and this saves each of them a round trip.
func (s *Store) CheckCodes(ctx context.Context, c Codes) error {
	if c.empty() || s.allKnown(c) {
		return nil
	}
	recs, err := s.collect(ctx, UnknownCodesStatement(c))
	if err != nil || len(recs) == 0 {
		return err
	}
	v := recs[0].Values
	s.remember(c, anyStrings(v[0]), anyStrings(v[1]), anyStrings(v[2]), anyStrings(v[3]))
	if unknown := anyStrings(v[0]); len(unknown) > 0 {
		return &InputError{Field: "authority", Message: fmt.Sprintf("no authority with id %q (the authorities query lists them, such as us-ofac or jp-mof)", unknown[0])}
	}
	if unknown := anyStrings(v[1]); len(unknown) > 0 {
		hint := ""
		if up := strings.ToUpper(unknown[0]); up != unknown[0] {
			hint = fmt.Sprintf("; codes are in capitals: %q", up)
		}
		return &InputError{Field: "country", Message: fmt.Sprintf("no country with ISO 3166-1 alpha-2 code %q%s", unknown[0], hint)}
	}
	if unknown := anyStrings(v[2]); len(unknown) > 0 {
		return &InputError{Field: "program", Message: fmt.Sprintf("no designation names the program %q (programs are written as the authorities write them, such as DPRK3 or RUSSIA-EO14024)", unknown[0])}
	}
	if unknown := anyStrings(v[3]); len(unknown) > 0 {
		return &InputError{Field: "programFamily", Message: fmt.Sprintf("no designation has a program of the family %q (a family is a program or its leading part, such as DPRK or RUSSIA, as the authorities write them)", unknown[0])}
	}
	return nil
}

func anyStrings(v any) []string {
	vs, _ := v.([]any)
	out := make([]string, 0, len(vs))
	for _, x := range vs {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// keys lists the cache keys of c's codes, by kind.
func (c Codes) keys() [4][]string {
	var out [4][]string
	for i, list := range [4][]string{c.Authorities, c.Countries, c.Programs, c.ProgramFamilies} {
		for _, code := range list {
			out[i] = append(out[i], fmt.Sprint(i, "\x00", code))
		}
	}
	return out
}

// knownCodes are codes found in the graph, with when they were found.
type knownCodes struct {
	mu sync.Mutex
	at map[string]time.Time
}

func (s *Store) allKnown(c Codes) bool {
	s.known.mu.Lock()
	defer s.known.mu.Unlock()
	for _, keys := range c.keys() {
		for _, k := range keys {
			if at, ok := s.known.at[k]; !ok || time.Since(at) >= estimateTTL {
				return false
			}
		}
	}
	return true
}

// remember records the codes of c that are not among the unknown ones.
func (s *Store) remember(c Codes, unknown ...[]string) {
	s.known.mu.Lock()
	defer s.known.mu.Unlock()
	if s.known.at == nil {
		s.known.at = map[string]time.Time{}
	}
	lists := [4][]string{c.Authorities, c.Countries, c.Programs, c.ProgramFamilies}
	keys := c.keys()
	for i := range lists {
		for j, code := range lists[i] {
			if !slices.Contains(unknown[i], code) {
				s.known.at[keys[i][j]] = time.Now()
			}
		}
	}
}
