package neo4jdb

import "context"

// Source is a document the graph's facts come from: an announcement, a
// snapshot of an official list, or armsgraph's reference data. Every node
// and relationship lists the ids of its sources in its `sources` property.
type Source struct {
	ID          string
	Kind        string // ANNOUNCEMENT, LIST_SNAPSHOT or REFERENCE (the SourceKind enum)
	Title       string
	PublishedOn string
	URL         Text
}

// maxSources bounds the documents one statement reads: one per
// announcement or list file loaded.
const maxSources = 10000

// SourcesStatement lists every source document. There is one per file
// loaded, so a request reads them all once instead of one by one.
func SourcesStatement() Statement {
	return Statement{Cypher: `
CALL () {
  MATCH (s:Announcement)
  RETURN s, 'ANNOUNCEMENT' AS kind
  UNION ALL
  MATCH (s:SourceList)
  RETURN s, CASE s.kind WHEN 'reference' THEN 'REFERENCE' ELSE 'LIST_SNAPSHOT' END AS kind
}
RETURN properties(s) AS s, kind
ORDER BY s.id
LIMIT $limit`, Params: map[string]any{"limit": maxSources}}
}

// Sources returns every source document, by id.
func (s *Store) Sources(ctx context.Context) (map[string]Source, error) {
	recs, err := s.collect(ctx, SourcesStatement())
	if err != nil {
		return nil, err
	}
	out := make(map[string]Source, len(recs))
	for _, r := range recs {
		m := mapOf(r.Values[0])
		kind, _ := r.Values[1].(string)
		src := Source{ID: str(m, "id"), Kind: kind, Title: str(m, "title"), PublishedOn: str(m, "publishedOn"), URL: Text(str(m, "url"))}
		out[src.ID] = src
	}
	return out, nil
}
