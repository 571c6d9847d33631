package neo4jdb

import (
	"context"
	"regexp"
	"strings"
)

// Structured values the ingest stores as text: identifiers as
// "type: value (CC)" and addresses as "text, CC" (identifierStrings and
// addressStrings in ingest.go), read back into their parts.

// Identifier is a document or registry number of an entity.
type Identifier struct {
	Type  string
	Value string
	// CountryCode is the issuing country (ISO alpha-2), "" when unknown.
	CountryCode string
}

// Address is a postal address as the source gives it.
type Address struct {
	Text        string
	CountryCode string // ISO alpha-2, "" when unknown
}

var trailingCountry = regexp.MustCompile(`^(.*) \(([A-Z]{2})\)$`)

// ParseIdentifier reads an identifier the ingest wrote as
// "type: value (CC)"; text without a type is a value of type "unknown".
func ParseIdentifier(s string) Identifier {
	typ, rest, ok := strings.Cut(s, ": ")
	if !ok {
		typ, rest = "unknown", s
	}
	id := Identifier{Type: typ, Value: rest}
	if m := trailingCountry.FindStringSubmatch(rest); m != nil {
		id.Value, id.CountryCode = m[1], m[2]
	}
	return id
}

// ParseAddress reads an address the ingest wrote as "text, CC"; the last
// part is the country only when it is a two-letter code in capitals.
func ParseAddress(s string) Address {
	i := strings.LastIndex(s, ", ")
	if i >= 0 && len(s)-i-2 == 2 && strings.ToUpper(s[i+2:]) == s[i+2:] && isLetters(s[i+2:]) {
		return Address{Text: s[:i], CountryCode: s[i+2:]}
	}
	return Address{Text: s}
}

func isLetters(s string) bool {
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

// CountriesStatement lists every country.
func CountriesStatement() Statement {
	return Statement{Cypher: `
MATCH (c:Country)
RETURN properties(c) AS c
ORDER BY c.code
LIMIT 1000`}
}

// Countries returns every country, by code.
func (s *Store) Countries(ctx context.Context) (map[string]Country, error) {
	recs, err := s.collect(ctx, CountriesStatement())
	if err != nil {
		return nil, err
	}
	out := make(map[string]Country, len(recs))
	for _, r := range recs {
		c := countryOf(r.Values[0])
		out[c.Code] = *c
	}
	return out, nil
}

// Holding is what an actor owns, operates, manages or directs: the
// reverse of a vessel's controllers.
type Holding struct {
	Type    string // OWNS, OPERATES, MANAGES or DIRECTS
	Role    Text
	Since   string
	Until   string
	Sources []string
	Asset   Entity
}

// HoldingTypes are the relationships an actor holds another by.
const HoldingTypes = "OWNS|OPERATES|MANAGES|DIRECTS"

// maxHoldingsPerEntity bounds the holdings read per entity.
const maxHoldingsPerEntity = 500

// HoldingsStatement fetches what these entities own, operate, manage or
// direct, by type and name.
func HoldingsStatement(ids []string) Statement {
	return Statement{Cypher: `
UNWIND $ids AS id
MATCH (:Entity {id: id})-[r:` + HoldingTypes + `]->(e:Entity)
RETURN id, type(r) AS type, properties(r) AS rel, properties(e) AS e
ORDER BY id, type, e.name, e.id
LIMIT $limit`, Params: map[string]any{"ids": ids, "limit": maxHoldingsPerEntity * len(ids)}}
}

// Holdings returns what these entities own, operate, manage or direct, by
// entity id.
func (s *Store) Holdings(ctx context.Context, ids []string) (map[string][]Holding, error) {
	recs, err := s.collect(ctx, HoldingsStatement(ids))
	if err != nil {
		return nil, err
	}
	out := map[string][]Holding{}
	for _, r := range recs {
		id, _ := r.Values[0].(string)
		typ, _ := r.Values[1].(string)
		rel := mapOf(r.Values[2])
		out[id] = append(out[id], Holding{
			Type: typ, Role: Text(str(rel, "role")), Since: str(rel, "since"), Until: str(rel, "until"),
			Sources: strList(rel, "sources"), Asset: entityOf(r.Values[3]),
		})
	}
	return out, nil
}
