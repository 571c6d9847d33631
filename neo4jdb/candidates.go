package neo4jdb

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/armsgraph/armsgraph/identity"
	"github.com/armsgraph/armsgraph/record"
)

// MaxProfiles bounds how many entities Profiles reads: the whole graph of
// the seed, the OFAC SDN list and the UN list is about 16,000.
const MaxProfiles = 200000

// profilesCypher reads what the identity matcher compares of every entity.
// It reads the whole graph by design (cross-referencing needs every pair
// the name blocking finds), through the Entity label, ordered by id so
// repeated runs agree; one row more than the limit tells the caller the
// graph outgrew it.
const profilesCypher = `
MATCH (e:Entity)
WITH e ORDER BY e.id LIMIT $limit` + profileColumns

// profileColumns returns, for each entity e, what the identity matcher
// compares (decoded by profileOf).
const profileColumns = `
CALL (e) {
  OPTIONAL MATCH (e)-[:NATIONAL_OF]->(n:Country)
  RETURN collect(DISTINCT n.code) AS nationalities
}
CALL (e) {
  OPTIONAL MATCH (e)-[:REGISTERED_IN]->(r:Country)
  RETURN collect(DISTINCT r.code) AS registered
}
CALL (e) {
  OPTIONAL MATCH (d:Designation)-[:TARGETS]->(e)
  UNWIND coalesce(d.programs, []) AS program
  RETURN collect(DISTINCT program) AS programs
}
RETURN e.id AS id, e.kind AS kind, e.name AS name, coalesce(e.aliases, []) AS aliases,
       coalesce(e.weakAliases, []) AS weakAliases, programs,
       coalesce(e.birthDates, []) AS birthDates, coalesce(e.birthPlaces, []) AS birthPlaces,
       coalesce(e.identifiers, []) AS identifiers, coalesce(e.addresses, []) AS addresses,
       coalesce(e.sources, []) AS sources, coalesce(e.imoNumber, '') AS imoNumber,
       coalesce(e.sourceRecordIds, []) AS sourceRecordIds, nationalities, registered`

// GraphProfile is an entity as the identity matcher sees it, with the
// official record ids that name it in judgements.
type GraphProfile struct {
	identity.Profile
	Name            string
	SourceRecordIDs []string
}

// Profiles reads every entity's names, birth facts, countries, numbers and
// addresses for the identity matcher, in one read transaction.
func (s *Store) Profiles(ctx context.Context) ([]GraphProfile, error) {
	out, err := read(ctx, s, func(tx neo4j.ManagedTransaction) ([]GraphProfile, error) {
		res, err := tx.Run(ctx, profilesCypher, map[string]any{"limit": MaxProfiles + 1})
		if err != nil {
			return nil, err
		}
		var out []GraphProfile
		for res.Next(ctx) {
			out = append(out, profileOf(res.Record()))
		}
		return out, res.Err()
	})
	if err != nil {
		return nil, err
	}
	if len(out) > MaxProfiles {
		return nil, fmt.Errorf("the graph holds more than %d entities: cross-referencing reads them all and stops there", MaxProfiles)
	}
	return out, nil
}

func profileOf(r *neo4j.Record) GraphProfile {
	get := func(k string) any { v, _ := r.Get(k); return v }
	text := func(k string) string { v, _ := get(k).(string); return v }
	list := func(k string) []string {
		vs, _ := get(k).([]any)
		out := make([]string, 0, len(vs))
		for _, v := range vs {
			if s, ok := v.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	p := GraphProfile{Name: text("name"), SourceRecordIDs: list("sourceRecordIds")}
	p.ID = text("id")
	p.Kind = record.Kind(text("kind"))
	p.Names = []string{p.Name}
	p.WeakNames = list("weakAliases")
	for _, a := range list("aliases") {
		if !slices.Contains(p.WeakNames, a) {
			p.Names = append(p.Names, a)
		}
	}
	p.Programs = list("programs")
	p.BirthDates = list("birthDates")
	p.BirthPlaces = list("birthPlaces")
	p.Nationalities = list("nationalities")
	p.Countries = list("registered")
	p.IMONumber = text("imoNumber")
	p.Sources = list("sources")
	for _, s := range list("identifiers") {
		p.Identifiers = append(p.Identifiers, parseIdentifierString(s))
	}
	for _, a := range list("addresses") {
		p.Addresses = append(p.Addresses, a)
		// addressStrings ends an address with its country code when known
		if i := strings.LastIndex(a, ", "); i >= 0 && isCountryCode(a[i+2:]) && !slices.Contains(p.Countries, a[i+2:]) {
			p.Countries = append(p.Countries, a[i+2:])
		}
	}
	return p
}

// parseIdentifierString reads back what identifierStrings wrote:
// "type: value" or "type: value (CC)".
func parseIdentifierString(s string) record.Identifier {
	typ, value, _ := strings.Cut(s, ": ")
	id := record.Identifier{Type: typ, Value: value}
	if n := len(value); n > 5 && value[n-5] == ' ' && value[n-4] == '(' && value[n-1] == ')' && isCountryCode(value[n-3:n-1]) {
		id.Value, id.Country = value[:n-5], value[n-3:n-1]
	}
	return id
}

func isCountryCode(s string) bool {
	return len(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z'
}

// notSameCypher reads the pairs of records reviewers judged not the same.
const notSameCypher = `
MATCH (j:Judgement)
WHERE j.decision = 'not-same'
RETURN j.records AS records, j.by AS by, j.on AS on, j.why AS why, j.location AS location
ORDER BY j.key
LIMIT $limit`

// MaxJudgements bounds how many judgements NotSameJudgements reads.
const MaxJudgements = 100000

// NotSameJudgements reads the "not the same" judgements of the last load
// that had judgement files, for xref to leave those pairs out.
func (s *Store) NotSameJudgements(ctx context.Context) (*identity.Judgements, error) {
	list, err := read(ctx, s, func(tx neo4j.ManagedTransaction) ([]identity.Judgement, error) {
		res, err := tx.Run(ctx, notSameCypher, map[string]any{"limit": MaxJudgements})
		if err != nil {
			return nil, err
		}
		var out []identity.Judgement
		for res.Next(ctx) {
			m := res.Record().AsMap()
			recs, _ := m["records"].([]any)
			if len(recs) != 2 {
				continue
			}
			j := identity.Judgement{}
			j.Records[0], _ = recs[0].(string)
			j.Records[1], _ = recs[1].(string)
			j.By, _ = m["by"].(string)
			j.On, _ = m["on"].(string)
			j.Why, _ = m["why"].(string)
			j.Location, _ = m["location"].(string)
			out = append(out, j)
		}
		return out, res.Err()
	})
	if err != nil {
		return nil, err
	}
	return identity.NewJudgements(list), nil
}
