package neo4jdb

import (
	"context"
	"fmt"
	"strconv"
	"strings"
)

// Relay's node(id) and nodes(ids): any business object by its id. Ids are
// unique across types by their shapes (an entity's slug, authority:record
// for a designation, authority-date for an announcement ...), so the id
// alone finds the object; an announcement is also a source document, and
// its id answers the announcement.

// Node types node(id) can answer.
const (
	NodeEntity       = "Entity"
	NodeDesignation  = "Designation"
	NodeAnnouncement = "Announcement"
	NodeAuthority    = "Authority"
	NodeTransfer     = "Transfer"
	NodeSource       = "Source"
	NodeResolution   = "Resolution"
)

// MaxNodes bounds the ids of one nodes(ids) question.
const MaxNodes = 100

// resolutionIDPrefix makes a resolution's number an id (resolution-1718).
const resolutionIDPrefix = "resolution-"

// ResolutionID is the id of the resolution with this number.
func ResolutionID(number int) string { return resolutionIDPrefix + strconv.Itoa(number) }

// ResolutionNumber reads a resolution id; ok is false for other ids.
func ResolutionNumber(id string) (n int, ok bool) {
	digits, found := strings.CutPrefix(id, resolutionIDPrefix)
	if !found {
		return 0, false
	}
	n, err := strconv.Atoi(digits)
	return n, err == nil && n > 0 && strconv.Itoa(n) == digits
}

// NodeTypesStatement finds the type of each id: one index lookup per
// label, the first label in this order winning.
func NodeTypesStatement(ids []string) Statement {
	numbers := make([]any, len(ids))
	for i, id := range ids {
		if n, ok := ResolutionNumber(id); ok {
			numbers[i] = n
		}
	}
	return Statement{Cypher: `
UNWIND range(0, size($ids) - 1) AS i
WITH $ids[i] AS id, $numbers[i] AS number
CALL (id, number) {
  MATCH (:Entity {id: id}) RETURN 1 AS rank, '` + NodeEntity + `' AS type
  UNION
  MATCH (:Designation {id: id}) RETURN 2 AS rank, '` + NodeDesignation + `' AS type
  UNION
  MATCH (:Announcement {id: id}) RETURN 3 AS rank, '` + NodeAnnouncement + `' AS type
  UNION
  MATCH (:Authority {id: id}) RETURN 4 AS rank, '` + NodeAuthority + `' AS type
  UNION
  MATCH (:Transfer {id: id}) RETURN 5 AS rank, '` + NodeTransfer + `' AS type
  UNION
  MATCH (:SourceList {id: id}) RETURN 6 AS rank, '` + NodeSource + `' AS type
  UNION
  MATCH (:Resolution {number: number}) RETURN 7 AS rank, '` + NodeResolution + `' AS type
}
WITH id, rank, type ORDER BY rank
RETURN id, collect(type)[0] AS type
LIMIT $limit`, Params: map[string]any{"ids": ids, "numbers": numbers, "limit": len(ids)}}
}

// NodeTypes returns the type of each id the graph holds, by id.
func (s *Store) NodeTypes(ctx context.Context, ids []string) (map[string]string, error) {
	if len(ids) > MaxNodes {
		return nil, &InputError{Field: "ids", Message: fmt.Sprintf("at most %d ids, got %d", MaxNodes, len(ids))}
	}
	recs, err := s.collect(ctx, NodeTypesStatement(ids))
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(recs))
	for _, r := range recs {
		id, _ := r.Values[0].(string)
		typ, _ := r.Values[1].(string)
		out[id] = typ
	}
	return out, nil
}

// DesignationsByIDStatement fetches designations by id.
func DesignationsByIDStatement(ids []string) Statement {
	return Statement{Cypher: `
UNWIND $ids AS id
MATCH (d:Designation {id: id})
WITH d LIMIT $limit` + designationProjection + `
RETURN designation`, Params: map[string]any{"ids": ids, "limit": len(ids)}}
}

// DesignationsByID returns the designations with these ids, by id.
func (s *Store) DesignationsByID(ctx context.Context, ids []string) (map[string]Designation, error) {
	m, err := s.designationsBy(ctx, DesignationsByIDStatement(ids), func(d Designation) string { return d.ID })
	out := make(map[string]Designation, len(m))
	for id, ds := range m {
		out[id] = ds[0]
	}
	return out, err
}

// EncodeCursor makes an opaque cursor of a sort key, for lists the API
// pages through in memory.
func EncodeCursor(key ...string) string { return encodeCursor(key...) }

// DecodeRankCursor reads a cursor that holds a rank (1, 2 ...).
func DecodeRankCursor(cursor string) (int, error) {
	key, err := decodeCursor("after", cursor, 1)
	if err != nil {
		return 0, err
	}
	n, err := strconv.Atoi(key[0])
	if err != nil || n < 1 {
		return 0, &InputError{Field: "after", Message: "not a cursor this API returned (use pageInfo.endCursor)"}
	}
	return n, nil
}
