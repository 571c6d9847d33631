// Package guide is armsgraph's guide and graph style for Neo4j Browser.
// The guide has one slide per question of DESIGN.md, each with ready
// Cypher for the seeded graph and a sentence on how to read the result.
// Slides and queries live in one Go table (Slides): the HTML is rendered
// from it and the tests run exactly the queries it holds, so the guide
// cannot drift from the graph.
package guide

import (
	_ "embed"
	"html/template"
	"io"
	"strings"

	"github.com/armsgraph/armsgraph"
)

// Query is one runnable query of the guide.
type Query struct {
	// ID names the query in tests and test logs.
	ID string
	// Cypher is what the analyst runs. It holds literals rather than
	// parameters so that a click in Browser runs it as shown.
	Cypher string
	// Reading says how to read the result.
	Reading string
	// Lookups lists the labels the query finds by a key (name, id, IMO
	// number, code) and "fulltext" for the name search index: each must be
	// an index seek in the query plan, never a label scan.
	Lookups []string
}

// Command reports whether the query is a Browser command (such as :style)
// rather than Cypher.
func (q Query) Command() bool { return strings.HasPrefix(q.Cypher, ":") }

// Slide is one page of the guide.
type Slide struct {
	// Question is the number of the DESIGN.md question the slide answers,
	// 0 for the introduction and the style.
	Question int
	Title    string
	Lead     string
	// Body is trusted HTML written in this package.
	Body    template.HTML
	Queries []Query
}

// walk is the relationship types that network questions follow: actor
// links and shipments, never reference nodes such as countries.
var walk = armsgraph.NetworkPattern

// tradeSanction is true for designation d in force today that concerns the
// North Korea–Russia trade: under a DPRK or RUSSIA program, or published in
// one of the announcements loaded (the seed's are all about that trade).
// Unscoped, the linkage question on the official lists is about Iranian
// tankers and draws a hairball.
var tradeSanction = armsgraph.InForceCypher("d", "toString(date())") + `
  AND (` + armsgraph.ProgramFamilyCypher("d", "'DPRK'") + `
    OR ` + armsgraph.ProgramFamilyCypher("d", "'RUSSIA'") + `
    OR EXISTS { (d)-[:ANNOUNCED_IN]->(:Announcement) })`

// StylePath is where the handler serves the graph style.
const StylePath = "/guide/style.grass"

// styleCommand applies the style; Render makes its path an absolute URL,
// which is what Browser's :style fetches.
const styleCommand = ":style " + StylePath

// Slides is the guide, in order.
var Slides = []Slide{
	{
		Title: "armsgraph",
		Lead:  "Sanctions and arms-transfer networks as one graph",
		Body: `<p>In May 2024 Japan, South Korea, Australia and the United States each sanctioned people,
companies and ships of the North Korea–Russia arms trade, each under its own names. armsgraph
merges them: one node per hull (its IMO number), company and person, with one
<code>Designation</code> node per authority and listing.</p>
<ul>
<li><b>Actors</b> carry <code>:Entity</code> and one of <code>:Person</code>, <code>:Organization</code>,
<code>:Vessel</code>, <code>:Aircraft</code>; key <code>id</code>, vessels also <code>imoNumber</code>;
<code>name</code> and <code>aliases</code>.</li>
<li><code>(:Designation)-[:TARGETS]-&gt;(:Entity)</code>; the designation is
<code>-[:ISSUED_BY]-&gt;(:Authority)-[:OF_COUNTRY]-&gt;(:Country)</code>,
<code>-[:CITES]-&gt;(:Resolution)</code>, <code>-[:ANNOUNCED_IN]-&gt;(:Announcement)</code>, with
<code>listedOn</code>, <code>delistedOn</code> and <code>program</code>.</li>
<li>Actor links: <code>OWNS</code>, <code>OPERATES</code>, <code>MANAGES</code>, <code>DIRECTS</code>,
<code>LINKED_TO</code> (OFAC's “Linked To”), <code>FAMILY_OF</code>; flags
<code>(:Vessel)-[:FLAGGED {since, until}]-&gt;(:Country)</code>; shipments
<code>(:Vessel)-[:CARRIED]-&gt;(:Transfer)-[:FROM|TO]-&gt;(:Port)</code> and
<code>(:Entity)-[:PARTY_TO]-&gt;(:Transfer)</code>.</li>
</ul>
<p>Network queries walk only actor links and shipments: countries, authorities and
announcements are never links between actors. Click a query to put it in the editor, then run it.</p>`,
		Queries: []Query{{
			ID: "statistics",
			Cypher: `MATCH (n)
WHERE NOT n:Identifier
RETURN [l IN labels(n) WHERE l <> 'Entity'][0] AS label, count(*) AS nodes
ORDER BY nodes DESC`,
			Reading: "How many nodes of each label the graph holds (Identifier nodes, internal to merging, are left out).",
		}},
	},
	{
		Question: 1,
		Title:    "Vessels linking sanctioned entities",
		Lead:     "Which vessels link two or more sanctioned entities, and through what?",
		Queries: []Query{{
			ID: "vessels-linking",
			Cypher: `MATCH (d:Designation)-[:TARGETS]->(e:Entity)
WHERE ` + tradeSanction + `
WITH DISTINCT e
MATCH p = (e)-[:` + walk + `*1..2]-(v:Vessel)
WHERE v <> e
WITH v, e, p ORDER BY length(p)
WITH v, e, head(collect(p)) AS p
WITH v, reverse(nodes(p)) AS ns, reverse(relationships(p)) AS rs
WITH v, collect(reduce(chain = v.name, i IN range(1, size(rs)) |
  chain + ' -' + type(rs[i - 1]) + '- ' + coalesce(ns[i].name, 'transfer ' + ns[i].id))) AS chains
WHERE size(chains) >= 2
RETURN v.name AS vessel, v.imoNumber AS imo, size(chains) AS sanctionedEntities, chains
ORDER BY sanctionedEntities DESC, vessel`,
			Reading: "One row per hull: the entities sanctioned for the North Korea–Russia trade (a DPRK or RUSSIA program, or an announcement loaded) within two steps of it, each with the shortest chain that reaches it, read left to right; a transfer in a chain means both took part in the same shipment. The question starts from those designations, so it stays small on the full official lists; change the programs to ask about another trade.",
		}, {
			ID: "vessel-links-graph",
			Cypher: `MATCH p = (v:Vessel {name: 'MARIA'})-[:` + walk + `*1..2]-(e:Entity)
WHERE EXISTS {
  MATCH (d:Designation)-[:TARGETS]->(e)
  WHERE ` + tradeSanction + ` }
RETURN p`,
			Reading: "The same for MARIA as a graph: its owner IBEX SHIPPING INC, IBEX's other ships and the shipment from Rajin to Dunai.",
			Lookups: []string{"Vessel"},
		}},
	},
	{
		Question: 2,
		Title:    "Shortest chain",
		Lead:     "What is the shortest chain between two entities?",
		Queries: []Query{{
			ID: "shortest-chain",
			Cypher: `MATCH (a:Entity {id: 'trans-kapital-llc'}), (b:Entity {id: 'verus-llc'})
MATCH p = shortestPath((a)-[:` + walk + `*..6]-(b))
RETURN p, length(p) AS hops, [n IN nodes(p) | coalesce(n.name, n.id)] AS chain`,
			Reading: "The fewest actor links between TRANS KAPITAL and VERUS: through Rafael GAZARYAN to the arms broker Ashot MKRTYCHEV. Switch to the table view for the chain as text; no row means no chain within six links.",
			Lookups: []string{"Entity"},
		}, {
			ID: "all-shortest-chains",
			Cypher: `MATCH (a:Entity {name: 'LADY R'}), (b:Entity {name: 'MAIA-1'})
MATCH p = allShortestPaths((a)-[:` + walk + `*..6]-(b))
RETURN p`,
			Reading: "Every chain of the shortest length between two ships: both are linked to TRANSMORFLOT LLC.",
			Lookups: []string{"Entity"},
		}},
	},
	{
		Question: 3,
		Title:    "Neighbourhood",
		Lead:     "What surrounds an entity, k hops out, with designations marked?",
		Queries: []Query{{
			ID: "neighbourhood-graph",
			Cypher: `MATCH (e:Entity {id: 'transmorflot-llc'})
MATCH p = (e)-[:` + walk + `*0..2]-(n)
OPTIONAL MATCH marked = (n)<-[:TARGETS]-(:Designation)
RETURN p, marked`,
			Reading: "TRANSMORFLOT and everything within two links; each sanctioned node has its Designation nodes attached, captioned with the authority and program. Change *0..2 to go further.",
			Lookups: []string{"Entity"},
		}, {
			ID: "neighbourhood-table",
			Cypher: `MATCH (e:Entity {id: 'ibex-shipping-inc'})
MATCH p = (e)-[:` + walk + `*1..2]-(n)
WITH n, min(length(p)) AS hops
OPTIONAL MATCH (d:Designation)-[:TARGETS]->(n)
RETURN hops, [l IN labels(n) WHERE l <> 'Entity'][0] AS label, coalesce(n.name, n.id) AS name,
       collect(d.authorityId) AS designatedBy
ORDER BY hops, name`,
			Reading: "The same as a table for IBEX SHIPPING INC: each neighbour once, at its distance, with the authorities that designated it (empty: not designated).",
			Lookups: []string{"Entity"},
		}},
	},
	{
		Question: 4,
		Title:    "Who designated it",
		Lead:     "Who designated this entity, when, under which program, citing which UN resolution, in which announcement?",
		Queries: []Query{{
			ID: "designations-of",
			Cypher: `MATCH (e:Entity {name: 'MARIA'})<-[:TARGETS]-(d:Designation)-[:ISSUED_BY]->(a:Authority)
OPTIONAL MATCH (d)-[:CITES]->(r:Resolution)
OPTIONAL MATCH (d)-[:ANNOUNCED_IN]->(ann:Announcement)
RETURN a.name AS authority, d.listedOn AS listedOn, d.delistedOn AS delistedOn, d.program AS program,
       collect(r.symbol) AS resolutions, ann.title AS announcement, ann.url AS source
ORDER BY listedOn`,
			Reading: "One row per listing of MARIA: the US State Department in December 2023, South Korea in May 2024. An empty delistedOn means still in force; an empty resolutions list means the announcement cites none.",
			Lookups: []string{"Entity"},
		}, {
			ID: "resolution-citations",
			Cypher: `MATCH (r:Resolution {number: 2375})<-[:CITES]-(d:Designation)-[:TARGETS]->(e:Entity)
RETURN r.symbol AS resolution, d.authorityId AS authority, d.listedOn AS listedOn, collect(e.name) AS targets`,
			Reading: "The designations that cite resolution 2375 (work authorisations for North Korean workers): South Korea's five IT workers.",
			Lookups: []string{"Resolution"},
		}},
	},
	{
		Question: 5,
		Title:    "Gaps between authorities",
		Lead:     "Which entities has authority A designated that authority B has not?",
		Queries: []Query{{
			ID: "gap-authorities",
			Cypher: `MATCH (:Authority {id: 'au-dfat'})<-[:ISSUED_BY]-(d:Designation)-[:TARGETS]->(e:Entity)
WHERE ` + armsgraph.InForceCypher("d", "toString(date())") + `
  AND NOT EXISTS {
    MATCH (:Authority {id: 'jp-mof'})<-[:ISSUED_BY]-(other:Designation)-[:TARGETS]->(e)
    WHERE ` + armsgraph.InForceCypher("other", "toString(date())") + `
  }
RETURN e.name AS entity, e.kind AS kind, d.listedOn AS listedByAustralia, d.program AS program
ORDER BY entity`,
			Reading: "Entities Australia designated and Japan has not: the gap between two allies. Swap the two ids for the other direction.",
			Lookups: []string{"Authority"},
		}, {
			ID: "gap-countries",
			Cypher: `MATCH (:Country {code: 'JP'})<-[:OF_COUNTRY]-(:Authority)<-[:ISSUED_BY]-(:Designation)-[:TARGETS]->(e:Entity)
WHERE NOT EXISTS {
  MATCH (:Country {code: 'US'})<-[:OF_COUNTRY]-(:Authority)<-[:ISSUED_BY]-(:Designation)-[:TARGETS]->(e)
}
RETURN DISTINCT e.name AS entity, e.kind AS kind
ORDER BY entity`,
			Reading: "The same between countries, whatever agency listed (the US has OFAC and the State Department). A gap is relative to what is loaded: load OFAC's SDN list to compare with every US listing, not only the seeded announcements.",
			Lookups: []string{"Country"},
		}},
	},
	{
		Question: 6,
		Title:    "Designated together",
		Lead:     "Which entities were designated together, and by how many authorities each?",
		Queries: []Query{{
			ID: "announcement-targets",
			Cypher: `MATCH (ann:Announcement {id: 'jp-mof-2024-05-24'})<-[:ANNOUNCED_IN]-(:Designation)-[:TARGETS]->(e:Entity)
MATCH (d:Designation)-[:TARGETS]->(e)
RETURN ann.statedTotal AS statedInAnnouncement, e.name AS entity,
       count(DISTINCT d.authorityId) AS authorities, collect(DISTINCT d.authorityId) AS designatedBy
ORDER BY authorities DESC, entity`,
			Reading: "Japan's announcement of 24 May 2024 stated 12 targets; the rows are those the sources name, each with every authority that designated it. Fewer rows than stated means targets not yet identified.",
			Lookups: []string{"Announcement"},
		}, {
			ID: "recurring-pairs",
			Cypher: `MATCH (a:Entity)<-[:TARGETS]-(:Designation)-[:ANNOUNCED_IN]->(ann:Announcement)
      <-[:ANNOUNCED_IN]-(:Designation)-[:TARGETS]->(b:Entity)
WHERE a.id < b.id
WITH a, b, collect(DISTINCT ann.id) AS announcements
WHERE size(announcements) >= 2
RETURN a.name AS entity, b.name AS designatedWith, announcements
ORDER BY size(announcements) DESC, entity, designatedWith`,
			Reading: "Pairs designated together more than once: a second authority followed the first with the same group, as Japan followed the US State Department with IBEX and the AZIA companies.",
		}},
	},
	{
		Question: 7,
		Title:    "Vessel owners, flags and names",
		Lead:     "Who owns, operates or manages a vessel, and under which flags and names has it sailed?",
		Queries: []Query{{
			ID: "vessel-profile",
			Cypher: `MATCH (v:Vessel {imoNumber: '9358010'})
OPTIONAL MATCH (v)-[f:FLAGGED]->(c:Country)
WITH v, collect(c.name + coalesce(' from ' + f.since, '') + coalesce(' until ' + f.until, '')) AS flags
OPTIONAL MATCH (v)-[r:OWNS|OPERATES|MANAGES|LINKED_TO]-(company:Entity)
RETURN v.name AS name, v.aliases AS otherNames, v.imoNumber AS imo, flags,
       collect(type(r) + ': ' + company.name) AS companies`,
			Reading: "The hull with IMO number 9358010 is MAIA-1, formerly NEPTUN, under the Russian flag, linked to TRANSMORFLOT. A hull keeps its IMO number through renames and reflagging, so one node holds every name.",
			Lookups: []string{"Vessel"},
		}, {
			ID: "vessel-graph",
			Cypher: `MATCH p = (v:Vessel {imoNumber: '8517839'})-[:FLAGGED|OWNS|OPERATES|MANAGES|LINKED_TO|CARRIED]-()
RETURN p`,
			Reading: "MARIA as a graph: flag, owner and the shipments it carried.",
			Lookups: []string{"Vessel"},
		}},
	},
	{
		Question: 8,
		Title:    "Name search",
		Lead:     "Find an entity by any of its names, in any case or script",
		Queries: []Query{{
			ID: "name-search",
			Cypher: `UNWIND ['Lady R', 'LADY R', 'MG-Flot', 'Neptun', 'Войсковая часть 25969'] AS text
CALL db.index.fulltext.queryNodes('entity_names', text) YIELD node, score
WITH text, node, score ORDER BY score DESC
RETURN text, collect(node.name)[0] AS bestMatch, collect(node.id)[0] AS id, max(score) AS score`,
			Reading: "The full-text index entity_names covers names and aliases, ignoring case and accents: 'MG-Flot' (the name Epoch Times used) finds TRANSMORFLOT LLC, 'Neptun' the renamed MAIA-1, and a Cyrillic name its Russian unit. A name finds only what the data holds: a transliteration no source gave finds nothing.",
			Lookups: []string{"fulltext"},
		}, {
			ID: "name-contains",
			Cypher: `MATCH (e:Entity)
WHERE e.name CONTAINS 'SHIPPING'
RETURN e.name AS name, e.kind AS kind, e.id AS id
ORDER BY name`,
			Reading: "An exact, case-sensitive substring of the main name, answered by the text index entity_name_text; prefer the full-text search above for names as people write them.",
			Lookups: []string{"Entity"},
		}},
	},
	{
		Question: 9,
		Title:    "As of a date",
		Lead:     "Everything above, as of a date",
		Body: `<p>A designation is in force on a date D when one of its in-force periods holds D:
<code>inForceFrom[i] &lt;= D</code> and <code>inForceUntil[i]</code> empty or after D. The loader
derives the periods from evidence (a stated listing date, the list snapshots that carried it,
a delisting); a designation without evidence is never in force. Nothing is deleted on
delisting, so any query above answers “as of D” once this condition is added where it
matches designations.</p>`,
		Queries: []Query{{
			ID: "as-of-entity",
			Cypher: `UNWIND ['2023-12-01', '2024-01-01', '2024-06-01'] AS asOf
MATCH (e:Entity {name: 'MARIA'})
OPTIONAL MATCH (e)<-[:TARGETS]-(d:Designation)
  WHERE ` + armsgraph.InForceCypher("d", "asOf") + `
RETURN asOf, e.name AS entity, collect(d.authorityId) AS sanctionedBy
ORDER BY asOf`,
			Reading: "MARIA was under no sanction on 1 December 2023, under the US State Department's from 12 December, and under South Korea's too from 24 May 2024.",
			Lookups: []string{"Entity"},
		}, {
			ID: "as-of-authorities",
			Cypher: `MATCH (d:Designation)-[:TARGETS]->(e:Entity)
WHERE ` + armsgraph.InForceCypher("d", "'2024-05-20'") + `
RETURN d.authorityId AS authority, count(DISTINCT e) AS inForce, collect(DISTINCT e.name) AS entities
ORDER BY inForce DESC, authority`,
			Reading: "What each authority had in force on 20 May 2024, before Japan and South Korea acted: compare with a date after 24 May.",
		}},
	},
	{
		Title: "Graph style",
		Lead:  "Colours, sizes and captions per label",
		Body: `<p>armsgraph's Graph Style Sheet colours vessels blue, organisations green, people
orange and designations red (captioned with the authority, the program and the listing date),
and makes authorities, countries, resolutions and announcements small and grey-toned so the network
stands out. Apply it with one command (<code>:style reset</code> goes back to Browser's defaults):</p>`,
		Queries: []Query{{
			ID:      "apply-style",
			Cypher:  styleCommand,
			Reading: "Then re-run a query: MARIA's neighbourhood (question 3) shows the effect best. Without a connection to armsgraph, drag the file guide/style.grass onto Browser instead.",
		}},
	},
}

//go:embed style.grass
var style []byte

// Style returns the Graph Style Sheet.
func Style() []byte { return style }

//go:embed guide.html.tmpl
var guideTemplate string

var page = template.Must(template.New("guide").Parse(guideTemplate))

// Render writes the guide HTML. base is the address armsgraph is served at
// (such as http://127.0.0.1:8080), for the style command.
func Render(w io.Writer, base string) error {
	slides := make([]Slide, len(Slides))
	for i, s := range Slides {
		s.Queries = append([]Query(nil), s.Queries...)
		for j, q := range s.Queries {
			if q.Cypher == styleCommand {
				s.Queries[j].Cypher = ":style " + base + StylePath
			}
		}
		slides[i] = s
	}
	return page.Execute(w, slides)
}
